"""Long fuzzing run of every parser at the edge; reports the number of cases run per target.

Runs the hypothesis targets of tests/test_fuzz*.py with many more examples than CI does:

    .venv/bin/python bench/fuzz_parsers.py                 # 20,000 cases per target
    .venv/bin/python bench/fuzz_parsers.py --examples 2000 # quicker

A target fails loudly (with hypothesis' shrunk example) when any input raises anything but a
Détente error; the run stops there. Exit code 0 means every case passed.
"""
from __future__ import annotations

import argparse
import logging
import importlib
import inspect
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20000, help="cases per target (default 20000)")
    ap.add_argument("--only", help="run only targets whose module::name contains this")
    args = ap.parse_args(argv)
    os.environ["DETENTE_FUZZ_EXAMPLES"] = str(args.examples)  # read when the test modules load
    logging.basicConfig(level=logging.CRITICAL)  # fuzzed inputs make libraries log every odd line
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    total, started = 0, time.time()
    print(f"{'target':76s} {'cases':>8s} {'seconds':>8s}")
    for path in sorted((ROOT / "tests").glob("test_fuzz*.py")):
        module = importlib.import_module(path.stem)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("test_") or not hasattr(fn, "hypothesis"):
                continue
            if args.only and args.only not in f"{path.stem}::{name}":
                continue
            before = sum(module.CASES.values())
            t0 = time.time()
            fn()
            n = sum(module.CASES.values()) - before
            total += n
            print(f"{path.stem + '::' + name:76s} {n:8d} {time.time() - t0:8.1f}", flush=True)
    print(f"{'total':76s} {total:8d} {time.time() - started:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
