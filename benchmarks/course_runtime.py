"""How long each notebook takes to run headless in a fresh kernel, against the floor.

    python benchmarks/course_runtime.py [--repeat N] [NOTEBOOK ...]

The floor is the least a notebook can cost: a fresh kernel that imports ``lib``, applies
the style and draws one figure. It is measured in the same run, between the notebooks,
so that a loaded or slow machine moves both alike; each notebook's target is a multiple of
it (the lessons 00–05 1.5×; 06, which fits models, 2.5×; 07, which trains a VAE, 4×; 08,
which trains policies, 5×). Kernel start-up is included: a learner pays it too. The best
of N runs is kept for each notebook and for each floor measurement, and the median floor
is the one compared with.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from notebooks import lessons, read, run as run_notebook  # noqa: E402  (scripts/notebooks.py)

TARGET = {"06": 2.5, "07": 4.0, "08": 5.0}  # the rest: 1.5
FLOOR_CODE = """%matplotlib inline
import lib
lib.plots.use_style()
fig, ax = lib.plots.new_figure()
ax.plot([0, 1], [0, 1])
fig"""


def seconds(nb):
    start = time.perf_counter()
    run_notebook(nbformat.from_dict(nb), timeout=None)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (best is kept)")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.notebooks or lessons()
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(f"{len(paths)} notebooks, {os.cpu_count()} cores, OPENBLAS_NUM_THREADS={threads}, "
          f"best of {args.repeat}\n")
    floors, rows = [], []
    for path in paths:
        floors.append(min(seconds(floor_nb) for _ in range(args.repeat)))
        nb = read(path)
        rows.append((path.name, min(seconds(nb) for _ in range(args.repeat))))
    floors.append(min(seconds(floor_nb) for _ in range(args.repeat)))
    floor = statistics.median(floors)
    print(f"{'floor (kernel + import lib + one figure)':<42}{floor:8.2f} s   "
          f"(from {min(floors):.2f} to {max(floors):.2f} over {len(floors)} runs)\n")
    print(f"{'notebook':<28}{'seconds':>9}{'× floor':>9}{'target':>9}")
    ok, total = True, 0.0
    for name, secs in rows:
        target = TARGET.get(name[:2], 1.5)
        ratio = secs / floor
        ok &= ratio <= target
        total += secs
        print(f"{name:<28}{secs:9.2f}{ratio:9.2f}{target:8.1f}×  {'ok' if ratio <= target else 'OVER'}")
    print(f"{'whole course':<28}{total:9.2f}{total / floor:9.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
