"""Figures for ``04_kl_divergence.ipynb``: KL as extra code length, Gibbs' inequality, and
where KL breaks (disjoint supports, smoothing, truncated grids) next to Wasserstein-1.

The sliding example and the smoothing patch are math, so they live in :mod:`lib.transport`
(:func:`~lib.transport.bumps`, :func:`~lib.transport.mix_uniform`); this module only draws.
"""

import functools

import numpy as np
from scipy import special

from .. import continuous, gaussian, measures, transport
from .style import COLORS, PALETTE, integrand_panel, label_number, new_figure, new_figure_top_row

_JS = PALETTE["sky"]
_W1 = PALETTE["black"]


def _coin(p):
    return np.array([p, 1.0 - p])


_g = label_number


# ------------------------------------------------------------------ code length
def code_lengths(p=0.5, q=0.9):
    """KL as extra code length, for a coin ``p`` coded with a code built for the coin ``q``.

    Left: each outcome's code length, ideal (``-log2 p_i``) and actual (``-log2 q_i``).
    Right: their averages under ``p``, the entropy ``H(p)`` and the cross-entropy
    ``H(p, q) = H(p) + KL(p‖q)``, with KL as the extra part.

    Parameters
    ----------
    p : float
        True probability of heads, in [0.01, 0.99].
    q : float
        Probability of heads the code was built for, in [0.01, 0.99].

    Returns
    -------
    Figure
    """
    P, Q = _coin(p), _coin(q)
    ideal, used = -np.log2(P), -np.log2(Q)
    h = float(measures.entropy(P, base=2))
    kl = float(measures.kl_divergence(P, Q, base=2))
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.8,
                                    gridspec_kw={"width_ratios": [1.35, 1.0]})
    pos = np.arange(2)
    left.bar(pos - 0.19, ideal, width=0.36, color=COLORS["p"], label="code built for p: $-\\log_2 p_i$")
    left.bar(pos + 0.19, used, width=0.36, color=COLORS["q"], label="code built for q: $-\\log_2 q_i$")
    top = float(max(ideal.max(), used.max()))
    for i in range(2):
        extra = used[i] - ideal[i]
        label = f"extra {label_number(extra, '+.2f')} bits\n(weight p = {P[i]:.2f})"
        left.annotate(label, (pos[i], max(ideal[i], used[i])), xytext=(0, 6),
                      textcoords="offset points", ha="center", va="bottom", fontsize=11)
    left.set_xticks(pos, [f"heads\np={P[0]:.2f}, q={Q[0]:.2f}", f"tails\np={P[1]:.2f}, q={Q[1]:.2f}"])
    left.set_xlabel("outcome")
    left.set_ylabel("code length (bits)")
    left.set_ylim(0, top * 1.45 + 0.2)
    left.set_title("outcome by outcome: extra = $\\log_2(p_i/q_i)$", fontsize=12)

    right.bar([0, 1], [h, h], width=0.55, color=COLORS["entropy"], label="entropy H(p)")
    right.bar([1], [kl], bottom=[h], width=0.55, color=COLORS["kl"], label="extra: KL(p‖q)")
    if h > 0.12 * (h + kl):
        right.text(0, h / 2, f"H(p)\n{h:.3f}", ha="center", va="center", color="white", fontsize=11)
    else:
        right.text(0, h, f"H(p) = {h:.3f}", ha="center", va="bottom", fontsize=11)
    right.text(1, h + kl, f"H(p, q) = {h + kl:.3f}", ha="center", va="bottom", fontsize=11)
    if kl > 0.12 * (h + kl):
        right.text(1, h + kl / 2, f"KL\n{kl:.3f}", ha="center", va="center", color="white", fontsize=11)
    right.set_xticks([0, 1], ["code for p", "code for q"])
    right.set_xlabel("code used")
    right.set_ylabel("average length (bits per outcome)")
    right.set_ylim(0, (h + kl) * 1.25 + 0.1)
    right.set_title("averaged over p", fontsize=12)
    fig.legend(*_merged(left, right), loc="outside lower center", ncol=2, fontsize=10)
    fig.suptitle(f"H(p, q) = H(p) + KL(p‖q):  {h + kl:.3f} = {h:.3f} + {kl:.3f} bits")
    return fig


def _merged(*axes):
    handles, labels = [], []
    for ax in axes:
        for hd, lb in zip(*ax.get_legend_handles_labels()):
            if lb not in labels:
                handles.append(hd)
                labels.append(lb)
    return handles, labels


# ------------------------------------------------------------------- Jensen / Gibbs
def jensen(p=0.5, q=0.9):
    r"""Gibbs' inequality as a picture: the chord of the concave ``log`` lies below it.

    With ``t_i = q_i / p_i`` weighted by ``p_i``, the average of ``log2 t`` (a point on the
    chord) is ``-KL(p‖q)``, and ``log2`` of the average of ``t`` (a point on the curve) is
    ``log2 1 = 0``. The vertical gap between them at ``t = 1`` is ``KL(p‖q)`` bits.

    .. math:: -\mathrm{KL}(p\|q) = \sum_i p_i \log\frac{q_i}{p_i}
              \le \log \sum_i p_i \frac{q_i}{p_i} = \log 1 = 0

    Parameters
    ----------
    p, q : float
        Probabilities of heads of the two coins, in [0.01, 0.99].

    Returns
    -------
    Figure
    """
    P, Q = _coin(p), _coin(q)
    t = Q / P
    y = np.log2(t)
    kl = float(measures.kl_divergence(P, Q, base=2))
    lo, hi = 0.6 * min(float(t.min()), 1.0), 1.15 * max(float(t.max()), 1.0)
    grid = np.linspace(lo, hi, 400)
    fig, ax = new_figure(width=8.5, height=4.8)
    ax.plot(grid, np.log2(grid), color=COLORS["neutral"], label="$\\log_2 t$ (concave)")
    order = np.argsort(t)
    ax.plot(t[order], y[order], color=COLORS["q"], linestyle="--", linewidth=1.8,
            label="chord between the two outcomes")
    same = bool(np.isclose(t[0], t[1]))
    for i, name in enumerate(("heads", "tails")):
        ax.plot([t[i]], [y[i]], "o", color=COLORS["q"], markersize=6 + 12 * P[i])
        if same and i == 1:
            break  # p = q: both outcomes sit at t = 1, one label for both
        text = (f"heads and tails: t = {t[i]:.3g}" if same
                else f"{name}: t = {t[i]:.3g}\nweight p = {P[i]:.2f}")
        ax.annotate(text, (t[i], y[i]), xytext=(8, -6), textcoords="offset points",
                    ha="left", va="top", fontsize=10)
    minus_kl = f"−{kl:.3f}" if round(kl, 3) > 0 else "0.000"
    ax.plot([1.0], [-kl], "s", color=COLORS["kl"], markersize=9,
            label=f"average of $\\log_2 t$ = −KL = {minus_kl}")
    ax.plot([1.0], [0.0], "o", color=PALETTE["black"], markersize=8,
            label="$\\log_2$ of average t = $\\log_2 1$ = 0")
    ax.vlines(1.0, -kl, 0.0, color=COLORS["kl"], linewidth=3)
    ax.set_xlabel("$t = q_i / p_i$  (ratio, no unit)")
    ax.set_ylabel("$\\log_2 t$  (bits)")
    ymin, ymax = float(np.log2(lo)), float(np.log2(hi))
    span = ymax - ymin
    # room below for the lower point's label, above for the legend
    ax.set_ylim(ymin - 0.15 * span - 0.4, ymax + 0.35 * span + 0.05)
    ax.legend(loc="upper left", fontsize=10)
    ax.set_title(f"the gap at t = 1 is KL(p‖q) = {kl:.3f} bits")
    return fig


def bernoulli(p=0.5, q=0.6):
    """Forward ``KL(Bern(p)‖Bern(r))`` and reverse ``KL(Bern(r)‖Bern(p))`` against ``r``, in bits.

    Both are zero only at ``r = p`` (Gibbs' equality case) and they differ elsewhere (KL is
    not symmetric). The forward one grows without bound as ``r → 0`` or ``1``; the
    reverse one stays finite, with limits ``-log2(1 - p)`` at ``r = 0`` and ``-log2 p`` at
    ``r = 1`` (dotted). The point ``r = q`` is marked. Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    p : float
        The fixed coin, in [0.01, 0.99].
    q : float
        The coin marked on the curves, in (0, 1).

    Returns
    -------
    Figure
    """
    if not (0.0 < p < 1.0 and 0.0 < q < 1.0):
        raise ValueError(f"p and q must lie strictly between 0 and 1, got {p!r} and {q!r}")
    r = np.concatenate([np.geomspace(1e-7, 0.01, 120), np.linspace(0.01, 0.99, 400)[1:-1],
                        1.0 - np.geomspace(0.01, 1e-7, 120)])
    forward = measures.kl_bernoulli(p, r, base=2)
    reverse = measures.kl_bernoulli(r, p, base=2)
    f_q = float(measures.kl_bernoulli(p, q, base=2))
    r_q = float(measures.kl_bernoulli(q, p, base=2))
    ends = (-np.log2(1.0 - p), -np.log2(p))
    top = max(1.5 * max(ends), 1.4 * max(f_q, r_q), 0.2)
    fig, ax = new_figure(width=8.5, height=4.6)
    ax.plot(r, np.minimum(forward, 1.05 * top), color=COLORS["kl"],
            label=f"KL(Bern({p:.2f}) ‖ Bern(r)): → ∞ at the ends")
    ax.plot(r, reverse, color=PALETTE["black"], linestyle="--",
            label=f"KL(Bern(r) ‖ Bern({p:.2f})): finite")
    for end, value in zip((0.0, 1.0), ends):
        ax.plot([end], [value], "o", color=PALETTE["black"], markersize=6, clip_on=False)
    ax.hlines(ends, [0.0, 0.75], [0.25, 1.0], color=PALETTE["black"], linestyle=":", linewidth=1.2,
              label=f"its limits: {ends[0]:.2f} and {ends[1]:.2f} bits")
    ax.plot([q], [f_q], "o", color=COLORS["highlight"], zorder=3)
    ax.plot([q], [r_q], "s", color=COLORS["highlight"], zorder=3,
            label=f"r = {q:.3g}: {f_q:.4f} and {r_q:.4f} bits")
    ax.axvline(p, color=COLORS["p"], linestyle=":", linewidth=1.5, label=f"r = p = {p:.2f}: both 0")
    ax.set_ylim(0, top)
    ax.set_xlim(0, 1)
    ax.set_xlabel("r, probability of heads of the second coin")
    ax.set_ylabel("KL divergence (bits)")
    ax.legend(loc="upper center", fontsize=9.5)
    ax.set_title(f"KL(Bern({p:.2f}) ‖ Bern({q:.3g})) = {f_q:.4f} bits; reversed {r_q:.4f} bits",
                 fontsize=12)
    return fig


# ----------------------------------------------------------------------- Gaussians
def gaussian_integrand(mu1=0.0, sigma1=1.0, mu2=1.0, sigma2=1.5):
    r"""Two normal densities and the KL integrand ``p(x) log(p(x)/q(x))`` between them.

    .. math:: \mathrm{KL}(p\|q) = \int p(x) \log\frac{p(x)}{q(x)}\, dx

    The net area under the integrand (positive minus negative parts) is
    ``KL(N(mu1, sigma1²) ‖ N(mu2, sigma2²))``, shown in the title from the closed form
    (:func:`lib.kl_normal`).

    Parameters
    ----------
    mu1, sigma1 : float
        Mean and standard deviation of ``p``.
    mu2, sigma2 : float
        Mean and standard deviation of ``q`` (``sigma2`` > 0).

    Returns
    -------
    Figure
    """
    lo = min(mu1 - 4.5 * sigma1, mu2 - 4.5 * sigma2)
    hi = max(mu1 + 4.5 * sigma1, mu2 + 4.5 * sigma2)
    x = np.linspace(lo, hi, 600)
    lp = continuous.normal_logpdf(x, mu1, sigma1)
    lq = continuous.normal_logpdf(x, mu2, sigma2)
    integrand = np.exp(lp) * (lp - lq)
    kl = float(gaussian.kl_normal(mu1, sigma1, mu2, sigma2))
    fig, (top, bottom) = new_figure(2, 1, width=8.5, height=6.4)
    top.plot(x, np.exp(lp), color=COLORS["p"], label=f"p = N({_g(mu1)}, {_g(sigma1)}²)")
    top.plot(x, np.exp(lq), color=COLORS["q"], label=f"q = N({_g(mu2)}, {_g(sigma2)}²)")
    top.set_xlabel("x")
    top.set_ylabel("density (per unit x)")
    top.set_xlim(lo, hi)
    bottom.set_xlim(lo, hi)
    top.set_ylim(0, 1.3 * float(max(np.exp(lp).max(), np.exp(lq).max())))
    top.legend(loc="upper right", fontsize=10)
    integrand_panel(bottom, x, integrand, label="$p(x)\\,\\log\\frac{p(x)}{q(x)}$", legend=None,
                    headroom=0.5)
    bottom.legend(loc="upper right", fontsize=10, ncol=3)
    fig.suptitle(f"KL(p‖q) = net area under the purple curve = {kl:.4f} nats")
    return fig


# ------------------------------------------------------- disjoint supports and W1
def _slid(shifts):
    """The grid, and p and q_s of :func:`lib.transport.bumps` stacked along the shifts."""
    x, p, _ = transport.bumps(0.0)
    qs = np.stack([transport.bumps(s)[2] for s in shifts])
    return x, np.broadcast_to(p, qs.shape), qs


def _refined(shifts):
    """``shifts`` plus points crowding towards each place where KL(p‖q_s) turns infinite.

    On a plain grid the curve would stop at a finite height and look as if it jumped;
    KL is continuous there and grows without bound, which these points show.
    """
    x, ps, qs = _slid(shifts)
    finite = np.isfinite(measures.kl_divergence(ps, qs))
    extra = [shifts[k + 1] - (shifts[k + 1] - shifts[k]) * np.geomspace(1e-7, 1.0, 40)
             for k in np.flatnonzero(finite[:-1] & ~finite[1:])]
    return np.union1d(shifts, np.concatenate(extra)) if extra else shifts


def _curves(shifts):
    """KL(p‖q_s) and JS in bits, W1 in grid steps, along a range of shifts."""
    x, ps, qs = _slid(shifts)
    kl = measures.kl_divergence(ps, qs, base=2)
    js = measures.js_divergence(ps, qs, base=2)
    w1 = transport.wasserstein1(ps, qs, x)
    return kl, js, w1


def _finite_runs(mask):
    """(start, stop) index pairs of the runs where ``mask`` is True."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(int), 0]))
    return list(zip(edges[::2], edges[1::2]))


MAX_SHIFT = 25.0
"""Right end of the shift axis in :func:`sliding` and :func:`smoothing` (grid steps)."""


@functools.lru_cache(maxsize=4)
def _refined_shifts(max_shift):
    return _refined(np.linspace(0.0, max_shift, 251))


@functools.lru_cache(maxsize=4)
def _curves_cached(max_shift):
    return _curves(_refined_shifts(max_shift))


def sliding(shift=3.0, max_shift=MAX_SHIFT):
    """Slide ``q`` away from ``p``: KL grows to infinity, JS saturates, W1 keeps growing.

    Top: the two distributions of :func:`lib.transport.bumps` at ``shift``. Bottom left:
    ``KL(p‖q)`` and the Jensen–Shannon divergence (bits) against the shift; where KL is
    infinite the band is shaded and marked ∞ (nothing infinite is drawn). Bottom right:
    ``W1(p, q)`` (grid steps) against the shift.

    Parameters
    ----------
    shift : float
        Current shift of ``q``, in [0, ``max_shift``] grid steps.
    max_shift : float
        Right end of the shift axis, in grid steps.

    Returns
    -------
    Figure
    """
    x, p, q = transport.bumps(shift)
    shifts = _refined_shifts(max_shift)
    kl, js, w1 = _curves_cached(max_shift)
    kl_now = float(measures.kl_divergence(p, q, base=2))
    js_now = float(measures.js_divergence(p, q, base=2))
    w1_now = float(transport.wasserstein1(p, q, x))

    fig, top, (left, right) = new_figure_top_row(2, width=9.6, height=7.0)

    top.stairs(p, np.r_[x - 0.5, x[-1] + 0.5], fill=True, color=COLORS["p"], alpha=0.75,
               label="p (fixed)")
    top.stairs(q, np.r_[x - 0.5, x[-1] + 0.5], fill=True, color=COLORS["q"], alpha=0.55,
               label=f"q, shifted by {shift:.2f}")
    outside = (p > 0) & (q == 0)
    if outside.any():
        top.plot(x[outside], p[outside] + 0.01, "v", color=COLORS["kl"], markersize=7,
                 label="p > 0 where q = 0")
    top.set_xlabel("position x (grid steps)")
    top.set_ylabel("probability")
    top.set_ylim(0, 1.3 * float(max(p.max(), q.max())))
    top.legend(loc="upper right", fontsize=10)
    kl_text = "∞" if np.isinf(kl_now) else f"{kl_now:.3f} bits"
    top.set_title(f"shift {shift:.2f}:  KL(p‖q) = {kl_text},  JS = {js_now:.3f} bits,  "
                  f"W1 = {w1_now:.2f} steps", fontsize=12)

    cap = 4.0
    finite = np.isfinite(kl)
    for k, (a, b) in enumerate(_finite_runs(finite)):
        left.plot(shifts[a:b], np.minimum(kl[a:b], cap * 1.2), color=COLORS["kl"],
                  label="KL(p‖q)" if k == 0 else None)
    for k, (a, b) in enumerate(_finite_runs(~finite)):
        left.axvspan(shifts[a], shifts[b - 1], color=COLORS["kl"], alpha=0.12, linewidth=0,
                     label="KL = ∞ here" if k == 0 else None)
        left.text(0.5 * (shifts[a] + shifts[b - 1]), cap * 0.93, "KL = ∞", ha="center",
                  va="top", color=COLORS["kl"], fontsize=12)
    left.plot(shifts, js, color=_JS, label="JS(p, q)")
    left.axhline(1.0, color=_JS, linestyle=":", linewidth=1.2)
    left.text(0.97 * max_shift, 1.04, "JS ≤ 1 bit", color=_JS, fontsize=10, ha="right", va="bottom")
    left.axvline(shift, color=COLORS["highlight"], linewidth=1.5)
    if np.isfinite(kl_now):
        left.plot([shift], [min(kl_now, cap)], "o", color=COLORS["kl"], zorder=3)
    else:
        left.plot([shift], [cap], "^", color=COLORS["kl"], markersize=11, clip_on=False, zorder=3)
    left.plot([shift], [js_now], "o", color=_JS, zorder=3)
    left.set_ylim(0, cap)
    left.set_xlim(0, max_shift)
    left.set_xlabel("shift of q (grid steps)")
    left.set_ylabel("divergence (bits)")
    left.legend(loc="center right", fontsize=10)
    left.set_title("KL and JS: blind to distance", fontsize=12)

    right.plot(shifts, w1, color=_W1, label="W1(p, q)")
    right.axvline(shift, color=COLORS["highlight"], linewidth=1.5)
    right.plot([shift], [w1_now], "o", color=COLORS["highlight"], zorder=3)
    right.set_xlim(0, max_shift)
    right.set_ylim(0, 1.1 * float(w1.max()))
    right.set_xlabel("shift of q (grid steps)")
    right.set_ylabel("W1 (grid steps)")
    right.legend(loc="upper left", fontsize=10)
    right.set_title("W1: finite, grows with distance", fontsize=12)
    return fig


def smoothing(eps_values=(1e-2, 1e-4, 1e-8), max_shift=MAX_SHIFT):
    """``KL(p‖q_ε)`` against the shift for several smoothing weights ``ε``.

    ``q_ε = (1 - ε) q + ε/n`` is :func:`lib.transport.mix_uniform` of the sliding ``q``.

    Smoothing makes KL finite, but once ``p`` leaves ``q``'s support the value is set by
    ``ε`` (exactly ``log2(n/ε) - H(p)`` bits when the supports are disjoint) and no longer by
    how far apart the distributions are.

    Parameters
    ----------
    eps_values : sequence of float
        Smoothing weights in (0, 1), one curve each.
    max_shift : float
        Right end of the shift axis, in grid steps.

    Returns
    -------
    Figure
    """
    shifts = np.linspace(0.0, max_shift, 251)
    _, ps, qs = _slid(shifts)
    raw = measures.kl_divergence(ps, qs, base=2)
    fig, ax = new_figure(width=8.5, height=4.6)
    styles = ["-", "--", "-.", ":"]
    top = 0.0
    for i, eps in enumerate(eps_values):
        curve = measures.kl_divergence(ps, transport.mix_uniform(qs, eps), base=2)
        top = max(top, float(curve.max()))
        power = np.log10(eps)
        name = f"$10^{{{power:.0f}}}$" if power == round(power) else f"{eps:.2g}"
        ax.plot(shifts, curve, color=COLORS["kl"], linestyle=styles[i % 4],
                label=f"ε = {name}: plateau {curve[-1]:.1f} bits")
    for k, (a, b) in enumerate(_finite_runs(np.isfinite(raw))):
        ax.plot(shifts[a:b], raw[a:b], color=COLORS["neutral"], linewidth=4, alpha=0.5,
                label="no smoothing (∞ beyond)" if k == 0 else None)
    ax.set_xlim(0, max_shift)
    ax.set_ylim(0, 1.15 * top)
    ax.set_xlabel("shift of q (grid steps)")
    ax.set_ylabel("KL(p ‖ smoothed q)  (bits)")
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.66), fontsize=10)
    ax.set_title("smoothing: finite, but the height is set by ε, not by distance", fontsize=13)
    return fig


# ------------------------------------------------------------------ scipy traps
def _mixture_example(mu=3.0, sigma_q=4.0):
    def logp(t):
        return continuous.mixture_logpdf(t, [0.5, 0.5], [-mu, mu], [1.0, 1.0])

    def logq(t):
        return continuous.normal_logpdf(t, 0.0, sigma_q)

    return logp, logq


def pointwise_terms(half_width=10.0, n=300, mu=3.0, sigma_q=4.0):
    r"""Per-point terms of ``KL(P‖Q)`` on a grid: ``rel_entr`` versus ``kl_div``.

    ``P = ½ N(-mu, 1) + ½ N(mu, 1)`` and ``Q = N(0, sigma_q²)``, both evaluated on ``n``
    points over ``[-half_width, half_width]`` and normalised. ``scipy.special.rel_entr``
    gives the KL term ``p log(p/q)`` (negative where ``q > p``); ``scipy.special.kl_div``
    gives ``p log(p/q) - p + q`` (never negative). Their sums agree because ``Σ p = Σ q``.

    Parameters
    ----------
    half_width : float
        The grid covers ``[-half_width, half_width]``.
    n : int
        Number of grid points.
    mu, sigma_q : float
        Mode positions of ``P`` and the standard deviation of ``Q``.

    Returns
    -------
    Figure
    """
    logp, logq = _mixture_example(mu, sigma_q)
    x = np.linspace(-half_width, half_width, n)
    p = measures.normalize(np.exp(logp(x)))
    q = measures.normalize(np.exp(logq(x)))
    rel, kld = special.rel_entr(p, q), special.kl_div(p, q)
    fig, ax = new_figure(width=8.5, height=4.6)
    ax.plot(x, 1e3 * rel, color=COLORS["kl"], label="rel_entr: $p\\log(p/q)$, the KL term")
    ax.plot(x, 1e3 * kld, color=COLORS["highlight"], linestyle="--",
            label="kl_div: $p\\log(p/q) - p + q$")
    ax.axhline(0, color=COLORS["neutral"], linewidth=1)
    ax.set_xlabel("x (position of the grid point)")
    ax.set_ylabel("term (millinats per grid point)")
    span = 1e3 * float(max(rel.max(), kld.max()) - rel.min())
    ax.set_ylim(1e3 * float(rel.min()) - 0.05 * span, 1e3 * float(max(rel.max(), kld.max())) + 0.45 * span)
    ax.legend(loc="upper center", fontsize=10)
    ax.set_title(f"terms of KL(P‖Q): they differ point by point; summed, {rel.sum():.4f} "
                 f"and {kld.sum():.4f} nats", fontsize=13)
    return fig


@functools.lru_cache(maxsize=8)
def _real_line_kl(mu, sigma_q):
    logp, logq = _mixture_example(mu, sigma_q)
    return continuous.kl_quad(logq, logp, points=(-mu, 0.0, mu))


@functools.lru_cache(maxsize=128)
def _window_kl(half_width, mu, sigma_q):
    logp, logq = _mixture_example(mu, sigma_q)
    return continuous.kl_quad(logq, logp, lower=-half_width, upper=half_width, points=(-mu, 0.0, mu))


def truncation(half_width=10.0):
    r"""``KL(Q‖P)`` on a renormalised grid versus on the whole real line.

    ``P = ½ N(-3, 1) + ½ N(3, 1)`` and ``Q = N(0, 4²)``. The grid value normalises the
    densities at 300 points over ``[-half_width, half_width]`` (what ``scipy.stats.entropy``
    does); the real-line value is :func:`lib.continuous.kl_quad`.
    Top: both densities (log scale). Bottom: the integrand ``q log(q/p)``, with the part
    outside the grid, which the grid never sees, shaded and its area given.

    .. math:: \mathrm{KL}(Q\|P) = \int q(x) \log\frac{q(x)}{p(x)}\, dx

    Parameters
    ----------
    half_width : float
        The grid covers ``[-half_width, half_width]``; between 4 and 25.

    Returns
    -------
    Figure
    """
    n, mu, sigma_q = 300, 3.0, 4.0
    logp, logq = _mixture_example(mu, sigma_q)
    grid = np.linspace(-half_width, half_width, n)
    on_grid = float(measures.kl_divergence(measures.normalize(np.exp(logq(grid))),
                                           measures.normalize(np.exp(logp(grid)))))
    exact = _real_line_kl(mu, sigma_q)
    lost = exact - _window_kl(float(half_width), mu, sigma_q)
    x = np.linspace(-30.0, 30.0, 1201)
    lp, lq = logp(x), logq(x)
    integrand = np.exp(lq) * (lq - lp)
    fig, (top, bottom) = new_figure(2, 1, width=9.0, height=6.8)
    top.plot(x, np.exp(lp), color=COLORS["p"], label=f"P = ½N(−{mu:g}, 1) + ½N({mu:g}, 1)")
    top.plot(x, np.exp(lq), color=COLORS["q"], label=f"Q = N(0, {sigma_q:g}²)")
    top.set_yscale("log")
    top.set_ylim(1e-18, 1e3)
    top.set_xlabel("x")
    top.set_xlim(-30, 30)
    top.set_ylabel("density (log scale)")
    for ax in (top, bottom):
        ax.axvspan(-half_width, half_width, color=COLORS["neutral"], alpha=0.1, linewidth=0,
                   label="the grid's window")
    top.legend(loc="upper center", fontsize=10, ncol=3)
    out = np.abs(x) >= half_width
    integrand_panel(bottom, x, integrand, label="$q(x)\\,\\log\\frac{q(x)}{p(x)}$", legend=None,
                    headroom=0.35)
    bottom.fill_between(x, integrand, 0, where=out, color=COLORS["highlight"], alpha=0.6,
                        linewidth=0, label=f"outside the grid: {lost:.3f} nats lost")
    bottom.set_xlim(-30, 30)
    bottom.legend(loc="upper right", fontsize=10)
    low = (exact - on_grid) / exact
    top.set_title(f"{n} points on [−{half_width:.3g}, {half_width:.3g}]: {on_grid:.4f} nats;  "
                  f"real line: {exact:.4f} nats  ({low:.0%} low)", fontsize=13)
    return fig
