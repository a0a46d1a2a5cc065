"""Pack the one-folder build behind the launcher: the single file handed over.

    python packaging/make_single_file.py --folder dist/ideowork-0.1.0-folder \
        --launcher build/launcher/dist/ideowork-launcher --out dist/ideowork-0.1.0

The folder goes in as a tar compressed with xz (LZMA), which packs Qt, ICU and the fonts far
tighter than the zlib of a PyInstaller one-file archive; the launcher unpacks it once per build
(packaging/launcher.py has the layout).
"""

from __future__ import annotations

import argparse
import hashlib
import lzma
import os
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launcher import COOKIE, MAGIC, PYINSTALLER_MAGIC


def payload(folder: Path, preset: int) -> Path:
    """The folder as .tar.xz in a temporary file (sorted: the same input, the same bytes)."""
    handle, name = tempfile.mkstemp(suffix=".tar.xz", dir=folder.parent)
    os.close(handle)
    with (
        lzma.open(name, "wb", preset=preset) as packed,
        tarfile.open(fileobj=packed, mode="w|", format=tarfile.PAX_FORMAT) as archive,
    ):
        for path in sorted(folder.rglob("*")):
            archive.add(path, arcname=f"{folder.name}/{path.relative_to(folder)}", recursive=False)
    return Path(name)


def split_launcher(launcher: bytes) -> tuple[bytes, bytes]:
    """(the program without its archive, the PyInstaller archive with its cookie).

    On Linux the archive is an ELF section followed by the section headers; the program runs
    from its program headers alone, so the archive can move to the end of the file.
    """
    cookie = launcher.rfind(PYINSTALLER_MAGIC)
    if cookie < 0:
        raise SystemExit("the launcher has no PyInstaller archive")
    end = cookie + COOKIE
    start = end - int.from_bytes(launcher[cookie + 8 : cookie + 12], "big")
    if start < 0:
        raise SystemExit("the launcher's archive cookie is damaged")
    return launcher[:start] + launcher[end:], launcher[start:end]


def assemble(launcher: Path, packed: Path, out: Path) -> str:
    """Write program + payload + trailer + archive to `out` (whole or not at all); the build id."""
    digest = hashlib.sha256()
    with packed.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    build = digest.hexdigest()[:32]
    length = packed.stat().st_size
    program, archive = split_launcher(launcher.read_bytes())
    scratch = out.with_name(f".{out.name}.partial")
    with scratch.open("wb") as target:
        target.write(program)
        with packed.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                target.write(block)
        target.write(build.encode("ascii") + length.to_bytes(8, "little") + MAGIC)
        target.write(archive)
        target.flush()
        os.fsync(target.fileno())
    scratch.chmod(0o755)
    os.replace(scratch, out)
    return build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True, help="the one-folder build")
    parser.add_argument("--launcher", type=Path, required=True, help="the frozen launcher")
    parser.add_argument("--out", type=Path, required=True, help="the single file to write")
    parser.add_argument("--preset", type=int, default=6, help="xz preset, 0-9 (default 6)")
    args = parser.parse_args()
    packed = payload(args.folder, args.preset)
    try:
        build = assemble(args.launcher, packed, args.out)
    finally:
        packed.unlink()
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {size:.1f} MB, build {build}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
