"""From logits to probabilities and losses: softmax, log-softmax, cross-entropy from logits.

The stable form subtracts the largest logit ``m`` and splits the log-sum-exp as

    log Σ_j exp(z_j) = m + log1p(Σ_{j ≠ argmax} exp(z_j - m)),

so nothing overflows at logits of 1e4 and the log-probability of the winning class keeps
its tiny distance from 0 (which ``scipy.special.log_softmax`` rounds away).
"""

import numpy as np

from ._validate import as_float_array

__all__ = ["log_softmax", "softmax", "cross_entropy_logits"]


def _logits(z, axis):
    z = as_float_array(z, "z", error=ValueError)
    if z.ndim == 0:
        raise ValueError("z must hold at least one vector of logits, got a scalar")
    if np.isnan(z).any() or np.isposinf(z).any():
        kind = "NaN" if np.isnan(z).any() else "+inf"
        raise ValueError(f"z has a {kind} logit; logits must be finite (or -inf for probability 0)")
    m = z.max(axis=axis, keepdims=True)
    if np.isneginf(m).any():
        raise ValueError(f"z has a slice along axis {axis} whose logits are all -inf")
    return z, m


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
        NaN or ``+inf`` logits, empty input, or a slice of only ``-inf``.
    """
    z, m = _logits(z, axis)
    shifted = z - m
    e = np.exp(shifted)
    # Leave one maximal term out of the sum; it contributes the 1 inside log1p.
    top = np.argmax(z, axis=axis)
    np.put_along_axis(e, np.expand_dims(top, axis), 0.0, axis=axis)
    return shifted - np.log1p(e.sum(axis=axis, keepdims=True))


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


def cross_entropy_logits(z, y, *, axis=-1):
    r"""Classification loss: cross-entropy of one-hot labels ``y`` against ``softmax(z)``.

    .. math:: \ell(z, y) = -\log \operatorname{softmax}(z)_y = \log \sum_j e^{z_j - z_y}

    Computed as ``(m - z_y) + log1p(...)``, a sum of two non-negative terms, exact even for
    logits of magnitude 1e4. In nats. Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    z : array_like
        Logits of shape ``(..., K)`` (classes along ``axis``).
    y : array_like of int
        Class labels in ``[0, K)``, with the shape of ``z`` without ``axis``.
    axis : int, optional
        Axis of the classes in ``z``. Default -1.

    Returns
    -------
    ndarray or float
        The loss of each example, shape of ``y``.

    Raises
    ------
    ValueError
        Bad logits (as :func:`log_softmax`); labels that are not integers, out of range,
        or of the wrong shape.
    """
    logp = log_softmax(z, axis=axis)
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer class labels, got dtype {y.dtype}")
    expected = logp.shape[:axis % logp.ndim] + logp.shape[axis % logp.ndim + 1:]
    if y.shape != expected:
        raise ValueError(f"y has shape {y.shape} but z needs labels of shape {expected}")
    k = logp.shape[axis]
    if y.size and (y.min() < 0 or y.max() >= k):
        bad = y[(y < 0) | (y >= k)].flat[0]
        raise ValueError(f"y has the label {int(bad)}, outside the {k} classes 0..{k - 1}")
    picked = np.take_along_axis(logp, np.expand_dims(y, axis), axis=axis)
    loss = -np.squeeze(picked, axis=axis) + 0.0  # + 0.0 turns -0.0 into 0.0
    return loss[()] if loss.ndim == 0 else loss
