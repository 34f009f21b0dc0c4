"""Figures for ``07_vae.ipynb``: the ELBO, its gap, the KL term, and a VAE trained on digits.

- :func:`identity`: a one-dimensional latent model, where ``log p(x) = ELBO + KL(q ‖ posterior)``
  can be drawn whole.
- :func:`em_steps`: EM on a two-component mixture: the bound touches the log-likelihood after
  every E-step.
- :func:`linear_gap`: the linear VAE (probabilistic PCA) on one digit; move q and read the gap.
- :func:`collapse`: the β-weighted linear VAE; units switch off where ``λ_i ≤ βσ²``.
- :func:`training`, :func:`latent_map`, :func:`reconstructions`, :func:`bounds`: the
  nonlinear VAE, from results computed once in the notebook.
"""

import functools

import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from .. import digits, gaussian, ppca
from .style import COLORS, PALETTE, label_number, new_figure

_LOG_2PI = np.log(2.0 * np.pi)


def _normal_pdf(z, mean, var):
    return np.exp(-0.5 * (z - mean) ** 2 / var - 0.5 * np.log(2.0 * np.pi * var))


# ---------------------------------------------------------------- 1. the identity
def identity(x=3.0, w=2.0, s=1.0, m=0.5, sd=0.8):
    r"""``z ~ N(0, 1)``, ``x | z ~ N(wz, s²)``: the posterior, a ``q = N(m, sd²)``, and the ELBO.

    Left: prior, exact posterior and q over z. Right: the ELBO as q's mean moves (for q's
    width, for the posterior's width), under the flat ``log p(x)``; the vertical gap at
    each mean is ``KL(q ‖ p(z | x))``, from :func:`lib.kl_normal`.
    """
    post_var = s * s / (w * w + s * s)
    post_mean = w * x / (w * w + s * s)
    log_px = -0.5 * (_LOG_2PI + np.log(w * w + s * s) + x * x / (w * w + s * s))
    z = np.linspace(-3.0, 4.0, 701)
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.2)
    left.plot(z, _normal_pdf(z, 0.0, 1.0), color=COLORS["neutral"], linestyle="--", label="prior p(z)")
    left.plot(z, _normal_pdf(z, post_mean, post_var), color=COLORS["p"], label="posterior p(z | x)")
    left.plot(z, _normal_pdf(z, m, sd * sd), color=COLORS["q"], label="q(z)")
    left.set_xlabel("latent z")
    left.set_ylabel("density (per unit z)")
    left.set_title(f"x = {label_number(x, '.3g')}: the posterior is N({label_number(post_mean, '.2f')}, "
                   f"{label_number(post_var, '.2f')})", fontsize=12)
    left.legend(loc="upper left", fontsize=10)

    means = np.linspace(post_mean - 2.0, post_mean + 2.0, 201)
    post_sd = float(np.sqrt(post_var))
    for width, color, name in ((sd, COLORS["q"], f"q's width, sd = {label_number(sd, '.2f')}"),
                               (post_sd, COLORS["q"], f"posterior width, sd = {label_number(post_sd, '.2f')}")):
        gaps = gaussian.kl_normal(means, width, post_mean, post_sd)
        right.plot(means, log_px - gaps, color=color, linestyle="-" if width == sd else "--",
                   label="ELBO, " + name)
    right.axhline(log_px, color=COLORS["p"], linewidth=2, label="log p(x)")
    gap_here = float(gaussian.kl_normal(m, sd, post_mean, post_sd))
    right.annotate("", xy=(m, log_px), xytext=(m, log_px - gap_here),
                   arrowprops=dict(arrowstyle="<->", color=COLORS["kl"], lw=2))
    right.text(m - 0.1, log_px - 0.5 * gap_here, f"gap = KL(q ‖ posterior)\n= {label_number(gap_here, '.3f')} nats",
               color=COLORS["kl"], fontsize=10, va="center", ha="right",
               bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9))
    right.set_ylim(log_px - 4.0, log_px + 1.2)
    right.set_xlabel("mean m of q")
    right.set_ylabel("nats")
    right.set_title("the ELBO touches log p(x) only at q = posterior", fontsize=12)
    right.legend(loc="lower right", fontsize=9)
    return fig


# ---------------------------------------------------------------- 2. EM
def em_steps(returns, theta, loglik, after_e, after_m, *, shown=8):
    """EM on a 1-D mixture: the data and the fit (left); the bound per half-step (middle);
    the gap after each M-step (right). Values per data point, in nats.

    Parameters
    ----------
    returns : array_like
        The data.
    theta : lib.mixture_em.Mixture
        The fitted mixture (drawn on the histogram).
    loglik, after_e, after_m : array_like
        From :func:`lib.mixture_em.run`, totals in nats (divided here by the data size).
    shown : int
        Iterations drawn in the middle panel.
    """
    x = np.asarray(returns, dtype=float)
    n = x.size
    ll, ae, am = (np.asarray(v, dtype=float) / n for v in (loglik, after_e, after_m))
    fig, (data_ax, step_ax, gap_ax) = new_figure(1, 3, width=9.6, height=4.0)
    data_ax.hist(x * 100, bins=60, density=True, color=COLORS["p"], alpha=0.45, label="daily returns")
    grid = np.linspace(x.min(), x.max(), 400)
    total = np.zeros_like(grid)
    for j, (pi, mu, sigma) in enumerate(zip(theta.pi, theta.mu, theta.sigma)):
        part = pi * _normal_pdf(grid, mu, sigma * sigma) / 100
        total += part
        data_ax.plot(grid * 100, part, color=COLORS["q"], linestyle=("--", ":")[j % 2], linewidth=1.4,
                     label=f"π = {label_number(pi, '.2f')}, σ = {label_number(100 * sigma, '.1f')} %")
    data_ax.plot(grid * 100, total, color=COLORS["q"], linewidth=2.2, label="mixture")
    data_ax.set_xlabel("log-return (%)")
    data_ax.set_ylabel("density (per %)")
    data_ax.set_xlim(-10, 10)
    data_ax.legend(loc="upper left", fontsize=8)
    data_ax.set_title("data and fit", fontsize=12)

    t = np.arange(1, shown + 1)
    step_ax.plot(t, ll[1: shown + 1], "o-", color=COLORS["p"], label="log p(x | θ)", zorder=3)
    zx, zy = [], []
    for i in range(1, shown):
        zx += [i, i + 1]
        zy += [ae[i], am[i]]
    step_ax.plot(zx, zy, color=COLORS["q"], marker="s", markersize=4, linewidth=1.6,
                 label="bound, after E and M")
    step_ax.set_xlabel("EM iteration")
    step_ax.set_ylabel("nats per return")
    lo = min(ll[1], am[1])
    step_ax.set_ylim(lo - 0.3 * (ll[shown] - lo), ll[shown] + 0.1 * (ll[shown] - lo))
    step_ax.legend(loc="lower right", fontsize=9)
    step_ax.set_title("E touches, M lifts both", fontsize=12)

    it = np.arange(1, am.size + 1)
    gap_ax.semilogy(it, ll[1:] - am, "o-", color=COLORS["kl"], markersize=4,
                    label="after M: KL(q ‖ new posterior)")
    gap_ax.set_xlabel("EM iteration")
    gap_ax.set_ylabel("gap (nats per return)")
    gap_ax.legend(loc="upper right", fontsize=8)
    gap_ax.set_title("the gap each M-step opens", fontsize=12)
    return fig


# ---------------------------------------------------------------- 3. the linear VAE
@functools.lru_cache(maxsize=1)
def linear_model(k=10):
    """Probabilistic PCA with ``k`` latents on the training digits scaled to [0, 1] (cached)."""
    x_train, _, _, _ = digits.split()
    return ppca.fit(x_train / digits.COUNT, k)


@functools.lru_cache(maxsize=1)
def _one_image():
    _, _, x_test, _ = digits.split()
    x = x_test[0] / digits.COUNT
    model = linear_model()
    means, cov = ppca.posterior(model, x)
    return x, float(ppca.log_marginal(model, x)[0]), means[0], cov


def linear_gap(shift=0.4, log_ratio=1.0, unit=1):
    r"""The first held-out digit under the linear VAE: move q along one latent unit.

    ``q`` is the exact posterior except along ``unit``: its mean moved by ``shift`` and its
    variance multiplied by ``e^{log_ratio}``. Left: posterior and q along that unit.
    Right: ``log p(x)``, the ELBO (closed form, :func:`lib.ppca.elbo`), their difference and
    ``KL(q ‖ p(z | x))`` from :func:`lib.kl_mvn`.
    """
    unit = int(unit)
    model = linear_model()
    x, log_px, post_mean, post_cov = _one_image()
    j = unit - 1
    m = post_mean.copy()
    m[j] += shift
    S = post_cov.copy()
    S[j, :] *= np.exp(0.5 * log_ratio)
    S[:, j] *= np.exp(0.5 * log_ratio)
    value = ppca.elbo(model, x, m, S)[0]
    kl = gaussian.kl_mvn(m, S, post_mean, post_cov)

    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.0, gridspec_kw={"width_ratios": [1.1, 1]})
    pv, qv = post_cov[j, j], S[j, j]
    half = 4.0 * np.sqrt(max(pv, qv)) + abs(shift)
    z = np.linspace(post_mean[j] - half, post_mean[j] + half, 400)
    left.plot(z, _normal_pdf(z, 0.0, 1.0), color=COLORS["neutral"], linestyle="--", label="prior")
    left.plot(z, _normal_pdf(z, post_mean[j], pv), color=COLORS["p"], label="exact posterior")
    left.plot(z, _normal_pdf(z, m[j], qv), color=COLORS["q"], label="q")
    left.set_xlabel(f"latent unit {unit}")
    left.set_ylabel("density (per unit z)")
    left.legend(loc="upper left", fontsize=9)
    left.set_title(f"held-out digit, unit {unit}", fontsize=12)

    names = ["log p(x)", "ELBO", "log p(x) − ELBO", "KL(q ‖ posterior)"]
    vals = [log_px, value, log_px - value, kl]
    colors = [COLORS["p"], COLORS["q"], COLORS["kl"], COLORS["kl"]]
    y = np.arange(4)[::-1]
    right.barh(y, vals, color=colors, alpha=0.8)
    top = max(log_px, value, log_px - value)
    for yi, v in zip(y, vals):
        right.text(max(v, 0.0) + 0.02 * top, yi, f"{label_number(v, '.6f')}", va="center", fontsize=11)
    right.set_yticks(y, names)
    right.set_xlim(min(0.0, value * 1.1), top * 1.45 + 1.0)
    right.set_xlabel("nats")
    right.set_ylabel("quantity")
    right.set_title("gap = KL to the posterior", fontsize=12)
    return fig


def collapse(beta=1.0):
    r"""The β-weighted linear VAE on the digits: which units stay active, and what they cost.

    Left: each unit's ``λ_i / σ²`` and the line β; a unit below the line has a zero decoder
    column and ``q = p(z)``. Right: its average KL term ``½ log(λ_i / βσ²)₊``
    (:func:`lib.ppca.kl_term`).
    """
    model = linear_model()
    k = model.W.shape[1]
    ratio = model.eigenvalues[:k] / model.sigma2
    active = ratio > beta
    kl = ppca.kl_term(model, beta)
    units = np.arange(1, k + 1)
    fig, (left, right) = new_figure(1, 2, width=9.6, height=3.9)
    left.bar(units, ratio, color=np.where(active, COLORS["p"], COLORS["neutral"]), alpha=0.85)
    handles = [Patch(color=COLORS["p"], alpha=0.85, label="active"),
               Patch(color=COLORS["neutral"], alpha=0.85, label="collapsed: q = prior")]
    line = left.axhline(beta, color=COLORS["highlight"], linewidth=2.4, label=f"β = {label_number(beta, '.3g')}")
    left.set_yscale("log")
    left.yaxis.set_minor_locator(NullLocator())   # fewer ticks to draw on every move
    left.set_ylim(0.3, 600)
    left.set_xticks(units)
    left.set_xlabel("latent unit i")
    left.set_ylabel("λᵢ / σ²")
    left.legend(handles=[line, *handles], loc="upper right", fontsize=9, ncols=2)
    left.set_title(f"{int(active.sum())} of {k} units active", fontsize=12)
    right.bar(units, kl, color=COLORS["kl"], alpha=0.85)
    right.set_xticks(units)
    right.set_ylim(0, 0.5 * np.log(ratio.max() / 0.5) * 1.1)
    right.set_xlabel("latent unit i")
    right.set_ylabel("KL term (nats per image)")
    right.set_title(f"KL to the prior: {label_number(kl.sum(), '.2f')} nats", fontsize=12)
    return fig


# ---------------------------------------------------------------- 5. the nonlinear VAE
def training(histories, labels):
    """Training ELBO per epoch (one-sample estimate, nats per image) for each run."""
    fig, ax = new_figure(1, 1, width=7.0, height=3.6)
    for h, name, style in zip(histories, labels, ("-", "--", ":")):
        h = np.asarray(h, dtype=float)
        ax.plot(np.arange(1, h.size + 1), h, color=COLORS["q"], linestyle=style, label=name)
    top = max(float(np.max(h)) for h in histories)
    ax.set_ylim(top - 150, top + 10)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training ELBO (nats per image)")
    ax.legend(loc="lower right")
    return fig


def latent_map(means, labels):
    """The encoder's means of held-out digits in a 2-D latent space, coloured by digit."""
    means = np.asarray(means, dtype=float)
    labels = np.asarray(labels)
    colors = [PALETTE[c] for c in ("blue", "vermillion", "green", "purple", "orange", "sky", "black")]
    colors += ["#999933", "#882255", "#44AA99"]
    fig, ax = new_figure(1, 1, width=6.4, height=5.4)
    for d in range(10):
        pts = means[labels == d]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, color=colors[d], alpha=0.75, linewidths=0)
        cx, cy = np.median(pts, axis=0)
        ax.text(cx, cy, str(d), fontsize=17, fontweight="bold", ha="center", va="center",
                color=colors[d], bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=colors[d], alpha=0.85))
    ax.set_xlabel("latent z₁ (encoder mean)")
    ax.set_ylabel("latent z₂ (encoder mean)")
    ax.set_title("held-out digits in a 2-D latent space", fontsize=12)
    return fig


def reconstructions(originals, means, *, titles=("held-out digit", "reconstruction (mean)")):
    """Rows of 8×8 images: the originals and the decoder's mean count 16·p (0..16)."""
    originals, means = np.asarray(originals, float), np.asarray(means, float)
    n = originals.shape[0]
    fig, axes = new_figure(2, n, width=min(9.6, 0.95 * n + 0.5), height=2.6)
    for row, images in enumerate((originals, means)):
        for i in range(n):
            ax = axes[row, i]
            ax.imshow(images[i].reshape(digits.SIDE, digits.SIDE), cmap="Greys", vmin=0, vmax=digits.COUNT)
            ax.axis("off")
        axes[row, 0].set_title(titles[row], fontsize=11, loc="left")
    return fig


def bounds(ks, lift, lift_se, elbo, surgery):
    """Left: IWAE-k minus the ELBO against k, a lower bound on the gap (mean over held-out
    digits, ± 2 paired standard errors). Right: the average KL term split into
    ``I_q(x; z)`` and ``KL(q(z) ‖ p(z))``, with ``log N``."""
    ks = np.asarray(ks, dtype=float)
    lift, se = np.asarray(lift, float), np.asarray(lift_se, float)
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.0, gridspec_kw={"width_ratios": [1.4, 1]})
    left.errorbar(ks, lift, yerr=2 * se, fmt="o-", color=COLORS["q"], capsize=4,
                  label="IWAE-k − ELBO (± 2 s.e.)")
    left.axhline(0.0, color=COLORS["neutral"], linestyle=":", linewidth=1.6,
                 label=f"k = 1: the ELBO, {label_number(elbo, '.1f')} nats")
    left.set_xscale("log")
    left.set_ylim(-0.5, max(lift + 2 * se) * 1.3)
    left.set_xlabel("importance samples k")
    left.set_ylabel("nats per image above the ELBO")
    left.legend(loc="upper left", fontsize=10)
    left.set_title("the gap is at least this large", fontsize=12)

    mi, marg = surgery["mi"], surgery["marginal_kl"]
    right.bar([0], [mi], color=COLORS["entropy"], alpha=0.85, label=f"I_q(x; z) = {label_number(mi, '.2f')}")
    right.bar([0], [marg], bottom=[mi], color=COLORS["kl"], alpha=0.85,
              label=f"KL(q(z) ‖ p(z)) = {label_number(marg, '.2f')}")
    right.axhline(surgery["log_n"], color=COLORS["highlight"], linestyle="--", linewidth=2,
                  label=f"log N = {label_number(surgery['log_n'], '.2f')}")
    right.set_xlim(-1.2, 1.2)
    right.set_xticks([0], [f"KL term {label_number(surgery['kl'], '.2f')}"])
    right.set_ylim(0, (mi + marg) * 1.6)
    right.set_xlabel("average over training digits")
    right.set_ylabel("nats per image")
    right.legend(loc="upper center", fontsize=9)
    right.set_title("ELBO surgery", fontsize=12)
    return fig
