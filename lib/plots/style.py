"""The course's house style: colours, type sizes, and a figure made without pyplot.

Readable on a projector (large type, thick lines) and safe for colour-blind readers (the
Okabe–Ito palette; p and q keep their colours in every lesson). Every figure of every
lesson is made by :func:`new_figure`.
"""

import matplotlib as mpl
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour blindness, and in greyscale by lightness.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

# The same meaning keeps the same colour across the course.
COLORS = {
    "p": PALETTE["blue"],  # the true / data distribution
    "q": PALETTE["vermillion"],  # the model / code distribution
    "kl": PALETTE["purple"],  # extra cost: KL divergence
    "entropy": PALETTE["green"],  # entropy, the floor
    "highlight": PALETTE["orange"],  # the point the slider picked
    "neutral": "#555555",
}

STYLE = {
    "figure.figsize": (8.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "legend.framealpha": 0.9,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "lines.linewidth": 2.4,
    "lines.markersize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
}


def use_style():
    """Apply the course style to matplotlib (call once, in a notebook's setup cell)."""
    mpl.rcParams.update(STYLE)


def new_figure(nrows=1, ncols=1, *, width=None, height=None, **subplot_kw):
    """A constrained-layout :class:`~matplotlib.figure.Figure` and its axes, without pyplot.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes, as in :meth:`matplotlib.figure.Figure.subplots`.
    width, height : float, optional
        Size in inches; default the style's figure size.
    **subplot_kw
        Passed on to ``Figure.subplots`` (for example ``sharey=True``).

    Returns
    -------
    fig : Figure
    axes : Axes or array of Axes
    """
    w, h = STYLE["figure.figsize"]
    fig = Figure(figsize=(width or w, height or h), layout="constrained")
    return fig, fig.subplots(nrows, ncols, **subplot_kw)

