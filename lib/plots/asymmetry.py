"""Figures for ``05_asymmetry.ipynb``: the two directions of KL, and what each one fits.

- :func:`two_gaussians`: ``p = N(0, 1)`` and a movable ``q``; both divergences and the
  pointwise integrands that add up to them.
- :func:`mixture_fit`: one Gaussian fitted to ``½N(-a, 1) + ½N(a, 1)`` in each direction,
  with the reverse-KL landscape and the optimiser's path across it.
- :func:`optimum_against_separation`: the reverse-KL minima as the modes move apart.
- :func:`two_options`: two hand-picked Gaussians for one mixture, judged by both directions.
"""

import math

import numpy as np
from matplotlib.colors import BoundaryNorm

from .. import continuous, fitting, gaussian
from .style import COLORS, PALETTE, new_figure

_INTEGRAND_LABEL = "integrand (nats per unit x)"


def _f2(v):
    """Two decimals, without a "-0.00"."""
    return f"{round(float(v), 2) + 0.0:.2f}"


def _ratio_text(forward, reverse):
    if reverse > 0:
        return f"ratio {forward / reverse:.2f}"
    return "ratio undefined (both are 0: q = p)"


def _integrand_panel(ax, x, integrand, *, title, label):
    ax.plot(x, integrand, color=COLORS["kl"], label=label)
    ax.fill_between(x, integrand, 0, where=integrand >= 0, color=COLORS["kl"], alpha=0.3,
                    linewidth=0, label="adds to KL")
    ax.fill_between(x, integrand, 0, where=integrand < 0, color=COLORS["neutral"], alpha=0.3,
                    linewidth=0, label="subtracts")
    ax.axhline(0, color=COLORS["neutral"], linewidth=1)
    lo, hi = min(float(integrand.min()), 0.0), max(float(integrand.max()), 0.0)
    span = (hi - lo) or 1.0
    ax.set_ylim(lo - 0.06 * span, hi + 0.45 * span)
    ax.set_xlabel("x")
    ax.set_ylabel(_INTEGRAND_LABEL)
    ax.set_title(title, fontsize=12)
    ax.legend(loc="upper left", fontsize=9.5, ncol=1)


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

    fig, axes = new_figure(2, 2, width=10.5, height=7.4)
    grid = axes[0, 0].get_gridspec()
    for ax in axes[0]:
        ax.remove()
    top = fig.add_subplot(grid[0, :])
    top.plot(x, np.exp(lp), color=COLORS["p"], label="p = N(0, 1²)")
    top.plot(x, np.exp(lq), color=COLORS["q"], label=f"q = N({_f2(mu)}, {_f2(sigma)}²)")
    top.set_xlim(lo, hi)
    top.set_ylim(0, 1.15 * float(max(np.exp(lp).max(), np.exp(lq).max())))
    top.set_xlabel("x")
    top.set_ylabel("density (per unit x)")
    top.legend(loc="upper left")
    top.set_title(f"KL(p‖q) = {forward:.3f} nats,   KL(q‖p) = {reverse:.3f} nats,   "
                  f"{_ratio_text(forward, reverse)}", fontsize=13)
    _integrand_panel(axes[1, 0], x, forward_terms,
                     title=f"forward: area = KL(p‖q) = {forward:.3f} nats",
                     label="$p\\,\\log(p/q)$: weighted by p")
    _integrand_panel(axes[1, 1], x, reverse_terms,
                     title=f"reverse: area = KL(q‖p) = {reverse:.3f} nats",
                     label="$q\\,\\log(q/p)$: weighted by q")
    for ax in axes[1]:
        ax.set_xlim(lo, hi)
    return fig


# ------------------------------------------------------------------ mixture fit
_LEVELS = np.array([0.0, 0.01, 0.03, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0,
                    13.0, 20.0, 40.0, 1e300])


def _landscape(p, a, sigma_top):
    # A coarse rule is plenty for contours: within 0.01 nats of the default rule for a <= 6.
    mus = np.linspace(-(a + 2.5), a + 2.5, 51)
    sigmas = np.linspace(0.25, sigma_top, 40)
    kl = fitting.kl_reverse(p, mus[None, :], sigmas[:, None], step=1.0 / 10)
    return mus, sigmas, np.maximum(kl, 0.0)


def mixture_fit(a=3.0, start="centre"):
    r"""One Gaussian fitted to ``p = ½N(-a, 1) + ½N(a, 1)`` by forward and by reverse KL.

    Left: ``p``, the forward fit (``min KL(p‖q)``, moment matching) and the reverse fit
    (``min KL(q‖p)``) reached from ``start``. Right: ``KL(q‖p)`` over ``(μ, σ)`` with the
    optimiser's path from ``start``; the reverse fit is labelled global or local by
    comparing it with the fit from the other start. Fits by :func:`lib.fitting.fit_normal`.

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
    p = fitting.symmetric_mixture(a)
    forward = fitting.fit_normal(p, "forward", start=fitting.start_point(a, start))
    reverse = fitting.fit_mixture(a, "reverse", start)
    other = fitting.fit_mixture(a, "reverse", "right mode" if start == "centre" else "centre")
    same = abs(reverse.mu - other.mu) < 1e-4 and abs(reverse.sigma - other.sigma) < 1e-4
    if same:
        verdict = "the only minimum:\nboth starts end here"
    elif reverse.kl <= other.kl:
        verdict = f"the global minimum\n(the other start ends at {other.kl:.3f} nats)"
    else:
        verdict = f"only a local minimum\n(the other start ends at {other.kl:.3f} nats)"

    fig, (left, right) = new_figure(1, 2, width=12.0, height=5.4,
                                    gridspec_kw={"width_ratios": [1.25, 1.0]})
    half = max(a + 4.0, 3.2 * forward.sigma)
    x = np.linspace(-half, half, 1001)
    left.fill_between(x, p.pdf(x), color=COLORS["p"], alpha=0.15, linewidth=0)
    p_label = f"p = ½N(−{a:.2f}, 1) + ½N({a:.2f}, 1)" if a > 0 else "p = N(0, 1)  (a = 0: one mode)"
    left.plot(x, p.pdf(x), color=COLORS["p"], label=p_label)
    left.plot(x, np.exp(continuous.normal_logpdf(x, forward.mu, forward.sigma)), color=COLORS["q"],
              linestyle="--", label=f"forward fit N({_f2(forward.mu)}, {_f2(forward.sigma)}²): "
                                    f"KL(p‖q) = {forward.kl:.3f} nats")
    left.plot(x, np.exp(continuous.normal_logpdf(x, reverse.mu, reverse.sigma)), color=COLORS["q"],
              label=f"reverse fit N({_f2(reverse.mu)}, {_f2(reverse.sigma)}²): "
                    f"KL(q‖p) = {reverse.kl:.3f} nats")
    peak = max(float(p.pdf(x).max()), 1.0 / math.sqrt(2 * math.pi) / min(reverse.sigma, forward.sigma))
    left.set_ylim(0, 1.55 * peak)
    left.set_xlim(-half, half)
    left.set_xlabel("x")
    left.set_ylabel("density (per unit x)")
    left.legend(loc="upper left", fontsize=10)
    left.set_title(f"reverse fit from the {start}: {verdict}", fontsize=12)

    sigma_top = max(2.5, 1.3 * forward.sigma)
    mus, sigmas, kl = _landscape(p, a, sigma_top)
    first = max(int(np.searchsorted(_LEVELS, kl.min(), side="right")) - 1, 0)
    last = int(np.searchsorted(_LEVELS, kl.max())) + 1
    levels = _LEVELS[first:last]
    norm = BoundaryNorm(levels, 256)
    filled = right.contourf(mus, sigmas, kl, levels=levels, norm=norm, cmap="Purples_r")
    right.contour(mus, sigmas, kl, levels=levels[1:-1], colors="white", linewidths=0.6, alpha=0.7)
    bar = fig.colorbar(filled, ax=right, ticks=levels[:-1], format="%g")
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
    right.legend(loc="upper left", fontsize=9.5, framealpha=0.85)
    right.set_title("KL(q‖p) over (μ, σ); mirror image at −μ", fontsize=12)
    return fig


# ------------------------------------------------------ optimum against separation
def optimum_against_separation(branches, a_switch):
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

    Returns
    -------
    Figure
    """
    b = branches
    a = b.a
    off = np.isfinite(b.off_kl)
    fig, (kl_ax, mu_ax, sigma_ax) = new_figure(1, 3, width=13.0, height=4.6)
    centre_style = {"color": PALETTE["black"], "linewidth": 1.6}
    off_style = {"color": PALETTE["black"], "linewidth": 1.6, "linestyle": "--"}
    best_style = {"color": COLORS["highlight"], "linewidth": 7, "alpha": 0.45, "solid_capstyle": "butt"}

    kl_ax.plot(a, b.centre_kl, label="centred minimum", **centre_style)
    kl_ax.plot(a[off], b.off_kl[off], label="off-centre minimum", **off_style)
    kl_ax.set_ylabel("KL(q‖p) at the minimum (nats)")
    kl_ax.set_ylim(0, min(2.0, float(np.nanmax(b.centre_kl))) * 1.1)
    kl_ax.set_title("which minimum is lower?", fontsize=12)

    before, after = a <= a_switch, (a >= a_switch) & off
    for ax, centre, offv, fwd, name in (
        (mu_ax, b.centre_mu, b.off_mu, b.forward_mu, "μ"),
        (sigma_ax, b.centre_sigma, b.off_sigma, b.forward_sigma, "σ"),
    ):
        ax.plot(a[before], centre[before], label="global optimum (reverse)", **best_style)
        ax.plot(a[after], offv[after], **best_style)
        ax.plot(a, centre, label="centred minimum", **centre_style)
        ax.plot(a[off], offv[off], label="off-centre minimum", **off_style)
        ax.plot(a, fwd, color=COLORS["q"], linestyle=":", linewidth=2.2, label="forward fit")
        ax.set_ylabel(f"{name} of the fitted q")
        ax.set_title(f"{name} of the fit", fontsize=12)
    mu_ax.legend(loc="upper left", fontsize=9.5)
    kl_ax.legend(loc="upper left", fontsize=9.5)
    for ax in (kl_ax, mu_ax, sigma_ax):
        ax.axvline(a_switch, color=COLORS["highlight"], linestyle=":", linewidth=1.8)
        ax.set_xlabel("a (modes at ±a)")
        ax.set_xlim(float(a.min()), float(a.max()))
    top = kl_ax.get_ylim()[1]
    kl_ax.annotate(f"a* = {a_switch:.2f}", (a_switch, 0.06 * top), xytext=(6, 0),
                   textcoords="offset points", color=COLORS["highlight"], fontsize=11)
    return fig


# ------------------------------------------------------------------ two options
def two_options(a=3.0, option_a=(0.0, 4.0), option_b=(3.0, 2.0), window=10.0):
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
    window : float
        Half-width of a grid ``[-window, window]``; what lies outside it is shaded, since
        a grid computation never sees it.

    Returns
    -------
    Figure
    """
    p = fitting.symmetric_mixture(a)
    half = max(18.0, a + 6.0, window + 4.0)
    x = np.linspace(-half, half, 1401)
    lp = p.logpdf(x)
    fig, axes = new_figure(3, 2, width=11.0, height=9.6, sharey="row")
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
        for ax, terms, kl, label in (
            (mid, np.exp(lp) * (lp - lq), forward, f"$P\\,\\log(P/Q)$: KL(P‖Q) = {forward:.3f} nats"),
            (bottom, np.exp(lq) * (lq - lp), reverse, f"$Q\\,\\log(Q/P)$: KL(Q‖P) = {reverse:.3f} nats"),
        ):
            ax.plot(x, terms, color=COLORS["kl"], label=label)
            ax.fill_between(x, terms, 0, where=terms >= 0, color=COLORS["kl"], alpha=0.3, linewidth=0)
            ax.fill_between(x, terms, 0, where=terms < 0, color=COLORS["neutral"], alpha=0.3,
                            linewidth=0)
            ax.axhline(0, color=COLORS["neutral"], linewidth=1)
        for ax in (top, mid, bottom):
            for side in (-1, 1):
                ax.axvspan(side * window, side * half, color=COLORS["neutral"], alpha=0.12,
                           linewidth=0, label=f"outside the grid [−{window:g}, {window:g}]" if side > 0 else None)
            ax.legend(loc="upper left", fontsize=10)
        for ax, ylabel in ((top, "density (per unit x)"),
                           (mid, "forward integrand\n(nats per unit x)"),
                           (bottom, "reverse integrand\n(nats per unit x)")):
            ax.set_xlabel("x")
            ax.set_ylabel(ylabel)
            ax.set_xlim(-half, half)
    for row in axes[1:]:
        lo, hi = row[0].get_ylim()
        row[0].set_ylim(lo, hi + 0.35 * (hi - lo))
    top_lo, top_hi = axes[0, 0].get_ylim()
    axes[0, 0].set_ylim(0, top_hi * 1.3)
    return fig
