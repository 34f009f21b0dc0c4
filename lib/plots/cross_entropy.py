"""Figures for ``03_cross_entropy.ipynb``: code length as area, the loss of a softmax
classifier, and a smoothed letter model scored on held-out text."""

import functools

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import logits, measures, perplexity
from .style import COLORS, PALETTE, new_figure

OUTCOMES = "ABCD"


def _weights(values, name):
    w = np.asarray(values, dtype=np.float64)
    if not (np.isfinite(w).all() and (w > 0).all()):
        raise ValueError(f"the weights of {name} must be finite and > 0, got {values!r}")
    return measures.normalize(w)


def code_areas(p_a=4.0, p_b=2.0, p_c=1.0, p_d=1.0, q_a=1.0, q_b=1.0, q_c=1.0, q_d=1.0):
    r"""Code lengths drawn as bars whose total area is the average code length.

    Outcome ``i`` occurs with probability ``p_i`` and gets a bar of width ``p_i``. Filled
    (green): the code built for ``p``, height ``-log2 p_i``, total area ``H(p)``. Outline
    (vermillion): the code built for ``q``, height ``-log2 q_i``, total area

    .. math:: H(p, q) = -\sum_i p_i \log_2 q_i = H(p) + \mathrm{KL}(p \,\|\, q).

    Purple is where q's code is longer, hatched where it is shorter; purple minus hatched
    is ``KL(p‖q) >= 0``. Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    p_a, p_b, p_c, p_d : float
        Positive weights of the outcomes A–D under ``p``; divided by their total, so any
        positive values give a valid distribution. The defaults give (1/2, 1/4, 1/8, 1/8).
    q_a, q_b, q_c, q_d : float
        The same for ``q`` (default: uniform).

    Returns
    -------
    Figure
    """
    p = _weights([p_a, p_b, p_c, p_d], "p")
    q = _weights([q_a, q_b, q_c, q_d], "q")
    lp = measures.surprise(p, base=2)
    lq = measures.surprise(q, base=2)
    hp = float(measures.entropy(p, base=2))
    hpq = float(measures.cross_entropy(p, q, base=2))
    kl = float(measures.kl_divergence(p, q, base=2))

    fig, (dist, area) = new_figure(1, 2, width=9.6, height=5.4, width_ratios=[1, 1.7])
    x = np.arange(4)
    dist.bar(x - 0.2, p, width=0.4, color=COLORS["p"], label="p: how often it happens")
    dist.bar(x + 0.2, q, width=0.4, color=COLORS["q"], label="q: what the code assumes")
    dist.set_xticks(x, list(OUTCOMES))
    dist.set_xlabel("outcome")
    dist.set_ylabel("probability")
    dist.set_ylim(0, 1.0)
    dist.set_title("the two distributions", fontsize=12)

    left = np.concatenate([[0.0], np.cumsum(p)[:-1]])
    for i in range(4):
        x0, w = left[i], p[i]
        area.bar(x0, lp[i], width=w, align="edge", color=COLORS["entropy"], alpha=0.55,
                 edgecolor="white", linewidth=1.0)
        if lq[i] > lp[i]:
            area.bar(x0, lq[i] - lp[i], bottom=lp[i], width=w, align="edge",
                     color=COLORS["kl"], alpha=0.75, linewidth=0)
        elif lq[i] < lp[i]:  # hatch over the green: the bar keeps its height -log2 p_i
            area.bar(x0, lp[i] - lq[i], bottom=lq[i], width=w, align="edge",
                     facecolor="none", hatch="///", edgecolor=COLORS["kl"], linewidth=0)
        area.plot([x0, x0, x0 + w, x0 + w], [0, lq[i], lq[i], 0], color=COLORS["q"],
                  linewidth=2.2, solid_joinstyle="miter")
        if w > 0.045:
            area.text(x0 + w / 2, 0.08, OUTCOMES[i], ha="center", va="bottom",
                      fontsize=12, fontweight="bold")
    top = float(max(lp.max(), lq.max()))
    area.set_xlim(0, 1)
    area.set_ylim(0, top * 1.12 + 0.2)
    area.set_xlabel("probability under p (bar width $p_i$)")
    area.set_ylabel("code length (bits)")
    area.set_title(f"H(p,q) = {hpq:.3f} = H(p) + KL(p‖q) = {hp:.3f} + {kl:.3f} bits",
                   fontsize=11)

    handles = [
        Patch(color=COLORS["p"], label="p: how often each outcome happens"),
        Patch(color=COLORS["q"], label="q: what the code assumes"),
        Patch(color=COLORS["entropy"], alpha=0.55,
              label=f"code built for p: height $-\\log_2 p_i$, area H(p) = {hp:.3f}"),
        Line2D([], [], color=COLORS["q"],
               label=f"code built for q: height $-\\log_2 q_i$, area H(p,q) = {hpq:.3f}"),
        Patch(color=COLORS["kl"], alpha=0.75, label="q's code longer: extra area"),
        Patch(facecolor=COLORS["entropy"], alpha=0.55, hatch="///", edgecolor=COLORS["kl"],
              label="q's code shorter: area given back"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9.5)
    return fig


def versus_q(p=0.3, q=0.7):
    r"""Cross-entropy of a coin ``p`` against every model ``q``: never below ``H(p)``.

    The curve is ``H(p, q) = -p log2 q - (1-p) log2 (1-q)`` for ``q`` in (0, 1); the
    dashed line is ``H(p)``; the gap between them is ``KL(p‖q)``, zero only at ``q = p``
    (Gibbs' inequality). Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    p : float
        Probability of heads under the truth, in [0, 1].
    q : float
        Probability of heads the model (the code) assumes, in (0, 1).

    Returns
    -------
    Figure
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must lie in [0, 1], got {p!r}")
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie strictly between 0 and 1, got {q!r}")
    grid = np.linspace(0.001, 0.999, 999)
    pv = np.array([p, 1.0 - p])
    curve = measures.cross_entropy(np.broadcast_to(pv, (grid.size, 2)),
                                   np.column_stack([grid, 1.0 - grid]), base=2)
    hp = float(measures.binary_entropy(p, base=2))
    hpq = float(measures.cross_entropy(pv, [q, 1.0 - q], base=2))
    kl = float(measures.kl_divergence(pv, [q, 1.0 - q], base=2))

    fig, ax = new_figure(width=8.5, height=4.6)
    ax.fill_between(grid, hp, curve, color=COLORS["kl"], alpha=0.18, linewidth=0)
    ax.plot(grid, curve, color=COLORS["q"], label="H(p, q): code built for q")
    ax.axhline(hp, color=COLORS["entropy"], linestyle="--", label=f"H(p) = {hp:.3f}: the floor")
    ax.vlines(q, 0, hp, color=COLORS["entropy"], linewidth=5, alpha=0.8)
    ax.vlines(q, hp, hpq, color=COLORS["kl"], linewidth=5, label=f"KL(p‖q) = {kl:.3f}: the extra")
    ax.plot([q], [hpq], "o", color=COLORS["highlight"], zorder=4, markersize=9)
    ax.plot([p], [hp], "v", color=COLORS["p"], zorder=4, markersize=10, clip_on=False,
            label="minimum, at q = p")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(3.0, hpq * 1.12))
    ax.set_xlabel("q, probability of heads the code assumes")
    ax.set_ylabel("average code length (bits)")
    ax.legend(loc="upper center", fontsize=10)
    ax.set_title(f"p = {p:.2f}, q = {q:.2f}: H(p,q) = {hpq:.3f} bits", fontsize=12)
    return fig


def softmax_loss(z0=2.0, z1=1.0, z2=-1.0, label=0):
    r"""A three-class softmax classifier: logits, probabilities, and the loss.

    ``q = softmax(z)``; the target is one-hot on class ``label``; the loss is

    .. math:: \ell = H(\text{one-hot}, q) = -\ln q_y = \ln \sum_j e^{z_j} - z_y \ \text{nats}.

    The third panel moves the true class's logit with the others fixed: the loss falls
    towards 0 as it grows and rises like a straight line as it falls behind.
    Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    z0, z1, z2 : float
        The logits of classes 0, 1, 2.
    label : int
        The true class, 0, 1 or 2.

    Returns
    -------
    Figure
    """
    label = int(label)
    if label not in (0, 1, 2):
        raise ValueError(f"label must be 0, 1 or 2, got {label!r}")
    z = np.array([z0, z1, z2], dtype=np.float64)
    q = logits.softmax(z)
    loss = float(logits.cross_entropy_logits(z, label))
    target = np.eye(3)[label]
    x = np.arange(3)
    names = [f"{k}" + (" ✓" if k == label else "") for k in range(3)]

    fig, (zax, qax, lax) = new_figure(1, 3, width=9.6, height=4.3)
    colors = [COLORS["highlight"] if k == label else COLORS["neutral"] for k in range(3)]
    zax.bar(x, z, color=colors)
    zax.axhline(0, color="black", linewidth=0.8)
    zax.set_xticks(x, names)
    zax.set_ylabel("logit $z_k$ (no unit)")
    zax.set_xlabel("class")
    zax.set_title("logits", fontsize=11)

    qax.bar(x, target, width=0.8, facecolor="none", edgecolor=COLORS["p"], linewidth=2.4,
            label="target p (one-hot)")
    qax.bar(x, q, width=0.55, color=COLORS["q"], label="model q = softmax(z)")
    for k in range(3):
        shown = f"{q[k]:.3f}" if q[k] >= 5e-4 else f"{q[k]:.1e}"
        qax.text(k, q[k] + 0.02, shown, ha="center", va="bottom", fontsize=10)
    qax.set_xticks(x, names)
    qax.set_ylim(0, 1.35)
    qax.set_yticks(np.linspace(0, 1, 6))
    qax.set_xlabel("class")
    qax.set_ylabel("probability")
    qax.legend(loc="upper center", fontsize=8.5, ncols=1)
    qax.set_title(f"loss $-\\ln q_{label}$ = {loss:.3f} nats", fontsize=11)

    others = np.delete(z, label)
    zy = np.linspace(-10.0, 10.0, 401)
    stacked = np.column_stack([zy, np.broadcast_to(others, (zy.size, 2))])
    curve = logits.cross_entropy_logits(stacked, np.zeros(zy.size, dtype=int))
    lax.plot(zy, curve, color=COLORS["q"], label="loss as $z_y$ varies\n(other logits fixed)")
    lax.plot([z[label]], [loss], "o", color=COLORS["highlight"], zorder=4, markersize=9,
             label=f"now: {loss:.3f} nats")
    lax.set_xlabel(f"logit of the true class, $z_{label}$")
    lax.set_ylabel("loss (nats)")
    lax.set_ylim(0, max(float(curve.max()), loss) * 1.05 + 0.1)
    lax.legend(loc="upper right", fontsize=8.5)
    lax.set_title("raise the right logit", fontsize=11)
    return fig


@functools.lru_cache(maxsize=None)
def _zen_counts(n_train):
    train, test = perplexity.zen_split(n_train)
    return perplexity.letter_counts(train), perplexity.letter_counts(test)


@functools.lru_cache(maxsize=None)
def _held_out_curves(n_train):
    """α on a log grid, and the held-out and training cross-entropies (bits) along it."""
    train, test = _zen_counts(n_train)
    grid = np.geomspace(1e-9, 10.0, 200)
    qs = np.array([perplexity.additive_smoothing(train, a) for a in grid])
    held = measures.cross_entropy(np.broadcast_to(test / test.sum(), qs.shape), qs, base=2)
    seen = measures.cross_entropy(np.broadcast_to(train / train.sum(), qs.shape), qs, base=2)
    return grid, held, seen


def held_out(alpha=1.0):
    r"""A unigram letter model of the Zen of Python, scored on aphorisms it never saw.

    The model ``q_α`` is fitted on the first ten aphorisms with additive smoothing
    (:func:`lib.perplexity.additive_smoothing`) and scored by cross-entropy,
    ``H(p̂, q_α)`` in bits per symbol, on the training text and on the other nine.
    At ``α = 0`` (maximum likelihood) the letter ``w``, absent from training but present
    in the held-out text, makes the held-out cross-entropy infinite.
    Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    alpha : float
        Pseudo-count added to each of the 27 symbols, ``>= 0``.

    Returns
    -------
    Figure
    """
    if not alpha >= 0.0:
        raise ValueError(f"alpha must be >= 0, got {alpha!r}")
    train, test = _zen_counts(10)
    p_train, p_test = train / train.sum(), test / test.sum()
    q = perplexity.additive_smoothing(train, alpha)
    h_test = float(measures.cross_entropy(p_test, q, base=2))
    h_train = float(measures.cross_entropy(p_train, q, base=2))
    floor = float(measures.entropy(p_test, base=2))
    unseen = train == 0

    fig, (bars, curve_ax) = new_figure(2, 1, width=9.6, height=7.4, height_ratios=[1, 1])
    x = np.arange(len(perplexity.ALPHABET))
    bars.bar(x - 0.2, p_test, width=0.4, color=COLORS["p"], label="held-out text: frequency")
    bars.bar(x + 0.2, q, width=0.4, color=COLORS["q"], label=f"model q (α = {alpha:.3g})")
    bars.set_xticks(x, [c if c != " " else "␣" for c in perplexity.ALPHABET], fontsize=11)
    for tick, missing in zip(bars.get_xticklabels(), unseen):
        if missing:
            tick.set_fontweight("bold")
    bars.plot(x[unseen], np.full(int(unseen.sum()), 0.03), "x", color=PALETTE["black"],
              markersize=9, markeredgewidth=2.2, label="never seen in training")
    bars.set_xlim(-0.7, len(x) - 0.3)
    bars.set_ylim(0, 0.25)
    bars.set_xlabel("symbol (bold, ×: never seen in training)")
    bars.set_ylabel("probability")
    bars.legend(loc="upper center", fontsize=10, ncols=3)

    grid, held, seen = _held_out_curves(10)
    curve_ax.plot(grid, held, color=COLORS["q"], label="held-out text")
    curve_ax.plot(grid, seen, color=COLORS["neutral"], label="training text")
    curve_ax.axhline(floor, color=COLORS["entropy"], linestyle="--",
                     label="entropy of the held-out text:\nthe floor for its curve")
    curve_ax.set_xscale("log")
    curve_ax.set_xlim(grid[0], grid[-1])
    curve_ax.set_ylim(3.7, 4.6)
    curve_ax.set_xlabel("pseudo-count α (log scale)")
    curve_ax.set_ylabel("cross-entropy (bits per symbol)")
    curve_ax.legend(loc="lower right", fontsize=10)
    curve_ax.annotate("keeps rising as α → 0:\nat α = 0 the unseen 'w' costs ∞",
                      xy=(grid[0], float(held[0])), xytext=(3e-8, 4.45),
                      color=PALETTE["black"], fontsize=10,
                      arrowprops={"arrowstyle": "->", "color": PALETTE["black"]})
    if alpha > 0:
        curve_ax.plot([alpha], [h_test], "o", color=COLORS["highlight"], zorder=4, markersize=9)
        pp = float(perplexity.perplexity(h_test, base=2))
        title = f"α = {alpha:.3g}: held-out {h_test:.3f} bits, perplexity {pp:.1f}"
    else:
        title = "α = 0 (maximum likelihood): held-out cross-entropy is infinite"
    fig.suptitle(title + f"\non the training text: {h_train:.3f} bits", fontsize=12)
    return fig
