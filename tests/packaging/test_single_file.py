"""The single file: packaging/make_single_file.py packs a folder behind a launcher, and
packaging/launcher.py finds it at the end of its own file and unpacks it once per build."""

from __future__ import annotations

import importlib.util
import os
import sys
import tarfile
import threading
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(PACKAGING))
    try:
        spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(PACKAGING))


launcher = _load("launcher")
make_single_file = _load("make_single_file")


def _fake_launcher() -> bytes:
    """Program code, a PyInstaller archive ending in its cookie, then ELF section headers."""
    archive = os.urandom(5000)
    cookie = launcher.PYINSTALLER_MAGIC + (len(archive) + launcher.COOKIE).to_bytes(4, "big")
    cookie += bytes(launcher.COOKIE - len(cookie))
    return b"\x7fELF" + os.urandom(10_000) + archive + cookie + b"section headers" * 20


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A fake one-folder build (a program, a library and a link) behind a fake launcher."""
    folder = tmp_path / "ideowork-9.9-folder"
    (folder / "_internal").mkdir(parents=True)
    program = folder / "ideowork"
    program.write_text("#!/bin/sh\necho started\n")
    program.chmod(0o755)
    (folder / "_internal" / "libQt6Core.so.6").write_bytes(os.urandom(4096))
    (folder / "libQt6Core.so.6").symlink_to("_internal/libQt6Core.so.6")
    front = tmp_path / "launcher-binary"
    front.write_bytes(_fake_launcher())
    out = tmp_path / "dist" / "ideowork-9.9"
    out.parent.mkdir()
    packed = make_single_file.payload(folder, preset=1)
    make_single_file.assemble(front, packed, out)
    packed.unlink()
    return out, front


def test_the_launchers_archive_moves_to_the_end_behind_the_payload(
    built: tuple[Path, Path],
) -> None:
    out, front = built
    build, offset, length = launcher.read_trailer(out)
    data, original = out.read_bytes(), front.read_bytes()
    program, archive = make_single_file.split_launcher(original)
    # The bootloader scans backwards for its cookie: it must be the file's last bytes.
    assert data.endswith(archive)
    assert archive[-launcher.COOKIE :].startswith(launcher.PYINSTALLER_MAGIC)
    assert data.startswith(program) and offset == len(program)
    assert len(program) + len(archive) == len(original)
    assert offset + length + launcher.TRAILER + len(archive) == len(data)
    assert len(build) == 32 and build.isalnum()
    assert os.access(out, os.X_OK)


def test_first_launch_unpacks_the_folder_and_later_ones_reuse_it(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    out, _ = built
    root = tmp_path / "runtime"
    build, offset, length = launcher.read_trailer(out)
    folder = launcher.unpack(out, build, offset, length, root)
    program = launcher.program(folder)
    assert program == root / build / "ideowork-9.9-folder" / "ideowork"
    assert os.access(program, os.X_OK)
    assert (program.parent / "libQt6Core.so.6").resolve().is_file()
    marker = folder / launcher.READY
    stamp = marker.stat().st_mtime_ns
    # A second launch finds the ready folder and unpacks nothing.
    (program.parent / "_internal" / "libQt6Core.so.6").write_bytes(b"changed")
    assert launcher.unpack(out, build, offset, length, root) == folder
    assert marker.stat().st_mtime_ns == stamp
    assert (program.parent / "_internal" / "libQt6Core.so.6").read_bytes() == b"changed"
    assert [path.name for path in root.iterdir()] == [build]


def test_a_half_done_unpack_is_redone(built: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = built
    root = tmp_path / "runtime"
    build, offset, length = launcher.read_trailer(out)
    (root / build / "ideowork-9.9-folder").mkdir(parents=True)  # killed before the marker
    (root / f".unpacking-{build}-1-dead").mkdir()
    os.utime(root / f".unpacking-{build}-1-dead", (1_000_000, 1_000_000))  # an old kill
    (root / f".unpacking-{build}-2-live").mkdir()  # another launch, unpacking now
    folder = launcher.unpack(out, build, offset, length, root)
    assert launcher.program(folder).is_file()
    assert sorted(path.name for path in root.iterdir()) == sorted(
        [build, f".unpacking-{build}-2-live"]
    )


def test_two_launches_at_once_end_with_one_folder(built: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = built
    root = tmp_path / "runtime"
    build, offset, length = launcher.read_trailer(out)
    results: list[Path] = []
    errors: list[BaseException] = []

    def launch() -> None:
        try:
            results.append(launcher.unpack(out, build, offset, length, root))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=launch) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert set(results) == {root / build}
    assert launcher.program(root / build).is_file()


def test_old_builds_are_removed_but_the_previous_one_is_kept(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    out, _ = built
    root = tmp_path / "runtime"
    for index, name in enumerate(["a" * 32, "b" * 32]):
        (root / name).mkdir(parents=True)
        (root / name / launcher.READY).write_bytes(b"")
        os.utime(root / name / launcher.READY, (1_000_000 + index, 1_000_000 + index))
    build, offset, length = launcher.read_trailer(out)
    launcher.unpack(out, build, offset, length, root)
    assert sorted(path.name for path in root.iterdir()) == sorted([build, "b" * 32])


def test_a_file_without_payload_or_cut_short_is_refused(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    out, front = built
    with pytest.raises(launcher.LaunchError):
        launcher.read_trailer(front)
    cut = tmp_path / "cut"
    data = out.read_bytes()
    build, offset, length = launcher.read_trailer(out)
    cut.write_bytes(data[: offset + length // 2] + data[offset + length :])
    build, offset, length = launcher.read_trailer(cut)
    with pytest.raises((launcher.LaunchError, tarfile.TarError, EOFError, OSError)):
        launcher.unpack(cut, build, offset, length, tmp_path / "runtime")
    assert not (tmp_path / "runtime" / build).exists()


def test_the_program_starts_with_the_users_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/tmp/_MEI123:/opt/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    monkeypatch.setenv("_PYI_APPLICATION_HOME_DIR", "/tmp/_MEI123")
    monkeypatch.setenv("_MEIPASS2", "/tmp/_MEI123")
    env = launcher.clean_environment()
    assert env["LD_LIBRARY_PATH"] == "/opt/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in env
    assert not [key for key in env if key.startswith(("_PYI_", "_MEI"))]
    assert env["PYINSTALLER_RESET_ENVIRONMENT"] == "1"
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    assert "LD_LIBRARY_PATH" not in launcher.clean_environment()


def test_runtime_folder_follows_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(launcher, "WINDOWS", False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert launcher.runtime_root() == tmp_path / "ideowork" / "runtime"
