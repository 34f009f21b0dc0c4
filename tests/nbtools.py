"""Shared helpers for the notebook tests: reading notebooks, their numbers, running them."""

import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

import notebooks as course  # noqa: E402  (scripts/notebooks.py)

# A decimal number in prose: 0.469, 2.005, −1.5 (not parts of words, versions or links).
DECIMAL = re.compile(r"(?<![\w.\-/])(\d+\.\d+)(?![\w.]*\.ipynb)(?!\.\d)")


def load(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def markdown(nb):
    """All markdown of a notebook as one string, links' targets removed."""
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"\]\([^)]*\)", "]()", text)


def decimals(nb):
    """Every decimal number written in the notebook's markdown."""
    return set(DECIMAL.findall(markdown(nb)))


def check_claims(name, claims, given=()):
    """Tie the notebook's prose to its computations.

    ``claims`` maps a number as printed in the markdown (``"0.469"``) to the value the
    code computes for it; each must appear in the markdown and round to the printed
    digits. ``given`` lists numbers that are inputs (a probability chosen for an example),
    not results. Every decimal in the markdown must be one or the other.
    """
    nb = load(name)
    found = decimals(nb)
    problems = []
    for text, value in claims.items():
        digits = len(text.split(".")[1]) if "." in text else 0
        shown = f"{float(value):.{digits}f}"
        if shown != text:
            problems.append(f"markdown says {text} but the code gives {float(value)!r} ({shown})")
        if text not in found:
            problems.append(f"claimed number {text} does not appear in the markdown")
    unclaimed = found - set(claims) - set(given)
    if unclaimed:
        problems.append(f"numbers in the markdown with no test behind them: {sorted(unclaimed)}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def run_with(name, code, timeout=300):
    """Execute notebook ``name`` in a fresh kernel, then ``code``; return that cell's stdout."""
    nb = load(name)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    course.run(nb, timeout=timeout)
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")


# Runs inside the kernel after a notebook: moves every slider of every lib.widgets.explore
# box to its ends (each alone, then all together) and inspects the figure it returns.
SLIDER_PROBE = r'''
import json as _json, warnings as _warnings, io as _io
import numpy as _np
import ipywidgets as _W
from matplotlib.figure import Figure as _Figure

def _figure_problems(fig, where):
    out = []
    if not isinstance(fig, _Figure):
        return [f"{where}: returned {type(fig).__name__}, not a matplotlib Figure"]
    for i, ax in enumerate(fig.axes):
        if not ax.axison or hasattr(ax, "_colorbar"):
            continue
        has_data = ax.lines or ax.collections or ax.patches or ax.images
        # A label on an axes sharing that axis (sharex/sharey panels) counts.
        xlabels = [a.get_xlabel().strip() for a in ax.get_shared_x_axes().get_siblings(ax)]
        ylabels = [a.get_ylabel().strip() for a in ax.get_shared_y_axes().get_siblings(ax)]
        if has_data and not (any(xlabels) and any(ylabels)):
            out.append(f"{where}: axes {i} lacks an x or y label")
        for line in ax.lines:
            xy = _np.asarray(line.get_xydata(), dtype=float)
            if xy.size and not _np.isfinite(xy).all():
                out.append(f"{where}: axes {i} line {line.get_label()!r} has non-finite data")
        if not (_np.isfinite(ax.get_xlim()).all() and _np.isfinite(ax.get_ylim()).all()):
            out.append(f"{where}: axes {i} has non-finite limits")
    fig.savefig(_io.BytesIO(), format="png")
    return out

def _settings(controls):
    default = {w: w.value for w in controls}
    ends = []
    for w in controls:
        if hasattr(w, "min"):
            ends += [{w: w.min}, {w: w.max}]
        elif hasattr(w, "options"):
            ends += [{w: v} for v in (w.options.values() if isinstance(w.options, dict) else
                                      [o[1] if isinstance(o, tuple) else o for o in w.options])]
    ranged = [w for w in controls if hasattr(w, "min")]
    ends += [{w: w.min for w in ranged}, {w: w.max for w in ranged}]
    return default, ends

_report = {"boxes": 0, "settings": 0, "problems": []}
for _name, _box in list(globals().items()):
    if not isinstance(_box, _W.interactive) or _name.startswith("_"):
        continue
    _report["boxes"] += 1
    _controls = [w for w in _box.kwargs_widgets if isinstance(w, _W.DOMWidget)]  # not fixed()
    _default, _ends = _settings(_controls)
    for _setting in _ends:
        for _w, _v in {**_default, **_setting}.items():
            _w.value = _v
        _where = f"{_name} at " + ", ".join(f"{w.description}={w.value!r}" for w in _controls)
        _report["settings"] += 1
        # Record warnings rather than raising them: the kernel's own threads run meanwhile,
        # and an exception there would stall the kernel. Only the plotting stack's count.
        with _warnings.catch_warnings(record=True) as _caught:
            _warnings.simplefilter("always")
            try:
                _fig = _box.f(**{w._kwarg: w.get_interact_value() for w in _box.kwargs_widgets})
                _report["problems"] += _figure_problems(_fig, _where)
            except Exception as _exc:
                _report["problems"].append(f"{_where}: {type(_exc).__name__}: {_exc}")
        for _c in _caught:
            if any(k in _c.filename for k in ("lib", "numpy", "scipy", "matplotlib")):
                _report["problems"].append(f"{_where}: warning {_c.category.__name__}: {_c.message}")
        if _box.result is None:
            _report["problems"].append(f"{_where}: the widget holds no figure")
    for _w, _v in _default.items():
        _w.value = _v
print(_json.dumps(_report))
'''


def probe_sliders(name):
    """Move every slider of notebook ``name`` to its ends; return the probe's report."""
    return json.loads(run_with(name, SLIDER_PROBE).strip().splitlines()[-1])
