"""台账汇编 of a year with many photos: the time it takes, and its peak memory at 100 and at
500 photos (it must stay flat: photos are downscaled and written one at a time).

The photos are camera-sized JPEGs (3000 × 2000, about 2–3 MB each, every one different), made
once into a folder under the system's temporary folder and reused. For each count a demo unit
gets that many photos attached to its 2020 study sessions; then a fresh process makes the 2020
binder and reports its time and its peak resident memory (ru_maxrss of that process alone, so
the two counts are measured alike and nothing the parent did is counted).

    python -m benchmarks bench_binder
    python -m benchmarks.bench_binder 100 500
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock

PHOTO_SIZE = (3000, 2000)
COUNTS = (100, 500)
YEAR = "2020"
CLOCK_DAY = dt.date(2021, 1, 8)
PHOTO_FOLDER = Path(tempfile.gettempdir()) / "ideowork-bench-photos-3000x2000"


@dataclass(frozen=True)
class BinderFigures:
    photos: int
    seconds: float
    peak_rss_mib: float
    pages: int
    size_mib: float
    photo_bytes_mib: float  # what the attached originals weigh together


def photos(count: int) -> list[Path]:
    """`count` different camera-sized JPEGs, made once and kept for later runs."""
    PHOTO_FOLDER.mkdir(exist_ok=True)
    made = sorted(PHOTO_FOLDER.glob("photo-*.jpg"))
    if len(made) >= count:
        return made[:count]
    # A grainy scene: noise softened into blotches weighs what a phone photo weighs.
    noise = Image.frombytes("RGB", (750, 500), os.urandom(750 * 500 * 3))
    base = noise.resize(PHOTO_SIZE, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1))
    for index in range(len(made), count):
        picture = base.copy()
        draw = ImageDraw.Draw(picture)
        shift = (index * 37) % 2500
        draw.rectangle((shift, 200, shift + 500, 1800), fill=(index % 256, 120, 60))
        draw.text((100 + shift // 3, 100), f"photo {index}", fill=(255, 255, 255))
        picture.save(PHOTO_FOLDER / f"photo-{index:04d}.jpg", "JPEG", quality=90)
    return sorted(PHOTO_FOLDER.glob("photo-*.jpg"))[:count]


def prepare(folder: Path, count: int) -> Path:
    """A demo unit with `count` photos spread over its 2020 study sessions."""
    db = folder / f"binder-{count}.sqlite3"
    services = Services.open(str(db), clock=FixedClock.on(CLOCK_DAY))
    services.demo.load()
    sessions = [
        services.sessions.detail(s.id).uid for s in services.studies.sessions_in(Period.parse(YEAR))
    ]
    files = photos(count)
    for index, uid in enumerate(sessions):
        mine = files[index :: len(sessions)]
        if mine:
            services.attachments.add("study_session", uid, mine, kind="photo")
    services.close()
    return db


def measure_in_this_process(db: Path, out: Path) -> dict[str, float]:
    import resource

    services = Services.open(str(db), clock=FixedClock.on(CLOCK_DAY))
    start = time.perf_counter()
    result = services.binder.make(Period.parse(YEAR), out)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": result.pages,
        "images": result.images,
    }


def measure(count: int) -> BinderFigures:
    with tempfile.TemporaryDirectory(prefix="ideowork-bench-binder-") as scratch:
        folder = Path(scratch)
        db = prepare(folder, count)
        out = folder / "binder.pdf"
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_binder", "--child", str(db), str(out)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        if figures["images"] < count:
            raise RuntimeError(f"only {figures['images']} of {count} photos were placed")
        return BinderFigures(
            photos=count,
            seconds=figures["seconds"],
            peak_rss_mib=figures["peak_rss_mib"],
            pages=int(figures["pages"]),
            size_mib=out.stat().st_size / 2**20,
            photo_bytes_mib=sum(p.stat().st_size for p in photos(count)) / 2**20,
        )


def report(figures: list[BinderFigures]) -> None:
    print("| photos | originals | binder | pages | time | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        print(
            f"| {f.photos} | {f.photo_bytes_mib:.0f} MiB | {f.size_mib:.0f} MiB | {f.pages} | "
            f"{f.seconds:.1f} s | {f.peak_rss_mib:.0f} MiB |"
        )
    if len(figures) >= 2:
        first, last = figures[0], figures[-1]
        per_photo = (last.peak_rss_mib - first.peak_rss_mib) / (last.photos - first.photos)
        print(
            f"peak memory {first.peak_rss_mib:.0f} → {last.peak_rss_mib:.0f} MiB from "
            f"{first.photos} to {last.photos} photos ({per_photo * 1024:.0f} KiB a photo)"
        )


def run(counts: tuple[int, ...] = COUNTS) -> list[BinderFigures]:
    figures = [measure(count) for count in counts]
    report(figures)
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure_in_this_process(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        run(tuple(int(a) for a in sys.argv[1:]) or COUNTS)
