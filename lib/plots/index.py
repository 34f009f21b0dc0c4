"""Figures for ``00_index.ipynb``: the course in one picture."""

import numpy as np

from .. import measures
from .style import COLORS, new_figure


def coin_code(p=0.7, q=0.4):
    r"""Cross-entropy of a coin model ``q`` against the true coin ``p``, in bits.

    Drawn in ``00_index.ipynb``. The curve is
    :math:`H(p, q) = -p \log_2 q - (1 - p) \log_2 (1 - q)` over all models ``q``; its lowest
    point is at ``q = p``, where it equals the entropy :math:`H(p)`; the gap above that
    floor is :math:`\mathrm{KL}(p \,\|\, q) = H(p, q) - H(p)`.

    Parameters
    ----------
    p : float
        True probability of heads, in [0, 1].
    q : float
        The model's probability of heads, in [0.01, 0.99].

    Returns
    -------
    Figure
    """
    grid = np.linspace(0.01, 0.99, 300)
    truth = np.array([p, 1 - p])
    models = np.stack([grid, 1 - grid], axis=-1)
    curve = measures.cross_entropy(np.broadcast_to(truth, models.shape), models, base=2)
    h = float(measures.entropy(truth, base=2))
    ce = float(measures.cross_entropy(truth, [q, 1 - q], base=2))
    fig, ax = new_figure(width=8.5, height=4.4)
    ax.plot(grid, curve, color=COLORS["q"], label="cross-entropy H(p, q)")
    ax.axhline(h, color=COLORS["entropy"], linestyle="--", label=f"entropy H(p) = {h:.3f} bits")
    ax.vlines(q, h, ce, color=COLORS["kl"], linewidth=4, label=f"KL(p‖q) = {ce - h:.3f} bits")
    ax.plot([q], [ce], "o", color=COLORS["highlight"], markersize=10, zorder=3)
    ax.axvline(p, color=COLORS["p"], linestyle=":", linewidth=1.5, label=f"true p = {p:.2f}")
    ax.set_xlabel("the model's probability of heads, q")
    ax.set_ylabel("average code length (bits per flip)")
    ax.set_ylim(0, max(3.0, float(curve.max())) * 1.05)
    ax.legend(loc="upper center", ncols=2)
    ax.set_title("coding a coin with the wrong model costs KL extra bits")
    return fig
