"""Figures for ``05_asymmetry.ipynb``: the two directions of KL, and what each one fits.

- :func:`two_gaussians`: ``p = N(0, 1)`` and a movable ``q``; both divergences and the
  pointwise integrands that add up to them.
- :func:`mixture_fit`: one Gaussian fitted to ``½N(-a, 1) + ½N(a, 1)`` in each direction,
  with the reverse-KL landscape and the optimiser's path across it.
- :func:`optimum_against_separation`: the reverse-KL minima as the modes move apart.
- :func:`two_options`: two hand-picked Gaussians for one mixture, judged by both directions.
- :func:`factorised`: Bishop's Figure 10.2 fitted: a factorised Gaussian for a correlated one.
"""

import functools
import math

import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.patches import Ellipse

from .. import continuous, fitting, gaussian
from .style import COLORS, PALETTE, integrand_panel, label_number, new_figure, new_figure_top_row


def _f2(v):
    return label_number(v, ".2f")


def _ratio_text(forward, reverse):
    if reverse > 0:
        return f"ratio {forward / reverse:.2f}"
    return "ratio undefined (both are 0: q = p)"


# ---------------------------------------------------------------- two Gaussians
def two_gaussians(mu=1.5, sigma=0.7):
    r"""``p = N(0, 1)`` against ``q = N(mu, sigma²)``: both KL directions and their integrands.

    Top: the two densities, with ``KL(p‖q)``, ``KL(q‖p)`` (closed form,
    :func:`lib.kl_normal`) and their ratio. Bottom: the pointwise integrands
    ``p log(p/q)`` (forward) and ``q log(q/p)`` (reverse), computed from log-densities so
    that a narrow ``q`` gives large but finite values; the area under each is its KL.

    Parameters
    ----------
    mu : float
        Mean of ``q``.
    sigma : float
        Standard deviation of ``q`` (not its variance), > 0.

    Returns
    -------
    Figure
    """
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    lo = min(-4.5, mu - 4.5 * sigma)
    hi = max(4.5, mu + 4.5 * sigma)
    x = np.linspace(lo, hi, 1201)
    lp = continuous.normal_logpdf(x, 0.0, 1.0)
    lq = continuous.normal_logpdf(x, mu, sigma)
    forward_terms = np.exp(lp) * (lp - lq)
    reverse_terms = np.exp(lq) * (lq - lp)
    forward = float(gaussian.kl_normal(0.0, 1.0, mu, sigma))
    reverse = float(gaussian.kl_normal(mu, sigma, 0.0, 1.0))

    fig, top, bottom = new_figure_top_row(2, width=9.6, height=7.2)
    top.plot(x, np.exp(lp), color=COLORS["p"], label="p = N(0, 1²)")
    top.plot(x, np.exp(lq), color=COLORS["q"], label=f"q = N({_f2(mu)}, {_f2(sigma)}²)")
    top.set_xlim(lo, hi)
    top.set_ylim(0, 1.15 * float(max(np.exp(lp).max(), np.exp(lq).max())))
    top.set_xlabel("x")
    top.set_ylabel("density (per unit x)")
    top.legend(loc="upper left")
    top.set_title(f"KL(p‖q) = {label_number(forward, '.3f')} nats,   "
                  f"KL(q‖p) = {label_number(reverse, '.3f')} nats,   "
                  f"{_ratio_text(forward, reverse)}", fontsize=13)
    integrand_panel(bottom[0], x, forward_terms,
                    title=f"forward: area = KL(p‖q) = {forward:.3f} nats",
                    label="$p\\,\\log(p/q)$: weighted by p")
    integrand_panel(bottom[1], x, reverse_terms,
                    title=f"reverse: area = KL(q‖p) = {reverse:.3f} nats",
                    label="$q\\,\\log(q/p)$: weighted by q")
    for ax in bottom:
        ax.set_xlim(lo, hi)
    return fig


# ------------------------------------------------------------------ mixture fit
@functools.lru_cache(maxsize=256)
def _fits(a, start):
    """The forward fit, the reverse fit from ``start`` and from the other start (cached per slider value)."""
    p = fitting.symmetric_mixture(a)
    forward = fitting.fit_normal(p, "forward", start=fitting.start_point(a, start))
    reverse = fitting.fit_mixture(a, "reverse", start)
    other = fitting.fit_mixture(a, "reverse", "right mode" if start == "centre" else "centre")
    return forward, reverse, other


@functools.lru_cache(maxsize=128)
def _landscape(a, sigma_top):
    # A coarse rule is plenty for contours: within 0.02 nats of the default rule for a <= 6.
    p = fitting.symmetric_mixture(a)
    mus = np.linspace(-(a + 2.5), a + 2.5, 51)
    sigmas = np.linspace(0.25, sigma_top, 40)
    kl = fitting.kl_reverse(p, mus[None, :], sigmas[:, None], step=1.0 / 10)
    return mus, sigmas, np.maximum(kl, 0.0)


def _levels(kl, minima):
    """Contour levels: a geometric ladder above the lowest value, plus rings just above each minimum.

    The rings (a few hundredths of a nat above a local minimum) are what show its basin
    as closed.
    """
    low, high = float(kl.min()), float(kl.max())
    ladder = low + np.geomspace(0.02, max(high - low, 0.05), 11)
    rings = [m + d for m in minima for d in (0.01, 0.04)]
    levels = np.unique(np.round(np.r_[low - 1e-9, ladder, rings, high + 1e-9], 6))
    return levels[(levels >= low - 1e-6) & (levels <= high + 1e-6)]


def mixture_fit(a=3.0, start="centre"):
    r"""One Gaussian fitted to ``p = ½N(-a, 1) + ½N(a, 1)`` by forward and by reverse KL.

    Left: ``p``, the forward fit (``min KL(p‖q)``, moment matching) and the reverse fit
    (``min KL(q‖p)``) reached from ``start``. Right: ``KL(q‖p)`` over ``(μ, σ)`` with the
    optimiser's path from ``start``; the reverse fit is labelled global or local by
    comparing it with the fit from the other start. Fits by :func:`lib.fitting.fit_normal`,
    cached per ``(a, start)`` so a slider revisiting a value only draws.

    Parameters
    ----------
    a : float
        Half the distance between the modes, in [0, 6].
    start : {"centre", "right mode"}
        Where the reverse-KL optimiser starts (see :func:`lib.fitting.start_point`).

    Returns
    -------
    Figure
    """
    if start not in fitting.STARTS:
        raise ValueError(f"start must be one of {fitting.STARTS}, got {start!r}")
    if not 0.0 <= a <= 6.0:
        raise ValueError(f"a must lie in [0, 6], got {a!r}")
    a = round(float(a), 6)
    p = fitting.symmetric_mixture(a)
    forward, reverse, other = _fits(a, start)
    same = abs(reverse.mu - other.mu) < 1e-4 and abs(reverse.sigma - other.sigma) < 1e-4
    other_kl = label_number(max(other.kl, 0.0), ".3f")
    if same:
        verdict = "the only minimum:\nboth starts end here"
    elif reverse.kl <= other.kl:
        verdict = f"the global minimum\n(the other start ends at {other_kl} nats)"
    else:
        verdict = f"only a local minimum\n(the other start ends at {other_kl} nats)"

    fig, (left, right) = new_figure(1, 2, width=9.6, height=5.0,
                                    gridspec_kw={"width_ratios": [1.1, 1.0]})
    half = max(a + 4.0, 3.2 * forward.sigma)
    x = np.linspace(-half, half, 801)
    left.fill_between(x, p.pdf(x), color=COLORS["p"], alpha=0.15, linewidth=0)
    p_label = f"p = ½N(−{a:.2f}, 1) + ½N({a:.2f}, 1)" if a > 0 else "p = N(0, 1)  (a = 0)"
    left.plot(x, p.pdf(x), color=COLORS["p"], label=p_label)
    left.plot(x, np.exp(continuous.normal_logpdf(x, forward.mu, forward.sigma)), color=COLORS["q"],
              linestyle="--", label=f"forward N({_f2(forward.mu)}, {_f2(forward.sigma)}²)\n"
                                    f"KL(p‖q) = {label_number(max(forward.kl, 0.0), '.3f')} nats")
    left.plot(x, np.exp(continuous.normal_logpdf(x, reverse.mu, reverse.sigma)), color=COLORS["q"],
              label=f"reverse N({_f2(reverse.mu)}, {_f2(reverse.sigma)}²)\n"
                    f"KL(q‖p) = {label_number(max(reverse.kl, 0.0), '.3f')} nats")
    peak = max(float(p.pdf(x).max()), 1.0 / math.sqrt(2 * math.pi) / min(reverse.sigma, forward.sigma))
    left.set_ylim(0, 1.75 * peak)
    left.set_xlim(-half, half)
    left.set_xlabel("x")
    left.set_ylabel("density (per unit x)")
    left.legend(loc="upper left", fontsize=9)
    left.set_title(f"from the {start}: {verdict}", fontsize=11)

    sigma_top = round(max(2.5, 1.3 * forward.sigma), 6)
    mus, sigmas, kl = _landscape(a, sigma_top)
    minima = [reverse.kl] + ([] if same else [other.kl])
    levels = _levels(kl, minima)
    norm = BoundaryNorm(levels, 256)
    filled = right.contourf(mus, sigmas, kl, levels=levels, norm=norm, cmap="Purples_r")
    right.contour(mus, sigmas, kl, levels=levels[1:-1], colors="white", linewidths=0.6, alpha=0.7)
    bar = fig.colorbar(filled, ax=right, ticks=levels[::2], format="%.2f")
    bar.set_label("KL(q‖p) (nats)")
    path = reverse.path
    right.plot(path[:, 0], path[:, 1], "-o", color=COLORS["highlight"], markersize=3.5,
               linewidth=1.8, label="optimiser's path")
    right.plot(*reverse.start, "s", color=COLORS["highlight"], markeredgecolor="black",
               markersize=9, label=f"start: {start}")
    right.plot(reverse.mu, reverse.sigma, "*", color=COLORS["highlight"], markeredgecolor="black",
               markersize=16, label="reverse fit")
    if not same:
        right.plot(other.mu, other.sigma, "o", markerfacecolor="none", markeredgecolor="black",
                   markeredgewidth=1.8, markersize=11, label="the other minimum")
    right.set_xlim(mus[0], mus[-1])
    right.set_ylim(sigmas[0], sigmas[-1])
    right.set_xlabel("μ of q")
    right.set_ylabel("σ of q")
    right.grid(False)
    right.legend(loc="upper left", fontsize=8.5, framealpha=0.85)
    right.set_title("KL(q‖p) over (μ, σ)", fontsize=11)
    return fig


# ------------------------------------------------------ optimum against separation
def optimum_against_separation(branches, a_switch, a_onset=None):
    r"""The reverse-KL minima for ``½N(-a, 1) + ½N(a, 1)`` as ``a`` grows.

    Left: ``KL(q‖p)`` at the centred and at the off-centre local minimum; they cross at
    ``a_switch``. Middle and right: ``μ`` and ``σ`` of both minima, of the global optimum
    (thick) and of the forward fit (``μ = 0``, ``σ = sqrt(1 + a²)``).

    Parameters
    ----------
    branches : lib.fitting.Branches
        From :func:`lib.fitting.reverse_branches`.
    a_switch : float
        From :func:`lib.fitting.switch_separation`.
    a_onset : float, optional
        From :func:`lib.fitting.off_centre_onset`: where the off-centre minimum appears.

    Returns
    -------
    Figure
    """
    b = branches
    a = b.a
    off = np.isfinite(b.off_kl)
    fig, (kl_ax, mu_ax, sigma_ax) = new_figure(1, 3, width=9.6, height=4.4)
    centre_style = {"color": PALETTE["black"], "linewidth": 1.6}
    off_style = {"color": PALETTE["black"], "linewidth": 1.6, "linestyle": "--"}
    best_style = {"color": COLORS["highlight"], "linewidth": 7, "alpha": 0.45, "solid_capstyle": "butt"}
    forward_style = {"color": COLORS["q"], "linewidth": 1.4, "marker": "o", "markersize": 4,
                     "markevery": 0.08, "linestyle": "-"}

    kl_ax.plot(a, b.centre_kl, label="centred", **centre_style)
    kl_ax.plot(a[off], b.off_kl[off], label="off-centre", **off_style)
    kl_ax.set_ylabel("KL(q‖p) at the minimum (nats)")
    kl_ax.set_ylim(0, min(2.0, float(np.nanmax(b.centre_kl))) * 1.25)
    kl_ax.set_title("which is lower?", fontsize=12)

    before, after = a <= a_switch, (a >= a_switch) & off
    for ax, centre, offv, fwd, name in (
        (mu_ax, b.centre_mu, b.off_mu, b.forward_mu, "μ"),
        (sigma_ax, b.centre_sigma, b.off_sigma, b.forward_sigma, "σ"),
    ):
        ax.plot(a[before], centre[before], label="global optimum", **best_style)
        ax.plot(a[after], offv[after], **best_style)
        ax.plot(a, centre, label="centred minimum", **centre_style)
        ax.plot(a[off], offv[off], label="off-centre minimum", **off_style)
        ax.plot(a, fwd, label="forward fit" + (" (μ = 0 too)" if name == "μ" else ""),
                **forward_style)
        ax.set_ylabel(f"{name} of the fitted q")
        ax.set_title(f"{name} of the fit", fontsize=12)
    mu_ax.legend(loc="upper left", fontsize=8.5)
    kl_ax.legend(loc="upper left", fontsize=8.5)
    mu_ax.set_ylim(-0.3, 1.45 * float(np.nanmax(b.off_mu)) if off.any() else 1.0)
    for ax in (kl_ax, mu_ax, sigma_ax):
        ax.axvline(a_switch, color=COLORS["neutral"], linestyle="-.", linewidth=1.4)
        if a_onset is not None:
            ax.axvline(a_onset, color=COLORS["neutral"], linestyle=":", linewidth=1.4)
        ax.set_xlabel("a (modes at ±a)")
        ax.set_xlim(float(a.min()), float(a.max()))
    top = kl_ax.get_ylim()[1]
    kl_ax.annotate(f"a* = {a_switch:.2f}", (a_switch, 0.06 * top), xytext=(4, 0),
                   textcoords="offset points", color=PALETTE["black"], fontsize=10)
    if a_onset is not None:
        kl_ax.annotate(f"appears\n{a_onset:.2f}", (a_onset, 0.22 * top), xytext=(-4, 0),
                       textcoords="offset points", ha="right", color=PALETTE["black"], fontsize=10)
    return fig


# ------------------------------------------------------------------ two options
def two_options(a=3.0, option_a=(0.0, 4.0), option_b=(3.0, 2.0)):
    r"""Two hand-picked Gaussians for ``P = ½N(-a, 1) + ½N(a, 1)``, judged both ways.

    Columns: option A (spread over both modes) and option B (on one mode). Rows: the
    densities, the forward integrand ``P log(P/Q)`` and the reverse integrand
    ``Q log(Q/P)``, with each divergence on the real line by :func:`lib.continuous.kl_quad`.

    Parameters
    ----------
    a : float
        Modes of ``P`` at ``±a``.
    option_a, option_b : (float, float)
        ``(mean, standard deviation)`` of the two candidate Gaussians.

    Returns
    -------
    Figure
    """
    p = fitting.symmetric_mixture(a)
    half = max(16.0, a + 6.0)
    x = np.linspace(-half, half, 1201)
    lp = p.logpdf(x)
    fig, axes = new_figure(3, 2, width=9.6, height=8.6, sharey="row")
    for col, (name, (m, s)) in enumerate((("A", option_a), ("B", option_b))):
        def logq(t, m=m, s=s):
            return continuous.normal_logpdf(t, m, s)

        lq = logq(x)
        forward = continuous.kl_quad(p.logpdf, logq, points=(-a, a))
        reverse = continuous.kl_quad(logq, p.logpdf, points=(-a, a))
        top, mid, bottom = axes[:, col]
        top.plot(x, np.exp(lp), color=COLORS["p"], label="P")
        top.plot(x, np.exp(lq), color=COLORS["q"], label=f"Q = N({m:g}, {s:g}²)")
        top.set_title(f"option {name}: Q = N({m:g}, {s:g}²)", fontsize=12)
        top.legend(loc="upper left", fontsize=9.5)
        integrand_panel(mid, x, np.exp(lp) * (lp - lq), headroom=0.0, legend=None,
                        label=f"KL(P‖Q) = {forward:.3f} nats", ylabel="forward integrand\n(nats per unit x)")
        integrand_panel(bottom, x, np.exp(lq) * (lq - lp), headroom=0.0, legend=None,
                        label=f"KL(Q‖P) = {reverse:.3f} nats", ylabel="reverse integrand\n(nats per unit x)")
        for ax in (mid, bottom):
            ax.legend(handles=ax.get_lines()[:1], loc="upper left", fontsize=9.5)
        for ax in (top, mid, bottom):
            ax.set_xlabel("x")
            ax.set_xlim(-half, half)
        top.set_ylabel("density (per unit x)")
    for row in axes[1:]:  # shared y: fit both columns' integrands, with room for the legend
        ys = np.concatenate([ax.get_lines()[0].get_ydata() for ax in row])
        lo, hi = min(float(ys.min()), 0.0), float(ys.max())
        row[0].set_ylim(lo - 0.06 * (hi - lo), hi + 0.3 * (hi - lo))
    top_lo, top_hi = axes[0, 0].get_ylim()
    axes[0, 0].set_ylim(0, top_hi * 1.3)
    return fig


# ------------------------------------------------------------ factorised Gaussian
def _covariance(rho, s1=1.0, s2=1.0):
    return np.array([[s1 * s1, rho * s1 * s2], [rho * s1 * s2, s2 * s2]])


@functools.lru_cache(maxsize=512)
def _factorised_fits(rho):
    S = _covariance(rho)
    return (fitting.fit_factorised(np.zeros(2), S, "forward"),
            fitting.fit_factorised(np.zeros(2), S, "reverse"))


def _ellipse(ax, S, *, color, linestyle="-", label=None, fill=False):
    vals, vecs = np.linalg.eigh(S)
    angle = math.degrees(math.atan2(vecs[1, 1], vecs[0, 1]))
    for k, n_sd in enumerate((1.0, 2.0)):
        ax.add_patch(Ellipse((0.0, 0.0), 2 * n_sd * math.sqrt(vals[1]), 2 * n_sd * math.sqrt(vals[0]),
                             angle=angle, fill=fill and k == 1, facecolor=color if fill else "none",
                             alpha=0.15 if fill else 1.0, edgecolor=color, linestyle=linestyle,
                             linewidth=2.2, label=label if k == 0 else None))
        if fill:
            ax.add_patch(Ellipse((0.0, 0.0), 2 * n_sd * math.sqrt(vals[1]), 2 * n_sd * math.sqrt(vals[0]),
                                 angle=angle, fill=False, edgecolor=color, linewidth=2.2))


def factorised(rho=0.9):
    r"""Bishop's Figure 10.2, fitted: a factorised Gaussian for a correlated one, both ways.

    ``p = N(0, [[1, ρ], [ρ, 1]])`` (blue, ellipses at 1 and 2 standard deviations) and the
    best ``q = N(μ, diag(σ₁², σ₂²))`` found by :func:`lib.fitting.fit_factorised`.
    Left, forward ``KL(p‖q)``: ``σᵢ² = Σᵢᵢ``, too wide across the correlation. Right,
    reverse ``KL(q‖p)``: ``σᵢ² = 1/Λᵢᵢ = 1 − ρ²``, too narrow: mean-field variational
    inference under-estimates the variance. Fits cached per ``ρ``.

    Parameters
    ----------
    rho : float
        Correlation of ``p``, in (−1, 1).

    Returns
    -------
    Figure
    """
    if not -1.0 < rho < 1.0:
        raise ValueError(f"rho must lie strictly between -1 and 1, got {rho!r}")
    rho = round(float(rho), 6)
    S = _covariance(rho)
    fits = _factorised_fits(rho)
    fig, axes = new_figure(1, 2, width=9.6, height=4.9, sharey=True)
    titles = ("forward KL(p‖q): too wide", "reverse KL(q‖p): too narrow")
    for ax, fit, title in zip(axes, fits, titles):
        _ellipse(ax, S, color=COLORS["p"], label="p (1 and 2 s.d.)", fill=True)
        _ellipse(ax, np.diag(fit.variances), color=COLORS["q"],
                 linestyle="--" if fit.direction == "forward" else "-",
                 label=f"q: σ₁² = σ₂² = {label_number(fit.variances[0], '.3f')}")
        ax.set_xlim(-3.4, 3.4)
        ax.set_ylim(-3.4, 3.4)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_title(f"{title}\nKL = {label_number(max(fit.kl, 0.0), '.3f')} nats", fontsize=11)
        ax.legend(loc="lower right", fontsize=9)
    axes[0].set_ylabel("$x_2$")
    fig.suptitle(f"p: variances 1, correlation ρ = {label_number(rho, '.2f')}", fontsize=12)
    return fig
