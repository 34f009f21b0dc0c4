"""Figures for ``02_entropy.ipynb``: entropy curves, the inequality ln x ≤ x − 1, codes
against the floor, text, joint tables and differential entropy."""

import functools
import math

import numpy as np
from matplotlib.ticker import NullLocator
from scipy import special

from .. import coding, gaussian, measures
from .._validate import as_probabilities
from .style import COLORS, PALETTE, new_figure

__all__ = [
    "binary_curve",
    "log_inequality",
    "categorical",
    "code_space",
    "huffman_tree",
    "block_coding",
    "compression",
    "joint_2x2",
    "joint_table",
    "differential",
]


def _box(ax, x, y, text, **kw):
    ax.text(x, y, text, transform=ax.transAxes, fontsize=11, va="top", ha="left",
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9, "edgecolor": "0.8"},
            **kw)


def binary_curve(p=0.9):
    r"""Entropy of a coin, :math:`H_b(p) = -p\log_2 p - (1-p)\log_2(1-p)`, against ``p``.

    The two terms (what heads and what tails contribute) are drawn dashed; ``p`` is marked.

    Parameters
    ----------
    p : float
        Probability of heads, in [0, 1].

    Returns
    -------
    Figure
    """
    grid = np.linspace(0.0, 1.0, 401)
    h = measures.binary_entropy(grid, base=2)
    heads = special.entr(grid) / math.log(2)  # p log2(1/p), 0 at p = 0
    tails = heads[::-1]
    hp = float(measures.binary_entropy(p, base=2))
    fig, ax = new_figure(width=8.0, height=4.4)
    ax.plot(grid, h, color=COLORS["entropy"], label="$H_b(p)$, the expected surprise")
    ax.plot(grid, heads, color=COLORS["p"], linestyle="--", linewidth=1.6,
            label="heads' share: $p \\log_2 \\frac{1}{p}$")
    ax.plot(grid, tails, color=COLORS["neutral"], linestyle=":", linewidth=1.8,
            label="tails' share: $(1-p) \\log_2 \\frac{1}{1-p}$")
    ax.vlines(p, 0, hp, color=COLORS["highlight"], linestyle=":", linewidth=1.5)
    ax.plot([p], [hp], "o", color=COLORS["highlight"], markersize=10, zorder=3,
            label=f"p = {p:.3g}: {hp:.3f} bits")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1.45)
    ax.set_xlabel("p, probability of heads")
    ax.set_ylabel("entropy (bits per flip)")
    ax.legend(loc="upper center", ncol=2, fontsize=10)
    ax.set_title(f"a coin with P(heads) = {p:.3g} carries {hp:.3f} bits per flip")
    return fig


def log_inequality(x=2.0):
    r"""The inequality :math:`\ln x \le x - 1`: the line is the tangent of :math:`\ln` at 1.

    Parameters
    ----------
    x : float
        A point marked on both curves, > 0; the gap :math:`x - 1 - \ln x \ge 0` is drawn.

    Returns
    -------
    Figure
    """
    x = float(x)
    if not x > 0:
        raise ValueError(f"x must be > 0, got {x}")
    grid = np.linspace(0.05, 4.0, 400)
    fig, ax = new_figure(width=7.0, height=4.0)
    ax.plot(grid, grid - 1, color=COLORS["neutral"], linestyle="--", label="$x - 1$")
    ax.plot(grid, np.log(grid), color=COLORS["p"], label="$\\ln x$")
    ax.plot([1], [0], "o", color=COLORS["entropy"], markersize=9, zorder=3,
            label="equal only at $x = 1$")
    ax.vlines(x, math.log(x), x - 1, color=COLORS["highlight"], linewidth=3,
              label=f"gap at x = {x:.3g}: {x - 1 - math.log(x):.3f}")
    ax.set_xlim(0, 4.0)
    ax.set_ylim(-3.0, 3.0)
    ax.set_xlabel("x")
    ax.set_ylabel("value (nats)")
    ax.legend(loc="upper left")
    ax.set_title("$\\ln x$ never rises above its tangent at $x = 1$", fontsize=13)
    return fig


def categorical(w1=4.0, w2=2.0, w3=1.0, w4=1.0):
    r"""Four weights, normalised to a distribution, with its entropy against :math:`\log_2 4`.

    Each bar is labelled with its surprise :math:`-\log_2 p_i`; the entropy is their
    average weighted by :math:`p_i`.

    Parameters
    ----------
    w1, w2, w3, w4 : float
        Non-negative weights (rescaled with :func:`lib.normalize`).

    Returns
    -------
    Figure
    """
    w = np.array([w1, w2, w3, w4], dtype=float)
    fig, (bars, gauge) = new_figure(1, 2, width=9.6, height=4.4,
                                    gridspec_kw={"width_ratios": [2.2, 1]})
    names = ["A", "B", "C", "D"]
    k = len(w)
    top = math.log2(k)
    if w.sum() == 0:
        p = np.zeros(k)
        h = None
    else:
        p = measures.normalize(w)
        h = float(measures.entropy(p, base=2))
    bars.bar(names, p, color=COLORS["p"], width=0.6)
    for i, pi in enumerate(p):
        label = f"{pi:.3g}\n{float(measures.surprise(pi, base=2)):.2f} bits" if pi > 0 else "0\nnever"
        bars.text(i, pi + 0.02, label, ha="center", va="bottom", fontsize=12)
    bars.set_ylim(0, 1.3)
    bars.set_xlabel("outcome")
    bars.set_ylabel("probability (label: surprise)")
    gauge.bar(["H(p)", "$\\log_2 4$"], [h or 0.0, top],
              color=[COLORS["entropy"], COLORS["neutral"]], width=0.6)
    gauge.set_ylim(0, top * 1.25)
    gauge.set_ylabel("bits")
    gauge.set_xlabel("entropy vs its maximum")
    if h is None:
        fig.suptitle("all weights are 0: there is no distribution to normalise; raise one")
    else:
        gauge.text(0, h + 0.05, f"{h:.3f}", ha="center", va="bottom", fontsize=11)
        gauge.text(1, top + 0.05, f"{top:.0f}", ha="center", va="bottom", fontsize=11)
        if h < 1e-12:
            fig.suptitle("one certain outcome: H = 0 bits, nothing left to learn")
        elif top - h < 1e-12:
            fig.suptitle("all four equally likely: the maximum, H = log2 4 = 2 bits")
        else:
            fig.suptitle(f"H = {h:.3f} bits: {h / top:.0%} of the maximum, "
                         "reached only when all four are equal")
    return fig


def code_space(probs=(0.4, 0.3, 0.2, 0.1), labels=None):
    r"""Code space: a codeword of length :math:`\ell` takes a share :math:`2^{-\ell}` of it.

    Every infinite string of bits starts with exactly one codeword of a complete prefix-free
    code, so the codewords split the interval [0, 1) of all bit strings: codeword ``w``
    owns the strings that start with ``w``, a share :math:`2^{-\ell}`. Each bit halves the
    share, as a yes/no question halves the candidates. Top row: the Huffman code's shares;
    bottom row: the probabilities, the shares of an ideal code with
    :math:`\ell_x = -\log_2 p(x)`.

    Parameters
    ----------
    probs : sequence of float
        The distribution (2 to 8 outcomes, to stay readable).
    labels : sequence of str, optional
        Names of the outcomes; default A, B, C, ...

    Returns
    -------
    Figure
    """
    p = np.asarray(probs, dtype=float)
    labels = list(labels) if labels is not None else [chr(ord("A") + i) for i in range(len(p))]
    code = coding.huffman_code(p, labels)
    order = sorted(code, key=lambda sym: code[sym])  # left to right in code space
    fig, ax = new_figure(width=9.6, height=3.6)
    depth = max(len(w) for w in code.values())
    for level in range(1, depth + 1):  # the questions: each bit halves every share
        for j in range(1, 2 ** level):
            ax.vlines(j / 2 ** level, 2.42, 2.42 + 0.3 / level, color=COLORS["neutral"],
                      linewidth=2.4 / level, zorder=1)
    start = 0.0
    for sym in order:
        word = code[sym]
        width = 2.0 ** -len(word)
        ax.barh(2, width, left=start, height=0.8, color=COLORS["entropy"], alpha=0.45,
                edgecolor="black", linewidth=1.5, zorder=2)
        ax.text(start + width / 2, 2, f"{sym} = {word}\n$2^{{-{len(word)}}}$", ha="center",
                va="center", fontsize=12, zorder=3)
        start += width
    start = 0.0
    for sym in order:
        pi = float(p[labels.index(sym)])
        ax.barh(1, pi, left=start, height=0.8, color=COLORS["p"], alpha=0.75,
                edgecolor="white", linewidth=2)
        ax.text(start + pi / 2, 1, f"{sym}\n{pi:.3g}", ha="center", va="center", fontsize=12,
                color="white")
        start += pi
    ax.set_yticks([1, 2], ["probability p(x)", "codeword share $2^{-\\ell_x}$"])
    ax.set_xlim(0, 1)
    ax.set_ylim(0.4, 2.8)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.grid(False)
    ax.set_xlabel("share of all bit strings (ticks: where the 1st, 2nd, 3rd bit, or question, splits)")
    ax.set_ylabel("what fills it")
    ax.set_title(f"Kraft sum {coding.kraft_sum(code):g}: the shares fill the space; "
                 "the best code makes each share its probability", fontsize=12)
    return fig


def huffman_tree(probs=(0.4, 0.3, 0.2, 0.1), labels=None):
    """The tree of a Huffman code: each leaf's codeword is its path from the root.

    Parameters
    ----------
    probs : sequence of float
        The distribution (2 to about 12 outcomes, to stay readable).
    labels : sequence of str, optional
        Names of the outcomes; default A, B, C, ...

    Returns
    -------
    Figure
    """
    p = np.asarray(probs, dtype=float)
    labels = list(labels) if labels is not None else [chr(ord("A") + i) for i in range(len(p))]
    code = coding.huffman_code(p, labels)
    mass = {}
    for sym, word in code.items():
        for j in range(len(word) + 1):
            mass[word[:j]] = mass.get(word[:j], 0.0) + p[labels.index(sym)]
    leaves = sorted(code.values())
    x = {word: float(i) for i, word in enumerate(leaves)}
    for node in sorted(mass, key=len, reverse=True):  # children before parents
        if node not in x:
            x[node] = 0.5 * (x[node + "0"] + x[node + "1"])
    depth = max(len(w) for w in leaves)
    fig, ax = new_figure(width=8.5, height=1.5 + 1.2 * depth)
    for node in mass:
        if node:
            parent = node[:-1]
            ax.plot([x[parent], x[node]], [-len(parent), -len(node)], color=COLORS["neutral"],
                    linewidth=1.6, zorder=1)
            ax.text(0.5 * (x[parent] + x[node]), -len(node) + 0.5, node[-1],
                    ha="center", va="center", fontsize=12, color="black",
                    bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    for node, m in mass.items():
        leaf = node in x and node in leaves
        color = COLORS["p"] if leaf else COLORS["neutral"]
        ax.plot([x[node]], [-len(node)], "o", color=color, markersize=40 if leaf else 36, zorder=2)
        ax.text(x[node], -len(node), f"{m:.2g}", ha="center", va="center", color="white",
                fontsize=13, fontweight="bold", zorder=3)
    by_word = {w: s for s, w in code.items()}
    for word in leaves:
        ax.text(x[word], -len(word) - 0.42, f"{by_word[word]}\n{word}", ha="center", va="top",
                fontsize=13)
    ax.set_xlim(-0.7, len(leaves) - 0.3)
    ax.set_ylim(-depth - 1.4, 0.6)
    ax.axis("off")
    avg = coding.average_length(code, p)
    h = float(measures.entropy(p, base=2))
    ax.set_title(f"Huffman tree: average length {avg:.3f} bits, entropy {h:.3f} bits "
                 "(grey: merged nodes)", fontsize=12)
    return fig


def block_coding(p=0.9, max_block=12):
    r"""How far a Huffman code over blocks of ``n`` flips stays above the entropy.

    The rate :math:`L_n / n` lies between the entropy :math:`H_b(p)` and
    :math:`H_b(p) + 1/n`. Left: the rate itself against ``n``. Right: the excess
    :math:`L_n/n - H_b(p)` on a log axis against the bound :math:`1/n`, where the ups
    and downs of the excess show.

    Parameters
    ----------
    p : float
        Probability of heads, in (0, 1), not a power of 1/2 for both outcomes (for
        ``p = 1/2`` the excess is 0 and has no logarithm).
    max_block : int
        Longest block (``2**max_block`` codewords are built; at most 12).

    Returns
    -------
    Figure
    """
    max_block = int(max_block)
    if not 1 <= max_block <= 12:
        raise ValueError(f"max_block must be between 1 and 12, got {max_block}")
    n = np.arange(1, max_block + 1)
    rate = np.array([_block_rate(float(p), int(k)) for k in n])
    h = float(measures.binary_entropy(p, base=2))
    excess = rate - h
    if not np.all(excess > 0):
        raise ValueError(f"p = {p}: the code reaches the entropy, so the excess has no log")
    fig, (level, gap) = new_figure(1, 2, width=9.6, height=4.3)
    level.fill_between(n, h, h + 1.0 / n, color=COLORS["entropy"], alpha=0.15,
                       label="guaranteed: $H$ to $H + 1/n$")
    level.plot(n, rate, "o-", color=COLORS["p"], label="Huffman on blocks of n")
    level.axhline(h, color=COLORS["entropy"], linestyle="--", label=f"entropy {h:.3f} bits")
    level.set_xlabel("block length n (flips coded together)")
    level.set_ylabel("average bits per flip")
    level.set_ylim(0, max(1.6, h + 1.1))
    level.set_xticks(n[::2] if max_block > 6 else n)
    level.legend(loc="upper right", fontsize=10)
    level.set_title(f"P(heads) = {p:.3g}: the rate falls to the floor", fontsize=12)
    gap.plot(n, 1.0 / n, color=COLORS["neutral"], linestyle="--", label="bound $1/n$")
    gap.plot(n, excess, "o-", color=COLORS["p"], label="excess $L_n/n - H$")
    ups = [k for k in range(1, len(n)) if excess[k] > excess[k - 1]]
    if ups:
        gap.plot(n[ups], excess[ups], "o", color=COLORS["highlight"], markersize=11,
                 zorder=3, label="longer block, larger excess")
    gap.set_yscale("log")
    gap.set_yticks([1e-3, 1e-2, 0.1, 1.0], ["0.001", "0.01", "0.1", "1"])
    gap.yaxis.set_minor_locator(NullLocator())
    gap.set_ylim(min(1e-3, float(excess.min()) / 2), 4.0)
    gap.set_xlabel("block length n")
    gap.set_ylabel("bits per flip above the entropy")
    gap.set_xticks(n[::2] if max_block > 6 else n)
    gap.legend(loc="upper right", fontsize=10)
    gap.set_title("the excess, on a log axis", fontsize=12)
    return fig


@functools.lru_cache(maxsize=256)
def _block_rate(p, n):
    return coding.block_rate(p, n)


def compression(rates=None):
    """Bits per character of texts: entropy estimates against real compressors.

    Parameters
    ----------
    rates : dict
        ``text label -> {measure label -> bits per character}``. Every text has the same
        measures in the same order; the first measure is drawn as a dashed level across
        the figure, so put the single-character entropy first.

    Returns
    -------
    Figure
    """
    if not rates:
        raise ValueError("rates must map each text to its measures")
    texts = list(rates)
    names = list(rates[texts[0]])
    colors = [COLORS["p"], PALETTE["sky"], COLORS["highlight"], COLORS["kl"]]
    fig, ax = new_figure(width=9.0, height=4.6)
    width = 0.8 / len(texts)
    idx = np.arange(len(names))
    for j, t in enumerate(texts):
        vals = np.array([rates[t][m] for m in names], dtype=float)
        xs = idx + (j - (len(texts) - 1) / 2) * width
        color = colors[j % len(colors)]
        ax.bar(xs, vals, width=width * 0.92, color=color, label=t)
        for x, v in zip(xs, vals):
            ax.text(x, v + 0.08, f"{v:.2f}", ha="center", va="bottom", fontsize=10, zorder=4,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        ax.axhline(vals[0], color=color, linestyle="--", linewidth=1.3, alpha=0.8, zorder=0.5)
    ax.axhline(8, color=COLORS["neutral"], linestyle=":", linewidth=1.4)
    ax.text(len(names) - 0.5, 7.85, "8 bits per character: the text stored as bytes",
            ha="right", va="top", fontsize=10, color=COLORS["neutral"])
    ax.set_xticks(idx, names)
    ax.set_xlabel("single-character entropy, pair-based entropy, and three real compressors")
    ax.set_ylabel("bits per character")
    ax.set_ylim(0, 8.4)
    ax.legend(loc="upper left", fontsize=10)
    return fig


def joint_2x2(px=0.5, py=0.5, dependence=0.0):
    r"""A valid 2×2 joint table with given marginals and a dependence knob.

    With :math:`a = P(X{=}1)`, :math:`b = P(Y{=}1)` and ``dependence`` :math:`t \in [-1, 1]`,
    the corner :math:`P(X{=}1, Y{=}1)` moves from :math:`ab` (independence, :math:`t = 0`)
    towards its largest possible value :math:`\min(a, b)` (:math:`t = 1`) or its smallest,
    :math:`\max(0, a + b - 1)` (:math:`t = -1`); the other cells follow from the marginals.
    Every ``t`` in [-1, 1] gives a valid table.

    Returns
    -------
    ndarray, shape (2, 2)
        ``table[x, y]``; rows are X = 0, 1 and columns Y = 0, 1.
    """
    if not -1.0 <= dependence <= 1.0:
        raise ValueError(f"dependence must lie in [-1, 1], got {dependence}")
    a = float(as_probabilities(px, "px"))
    b = float(as_probabilities(py, "py"))
    ind = a * b
    if dependence >= 0:
        p11 = ind + dependence * (min(a, b) - ind)
    else:
        p11 = ind + dependence * (ind - max(0.0, a + b - 1.0))
    table = np.array([[1.0 - a - b + p11, b - p11], [a - p11, p11]])
    return np.clip(table, 0.0, 1.0)


def joint_table(px=0.5, py=0.5, dependence=0.5):
    r"""A 2×2 joint table with its marginals, and its information diagram.

    The bars show :math:`H(X) = H(X|Y) + I(X;Y)`, :math:`H(Y) = I(X;Y) + H(Y|X)` and
    :math:`H(X, Y) = H(X|Y) + I(X;Y) + H(Y|X)`, with
    :math:`I(X;Y) = \mathrm{KL}(p(x,y) \,\|\, p(x)p(y))` in the KL colour and the two
    conditional entropies in the entropy colour. Each part is labelled with its value, so a
    small :math:`I(X;Y)` stays readable when its bar is a sliver.

    Parameters
    ----------
    px, py : float
        :math:`P(X{=}1)` and :math:`P(Y{=}1)`, in [0, 1].
    dependence : float
        In [-1, 1]; 0 is independence (see :func:`joint_2x2`).

    Returns
    -------
    Figure
    """
    t = joint_2x2(px, py, dependence)
    hx = float(measures.entropy(t.sum(axis=1), base=2))
    hy = float(measures.entropy(t.sum(axis=0), base=2))
    hxy = measures.joint_entropy(t, base=2)
    mi = max(measures.mutual_information(t, base=2), 0.0)
    hx_y = max(hxy - hy, 0.0)
    hy_x = max(hxy - hx, 0.0)
    fig, (tab, diag) = new_figure(1, 2, width=9.6, height=4.4,
                                  gridspec_kw={"width_ratios": [1, 1.9]})
    tab.imshow(t, cmap="Blues", vmin=0, vmax=1, extent=(-0.5, 1.5, 1.5, -0.5))
    for i in range(2):
        for j in range(2):
            tab.text(j, i, f"{t[i, j]:.3f}", ha="center", va="center", fontsize=13,
                     color="white" if t[i, j] > 0.55 else "black")
        tab.text(2.0, i, f"{t[i].sum():.2f}", ha="center", va="center", fontsize=12,
                 color=COLORS["neutral"], style="italic")
        tab.text(i, 2.0, f"{t[:, i].sum():.2f}", ha="center", va="center", fontsize=12,
                 color=COLORS["neutral"], style="italic")
    tab.set_xlim(-0.5, 2.5)
    tab.set_ylim(2.5, -0.5)
    tab.set_xticks([0, 1, 2], ["0", "1", "p(x)"])
    tab.set_yticks([0, 1, 2], ["0", "1", "p(y)"])
    tab.set_xlabel("Y")
    tab.set_ylabel("X")
    tab.grid(False)
    tab.set_title("p(x, y) and its marginals", fontsize=12)
    parts = {"H(X|Y)": (hx_y, COLORS["entropy"], None),
             "I(X;Y)": (mi, COLORS["kl"], None),
             "H(Y|X)": (hy_x, COLORS["entropy"], "//")}
    rows = [("H(X, Y)", ["H(X|Y)", "I(X;Y)", "H(Y|X)"], 0.0),
            ("H(X)", ["H(X|Y)", "I(X;Y)"], 0.0),
            ("H(Y)", ["I(X;Y)", "H(Y|X)"], hx_y)]
    seen = set()
    for r, (label, names, start) in enumerate(rows):
        left = start
        for name in names:
            width, color, hatch = parts[name]
            diag.barh(r, width, left=left, height=0.6, color=color,
                      alpha=0.55 if hatch else 0.85, hatch=hatch, edgecolor="white",
                      linewidth=1.5, label=None if name in seen else name)
            seen.add(name)
            if width > 0.12:
                diag.text(left + width / 2, r, f"{width:.2f}", ha="center", va="center",
                          fontsize=11, color="black")
            left += width
        diag.text(left + 0.03, r, f"{label} = {left - start:.2f}", ha="left", va="center",
                  fontsize=11)
    if mi <= 0.12:  # too thin to carry its own label: point at it from below
        diag.annotate(f"I(X;Y) = {mi:.3f}", xy=(hx_y + mi / 2, 2.3), xytext=(max(hx_y + mi / 2, 0.45), 2.8),
                      ha="center", va="center", fontsize=11, color=COLORS["kl"],
                      arrowprops={"arrowstyle": "->", "color": COLORS["kl"], "linewidth": 1.5})
    diag.set_yticks(range(3), [r[0] for r in rows])
    diag.set_xlim(0, 2.75)
    diag.set_ylim(3.2, -0.85)  # headroom: the legend sits above the H(X, Y) bar
    diag.set_xlabel("bits")
    diag.set_ylabel("quantity")
    diag.legend(loc="upper right", ncol=3, fontsize=10)
    state = "independent" if mi < 5e-13 else "dependent"
    diag.set_title(f"X and Y are {state}: they share {mi:.3f} bits", fontsize=12)
    return fig


def differential(sigma=1.0):
    r"""Differential entropy of :math:`N(0, \sigma^2)`, :math:`h = \tfrac12 \log_2(2\pi e \sigma^2)`.

    Left: the density, with :math:`\sigma` in metres. Right: :math:`h` against
    :math:`\sigma` twice, for the same spread written in metres and in centimetres; the
    two curves differ by :math:`\log_2 100` everywhere. In metres, :math:`h` is negative
    below :math:`\sigma = 1/\sqrt{2\pi e} \approx 0.242`.

    Parameters
    ----------
    sigma : float
        Standard deviation in metres, in [0.01, 10].

    Returns
    -------
    Figure
    """
    sigma = float(sigma)
    if not 0.01 <= sigma <= 10:
        raise ValueError(f"sigma must lie in [0.01, 10] metres, got {sigma}")
    h = float(gaussian.entropy_normal(sigma, base=2))
    h_cm = float(gaussian.entropy_normal(100 * sigma, base=2))
    fig, (dens, curve) = new_figure(1, 2, width=9.6, height=4.3)
    half = max(3.0, 4.0 * sigma)
    x = np.sort(np.concatenate([np.linspace(-half, half, 801), np.linspace(-5 * sigma, 5 * sigma, 401)]))
    f = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    dens.plot(x, f, color=COLORS["p"], label=f"N(0, {sigma:.3g}²)")
    dens.fill_between(x, f, color=COLORS["p"], alpha=0.15)
    dens.set_xlim(-half, half)
    dens.set_ylim(0, max(float(f.max()) * 1.15, 0.5))
    dens.set_xlabel("x (metres)")
    dens.set_ylabel("density (per metre)")
    dens.legend(loc="upper left")
    dens.set_title(f"σ = {sigma:.3g} m = {100 * sigma:.3g} cm", fontsize=12)
    grid = np.geomspace(0.01, 10, 300)
    curve.plot(grid, gaussian.entropy_normal(100 * grid, base=2), color=COLORS["entropy"],
               linestyle="--", label="in centimetres")
    curve.plot(grid, gaussian.entropy_normal(grid, base=2), color=COLORS["entropy"],
               label="in metres")
    curve.axhline(0, color=COLORS["neutral"], linewidth=1.2)
    zero = 1 / math.sqrt(2 * math.pi * math.e)
    curve.axvline(zero, color=COLORS["neutral"], linestyle=":", linewidth=1.4,
                  label=f"σ = {zero:.3f} m: h = 0 in metres")
    curve.plot([sigma, sigma], [h, h_cm], "o", color=COLORS["highlight"], markersize=10,
               zorder=3, label=f"this σ: {h:.2f} / {h_cm:.2f} bits")
    curve.vlines(sigma, h, h_cm, color=COLORS["highlight"], linewidth=1.5, linestyle=":")
    curve.set_xscale("log")
    curve.set_xticks([0.01, 0.1, 1.0, 10.0], ["0.01", "0.1", "1", "10"])
    curve.xaxis.set_minor_locator(NullLocator())
    curve.set_xlim(0.01, 10)
    curve.set_ylim(-6, 14)
    curve.set_xlabel("σ in metres (log scale)")
    curve.set_ylabel("differential entropy h (bits)")
    curve.legend(loc="upper left", fontsize=10)
    curve.set_title(f"same spread, two units: {h_cm - h:.2f} bits apart", fontsize=12)
    return fig
