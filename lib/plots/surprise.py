"""Figures for ``01_surprise.ipynb``: the surprise curve and the guessing game."""

import math

import numpy as np

from .. import measures, questions
from . import COLORS, new_figure

UNITS = {"bits": 2.0, "nats": math.e}


def _base(unit):
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
    return UNITS[unit]


def curve(p=0.25, unit="bits"):
    """Surprise ``-log p`` against ``p``, on a linear and on a logarithmic probability axis.

    Parameters
    ----------
    p : float
        The outcome's probability, in (0, 1]; marked on both panels.
    unit : {"bits", "nats"}
        Unit of the surprise.

    Returns
    -------
    Figure
    """
    base = _base(unit)
    grid = np.geomspace(1e-3, 1.0, 400)
    s = measures.surprise(grid, base=base)
    sp = float(measures.surprise(p, base=base))
    flips = float(measures.surprise(p, base=2))
    fig, (lin, log) = new_figure(1, 2, width=10.0, height=4.2, sharey=True)
    for ax, scale in ((lin, "linear"), (log, "log")):
        ax.plot(grid, s, color=COLORS["p"], label=f"$-\\log_{{{'2' if unit == 'bits' else 'e'}}} p$")
        ax.plot([p], [sp], "o", color=COLORS["highlight"], markersize=10, zorder=3,
                label=f"p = {p:.3g}: {sp:.3g} {unit}")
        ax.vlines(p, 0, sp, color=COLORS["highlight"], linestyle=":", linewidth=1.5)
        ax.set_xscale(scale)
        ax.set_xlabel("probability p of the outcome" + (" (log scale)" if scale == "log" else ""))
        ax.set_ylim(0, float(s.max()) * 1.05)
    lin.set_ylabel(f"surprise  (−log p, {unit})")
    lin.legend(loc="upper right")
    log.set_title("on a log axis: a straight line", fontsize=12)
    lin.set_title("rare outcomes are surprising", fontsize=12)
    fig.suptitle(f"p = {p:.3g} is as surprising as {flips:.3g} fair coins all landing heads")
    return fig


def questions_needed(split=0.5, n=1000):
    """Average number of yes/no questions to find a number in ``1..N``, against ``N``.

    Compares halving (``split = 0.5``), the chosen splitting rule, and the floor
    ``log2 N``: each answer carries at most one bit.

    Parameters
    ----------
    split : float
        Share of the remaining numbers each question asks about, in (0, 0.5].
    n : int
        The N marked on the curves (2 to 4096).

    Returns
    -------
    Figure
    """
    sizes = np.unique(np.geomspace(2, 4096, 60).astype(int))
    fig, ax = new_figure(width=8.5, height=4.4)
    halving = questions.average_questions(sizes, 0.5)
    chosen = questions.average_questions(sizes, split)
    ax.plot(sizes, halving, color=COLORS["p"], label="halving (50/50 questions)")
    ax.plot(sizes, np.log2(sizes), color=COLORS["entropy"], linestyle="--", zorder=3,
            label="$\\log_2 N$: one bit per answer")
    if split < 0.5:
        ax.plot(sizes, chosen, color=COLORS["q"], label=f"asking about {split:.0%} each time")
    at = float(questions.average_questions(n, split))
    ax.plot([n], [at], "o", color=COLORS["highlight"], markersize=10, zorder=3,
            label=f"N = {n}: {at:.1f} questions on average")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("N, how many equally likely numbers (log scale)")
    ax.set_ylabel("questions needed (average)")
    ax.legend(loc="upper left")
    bits = float(measures.binary_entropy(split, base=2))
    ax.set_title(f"a {split:.0%}/{1 - split:.0%} question yields {bits:.2f} bits on average")
    return fig
