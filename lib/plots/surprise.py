"""Figures for ``01_surprise.ipynb``: the surprise curve and the guessing game."""

import functools
import math

import numpy as np
from matplotlib.ticker import NullLocator

from .. import measures, questions
from .style import COLORS, new_figure

UNITS = {"bits": 2.0, "nats": math.e}


def _base(unit):
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
    return UNITS[unit]


def curve(p=0.25, unit="bits"):
    r"""The surprise :math:`I(p) = -\log_b p` against ``p``, on a linear and a log axis.

    Drawn in ``01_surprise.ipynb``. The title converts ``p`` into fair coins: an outcome
    of probability ``p`` is as surprising as :math:`-\log_2 p` fair coins all landing heads.

    Parameters
    ----------
    p : float
        The outcome's probability, in [0.001, 1]; marked on both panels.
    unit : {"bits", "nats"}
        Unit of the surprise: base 2 or base e.

    Returns
    -------
    Figure
    """
    base = _base(unit)
    grid = np.geomspace(1e-3, 1.0, 400)
    s = measures.surprise(grid, base=base)
    sp = float(measures.surprise(p, base=base))
    coins = float(measures.surprise(p, base=2))
    formula = r"$-\log_2 p$" if unit == "bits" else r"$-\ln p$"
    fig, (lin, log) = new_figure(1, 2, width=9.6, height=4.3, sharey=True)
    for ax, scale in ((lin, "linear"), (log, "log")):
        ax.plot(grid, s, color=COLORS["p"], label=formula)
        ax.plot([p], [sp], "o", color=COLORS["highlight"], markersize=10, zorder=3,
                clip_on=False, label=f"p = {p:.3g}: {sp:.3g} {unit}")
        ax.vlines(p, 0, sp, color=COLORS["highlight"], linestyle=":", linewidth=1.5)
        ax.set_xscale(scale)
        if scale == "log":  # plain labels: no mathtext to lay out on every redraw
            ax.set_xticks([0.001, 0.01, 0.1, 1.0], ["0.001", "0.01", "0.1", "1"])
            ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("probability p of the outcome" + (" (log scale)" if scale == "log" else ""))
        ax.set_ylim(0, float(s.max()) * 1.05)
    lin.set_ylabel(f"surprise ({unit})")
    lin.legend(loc="upper right")
    lin.set_title("rare outcomes are surprising", fontsize=12)
    log.set_title("on a log axis: a straight line", fontsize=12)
    if coins == 0:
        fig.suptitle("p = 1: a certain outcome, no surprise at all")
    else:
        fig.suptitle(f"p = {p:.3g} is as surprising as {coins:.3g} fair coins all landing heads")
    return fig


def questions_needed(split=0.5, log2_n=10):
    r"""What one yes/no answer is worth, and how many questions finding a number takes.

    Drawn in ``01_surprise.ipynb``. Left: a question whose answer is "yes" with
    probability ``s`` has surprises :math:`-\log_2 s` (yes) and :math:`-\log_2(1 - s)` (no),
    and on average :math:`H(s) = -s\log_2 s - (1 - s)\log_2(1 - s) \le 1` bit, with equality
    only at ``s = 1/2``. Right: the average number of questions to find a number among
    ``N`` equally likely ones (:func:`lib.questions.average_questions`) when every question
    asks about the share ``s`` of the candidates left, against the floor :math:`\log_2 N`.

    Parameters
    ----------
    split : float
        The share ``s`` of the remaining numbers each question asks about, in [0.02, 0.5].
    log2_n : int
        The marked ``N`` is ``2**log2_n``, from 2 to 4096 (``log2_n`` from 1 to 12).

    Returns
    -------
    Figure
    """
    log2_n = int(log2_n)
    if not 1 <= log2_n <= 12:
        raise ValueError(f"log2_n must be between 1 and 12, got {log2_n}")
    n = 2 ** log2_n
    fig, (worth, count) = new_figure(1, 2, width=9.6, height=4.6)

    shares = np.linspace(0.005, 0.995, 397)
    worth.plot(shares, measures.surprise(shares, base=2), color=COLORS["neutral"],
               linestyle="--", linewidth=1.5, label='surprise of a "yes"')
    worth.plot(shares, measures.surprise(1 - shares, base=2), color=COLORS["neutral"],
               linestyle=":", linewidth=1.5, label='surprise of a "no"')
    worth.plot(shares, measures.binary_entropy(shares, base=2), color=COLORS["entropy"],
               label="average of the two")
    h = float(measures.binary_entropy(split, base=2))
    worth.plot([split, split], measures.surprise([split, 1 - split], base=2), "o",
               color=COLORS["neutral"], markersize=7, zorder=3)
    worth.plot([split], [h], "o", color=COLORS["highlight"], markersize=10, zorder=3)
    worth.vlines(split, 0, h, color=COLORS["highlight"], linestyle=":", linewidth=1.5)
    worth.set_ylim(0, 7.0)  # room for the "yes" dot down to s = 0.02 (5.6 bits)
    worth.set_xlim(0, 1)
    worth.set_xlabel('share s asked about = P("yes")')
    worth.set_ylabel("information of one answer (bits)")
    worth.legend(loc="upper right", fontsize=10)
    worth.set_title(f"asking about {split:.0%}: {h:.2f} bits per answer", fontsize=12)

    sizes = _sizes()
    count.plot(sizes, np.log2(sizes), color=COLORS["entropy"], linewidth=6, alpha=0.35,
               solid_capstyle="butt", label="floor: $\\log_2 N$ questions")
    count.plot(sizes, _average(0.5), color=COLORS["p"], linewidth=1.8,
               label="halving (s = 50%)")
    if split < 0.5:
        count.plot(sizes, _average(round(split, 6)), color=COLORS["highlight"],
                   label=f"asking about {split:.0%} each time")
    at = float(questions.average_questions(n, split))
    count.plot([n], [at], "o", color=COLORS["highlight"], markersize=10, zorder=4)
    count.set_xscale("log", base=2)
    count.set_xticks([2, 8, 32, 128, 512, 2048], ["2", "8", "32", "128", "512", "2048"])
    count.xaxis.set_minor_locator(NullLocator())
    count.set_xlim(2, 4096)
    count.set_ylim(0, max(13.0, float(_average(round(split, 6))[-1]) * 1.05))
    count.set_xlabel("N equally likely numbers (log scale)")
    count.set_ylabel("questions needed (average)")
    count.legend(loc="upper left", fontsize=10)
    count.set_title(f"N = {n}: {at:.1f} questions, {log2_n / at:.2f} bits each",
                    fontsize=12)
    return fig


@functools.lru_cache(maxsize=1)
def _sizes():
    """Every N up to 256, then about 500 more spread evenly on the log axis, up to 4096."""
    return np.unique(np.concatenate([np.arange(2, 257), np.geomspace(256, 4096, 500).astype(int)]))


@functools.lru_cache(maxsize=64)
def _average(split):
    """Average questions for every N from 2 to 4096 (cached: a slider asks again and again)."""
    out = questions.average_questions(_sizes(), split)
    out.setflags(write=False)
    return out
