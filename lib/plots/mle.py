"""Figures of ``06_mle.ipynb``: maximum likelihood as minimum forward KL to the data.

The data are the words of Python's help pages (:func:`lib.corpora.pydoc_split`) and daily
Google returns (:func:`lib.corpora.goog_log_returns`). What a slider needs is computed once
and cached (``functools.lru_cache``), so that moving it only draws.
"""

import functools
import math

import numpy as np
from matplotlib.colors import LogNorm
from scipy import stats

from .. import corpora, measures, mle, ngram
from .style import COLORS, new_figure

__all__ = ["identity", "bigram_table", "descent", "heldout", "returns", "projection",
           "excess_kl"]

ALPHAS = np.logspace(-3, 1, 161)
"""The grid of pseudo-counts on which :func:`heldout` draws its curves."""


# ----------------------------------------------------------------- 1. the identity
@functools.lru_cache(maxsize=1)
def word_lengths():
    """The lengths of the training words and their frequencies ``p̂(L)``, ``L = 1, 2, ...``."""
    train, _ = corpora.pydoc_split()
    lengths = np.array([len(w) for w in train])
    counts = np.bincount(lengths)[1:].astype(float)
    return lengths, np.arange(1, counts.size + 1), counts / counts.sum()


def _geometric_log(theta, ells):
    return np.log(theta) + (ells - 1) * np.log1p(-theta)


def identity(theta=0.2):
    """Word lengths against a geometric model: −average log-likelihood, H(p̂, q) and KL vs θ."""
    lengths, ells, p_hat = word_lengths()
    thetas = np.linspace(0.06, 0.6, 271)
    logq = _geometric_log(thetas[:, None], ells[None, :])
    ce = -(p_hat * logq).sum(axis=1)
    h = measures.entropy(p_hat)
    best = 1.0 / lengths.mean()
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.0)
    ax1.bar(ells, p_hat, color=COLORS["p"], alpha=0.75, label="data p̂(L)")
    ax1.plot(ells, np.exp(_geometric_log(theta, ells)), "o-", color=COLORS["q"], ms=5,
             label=f"geometric, θ = {theta:.2f}")
    ax1.set(xlabel="word length L (letters)", ylabel="probability", xlim=(0.3, ells[-1] + 0.7))
    ax1.legend(loc="upper right")
    ax2.plot(thetas, ce, color=COLORS["q"], label="−avg log-likelihood = H(p̂, q_θ)")
    ax2.plot(thetas, ce - h, color=COLORS["kl"], label="KL(p̂ ‖ q_θ)")
    ax2.axhline(h, color=COLORS["entropy"], ls="--", label="H(p̂), fixed")
    ax2.axvline(best, color=COLORS["neutral"], lw=1.2, ls=":")
    ax2.plot([theta], [-(p_hat * _geometric_log(theta, ells)).sum()], "o",
             color=COLORS["highlight"])
    ax2.annotate(f"both minimal at\nθ̂ = 1/mean L = {best:.3f}", (best, h - h * 0.02),
                 xytext=(best + 0.08, 0.55 * h), fontsize=10,
                 arrowprops=dict(arrowstyle="->", color=COLORS["neutral"]))
    ax2.set(xlabel="model parameter θ", ylabel="nats per word", ylim=(0, 1.9 * h))
    ax2.legend(loc="upper left", fontsize=9.5)
    return fig


# ----------------------------------------------------------------- 2. the bigram model
@functools.lru_cache(maxsize=1)
def _tables():
    train, held = corpora.pydoc_split()
    return ngram.bigram_counts(train), ngram.bigram_counts(held)


def bigram_table():
    """The counted bigram model q(next | previous) as a heat map; ✕ marks held-out pairs it calls impossible."""
    c_train, c_held = _tables()
    q = ngram.smoothed(c_train, 0.0)
    shown = np.where(q > 0, q, np.nan)
    fig, ax = new_figure(width=7.2, height=6.0)
    im = ax.imshow(shown, cmap="viridis", norm=LogNorm(vmin=1e-5, vmax=1), aspect="equal")
    fig.colorbar(im, ax=ax, label="q(next | previous)", shrink=0.85)
    zero_r, zero_c = np.nonzero((c_train == 0) & (c_held > 0))
    ax.plot(zero_c, zero_r, "x", color=COLORS["q"], ms=7, mew=2,
            label="0 in training, seen in held-out words")
    ticks = list(ngram.ALPHABET)
    ax.set_xticks(range(27), ticks, fontsize=8.5)
    ax.set_yticks(range(27), ticks, fontsize=8.5)
    ax.grid(False)
    ax.set(xlabel="next symbol (. = end of word)", ylabel="previous symbol (. = start)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), fontsize=10, frameon=False)
    return fig


def descent(steps=(), heldout=(), train_gap=(), unseen=(), best_smoothed=None):
    """Gradient descent on the logits: the training gap to counting, and the held-out score."""
    steps = np.asarray(steps, dtype=float)
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.0)
    ax1.loglog(steps, train_gap, color=COLORS["q"], label="training loss − counted optimum")
    ax1.loglog(steps, unseen, color=COLORS["highlight"],
               label="mean q of the held-out\npredictions unseen in training")
    ax1.set(xlabel="gradient-descent steps", ylabel="nats  /  probability")
    ax1.legend(loc="lower left", fontsize=9.5)
    ax2.semilogx(steps, heldout, color=COLORS["q"], label="descent, stopped at this step")
    if best_smoothed is not None:
        ax2.axhline(best_smoothed, color=COLORS["neutral"], ls="--", label="best add-α (counting)")
    ax2.set(xlabel="gradient-descent steps", ylabel="held-out cross-entropy (nats/symbol)",
            ylim=(2.285, 2.335))
    ax2.text(0.03, 0.40, "counting (no smoothing),\nthe limit of the descent: ∞", transform=ax2.transAxes,
             ha="left", va="top", color=COLORS["neutral"], fontsize=10.5)
    ax2.legend(loc="upper right", fontsize=9.5)
    return fig


# ----------------------------------------------------------------- 3. held-out and α
@functools.lru_cache(maxsize=1)
def _streams():
    train, held = corpora.pydoc_split()
    prev, nxt = ngram.encode(train)
    ends = np.cumsum([len(w) + 1 for w in train])  # tokens after each word
    return prev * 27 + nxt, ends, ngram.bigram_counts(held), len(train)


def _prefix_counts(n_words):
    codes, ends, _, _ = _streams()
    return np.bincount(codes[: ends[n_words - 1]], minlength=27 * 27).reshape(27, 27).astype(float)


def _curves(counts, held):
    """Held-out cross-entropy, training cross-entropy and −LOO on the α grid."""
    a = ALPHAS[:, None, None]
    n = counts.sum(axis=1, keepdims=True)[None]
    logq = np.log((counts[None] + a) / (n + 27 * a))
    ce_held = -(held[None] * logq).sum(axis=(1, 2)) / held.sum()
    ce_train = -(counts[None] * logq).sum(axis=(1, 2)) / counts.sum()
    seen = counts > 0
    loo_ratio = (counts[None] - 1 + a) / np.maximum(n - 1 + 27 * a, 1e-300)
    loo = -(np.where(seen[None], counts[None] * np.log(np.where(seen[None], loo_ratio, 1.0)), 0.0)
            .sum(axis=(1, 2))) / counts.sum()
    return ce_held, ce_train, loo


SIZES = np.unique(np.round(np.logspace(np.log10(30), np.log10(51428), 40)).astype(int))
"""The training sizes (words) at which :func:`heldout` marks the best α."""


@functools.lru_cache(maxsize=1)
def _best_by_size():
    _, _, held, n_all = _streams()
    sizes = np.append(SIZES[SIZES < n_all], n_all)
    best_held, best_loo = [], []
    for s in sizes:
        ce_held, _, loo = _curves(_prefix_counts(s), held)
        best_held.append(ALPHAS[np.argmin(ce_held)])
        best_loo.append(ALPHAS[np.argmin(loo)])
    return sizes, np.array(best_held), np.array(best_loo)


def heldout(alpha=0.3, n_words=51428):
    """Add-α bigram: held-out and training cross-entropy against α, and the best α against data size."""
    _, _, held, n_all = _streams()
    n_words = int(min(max(round(n_words), 1), n_all))
    counts = _prefix_counts(n_words)
    ce_held, ce_train, loo = _curves(counts, held)
    q = ngram.smoothed(counts, alpha)
    h = ngram.cross_entropy(held, q)
    i = int(np.argmin(ce_held))
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.2)
    ax1.semilogx(ALPHAS, ce_held, color=COLORS["q"], label="held-out words")
    ax1.semilogx(ALPHAS, loo, color=COLORS["neutral"], ls="-.", label="leave-one-out (training)")
    ax1.semilogx(ALPHAS, ce_train, color=COLORS["p"], ls="--", label="training words")
    ax1.plot([ALPHAS[i]], [ce_held[i]], "*", color=COLORS["q"], ms=13, ls="none",
             label=f"best α on held-out ≈ {ALPHAS[i]:.2g}")
    ax1.plot([alpha], [h], "o", color=COLORS["highlight"], ms=9, ls="none", label="your α")
    ax1.set(xlabel="pseudo-count α (log scale)", ylabel="cross-entropy (nats/symbol)")
    low = min(ce_train.min(), ce_held.min())
    high = min(max(ce_held[0], loo[0], ce_held[-1]), 4.6)
    span = max(high - low, 0.1)
    ax1.set_ylim(low - 0.05 * span, high + 0.55 * span)  # headroom for the legend
    ax1.legend(loc="upper center", ncol=2, fontsize=9, columnspacing=1.0)
    unseen = int(held[counts == 0].sum())
    infinite = f"; at α = 0 held-out is ∞ ({unseen:,} unseen)" if unseen else ""
    ax1.set_title(f"{n_words:,} training words{infinite}\n"
                  f"α = {alpha:.3g}: held-out {h:.3f} nats = {h / math.log(2):.3f} bits, "
                  f"perplexity {math.exp(h):.1f}", fontsize=10.5)
    sizes, best_held, best_loo = _best_by_size()
    ax2.loglog(sizes, best_held, "o-", color=COLORS["q"], ms=4, label="best α on held-out words")
    ax2.loglog(sizes, best_loo, "s--", color=COLORS["neutral"], ms=4, label="α chosen by leave-one-out")
    ax2.axvline(n_words, color=COLORS["highlight"], lw=1.5)
    ax2.set(xlabel="training words (log scale)", ylabel="pseudo-count α", ylim=(5e-4, 20))
    ax2.legend(loc="lower left", fontsize=9.5)
    return fig


# ----------------------------------------------------------------- 5. continuous data
@functools.lru_cache(maxsize=1)
def _goog():
    _, x = corpora.goog_log_returns()
    train, held = corpora.split_by_position(x, 2 / 3)
    return train, held, mle.fit_normal(train), mle.fit_student_t(train)


def returns():
    """Daily Google log-returns: a normal and a Student-t fitted by maximum likelihood."""
    train, held, (mu, sigma), (df, loc, scale) = _goog()
    x = np.linspace(-0.2, 0.2, 801)
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.0)
    for ax, legend in ((ax1, True), (ax2, False)):
        ax.hist(train, bins=np.linspace(-0.2, 0.2, 81), density=True, color=COLORS["p"],
                alpha=0.55, label="training days" if legend else "_training")
        ax.plot(x, stats.norm.pdf(x, mu, sigma), color=COLORS["q"],
                label="normal (MLE)" if legend else "_normal")
        ax.plot(x, stats.t.pdf(x, df, loc, scale), color=COLORS["neutral"], ls="--",
                label=f"Student-t, ν = {df:.1f} (MLE)" if legend else "_t")
        ax.set(xlabel="daily log-return", ylabel="density (per unit return)")
    ax1.set_xlim(-0.1, 0.1)
    ax1.set_xticks([-0.1, -0.05, 0.0, 0.05, 0.1])
    ax1.legend(loc="upper left", fontsize=9.5)
    ax2.set_yscale("log")
    ax2.set_ylim(1e-3, 60)
    ax2.plot(held, np.full(held.size, 1.6e-3), "|", color=COLORS["p"], ms=10,
             label="held-out days")
    ax2.legend(loc="upper right", fontsize=9.5)
    ax2.set_title("log scale: the tails", fontsize=12)
    return fig


@functools.lru_cache(maxsize=1)
def _t4_fits():
    rng = np.random.default_rng(4)
    sizes = np.array([10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000])
    fits = np.array([[mle.fit_normal(rng.standard_t(4, size=n))[1] for _ in range(30)]
                     for n in sizes])
    return sizes, fits


def projection():
    """A normal fitted to t(4) data: the fit converges to the KL projection, σ = √2."""
    sigmas = np.linspace(0.6, 3.0, 241)
    h_t = float(stats.t(4).entropy())
    kl = np.log(sigmas) + 0.5 * np.log(2 * np.pi) + 2.0 / (2 * sigmas**2) - h_t
    sizes, fits = _t4_fits()
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.0)
    ax1.plot(sigmas, kl, color=COLORS["kl"], label="KL(t₄ ‖ N(0, σ²))")
    ax1.axvline(math.sqrt(2), color=COLORS["highlight"], ls="--", label="σ = √2, its minimum")
    ax1.axvline(1.0, color=COLORS["neutral"], ls=":", label="σ = 1, the scale of t₄")
    ax1.set(xlabel="σ of the normal", ylabel="KL (nats)", ylim=(0, 0.6))
    ax1.legend(loc="upper right", fontsize=9.5)
    for j in range(fits.shape[1]):
        ax2.semilogx(sizes, fits[:, j], color=COLORS["q"], alpha=0.15, lw=1)
    ax2.semilogx(sizes, np.median(fits, axis=1), "o-", color=COLORS["q"], ms=5,
                 label="fitted σ̂ (30 samples per N; median)")
    ax2.axhline(math.sqrt(2), color=COLORS["highlight"], ls="--", label="√2")
    ax2.axhline(1.0, color=COLORS["neutral"], ls=":", label="1")
    ax2.set(xlabel="sample size N (log scale)", ylabel="maximum-likelihood σ̂", ylim=(0.5, 2.5))
    ax2.legend(loc="upper right", fontsize=9.5)
    return fig


# ----------------------------------------------------------------- 6. how much data
N_RANGE = (5, 1000)
"""The sample sizes :func:`excess_kl` can show."""


@functools.lru_cache(maxsize=1)
def _excess_table(reps=2000, seed=6):
    rng = np.random.default_rng(seed)
    ns = np.arange(N_RANGE[0], N_RANGE[1] + 1)
    return ns, np.array([mle.excess_kl_normal(n, reps, rng, sufficient=True) for n in ns])


def excess_kl(n=30):
    """How far a fitted normal lands from the truth: simulated KL, its exact mean, and k/(2N)."""
    ns, table = _excess_table()
    n = int(min(max(round(n), ns[0]), ns[-1]))
    sims = table[n - ns[0]]
    fig, (ax1, ax2) = new_figure(1, 2, width=9.6, height=4.0)
    ax1.loglog(ns, table.mean(axis=1), color=COLORS["q"], lw=1.2, alpha=0.8,
               label="simulated mean (2,000 fits per N)")
    ax1.loglog(ns, mle.expected_excess_kl_normal(ns), color=COLORS["kl"], ls="--",
               label="exact expectation")
    ax1.loglog(ns, 2 / (2 * ns), color=COLORS["neutral"], ls=":", label="k/(2N), k = 2")
    ax1.plot([n], [sims.mean()], "o", color=COLORS["highlight"], ms=9)
    ax1.set(xlabel="sample size N (log scale)", ylabel="E KL(truth ‖ fit) (nats)")
    ax1.legend(loc="lower left", fontsize=9.5)
    top = float(np.quantile(sims, 0.99))
    density, edges = np.histogram(sims, bins=np.linspace(0, top, 50), density=True)
    ax2.stairs(density, edges, fill=True, color=COLORS["q"], alpha=0.6,  # one artist, fast
               label=f"2,000 fits to N = {n} points")
    ax2.axvline(sims.mean(), color=COLORS["q"], label=f"mean {sims.mean():.4f}")
    ax2.axvline(1 / n, color=COLORS["neutral"], ls=":", label=f"k/(2N) = {1 / n:.4f}")
    ax2.set(xlabel="KL(truth ‖ fit) (nats)", ylabel="density (per nat)", xlim=(0, top))
    ax2.legend(loc="upper right", fontsize=9.5)
    return fig
