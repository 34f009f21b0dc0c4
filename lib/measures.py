"""Discrete information measures: surprise, entropy, cross-entropy, KL, JS, mutual information.

Conventions, shared by every function here:

* inputs are array-likes, computed in float64;
* a probability vector lies along ``axis`` (default the last; one integer axis, not
  ``None`` or a tuple); other axes form a batch;
* two distributions must have exactly the same shape (no silent broadcasting);
* results are in nats unless ``base`` is given (``base=2`` gives bits); ``base`` must be a
  number, positive, finite and not 1;
* ``0 · log 0 = 0``; ``q = 0`` where ``p > 0`` gives ``inf``, silently, because that is the
  right answer;
* one value comes back as a float (``0.0``, never ``-0.0``), a batch as an array;
* bad input raises :class:`ProbabilityError` with a message that names the argument.

Only :func:`normalize` rescales weights; every other function refuses a vector that does
not sum to 1 within ``SUM_TOL`` (``1e-9``).

**Precision rule.** Everything is computed in float64. The sum check follows the precision
a vector arrives in: ``SUM_TOL`` for float64 (and for lists, Python floats, integers), and
``max(SUM_TOL, n · eps)`` for a float32 or float16 array of ``n`` outcomes, ``eps`` being
that type's machine epsilon (1.2e-7 for float32): the worst rounding of ``n`` entries each
rounded to that precision. So a float32 softmax summing to 0.99999998 is accepted.

**Divergences as sums of non-negative terms.** :func:`kl_divergence` adds, per outcome,
``p·log(p/q) - p + q`` (zero when ``p = q``, positive otherwise); for distributions the
extra ``-p + q`` adds up to 0, and for input within ``SUM_TOL`` of normalised it is the KL
of the two vectors taken as measures. Near ``p = q`` each term is evaluated by a series in
``u = (p - q)/(p + q)``, so the result is never negative and exact to a few ulp however
close the distributions are. :func:`js_divergence` and :func:`mutual_information` are built
the same way.

**Deliberate differences from other libraries.**

=================================  ===============================  ===========================
case                               elsewhere                        here
=================================  ===============================  ===========================
``p`` or ``q`` not summing to 1    scipy ``stats.entropy``          ``ProbabilityError``; call
                                   renormalises silently            :func:`normalize` first
``q_i = 0 < p_i``                  dit raises, torch returns inf    ``inf``, no warning
negative or NaN entries            scipy returns ``nan``/``-inf``   ``ProbabilityError``
shapes that differ                 scipy / torch broadcast          ``ProbabilityError``
``axis=None``                      scipy flattens                   ``ValueError``
float32 input                      torch computes in float32        float64 arithmetic; sum
                                                                    tolerance ``n · eps32``
KL(p‖q) for p ≈ q                  scipy ``rel_entr`` sum can be    ``Σ p log(p/q) - p + q``,
                                   negative, loses digits           never negative
scalar/empty logits, tuple axis    scipy's softmax / logsumexp      ``ValueError``
                                   accept them
W1 of two sample sets              scipy / POT take values and      two distributions on one
                                   weights of any sizes             support (:mod:`lib.transport`)
covariance symmetry                torch: absolute ``atol=1e-6``    ``sqrt(eps)`` of the
                                                                    matrix's own scale
=================================  ===============================  ===========================

Each row is asserted by a test in ``tests/lib`` (the ``test_differs_*`` tests name the peer).
"""

import numpy as np
from scipy import special

from ._special import js_terms, kl_terms, log1pmx
from ._validate import (
    SUM_TOL,
    ProbabilityError,
    as_distribution,
    as_float_array,
    as_probabilities,
    as_weights,
    check_axis,
    first_bad,
    log_base,
    result,
    same_shape,
)

__all__ = [
    "SUM_TOL",
    "surprise",
    "entropy",
    "binary_entropy",
    "cross_entropy",
    "kl_divergence",
    "kl_bernoulli",
    "js_divergence",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "normalize",
]


def _one(p, axis, check):
    if not check:
        return np.asarray(p, dtype=np.float64)
    return as_distribution(p, "p", axis)


def _pair(p, q, axis, check):
    if not check:
        return np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    p = as_distribution(p, "p", axis)
    q = as_distribution(q, "q", axis)
    same_shape(p, q, "p", "q")
    return p, q


def _neg_xlogx(p):
    """``-p·log p`` elementwise, 0 at ``p = 0`` (NumPy's vectorised log, not ``entr``)."""
    logp = np.zeros_like(p)
    np.log(p, out=logp, where=p > 0)
    logp *= p
    return np.negative(logp, out=logp)


def _table(pxy):
    a = as_float_array(pxy, "pxy")
    if a.ndim != 2:
        raise ProbabilityError(f"pxy must be a 2-D joint table, got {a.ndim} dimension(s)")
    return as_distribution(a.reshape(-1), "pxy", -1).reshape(a.shape)


def surprise(p, *, base=None):
    r"""Information content (surprise) of an outcome of probability ``p``.

    .. math:: I(p) = -\log p

    Taught in ``01_surprise.ipynb``.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1]; computed elementwise.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        ``-log p``; ``inf`` where ``p == 0``, ``0`` where ``p == 1``.

    Raises
    ------
    ProbabilityError
        If an entry is outside [0, 1] or NaN, if ``p`` is empty, or if ``base`` is invalid.
    """
    scale = log_base(base)
    p = as_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return result(-np.log(p) / scale)


def entropy(p, *, axis=-1, base=None, check=True):
    r"""Shannon entropy of a discrete distribution: the expected surprise.

    .. math:: H(p) = -\sum_i p_i \log p_i \qquad (0 \log 0 = 0)

    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    p : array_like
        Probabilities along ``axis``, each vector summing to 1 (within ``SUM_TOL``).
    axis : int, optional
        Axis holding the outcomes; the others are a batch. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.
    check : bool, optional
        Validate ``p`` (default). ``check=False`` skips validation: a fast path for hot
        loops over input already known to be valid; invalid input then gives garbage.

    Returns
    -------
    ndarray or float
        Entropy, with ``axis`` removed. Between 0 and ``log k`` for ``k`` outcomes.

    Raises
    ------
    ProbabilityError
        Entries negative, NaN, infinite or above 1; a vector not summing to 1; empty input;
        invalid ``base``.
    """
    scale = log_base(base)
    p = _one(p, axis, check)
    return result(_neg_xlogx(p).sum(axis=axis) / scale)


def binary_entropy(p, *, base=None):
    r"""Entropy of a coin that lands heads with probability ``p``.

    .. math:: H_b(p) = -p \log p - (1 - p) \log(1 - p)

    Computed with ``log1p`` so it stays exact for ``p`` near 0 and near 1.
    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1]; computed elementwise.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        At most ``log 2`` (1 bit), reached at ``p = 0.5``; 0 at ``p`` = 0 or 1.

    Raises
    ------
    ProbabilityError
        If an entry is outside [0, 1] or NaN, or ``base`` is invalid.
    """
    scale = log_base(base)
    p = as_probabilities(p, "p")
    return result(-(special.xlogy(p, p) + special.xlog1py(1.0 - p, -p)) / scale)


def cross_entropy(p, q, *, axis=-1, base=None, check=True):
    r"""Cross-entropy: average code length when outcomes follow ``p`` but the code fits ``q``.

    .. math:: H(p, q) = -\sum_i p_i \log q_i

    Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape, along ``axis``.
    axis : int, optional
        Axis holding the outcomes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.
    check : bool, optional
        Validate the inputs (default); ``check=False`` is the unchecked fast path.

    Returns
    -------
    ndarray or float
        ``H(p) + KL(p‖q)``; ``inf`` if ``q_i = 0`` where ``p_i > 0``. (The difference
        ``cross_entropy - entropy`` is not a good way to get the KL: it cancels, and can
        even come out negative; use :func:`kl_divergence`.)

    Raises
    ------
    ProbabilityError
        Invalid entries, sums, shapes, empty input or ``base``.
    """
    scale = log_base(base)
    p, q = _pair(p, q, axis, check)
    return result(-special.xlogy(p, q).sum(axis=axis) / scale)


def kl_divergence(p, q, *, axis=-1, base=None, check=True):
    r"""Kullback–Leibler divergence of ``q`` from ``p``: the extra code length.

    .. math:: \mathrm{KL}(p \,\|\, q) = \sum_i p_i \log \frac{p_i}{q_i} = H(p, q) - H(p)
              = \sum_i \Big(p_i \log \frac{p_i}{q_i} - p_i + q_i\Big)

    Never negative (Gibbs' inequality), zero only when ``p = q``, not symmetric.
    Computed as the last sum, whose terms are each >= 0, with a series near ``p_i = q_i``:
    exact to a few ulp even for nearly equal distributions (see the module notes).
    Taught in ``04_kl_divergence.ipynb`` and ``05_asymmetry.ipynb``.

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape, along ``axis``.
    axis : int, optional
        Axis holding the outcomes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.
    check : bool, optional
        Validate the inputs (default); ``check=False`` is the unchecked fast path.

    Returns
    -------
    ndarray or float
        The divergence; ``inf`` (not an error) when ``q_i = 0`` where ``p_i > 0``.

    Raises
    ------
    ProbabilityError
        Invalid entries, sums, shapes, empty input or ``base``.
    """
    scale = log_base(base)
    p, q = _pair(p, q, axis, check)
    return result(kl_terms(p, q).sum(axis=axis) / scale)


def _kl_term(a, b, d):
    """``a·log(a/b) - a + b`` (>= 0) where ``d = (a - b)/b`` is given accurately."""
    # With t = a/b = 1 + d:  b·(t log t - t + 1) = b·(d·log1p(d) + log1p(d) - d).
    with np.errstate(divide="ignore", invalid="ignore"):
        near = np.abs(d) < 0.5
        ds = np.where(near, d, 0.0)
        close = b * (ds * np.log1p(ds) + log1pmx(ds))
        far = special.kl_div(a, b)
    return np.where(near & (b > 0), close, far)


def kl_bernoulli(p, q, *, base=None):
    r"""KL divergence between two coins, Bernoulli(``p``) and Bernoulli(``q``).

    .. math:: \mathrm{KL}(p \,\|\, q) = p \log\frac{p}{q} + (1-p)\log\frac{1-p}{1-q}

    Evaluated as a sum of two non-negative terms, each computed from the exact
    differences ``p - q``, so it keeps full precision for tiny probabilities, for
    probabilities near 1 and for ``p`` close to ``q``. Broadcasts like numpy.
    Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    p, q : array_like
        Probabilities of heads, in [0, 1].
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The divergence; ``inf`` when ``q`` is 0 or 1 and ``p`` is not.

    Raises
    ------
    ProbabilityError
        Entries outside [0, 1] or NaN; invalid ``base``.
    """
    scale = log_base(base)
    p = as_probabilities(p, "p")
    q = as_probabilities(q, "q")
    p, q = np.broadcast_arrays(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        heads = _kl_term(p, q, (p - q) / q)
        tails = _kl_term(1.0 - p, 1.0 - q, (q - p) / (1.0 - q))
    return result((heads + tails) / scale)


def js_divergence(p, q, *, axis=-1, base=None):
    r"""Jensen–Shannon divergence: symmetric, always finite, at most ``log 2``.

    .. math:: \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p \,\|\, m) + \tfrac12 \mathrm{KL}(q \,\|\, m),
              \qquad m = \tfrac12 (p + q)

    Computed per outcome as a sum of non-negative terms, exact to a few ulp when
    ``p ≈ q``. Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape, along ``axis``.
    axis : int, optional
        Axis holding the outcomes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits (then at most 1).

    Returns
    -------
    ndarray or float
        The divergence, between 0 and ``log 2``.

    Raises
    ------
    ProbabilityError
        Invalid entries, sums, shapes, empty input or ``base``.
    """
    scale = log_base(base)
    p, q = _pair(p, q, axis, True)
    # Per outcome p·log(2p/s) + q·log(2q/s), s = p + q: >= 0, by a series in (p - q)/s
    # near p = q, so the sum never goes negative and keeps its digits.
    return result(0.5 * js_terms(p, q).sum(axis=axis) / scale)


def joint_entropy(pxy, *, base=None):
    r"""Entropy of a joint distribution given as a 2-D table ``pxy[x, y]``.

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)

    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    pxy : array_like
        2-D table of probabilities summing to 1 over all cells.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    float

    Raises
    ------
    ProbabilityError
        Not 2-D, invalid entries, not summing to 1, empty, or invalid ``base``.
    """
    scale = log_base(base)
    return result(_neg_xlogx(_table(pxy)).sum() / scale)


def conditional_entropy(pxy, *, base=None):
    r"""Conditional entropy ``H(Y | X)`` of a joint table with X along axis 0.

    .. math:: H(Y \mid X) = -\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)} = H(X, Y) - H(X)

    For ``H(X | Y)`` pass the transposed table. Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    pxy : array_like
        2-D table ``pxy[x, y]`` summing to 1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    float
        Between 0 and ``H(Y)``.

    Raises
    ------
    ProbabilityError
        Not 2-D, invalid entries, not summing to 1, empty, or invalid ``base``.
    """
    scale = log_base(base)
    pxy = _table(pxy)
    px = pxy.sum(axis=1, keepdims=True)
    # Each term -p(x,y)·log(p(x,y)/p(x)) is >= 0; rows with p(x) = 0 contribute 0.
    return result(-special.rel_entr(pxy, px).sum() / scale)


def mutual_information(pxy, *, base=None):
    r"""Mutual information of X and Y from their joint table ``pxy[x, y]``.

    .. math:: I(X; Y) = \mathrm{KL}\big(p(x, y) \,\|\, p(x)\,p(y)\big) = H(Y) - H(Y \mid X)

    Symmetric in X and Y; zero exactly when they are independent.
    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    pxy : array_like
        2-D table summing to 1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    float
        At least 0 (up to rounding) and at most ``min(H(X), H(Y))``.

    Raises
    ------
    ProbabilityError
        Not 2-D, invalid entries, not summing to 1, empty, or invalid ``base``.
    """
    scale = log_base(base)
    pxy = _table(pxy)
    px = pxy.sum(axis=1, keepdims=True)
    py = pxy.sum(axis=0, keepdims=True)
    # I = Σ_x p(x) KL(p(y|x) ‖ p(y)), each row a sum of non-negative terms; the rows
    # p(y|x) avoid the product p(x)p(y), which can underflow. An exact product table
    # gives terms of the order of the rounding squared, not a rounding-sized remainder.
    rows = pxy / np.where(px > 0, px, 1.0)
    terms = kl_terms(rows, np.broadcast_to(py, rows.shape).copy())
    return result(np.sum(px * terms) / scale)


def normalize(w, *, axis=-1):
    r"""Rescale non-negative weights into a probability distribution along ``axis``.

    .. math:: p_i = w_i \Big/ \sum_j w_j

    The only function in ``lib`` that rescales; every measure refuses a vector that
    does not already sum to 1. Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    w : array_like
        Finite, non-negative weights (counts, unnormalised densities).
    axis : int, optional
        Axis to normalise along. Default -1.

    Returns
    -------
    ndarray
        Same shape as ``w``, summing to 1 along ``axis``.

    Raises
    ------
    ProbabilityError
        Negative, NaN or infinite weights; empty input; a slice whose weights sum to 0.
    """
    w = as_weights(w, "w")
    if w.ndim == 0:
        raise ProbabilityError("w must be a vector of weights, got a scalar")
    axis = check_axis(w, axis, "w")
    with np.errstate(over="ignore"):
        total = w.sum(axis=axis, keepdims=True)
    if not np.all(np.isfinite(total)):
        # Finite weights whose sum overflows (1e308 + 1e308): scale by the largest first.
        w = w / w.max(axis=axis, keepdims=True)
        total = w.sum(axis=axis, keepdims=True)
    if np.any(total == 0.0):
        where = first_bad(total, total == 0.0)
        raise ProbabilityError(
            f"w sums to 0 along axis {axis} (batch index {where}); there is nothing to normalise"
        )
    return w / total
