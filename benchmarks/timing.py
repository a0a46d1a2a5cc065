"""A tiny timing helper: best of N wall-clock runs, plus peak memory of the process."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """Seconds of the fastest of `repeat` runs (the least disturbed by the machine)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
