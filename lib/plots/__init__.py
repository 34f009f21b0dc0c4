"""Figures for the course: one house style, and one module of figure functions per lesson.

Every figure function returns a :class:`matplotlib.figure.Figure` built without pyplot, so
a slider can redraw it as often as it likes without piling up open figures, and a test can
inspect what it drew. Each module is named after its notebook (``04_kl_divergence.ipynb``
draws with :mod:`lib.plots.kl_divergence`); the style is in :mod:`lib.plots.style`.

Call :func:`use_style` once in a notebook's setup cell.
"""

from .style import COLORS, PALETTE, STYLE, new_figure, use_style
from . import asymmetry, cross_entropy, entropy, index, kl_divergence, surprise

__all__ = ["COLORS", "PALETTE", "STYLE", "new_figure", "use_style",
           "index", "surprise", "entropy", "cross_entropy", "kl_divergence", "asymmetry"]
