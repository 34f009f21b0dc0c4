"""Distributions that slide apart on the line, and the distance that still sees them.

KL compares two distributions point by point, so it cannot tell "slightly off" from "far
away" once their supports stop overlapping: it is infinite either way. Smoothing
(:func:`mix_uniform`) makes it finite, but then its value is set by the smoothing weight,
not by the distance. The Wasserstein-1 (earth mover's) distance (:func:`wasserstein1`) asks
instead how much probability mass has to move, and how far, to turn one distribution into
the other: it stays finite for disjoint supports and grows steadily as a distribution
slides away. :func:`bumps` builds the sliding example. Taught in ``04_kl_divergence.ipynb``.

``scipy.stats.wasserstein_distance(u_values, v_values, u_weights, v_weights)`` computes W1,
but its first two arguments are *sample positions*, not probability vectors: passing two
probability vectors there compares the sets of numbers in them and silently returns
nonsense (0 for a distribution and a shifted copy of it). :func:`wasserstein1` passes the
support points as values and the probabilities as weights.
"""

import numpy as np
from ._validate import as_distribution, as_finite, check_axis, result, same_shape
from .measures import normalize

__all__ = ["bumps", "mix_uniform", "wasserstein1"]


def bumps(shift=0.0, *, center=10.0, width_p=4.0, width_q=8.0, n=51):
    r"""Two raised-cosine bumps on the grid ``0, 1, …, n-1``, the second shifted by ``shift``.

    .. math:: p(x) \propto \cos^2\!\Big(\frac{\pi (x - c)}{2 h_p}\Big) \text{ for } |x - c| < h_p,
              \qquad q(x) \propto \cos^2\!\Big(\frac{\pi (x - c - s)}{2 h_q}\Big)
              \text{ for } |x - c - s| < h_q,

    and exactly 0 elsewhere, each normalised to sum to 1. With the defaults ``q`` is wider
    than ``p``, so ``KL(p‖q)`` is finite for small shifts, infinite from ``s = 5`` (the left
    edge of ``p`` leaves ``q``'s support) and the supports are disjoint from ``s = 11``.
    The sliding example of ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    shift : float
        How far ``q`` is moved to the right, in grid steps.
    center, width_p, width_q : float
        Centre ``c`` of ``p`` and the two half-widths ``h_p``, ``h_q``, in grid steps.
    n : int
        Number of grid points.

    Returns
    -------
    x, p, q : ndarray
        The grid and the two distributions on it.
    """
    x = np.arange(n, dtype=np.float64)

    def bump(c, h):
        inside = np.abs(x - c) < h
        return normalize(np.where(inside, np.cos(0.5 * np.pi * (x - c) / h) ** 2, 0.0))

    return x, bump(center, width_p), bump(center + shift, width_q)


def mix_uniform(q, eps, *, axis=-1):
    r"""Smooth ``q`` by mixing in a little of the uniform distribution over its ``n`` outcomes.

    .. math:: q_\varepsilon = (1 - \varepsilon)\, q + \varepsilon / n

    Every outcome then has probability at least ``ε/n``, so ``KL(p‖q_ε)`` is finite; but
    where ``q`` was 0 the value is set by the arbitrary ``ε``. For a distribution ``q``
    this is additive smoothing (:func:`lib.perplexity.additive_smoothing`) with the
    pseudo-count ``α = ε / (n (1 - ε))``. Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    q : array_like
        Probabilities along ``axis``, each vector summing to 1; other axes form a batch.
    eps : float
        Weight of the uniform part, in [0, 1].
    axis : int, optional
        Axis holding the outcomes. Default -1.

    Returns
    -------
    ndarray
        Same shape as ``q``, summing to 1 along ``axis``.

    Raises
    ------
    ProbabilityError
        ``q`` not a valid distribution.
    ValueError
        ``eps`` not in [0, 1].
    """
    q = as_distribution(q, "q", axis)
    e = float(eps)
    if not 0.0 <= e <= 1.0:
        raise ValueError(f"eps must be in [0, 1], got {eps!r}")
    return (1.0 - e) * q + e / q.shape[axis]


def wasserstein1(p, q, support, *, axis=-1):
    r"""Wasserstein-1 distance between two distributions on the same points of the line.

    .. math:: W_1(p, q) = \min_{\gamma \in \Pi(p, q)} \sum_{i, j} \gamma_{ij}\, |x_i - x_j|
              = \int_{-\infty}^{\infty} \big| F_p(x) - F_q(x) \big| \, dx

    The minimum runs over transport plans ``γ`` (joint distributions with marginals ``p``
    and ``q``); on the line it equals the area between the two cumulative distribution
    functions. Computed from that formula, vectorised over the batch: with the support
    sorted, ``Σ_i |Σ_{j<=i} (p_j - q_j)| (x_{i+1} - x_i)`` (the same value as
    ``scipy.stats.wasserstein_distance(support, support, u_weights=p, v_weights=q)``).
    Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    p, q : array_like
        Probabilities of the same shape; each vector along ``axis`` sums to 1.
        Other axes form a batch.
    support : array_like
        The positions ``x_i`` of the outcomes: a finite 1-D array as long as ``p`` along
        ``axis``, in any order (repeated points are allowed).
    axis : int, optional
        Axis holding the outcomes. Default -1.

    Returns
    -------
    ndarray or float
        The distance, in the units of ``support``, with ``axis`` removed. Finite, >= 0,
        symmetric, and zero only when ``p`` and ``q`` put the same mass on each point.

    Raises
    ------
    ProbabilityError
        ``p`` or ``q`` not valid distributions, or shapes that differ.
    ValueError
        ``support`` not a finite 1-D array of the right length.
    """
    p = as_distribution(p, "p", axis)
    q = as_distribution(q, "q", axis)
    same_shape(p, q, "p", "q")
    axis = check_axis(p, axis, "p")
    x = as_finite(support, "support")
    n = p.shape[axis]
    if x.ndim != 1 or x.shape[0] != n:
        raise ValueError(
            f"support must be a 1-D array of {n} positions (one per outcome along axis "
            f"{axis}), got shape {x.shape}"
        )
    order = np.argsort(x, kind="stable")
    gaps = np.diff(x[order])
    # The running difference of the two CDFs, sorted by position: cumsum of p - q, so a
    # point where p and q agree adds exactly nothing.
    diff = np.moveaxis(p - q, axis, -1)[..., order]
    cdf_gap = np.cumsum(diff[..., :-1], axis=-1)
    return result(np.abs(cdf_gap) @ gaps)
