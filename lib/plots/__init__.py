"""Figures for the course: one house style, and one module of figure functions per lesson.

Every figure function returns a :class:`matplotlib.figure.Figure` built without pyplot, so
a slider can redraw it as often as it likes without piling up open figures, and a test can
inspect what it drew. Each module is named after its notebook (``04_kl_divergence.ipynb``
draws with :mod:`lib.plots.kl_divergence`); the style is in :mod:`lib.plots.style`.

Call :func:`use_style` once in a notebook's setup cell.
"""

import importlib

from .style import COLORS, PALETTE, STYLE, new_figure, problems, use_style

# One module per notebook, loaded on first use (``lib.plots.entropy`` for 02_entropy).
_LESSONS = {"index", "surprise", "entropy", "cross_entropy", "kl_divergence", "asymmetry",
            "mle", "vae", "trust_regions"}


def __getattr__(name):
    if name in _LESSONS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LESSONS)


__all__ = ["COLORS", "PALETTE", "STYLE", "new_figure", "problems", "use_style",
           "index", "surprise", "entropy", "cross_entropy", "kl_divergence", "asymmetry"]
