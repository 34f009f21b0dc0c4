"""Optimal transport on the line: the Wasserstein-1 (earth mover's) distance.

KL compares two distributions point by point, so it cannot tell "slightly off" from "far
away" once their supports stop overlapping: it is infinite either way. W1 asks instead how
much probability mass has to move, and how far, to turn one distribution into the other.
It stays finite for disjoint supports and grows smoothly as a distribution slides away.

``scipy.stats.wasserstein_distance(u_values, v_values, u_weights, v_weights)`` computes it,
but its first two arguments are *sample positions*, not probability vectors: passing two
probability vectors there compares the sets of numbers in them and silently returns
nonsense (0 for a distribution and a shifted copy of it). :func:`wasserstein1` passes the
support points as values and the probabilities as weights.
"""

import numpy as np
from scipy import stats

from ._validate import as_distribution, as_finite, same_shape

__all__ = ["wasserstein1"]


def wasserstein1(p, q, support, *, axis=-1):
    r"""Wasserstein-1 distance between two distributions on the same points of the line.

    .. math:: W_1(p, q) = \min_{\gamma \in \Pi(p, q)} \sum_{i, j} \gamma_{ij}\, |x_i - x_j|
              = \int_{-\infty}^{\infty} \big| F_p(x) - F_q(x) \big| \, dx

    The minimum runs over transport plans ``γ`` (joint distributions with marginals ``p``
    and ``q``); on the line it equals the area between the two cumulative distribution
    functions. Computed with ``scipy.stats.wasserstein_distance(support, support,
    u_weights=p, v_weights=q)``. Taught in ``04_kl_divergence.ipynb``.

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
    x = as_finite(support, "support")
    n = p.shape[axis]
    if x.ndim != 1 or x.shape[0] != n:
        raise ValueError(
            f"support must be a 1-D array of {n} positions (one per outcome along axis "
            f"{axis}), got shape {x.shape}"
        )
    pm = np.moveaxis(p, axis, -1)
    qm = np.moveaxis(q, axis, -1)
    out = np.empty(pm.shape[:-1])
    for index in np.ndindex(out.shape):
        out[index] = stats.wasserstein_distance(x, x, u_weights=pm[index], v_weights=qm[index])
    return out[()] if out.ndim == 0 else out
