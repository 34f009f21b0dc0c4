"""Figures for ``08_trust_regions.ipynb``: trust regions, PPO's KL, and KL estimators.

- :func:`surrogate_gap`: the true objective and the importance-sampled surrogate along one
  direction, with the KL that measures how far the step went.
- :func:`kl_per_update`: the exact KL of every update of TRPO and of PPO's variants on the
  same batches, beside the budget δ; and PPO-clip's KL as the epochs go on.
- :func:`estimators`: k1, k2, k3 as functions of the log-ratio, and their bias and spread
  relative to the true KL, for two unit-variance normals.
- :func:`fine_tuning`: KL-regularised fine-tuning of a bigram by each practice.
- :func:`gradient_angles`: how close sampled KL-penalty gradients come to the exact one.
- :func:`start_letters`: the reference and the fine-tuned model's first letters.

Functions that sliders drive take precomputed results and only draw them.
"""

import numpy as np
from matplotlib.ticker import NullLocator

from .style import COLORS, PALETTE, new_figure

__all__ = ["surrogate_gap", "kl_per_update", "estimators", "estimator_moments",
           "fine_tuning", "gradient_angles", "start_letters"]


def surrogate_gap(sweep, step=0.5):
    """True objective and surrogate along one direction, and the mean KL of each step.

    Parameters
    ----------
    sweep : dict
        ``step`` (step sizes), ``J`` (true objective), ``L`` (surrogate), ``kl`` (mean
        KL from the old policy), each an array over the step sizes, all measured from
        the old policy (``J`` and ``L`` as gains over it).
    step : float
        The step size to mark.
    """
    a, J, L, kl = (np.asarray(sweep[k], float) for k in ("step", "J", "L", "kl"))
    i = int(np.argmin(np.abs(a - step)))
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.2)
    left.plot(a, J, color=COLORS["p"], label="true gain J − J_old")
    left.plot(a, L, color=COLORS["q"], ls="--", label="surrogate L − J_old")
    left.axhline(0.0, color=COLORS["neutral"], lw=1)
    left.plot([a[i]] * 2, [J[i], L[i]], "o", color=COLORS["highlight"])
    left.set_xlabel("step size α (along the gradient)")
    left.set_ylabel("gain over old policy (return)")
    left.legend(loc="upper left")
    left.set_title(f"α = {a[i]:.2f}: true {J[i]:+.3f}, surrogate {L[i]:+.3f}")
    right.plot(a, kl, color=COLORS["kl"])
    right.plot([a[i]], [kl[i]], "o", color=COLORS["highlight"])
    right.set_xlabel("step size α (along the gradient)")
    right.set_ylabel("mean KL(π_old ‖ π) (nats)")
    right.set_title(f"mean KL {kl[i]:.3f} nats")
    return fig


def kl_per_update(results, delta=0.01, epochs=10, lr=0.01):
    """Exact mean KL of each update: TRPO and PPO variants on the same batches.

    Parameters
    ----------
    results : dict
        ``"trpo"``: array of KLs per update; ``"clip"``: dict lr -> array (updates, epochs)
        of PPO-clip's KL after each epoch; optional ``"penalty"`` and ``"early stop"``:
        arrays of KLs per update.
    delta : float
        TRPO's budget, drawn as a line.
    epochs : int
        PPO-clip epochs to show (1 … the number recorded).
    lr : float
        PPO-clip learning rate, one of the keys of ``results["clip"]``.
    """
    clip = results["clip"]
    lr = min(clip, key=lambda k: abs(k - lr))
    table = np.asarray(clip[lr])
    epochs = int(np.clip(epochs, 1, table.shape[1]))
    updates = np.arange(1, len(results["trpo"]) + 1)
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.4)
    left.axhline(delta, color=COLORS["neutral"], ls=":", lw=2, label=f"δ = {delta:g}")
    left.plot(updates, results["trpo"], "o-", ms=4, color=COLORS["p"], label="TRPO")
    left.plot(updates, table[:, epochs - 1], "s-", ms=4, color=COLORS["q"],
              label=f"PPO-clip, {epochs} epoch{'s' if epochs > 1 else ''}")
    extra = {"penalty": (PALETTE["green"], "PPO, adaptive KL penalty"),
             "early stop": (PALETTE["orange"], "PPO-clip, early stop")}
    for key, (colour, label) in extra.items():
        if key in results:
            left.plot(updates, results[key], "^-", ms=4, lw=1.5, color=colour, label=label)
    top = max(table.max(), *(np.max(results[k]) for k in ("trpo", *extra) if k in results))
    left.set_ylim(0, 1.15 * top)
    left.set_xlabel("update")
    left.set_ylabel("exact mean KL (nats)")
    left.legend(loc="upper right", fontsize=9)
    left.set_title(f"PPO-clip lr {lr:g}: max {table[:, epochs - 1].max():.4f}")
    e = np.arange(1, table.shape[1] + 1)
    for key, colour in zip(sorted(clip), (PALETTE["sky"], COLORS["q"], PALETTE["black"])):
        t = np.asarray(clip[key])
        right.plot(e, t.max(axis=0), color=colour, label=f"lr {key:g}: max")
        right.plot(e, np.median(t, axis=0), color=colour, ls="--", lw=1.5,
                   label=f"lr {key:g}: median")
    right.axhline(delta, color=COLORS["neutral"], ls=":", lw=2)
    right.axvline(epochs, color=COLORS["highlight"], lw=1.5)
    right.set_xlabel("PPO-clip epochs per update")
    right.set_ylabel("KL over the updates (nats)")
    right.set_ylim(0, 1.15 * max(np.max(v) for v in clip.values()))
    right.legend(loc="upper left", fontsize=9, ncol=2)
    return fig


def estimator_moments(mu, nodes=80):
    r"""Mean and standard deviation of k1, k2, k3 for ``q = N(0, 1)``, ``p = N(μ, 1)``.

    The log-ratio is ``ℓ = log p(x) − log q(x) = μx − μ²/2`` for ``x ~ q``; moments by
    Gauss–Hermite quadrature over ``x``. Returns ``(kl, {name: (mean, sd)})``.
    """
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / w.sum()
    ell = mu * x - mu * mu / 2
    ks = {"k1": -ell, "k2": 0.5 * ell**2, "k3": np.expm1(ell) - ell}
    out = {}
    for name, k in ks.items():
        m = np.sum(w * k)
        out[name] = (m, np.sqrt(max(np.sum(w * (k - m) ** 2), 0.0)))
    return mu * mu / 2, out


def estimators(kl=0.005):
    """k1, k2, k3 against the log-ratio, and their bias and spread relative to the KL.

    ``q = N(0, 1)`` and ``p = N(μ, 1)`` with ``μ = sqrt(2·kl)``, so ``KL(q‖p) = kl``.
    """
    mu = np.sqrt(2 * kl)
    true, mom = estimator_moments(mu)
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.3)
    spread = max(3 * mu, 0.05)
    ell = np.linspace(-mu * mu / 2 - spread, -mu * mu / 2 + spread, 400)
    colours = {"k1": COLORS["q"], "k2": PALETTE["sky"], "k3": COLORS["kl"]}
    curves = {"k1": -ell, "k2": 0.5 * ell**2, "k3": np.expm1(ell) - ell}
    for name, y in curves.items():
        left.plot(ell, y, color=colours[name], label=name)
    left.axhline(0, color=COLORS["neutral"], lw=1)
    dens = np.exp(-0.5 * ((ell + mu * mu / 2) / mu) ** 2)
    inner = np.abs(ell + mu * mu / 2) <= 2 * max(mu, 0.05 / 3)
    top = max(np.max(np.abs(c[inner])) for c in curves.values())
    low = min(np.min(c[inner]) for c in curves.values())
    left.set_ylim(1.15 * min(low, 0.0) - 0.05 * top, 1.15 * top)
    left.fill_between(ell, 0, dens * 0.5 * top, color=COLORS["p"], alpha=0.15,
                      label="density of ℓ under q")
    left.set_xlabel("log-ratio ℓ = log p(x) − log q(x)")
    left.set_ylabel("estimate of KL (nats)")
    left.legend(loc="upper center", fontsize=10)
    left.set_title(f"KL(q‖p) = {true:.3g} nats")
    names = list(mom)
    xs = np.arange(3)
    bias = [mom[n][0] / true - 1 for n in names]
    sd = [mom[n][1] / true for n in names]
    right.bar(xs - 0.2, bias, 0.4, color=COLORS["highlight"], label="bias / KL")
    right.bar(xs + 0.2, sd, 0.4, color=COLORS["kl"], label="sd / KL")
    for x, b, s in zip(xs, bias, sd):
        right.text(x - 0.2, b, f"{b:.2f}", ha="center", va="bottom", fontsize=10)
        right.text(x + 0.2, s, f"{s:.2f}", ha="center", va="bottom", fontsize=10)
    right.set_xticks(xs, names)
    right.set_yscale("symlog", linthresh=1.0)
    right.yaxis.set_minor_locator(NullLocator())
    right.set_ylim(0, 6 * max(sd))
    right.set_xlabel("estimator (one sample)")
    right.set_ylabel("relative to the true KL")
    right.legend(loc="upper right")
    return fig


def fine_tuning(curves, beta=3.0):
    """Fine-tuning curves for one β: expected word length and sequence KL per step.

    Parameters
    ----------
    curves : dict
        beta -> {"optimum": (length, kl) of π*, practice: {"length": array,
        "kl": array}}.
    beta : float
        Which β to show (nearest key).
    """
    beta = min(curves, key=lambda b: abs(b - beta))
    runs = curves[beta]
    fig, (left, right) = new_figure(1, 2, width=9.6, height=4.3)
    colours = {"k1 as reward": COLORS["p"], "k1 as loss": COLORS["neutral"],
               "k3 as loss": COLORS["q"], "k2 as loss": PALETTE["sky"]}
    length_star, kl_star = runs["optimum"]
    for name, run in runs.items():
        if name == "optimum":
            continue
        steps = np.arange(len(run["length"]))
        label = name + (" (exact gradient)" if name == "k1 as reward" else "")
        left.plot(steps, run["length"], color=colours[name], label=label)
        right.plot(steps, run["kl"], color=colours[name], label=label)
        if len(steps) < 301:                     # stopped: the next step passed 1,000 letters
            left.plot(steps[-1:], run["length"][-1:], "x", ms=10, mew=2.5, color=colours[name])
    left.axhline(length_star, color=COLORS["entropy"], ls=":", lw=2, label="optimum π*")
    left.set_ylim(3.0, 1500.0)
    right.axhline(kl_star, color=COLORS["entropy"], ls=":", lw=2, label="optimum π*")
    for ax in (left, right):
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())      # minor log ticks cost most of a redraw
        ax.set_xlabel("gradient step")
    left.set_ylabel("expected word length (letters)")
    right.set_ylabel("sequence KL(π ‖ π_ref) (nats/word)")
    right.plot([], [], "x", color=COLORS["neutral"], label="ran away (next: > 1,000 letters)")
    right.legend(loc="lower right", fontsize=9)
    left.set_title(f"β = {beta:g}")
    right.set_ylim(bottom=1e-3)
    return fig


def gradient_angles(batch_sizes, cosines):
    """Cosine between sampled KL-penalty gradients and the exact one, against batch size.

    ``cosines`` maps practice -> (mean, standard error) arrays over ``batch_sizes``; an
    entry ``"expected k3 as loss"`` (a number) is drawn as the limit of k3.
    """
    fig, ax = new_figure(1, 1, width=8.0, height=4.2)
    colours = {"k1 as reward": COLORS["p"], "k3 as loss": COLORS["q"], "k2 as loss": PALETTE["sky"]}
    for name, value in cosines.items():
        if name.startswith("expected"):
            continue
        m, se = value
        ax.errorbar(batch_sizes, m, yerr=se, color=colours[name], marker="o", capsize=3,
                    label=name)
    if "expected k3 as loss" in cosines:
        ax.axhline(cosines["expected k3 as loss"], color=COLORS["q"], ls=":",
                   label="k3 as loss, infinite batch")
    ax.axhline(1.0, color=COLORS["neutral"], lw=1)
    ax.set_xscale("log")
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("batch size (words)")
    ax.set_ylabel("cosine with exact ∇KL")
    ax.legend(loc="lower right")
    return fig


def start_letters(letters, reference, tuned, label="fine-tuned"):
    """First-letter distributions of two bigrams, ``reference`` and ``tuned`` (rows 0)."""
    fig, ax = new_figure(1, 1, width=9.6, height=3.8)
    xs = np.arange(len(letters))
    ax.bar(xs - 0.2, reference, 0.4, color=COLORS["p"], label="reference π_ref")
    ax.bar(xs + 0.2, tuned, 0.4, color=COLORS["q"], label=label)
    ax.set_xticks(xs, list(letters))
    ax.set_xlabel("first letter of the word")
    ax.set_ylabel("probability")
    ax.legend(loc="upper right")
    return fig
