"""From logits to probabilities and losses: softmax, entropy, KL and cross-entropies from logits.

The stable form subtracts the largest logit ``m`` and splits the log-sum-exp as

    log Σ_j exp(z_j) = m + log1p(Σ_{j ≠ argmax} exp(z_j - m)),

so nothing overflows at logits of 1e4 and the log-probability of the winning class keeps
its tiny distance from 0 (which ``scipy.special.log_softmax`` rounds away). Every measure
here works from these log-probabilities and never from rounded probabilities: the softmax
route loses the entropy of a peaked distribution (its top probability rounds to 1) and
turns a probability of ``e^-800`` into 0, hence a KL or a cross-entropy into ``inf``.

Conventions as in :mod:`lib.measures`: the classes lie along ``axis`` (one integer axis),
results are in nats unless ``base`` is given, a logit of ``-inf`` means probability 0,
NaN and ``+inf`` logits raise ``ValueError``, a bad target raises ``ProbabilityError``.
Taught in ``03_cross_entropy.ipynb`` and used from ``06_mle.ipynb`` on.
"""

import numpy as np

from ._special import kl_logit_terms
from ._validate import (
    ProbabilityError,
    as_distribution,
    as_float_array,
    as_probabilities,
    check_axis,
    log_base,
    result,
)

__all__ = [
    "log_softmax",
    "softmax",
    "entropy_logits",
    "kl_logits",
    "cross_entropy_logits",
    "soft_cross_entropy_logits",
    "binary_cross_entropy_logits",
]


def _logits(z, axis, name="z"):
    z = as_float_array(z, name, error=ValueError)
    if z.ndim == 0:
        raise ValueError(f"{name} must hold at least one vector of logits, got a scalar")
    axis = check_axis(z, axis, name)
    if np.isnan(z).any() or np.isposinf(z).any():
        kind = "NaN" if np.isnan(z).any() else "+inf"
        raise ValueError(
            f"{name} has a {kind} logit; logits must be finite (or -inf for probability 0)"
        )
    m = z.max(axis=axis, keepdims=True)
    if np.isneginf(m).any():
        raise ValueError(f"{name} has a slice along axis {axis} whose logits are all -inf")
    return z, m, axis


def _log_softmax(z, m, axis):
    shifted = z - m
    e = np.exp(shifted)
    # Leave one maximal term out of the sum; it contributes the 1 inside log1p.
    top = np.argmax(z, axis=axis)
    np.put_along_axis(e, np.expand_dims(top, axis), 0.0, axis=axis)
    return shifted - np.log1p(e.sum(axis=axis, keepdims=True))


def log_softmax(z, *, axis=-1):
    r"""Log-probabilities from logits.

    .. math:: \log \operatorname{softmax}(z)_i = z_i - \log \sum_j e^{z_j}

    Exact for large logits (no overflow) and for a dominant class (its log-probability
    is ``-log1p(·)``, not rounded to 0). Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits; the classes lie along ``axis``. ``-inf`` means probability 0.
    axis : int, optional
        Axis of the classes. Default -1.

    Returns
    -------
    ndarray
        Same shape as ``z``; each slice's exponentials sum to 1.

    Raises
    ------
    ValueError
        NaN or ``+inf`` logits, empty input, a slice of only ``-inf``, or a bad ``axis``.
    """
    z, m, axis = _logits(z, axis)
    return _log_softmax(z, m, axis)


def softmax(z, *, axis=-1):
    r"""Probabilities from logits.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}

    Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits; the classes lie along ``axis``.
    axis : int, optional
        Axis of the classes. Default -1.

    Returns
    -------
    ndarray
        Same shape as ``z``, non-negative, summing to 1 along ``axis``.

    Raises
    ------
    ValueError
        As :func:`log_softmax`.
    """
    return np.exp(log_softmax(z, axis=axis))


def _xlogp(p, logp):
    """``p·log p`` from ``p`` and its accurate logarithm, 0 where ``p = 0``."""
    return np.where(p > 0, p * np.where(p > 0, logp, 0.0), 0.0)


def entropy_logits(z, *, axis=-1, base=None):
    r"""Entropy of the categorical distribution ``softmax(z)``, from the logits.

    .. math:: H(\operatorname{softmax} z) = -\sum_i p_i \log p_i,
              \qquad \log p_i = z_i - \log \sum_j e^{z_j}

    Each term ``-p_i log p_i`` is taken from the accurate log-probability, so a peaked
    distribution keeps its small entropy (through ``softmax`` the top probability rounds
    to 1 and its term to 0). Used in ``06_mle.ipynb`` to ``08_trust_regions.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits; the classes lie along ``axis`` (``-inf`` for probability 0).
    axis : int, optional
        Axis of the classes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The entropy of each slice, ``axis`` removed; between 0 and ``log K``.

    Raises
    ------
    ValueError
        Bad logits or ``axis`` (as :func:`log_softmax`).
    ProbabilityError
        Invalid ``base``.
    """
    scale = log_base(base)
    z, m, axis = _logits(z, axis)
    logp = _log_softmax(z, m, axis)
    return result(-_xlogp(np.exp(logp), logp).sum(axis=axis) / scale)


def kl_logits(z_p, z_q, *, axis=-1, base=None):
    r"""KL divergence between two categoricals given by logits, ``KL(softmax z_p ‖ softmax z_q)``.

    .. math:: \mathrm{KL} = \sum_i \big(p_i t_i - p_i + q_i\big) \ge 0, \qquad
              t_i = \log p_i - \log q_i = (z_{p,i} - z_{q,i}) - (\mathrm{lse}\, z_p - \mathrm{lse}\, z_q)

    A sum of non-negative terms (:mod:`lib.measures`), each from the log-ratio ``t_i``.
    When the two logit vectors differ by nearly a constant, ``t_i`` is formed from the
    differences ``z_p - z_q`` themselves, ``lse z_p - lse z_q = log1p(Σ_j q_j expm1(Δ_j))``,
    so a gap of 1e-10 between logits of 1e4 still gives the right ``1e-20``-sized answer.
    Finite where the softmax route says ``inf`` (logits ``[0, -700]`` against ``[0, -800]``).
    Used in ``06_mle.ipynb`` to ``08_trust_regions.ipynb``.

    Parameters
    ----------
    z_p, z_q : array_like
        Logits of the same shape; the classes lie along ``axis``.
    axis : int, optional
        Axis of the classes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The divergence of each slice, ``axis`` removed; ``inf`` where ``z_q`` is ``-inf``
        and ``z_p`` is not.

    Raises
    ------
    ValueError
        Bad logits or ``axis``, or shapes that differ.
    ProbabilityError
        Invalid ``base``.
    """
    scale = log_base(base)
    zp, mp, axis = _logits(z_p, axis, "z_p")
    zq, mq, _ = _logits(z_q, axis, "z_q")
    if zp.shape != zq.shape:
        raise ValueError(f"z_p has shape {zp.shape} but z_q has shape {zq.shape}; they must match")
    lp = _log_softmax(zp, mp, axis)
    lq = _log_softmax(zq, mq, axis)
    p_zero, q_zero = np.isneginf(zp), np.isneginf(zq)
    both = ~(p_zero | q_zero)
    with np.errstate(invalid="ignore"):
        t = np.where(both, lp - lq, 0.0)  # general case: difference of log-probabilities
        # Nearly parallel logits: Δ = z_p - z_q spans less than 1 over the classes, and
        # the two put zero mass on the same classes.
        delta = np.where(both, zp - zq, 0.0)
        hi = np.max(np.where(both, delta, -np.inf), axis=axis, keepdims=True)
        lo = np.min(np.where(both, delta, np.inf), axis=axis, keepdims=True)
        parallel = (hi - lo < 1.0) & ~np.any(p_zero != q_zero, axis=axis, keepdims=True)
        # lse z_p - lse z_q - hi = log Σ_j q_j e^(Δ_j - hi) = log1p(Σ_j q_j expm1(Δ_j - hi)),
        # with every Δ_j - hi in [-1, 0]: no cancellation however small the gaps.
        # z_p - z_q is rounded; its rounding error (Knuth's two-sum) is added back so a
        # constant shift of the logits cancels exactly and small gaps keep their digits.
        part = np.where(both, delta - zp, 0.0)  # the share of -z_q that made it into delta
        err = np.where(both, (zp - (delta - part)) - (zq + part), 0.0)
        d = np.where(both & parallel, (delta - np.where(parallel, hi, 0.0)) + err, 0.0)
        gap = np.log1p(np.sum(np.exp(lq) * np.expm1(d), axis=axis, keepdims=True))
        t = np.where(parallel & both, d - gap, t)
        terms = kl_logit_terms(lp, lq, t)
    terms = np.where(p_zero, np.exp(lq), terms)        # p_i = 0: the term is q_i
    terms = np.where(q_zero & ~p_zero, np.inf, terms)  # q_i = 0 < p_i
    terms = np.where(p_zero & q_zero, 0.0, terms)
    return result(terms.sum(axis=axis) / scale)


def _labels(y, logp, axis):
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer class labels, got dtype {y.dtype}")
    expected = logp.shape[:axis] + logp.shape[axis + 1:]
    if y.shape != expected:
        raise ValueError(f"y has shape {y.shape} but z needs labels of shape {expected}")
    k = logp.shape[axis]
    if y.size and (y.min() < 0 or y.max() >= k):
        bad = y[(y < 0) | (y >= k)].flat[0]
        raise ValueError(f"y has the label {int(bad)}, outside the {k} classes 0..{k - 1}")
    return y


def cross_entropy_logits(z, y, *, axis=-1, base=None):
    r"""Classification loss: cross-entropy of one-hot labels ``y`` against ``softmax(z)``.

    .. math:: \ell(z, y) = -\log \operatorname{softmax}(z)_y = \log \sum_j e^{z_j - z_y}

    Computed as ``(m - z_y) + log1p(...)``, a sum of two non-negative terms, exact even for
    logits of magnitude 1e4. Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits of shape ``(..., K)`` (classes along ``axis``).
    y : array_like of int
        Class labels in ``[0, K)``, with the shape of ``z`` without ``axis``.
    axis : int, optional
        Axis of the classes in ``z``. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The loss of each example, shape of ``y``.

    Raises
    ------
    ValueError
        Bad logits or ``axis`` (as :func:`log_softmax`); labels that are not integers, out
        of range, or of the wrong shape.
    ProbabilityError
        Invalid ``base``.
    """
    scale = log_base(base)
    z, m, axis = _logits(z, axis)
    logp = _log_softmax(z, m, axis)
    y = _labels(y, logp, axis)
    picked = np.take_along_axis(logp, np.expand_dims(y, axis), axis=axis)
    return result(-np.squeeze(picked, axis=axis) / scale)


def soft_cross_entropy_logits(p, z, *, axis=-1, base=None):
    r"""Cross-entropy ``H(p, softmax z)`` of a soft (e.g. label-smoothed) target ``p``.

    .. math:: H(p, \operatorname{softmax} z) = -\sum_i p_i \log \operatorname{softmax}(z)_i

    Every term ``-p_i log q_i`` is non-negative and uses the accurate log-probability, so
    target ``[0.5, 0.5]`` against logits ``[0, -800]`` gives 400 (the route through
    probabilities gives ``inf``). With a one-hot ``p`` it equals :func:`cross_entropy_logits`.
    Used in ``06_mle.ipynb`` to ``08_trust_regions.ipynb``.

    Parameters
    ----------
    p : array_like
        Target distributions, same shape as ``z``, each summing to 1 along ``axis``.
    z : array_like
        Logits; the classes lie along ``axis``.
    axis : int, optional
        Axis of the classes. Default -1.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The loss of each slice, ``axis`` removed; ``inf`` where ``p_i > 0`` and ``z_i = -inf``.

    Raises
    ------
    ProbabilityError
        ``p`` not a batch of distributions, shapes that differ, or an invalid ``base``.
    ValueError
        Bad logits or ``axis``.
    """
    scale = log_base(base)
    z, m, axis = _logits(z, axis)
    p = as_distribution(p, "p", axis)
    if p.shape != z.shape:
        raise ProbabilityError(f"p has shape {p.shape} but z has shape {z.shape}; they must match")
    logq = _log_softmax(z, m, axis)
    with np.errstate(invalid="ignore"):
        terms = np.where(p > 0, -p * logq, 0.0)
    return result(terms.sum(axis=axis) / scale)


def _softplus(x):
    """``log(1 + e^x)`` without overflow, exact for large negative ``x``."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def binary_cross_entropy_logits(z, y, *, base=None):
    r"""Binary cross-entropy of targets ``y`` in [0, 1] against ``sigmoid(z)``, from the logit.

    .. math:: \ell(z, y) = -y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))
              = y \,\operatorname{softplus}(-z) + (1 - y)\, \operatorname{softplus}(z)

    with ``softplus(x) = log(1 + e^x)``: two non-negative terms, computed without overflow,
    exact for logits of ±1e4. Elementwise; ``z`` and ``y`` broadcast like numpy.
    Used in ``06_mle.ipynb`` to ``08_trust_regions.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits ``log(π / (1 - π))``; ``±inf`` allowed (probability 1 or 0).
    y : array_like
        Targets (labels or soft labels) in [0, 1].
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The loss, ``>= 0``; ``inf`` for a certain wrong prediction (``z = -inf``, ``y > 0``).

    Raises
    ------
    ValueError
        A NaN logit.
    ProbabilityError
        ``y`` outside [0, 1] or NaN; invalid ``base``.
    """
    scale = log_base(base)
    z = as_float_array(z, "z", error=ValueError)
    if np.isnan(z).any():
        raise ValueError("z has a NaN logit; logits must be numbers (±inf allowed)")
    y = as_probabilities(y, "y")
    z, y = np.broadcast_arrays(z, y)
    with np.errstate(invalid="ignore"):
        pos = np.where(y > 0, y * _softplus(-z), 0.0)
        neg = np.where(y < 1, (1.0 - y) * _softplus(z), 0.0)
    return result((pos + neg) / scale)
