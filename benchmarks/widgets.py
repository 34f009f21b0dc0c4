"""How long a slider move takes to redraw, notebook by notebook, against a baseline.

    python benchmarks/widgets.py [--slowest N] [NOTEBOOK ...]

Each notebook is executed headless in a fresh kernel; then, in that kernel, every control
of every explorer is moved to both ends and the middle (each alone), and each move is
timed from setting the value to the new PNG handed to the front end (``Image.value``),
followed by a young garbage collection, so that each move pays for freeing the figure it
let go (full collections fall where they fall, on both sides alike).
Side by side with each move, the same kernel times the baseline: a one-axes line figure
redrawn by ``ipywidgets.interactive`` and the inline backend with its own defaults, the
plainest way to tie a slider to a figure (the course's style shows figures its own, faster
way; the baseline keeps the stock one, so that it stays a fixed yardstick however the
course draws). The table gives medians and maxima in ms and as ratios to the baseline's
median, and, for comparison, the median of the same one-axes figure redrawn by
:class:`lib.widgets.Explorer` ("line ms"). Targets: median ≤ 1.5× and max ≤ 3× the
baseline in every notebook.

(It also times notebooks whose explorers are plain ``ipywidgets.interactive`` boxes, so
the same script measures older versions of the course.)
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from notebooks import lessons, read, run as run_notebook  # noqa: E402  (scripts/notebooks.py)

MEDIAN_TARGET, MAX_TARGET = 1.5, 3.0

TIMING = r'''
import gc as _gc, json as _json, time as _time
import numpy as _np
import ipywidgets as _W
import lib as _lib

import functools as _functools
from IPython import get_ipython as _get_ipython
from IPython.core.pylabtools import print_figure as _print_figure
from matplotlib.figure import Figure as _Figure

class _PlainFigure(_Figure):
    """Shown the way a fresh notebook shows a figure (the inline backend's defaults)."""

_get_ipython().display_formatter.formatters["image/png"].for_type(
    _PlainFigure, _functools.partial(_print_figure, fmt="png", base64=True, bbox_inches="tight"))

def _line_figure(x=1.0, figure_class=_Figure):
    fig = figure_class(figsize=_lib.plots.STYLE["figure.figsize"], layout="constrained")
    ax = fig.subplots()
    t = _np.linspace(0, 10, 200)
    ax.plot(t, _np.sin(x * t))
    ax.set_xlabel("t")
    ax.set_ylabel("sin(xt)")
    return fig

def _plain_line_figure(x=1.0):
    return _line_figure(x, _PlainFigure)

_base = _W.interactive(_plain_line_figure, {"auto_display": True},
                       x=_W.FloatSlider(min=0.5, max=2.0, value=1.0))
_base_values = [0.5, 1.25, 2.0]
_line = _lib.widgets.explore(_line_figure, x=_W.FloatSlider(min=0.5, max=2.0, value=1.0))

def _ends(w):
    if isinstance(w, _W.FloatLogSlider):
        return [w.base ** w.min, w.base ** ((w.min + w.max) / 2), w.base ** w.max]
    if hasattr(w, "min"):
        mid = (w.min + w.max) / 2
        return [w.min, round(mid) if isinstance(w, _W.IntSlider) else mid, w.max]
    o = w.options
    return list(o.values()) if isinstance(o, dict) else [x[1] if isinstance(x, tuple) else x for x in o]

def _controls(box):
    if hasattr(box, "controls") and hasattr(box, "set"):
        return dict(box.controls)
    return {w._kwarg: w for w in box.kwargs_widgets if isinstance(w, _W.DOMWidget)}

def _move(box, name, value):
    start = _time.perf_counter()
    if hasattr(box, "set") and hasattr(box, "controls"):
        box.set(**{name: value})
    else:
        _controls(box)[name].value = value  # interactive redraws synchronously
    _gc.collect(1)  # each move pays for freeing the figure it let go
    return 1000 * (_time.perf_counter() - start)

_out = {"moves": [], "baseline": [], "line": []}
_k = 0
for _name, _box in list(globals().items()):
    if _name.startswith("_") or not (hasattr(_box, "controls") and hasattr(_box, "set")
                                     or isinstance(_box, _W.interactive)):
        continue
    for _cname, _w in _controls(_box).items():
        _default = _w.value
        for _v in _ends(_w):
            _bv = _base_values[_k % 3]; _k += 1
            _b = _base.children[0]
            _start = _time.perf_counter(); _b.value = _bv; _gc.collect(1)
            _out["baseline"].append(1000 * (_time.perf_counter() - _start))
            _out["line"].append(_move(_line, "x", _bv))
            _out["moves"].append([f"{_name}.{_cname}={_v!r:.8}", _move(_box, _cname, _v)])
        _move(_box, _cname, _default)
print(_json.dumps(_out))
'''


def measure(path):
    nb = read(path)
    nb.cells.append(nbformat.v4.new_code_cell(TIMING))
    run_notebook(nb, timeout=None)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also list each notebook's N slowest moves")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or lessons()
    print(f"{len(paths)} notebooks, {os.cpu_count()} cores, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}\n")
    print(f"{'notebook':<26}{'moves':>6}{'base ms':>9}{'line ms':>9}{'median ms':>11}{'max ms':>8}"
          f"{'median ×':>10}{'max ×':>7}  slowest control")
    ok, all_moves, all_base = True, [], []
    for path in paths:
        data = measure(path)
        if not data["moves"]:
            print(f"{path.name:<26}{0:>6}  (no explorer)")
            continue
        base = statistics.median(data["baseline"])
        times = [t for _, t in data["moves"]]
        med, top = statistics.median(times), max(times)
        slowest = max(data["moves"], key=lambda m: m[1])[0]
        good = med / base <= MEDIAN_TARGET and top / base <= MAX_TARGET
        ok &= good
        all_moves += [t / base for t in times]
        all_base.append(base)
        line = statistics.median(data["line"])
        print(f"{path.name:<26}{len(times):>6}{base:9.0f}{line:9.0f}{med:11.0f}{top:8.0f}"
              f"{med / base:10.2f}{top / base:7.2f}  {slowest}{'' if good else '   OVER'}", flush=True)
        for where, ms in sorted(data["moves"], key=lambda m: -m[1])[:args.slowest]:
            print(f"{'':<32}{ms:6.0f} ms  {where}")
    if all_moves:
        print(f"{'all':<26}{len(all_moves):>6}{statistics.median(all_base):9.0f}{'':>28}"
              f"{statistics.median(all_moves):10.2f}{max(all_moves):7.2f}")
    print(f"\ntargets: median ≤ {MEDIAN_TARGET}× and max ≤ {MAX_TARGET}× the baseline")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
