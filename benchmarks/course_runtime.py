"""How long each notebook takes to run headless, in a fresh kernel, and the whole course.

    python benchmarks/course_runtime.py [--repeat N]

Targets: every notebook under 10 s on a 2-core machine, the whole course under 60 s.
Kernel start-up is included (a learner pays it too); the best of N runs is reported.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from notebooks import lessons, read, run as run_notebook  # noqa: E402  (scripts/notebooks.py)

PER_NOTEBOOK, COURSE = 10.0, 60.0


def seconds(path):
    nb = read(path)
    start = time.perf_counter()
    run_notebook(nb)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (best is kept)")
    args = parser.parse_args()
    paths = lessons()
    print(f"{len(paths)} notebooks, {os.cpu_count()} cores, best of {args.repeat}\n")
    print(f"{'notebook':<28}{'seconds':>9}  target < {PER_NOTEBOOK:.0f} s")
    total, ok = 0.0, True
    for path in paths:
        best = min(seconds(path) for _ in range(args.repeat))
        total += best
        good = best < PER_NOTEBOOK
        ok &= good
        print(f"{path.name:<28}{best:9.2f}  {'ok' if good else 'TOO SLOW'}", flush=True)
    good = total < COURSE
    print(f"{'whole course':<28}{total:9.2f}  target < {COURSE:.0f} s: {'ok' if good else 'TOO SLOW'}")
    return 0 if ok and good else 1


if __name__ == "__main__":
    sys.exit(main())
