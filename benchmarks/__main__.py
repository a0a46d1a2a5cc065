"""Run every benchmark module and print its figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    wanted = set(sys.argv[1:])
    for module_info in pkgutil.iter_modules(benchmarks.__path__):
        if not module_info.name.startswith("bench_"):
            continue
        if wanted and module_info.name not in wanted:
            continue
        module = importlib.import_module(f"benchmarks.{module_info.name}")
        print(f"== {module_info.name}")
        module.run()
    return 0


raise SystemExit(main())
