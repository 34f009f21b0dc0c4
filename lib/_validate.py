"""Input checks shared by the numeric core (private to ``lib``).

Every public function turns its arguments into float64 arrays here, so that bad input
fails loudly with a message naming the argument, instead of turning into a silent NaN.
"""

import math

import numpy as np

SUM_TOL = 1e-9
"""Absolute tolerance on ``|sum(p) - 1|`` for a probability vector."""


class ProbabilityError(ValueError):
    """An argument is not a valid probability (distribution), or a base is invalid."""


def _describe(value):
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "an infinite entry"
    return f"the entry {float(value)!r}"


def as_float_array(x, name, error=ProbabilityError):
    """``x`` as a non-empty float64 array, refusing complex, non-numeric and empty input."""
    if np.iscomplexobj(x):
        raise error(f"{name} must be real, got a complex array")
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise error(f"{name} must be numeric: {exc}") from None
    if a.size == 0:
        raise error(f"{name} is empty")
    return a


def first_bad(a, bad):
    """Index tuple of the first True entry of ``bad`` (``()`` for a scalar)."""
    return tuple(int(i) for i in np.argwhere(bad)[0]) if a.ndim else ()


def as_probabilities(x, name):
    """Entries in [0, 1], finite, not NaN (no sum check): for elementwise functions."""
    a = as_float_array(x, name)
    ok = (a >= 0.0) & (a <= 1.0)  # False for NaN too
    if not ok.all():
        where = first_bad(a, ~ok)
        value = a[where]
        at = f" at index {where}" if where else ""
        raise ProbabilityError(
            f"{name} has {_describe(value)}{at}; probabilities must lie in [0, 1]"
        )
    return a


def as_weights(x, name):
    """Finite, non-negative entries (no sum check): for weights before normalising."""
    a = as_float_array(x, name)
    ok = (a >= 0.0) & np.isfinite(a)
    if not ok.all():
        where = first_bad(a, ~ok)
        at = f" at index {where}" if where else ""
        raise ProbabilityError(
            f"{name} has {_describe(a[where])}{at}; entries must be finite and non-negative"
        )
    return a


def as_distribution(x, name, axis):
    """A batch of probability vectors along ``axis``, each summing to 1 within SUM_TOL."""
    a = as_probabilities(x, name)
    if a.ndim == 0:
        raise ProbabilityError(f"{name} must be a vector of probabilities, got a scalar")
    total = a.sum(axis=axis)
    off = np.abs(total - 1.0) > SUM_TOL
    if np.any(off):
        where = first_bad(total, off)
        value = total[where] if where else float(total)
        batch = f" (batch index {where})" if where else ""
        raise ProbabilityError(
            f"{name} sums to {value!r}{batch} along axis {axis}, not 1 "
            f"(tolerance {SUM_TOL:g}); use lib.normalize to rescale weights"
        )
    return a


def same_shape(a, b, name_a, name_b):
    """Refuse mismatched shapes instead of broadcasting one distribution over a batch."""
    if a.shape != b.shape:
        raise ProbabilityError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
            "they must match exactly"
        )


def log_base(base):
    """``log(base)``, the divisor that turns nats into units of ``base`` (1.0 for nats)."""
    if base is None:
        return 1.0
    try:
        b = float(base)
    except (TypeError, ValueError):
        raise ProbabilityError(f"base must be a positive number other than 1, got {base!r}") from None
    if not (b > 0.0) or b == 1.0 or math.isinf(b):
        raise ProbabilityError(f"base must be a positive finite number other than 1, got {base!r}")
    return math.log(b)


def as_positive(x, name):
    """Finite, strictly positive reals (standard deviations)."""
    a = as_float_array(x, name, error=ValueError)
    ok = (a > 0.0) & np.isfinite(a)
    if not ok.all():
        where = first_bad(a, ~ok)
        at = f" at index {where}" if where else ""
        raise ValueError(f"{name} has {_describe(a[where])}{at}; it must be finite and > 0")
    return a


def as_finite(x, name):
    """Finite reals (means, log-variances, log-ratios)."""
    a = as_float_array(x, name, error=ValueError)
    ok = np.isfinite(a)
    if not ok.all():
        where = first_bad(a, ~ok)
        at = f" at index {where}" if where else ""
        raise ValueError(f"{name} has {_describe(a[where])}{at}; it must be finite")
    return a
