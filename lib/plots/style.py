"""The course's house style: colours, type sizes, and a figure made without pyplot.

Readable on a projector (large type, thick lines) and safe for colour-blind readers (the
Okabe–Ito palette; p and q keep their colours in every lesson). Every figure of every
lesson is made by :func:`new_figure`.
"""

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator

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
    # Titles sit just above the axes. (Left to matplotlib, each draw measures the ticks
    # and labels of the x-axis to see whether they reach above it, which no course figure
    # has: a quarter of the time of a redraw.)
    "axes.titley": 1.0,
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
    """Apply the course style to matplotlib (call once, in a notebook's setup cell).

    In a notebook it also shows every figure through :func:`lib.plots.render.render_png`:
    at exactly its size (a figure laid out by constrained layout has no margin to trim),
    drawn once instead of twice, lightly compressed, and laid out only once for a figure
    whose layout is already known (its slider's first frame).
    """
    mpl.rcParams.update(STYLE)
    import sys

    if "matplotlib_inline" in sys.modules:  # only where %matplotlib inline has run
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        from .render import png_for_display

        shell = get_ipython()
        if shell is not None:
            set_matplotlib_formats("png")  # PNG only, then drawn our way
            shell.display_formatter.formatters["image/png"].for_type(Figure, png_for_display)


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
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    _fewer_ticks(fig)
    return fig, axes


MAX_TICK_INTERVALS = 6


def _fewer_ticks(fig):
    """At most :data:`MAX_TICK_INTERVALS` intervals on each linear axis (matplotlib allows 9).

    Large labels on a projector need the room, and each tick is a few artists to build and
    draw: 05's three-panel pair of Gaussians has 40 ticks instead of 49 and redraws about a
    fifth faster. A log scale, categories or ticks set by hand replace this locator, as
    they would the default.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            locator = axis.get_major_locator()
            if type(locator) is AutoLocator:
                locator.set_params(nbins=MAX_TICK_INTERVALS)



MAX_WIDTH_PX = 960  # JupyterLab's output area beside the file browser


def problems(fig):
    """What a reader would see wrong in ``fig``: a list of sentences, empty when none.

    Checks every axes that shows data for an x and a y label (a label on an axes sharing
    that axis counts), line data and limits for non-finite values, legends for being
    clipped by the figure's edge, and the figure for being wider than
    :data:`MAX_WIDTH_PX` at its dpi. Drawing it must raise no warning (the caller
    records warnings). Used by the tests and by :func:`lib.widgets.sweep`.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return [f"returned {type(fig).__name__}, not a matplotlib Figure"]
    out = []
    width = fig.get_figwidth() * fig.dpi
    if width > MAX_WIDTH_PX + 0.5:
        out.append(f"figure is {width:.0f} px wide, more than {MAX_WIDTH_PX}")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    frame = fig.bbox.padded(2)
    for i, ax in enumerate(fig.axes):
        if not ax.axison or hasattr(ax, "_colorbar"):
            continue
        has_data = ax.lines or ax.collections or ax.patches or ax.images
        xlabels = [a.get_xlabel().strip() for a in ax.get_shared_x_axes().get_siblings(ax)]
        ylabels = [a.get_ylabel().strip() for a in ax.get_shared_y_axes().get_siblings(ax)]
        if has_data and not (any(xlabels) and any(ylabels)):
            out.append(f"axes {i} lacks an x or y label")
        for line in ax.lines:
            xy = np.asarray(line.get_xydata(), dtype=float)
            if xy.size and not np.isfinite(xy).all():
                out.append(f"axes {i} line {line.get_label()!r} has non-finite data")
        if not (np.isfinite(ax.get_xlim()).all() and np.isfinite(ax.get_ylim()).all()):
            out.append(f"axes {i} has non-finite limits")
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent()
            if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                    and box.y1 <= frame.y1):
                out.append(f"axes {i}: its legend is clipped by the figure's edge")
    return out


def label_number(value, spec=".3g"):
    """``value`` formatted with ``spec`` for a label or title: a real minus sign, never "−0".

    The one number formatter of the figures: ``label_number(-0.0001, ".3f")`` is
    ``"0.000"``, not ``"-0.000"`` (a divergence is never printed negative), and
    ``label_number(-1.5)`` is ``"−1.5"``.
    """
    text = format(float(value), spec)
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text.replace("-", "−")


def new_figure_top_row(ncols, *, width=None, height=None, height_ratios=None):
    """A figure with one wide axes on top and ``ncols`` axes side by side below it.

    Returns
    -------
    fig : Figure
    top : Axes
    bottom : list of Axes
    """
    w, h = STYLE["figure.figsize"]
    fig = Figure(figsize=(width or w, height or h), layout="constrained")
    names = [str(i) for i in range(ncols)]
    axes = fig.subplot_mosaic([["top"] * ncols, names], height_ratios=height_ratios)
    _fewer_ticks(fig)
    return fig, axes["top"], [axes[n] for n in names]


def integrand_panel(ax, x, integrand, *, label, color=None, ylabel="integrand (nats per unit x)",
                    xlabel="x", title=None, legend="upper left", headroom=0.45):
    """Draw a KL integrand on ``ax``: the curve, its positive area (adds) and negative (subtracts).

    The net area under the curve is the divergence; where the weighting density is the
    smaller one the integrand is negative. ``headroom`` is the share of the data's range
    left free above it for the legend.
    """
    color = color or COLORS["kl"]
    ax.plot(x, integrand, color=color, label=label)
    ax.fill_between(x, integrand, 0, where=integrand >= 0, color=color, alpha=0.3,
                    linewidth=0, label="adds to KL")
    ax.fill_between(x, integrand, 0, where=integrand < 0, color=COLORS["neutral"], alpha=0.3,
                    linewidth=0, label="subtracts")
    ax.axhline(0, color=COLORS["neutral"], linewidth=1)
    lo, hi = min(float(integrand.min()), 0.0), max(float(integrand.max()), 0.0)
    span = (hi - lo) or 1.0
    ax.set_ylim(lo - 0.06 * span, hi + headroom * span)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=12)
    if legend:
        ax.legend(loc=legend, fontsize=9.5)
