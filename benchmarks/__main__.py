"""`make bench`: issue 14's table (benchmarks/table.py), every row measured side by side.

python -m benchmarks                      the table, medians of 5 runs
python -m benchmarks --runs 3 --only startup,pages
python -m benchmarks bench_ledgers ...    the figures of the named benchmark modules
python -m benchmarks all                  the figures of every bench_* module
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks import table


def run_modules(wanted: set[str]) -> int:
    for module_info in pkgutil.iter_modules(benchmarks.__path__):
        if not module_info.name.startswith("bench_"):
            continue
        if wanted and module_info.name not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{module_info.name}")
        print(f"== {module_info.name}")
        module.run()
    return 0


def main(argv: list[str]) -> int:
    if argv and not argv[0].startswith("-"):
        return run_modules(set() if argv == ["all"] else set(argv))
    return table.main(argv)


raise SystemExit(main(sys.argv[1:]))
