"""Input checks shared by the numeric core (private to ``lib``).

Every public function turns its arguments into float64 arrays here, so that bad input
fails loudly with a message naming the argument, instead of turning into a silent NaN.

One vocabulary, one error type per fault:

* :class:`ProbabilityError` -- a probability argument (or weights, or a logarithm base) is
  not valid: not numeric, complex, empty, an entry outside [0, 1] (or a negative weight),
  NaN, a vector that does not sum to 1, two distributions of different shapes;
* ``ValueError`` -- any other argument is not valid: a non-finite mean, a standard deviation
  that is not > 0, a logit that is NaN, a class label out of range, a matrix that is not a
  covariance, an ``axis`` that is not one integer axis of the input.

:class:`ProbabilityError` is a ``ValueError``, so ``except ValueError`` catches both.
:func:`result` is the one way a function returns: a float for one value, else an array.
"""

import math
import operator

import numpy as np

SUM_TOL = 1e-9
"""Absolute tolerance on ``|sum(p) - 1|`` for a float64 probability vector.

A vector that arrives in a lower precision (float32, float16) of ``n`` outcomes gets
``max(SUM_TOL, n * eps)`` instead, ``eps`` being that type's machine epsilon: the largest
error of a sum of ``n`` entries each rounded to that precision (see :func:`sum_tolerance`).
"""


class ProbabilityError(ValueError):
    """An argument is not a valid probability (distribution), or a base is invalid."""


def _describe(value):
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "an infinite entry"
    return f"the entry {float(value)!r}"


def result(x):
    """``x`` as returned by every function of the core: a float64 scalar for a 0-d result
    (an instance of ``float``), else the array; ``-0.0`` becomes ``0.0``."""
    x = np.asarray(x, dtype=np.float64) + 0.0
    return x[()] if x.ndim == 0 else x


def input_eps(x):
    """Machine epsilon of the precision ``x`` arrived in (float64 for non-float input)."""
    dtype = getattr(x, "dtype", None)
    if dtype is not None and np.issubdtype(dtype, np.floating) and dtype.itemsize < 8:
        return float(np.finfo(dtype).eps)
    return float(np.finfo(np.float64).eps)


def sum_tolerance(x, n):
    """Tolerance on ``|sum - 1|`` for ``n`` outcomes given in the precision of ``x``."""
    eps = input_eps(x)
    if eps <= np.finfo(np.float64).eps:
        return SUM_TOL
    return max(SUM_TOL, n * eps)


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


def check_axis(a, axis, name):
    """``axis`` as a non-negative int axis of ``a``; ``ValueError`` for None, tuples, floats."""
    try:
        ax = operator.index(axis)
    except TypeError:
        raise ValueError(
            f"axis must be one integer axis of {name}, got {axis!r}; "
            "the outcomes lie along a single axis"
        ) from None
    if not -a.ndim <= ax < a.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {a.ndim} dimension(s)")
    return ax % a.ndim


def _refuse_entries(a, ok, name, rule, error=ProbabilityError):
    where = first_bad(a, ~ok)
    at = f" at index {where}" if where else ""
    raise error(f"{name} has {_describe(a[where])}{at}; {rule}")


def as_probabilities(x, name):
    """Entries in [0, 1], finite, not NaN (no sum check): for elementwise functions."""
    a = as_float_array(x, name)
    # min/max are single passes without temporaries; NaN propagates and fails both tests.
    if not (a.min() >= 0.0 and a.max() <= 1.0):
        _refuse_entries(a, (a >= 0.0) & (a <= 1.0), name, "probabilities must lie in [0, 1]")
    return a


def as_weights(x, name):
    """Finite, non-negative entries (no sum check): for weights before normalising."""
    a = as_float_array(x, name)
    if not (a.min() >= 0.0 and np.isfinite(a.max())):
        _refuse_entries(a, (a >= 0.0) & np.isfinite(a), name,
                        "entries must be finite and non-negative")
    return a


def as_distribution(x, name, axis):
    """A batch of probability vectors along ``axis``, each summing to 1 (see ``SUM_TOL``)."""
    a = as_probabilities(x, name)
    if a.ndim == 0:
        raise ProbabilityError(f"{name} must be a vector of probabilities, got a scalar")
    ax = check_axis(a, axis, name)
    tol = sum_tolerance(x, a.shape[ax])
    total = a.sum(axis=ax)
    off = np.abs(total - 1.0) > tol
    if np.any(off):
        where = first_bad(total, off)
        value = total[where] if where else float(total)
        batch = f" (batch index {where})" if where else ""
        raise ProbabilityError(
            f"{name} sums to {value!r}{batch} along axis {axis}, not 1 "
            f"(tolerance {tol:g}); use lib.normalize to rescale weights"
        )
    return a


def same_shape(a, b, name_a, name_b, error=ProbabilityError):
    """Refuse mismatched shapes instead of broadcasting one distribution over a batch."""
    if a.shape != b.shape:
        raise error(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
            "they must match exactly"
        )


def log_base(base):
    """``log(base)``, the divisor that turns nats into units of ``base`` (1.0 for nats).

    ``base`` must be a real number (``int``, ``float`` or a NumPy real scalar), positive,
    finite and not 1; a string such as ``'2'`` is refused.
    """
    if base is None:
        return 1.0
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise ProbabilityError(f"base must be a positive number other than 1, got {base!r}")
    b = float(base)
    if not (b > 0.0) or b == 1.0 or math.isinf(b):
        raise ProbabilityError(f"base must be a positive finite number other than 1, got {base!r}")
    return math.log(b)


def as_positive(x, name):
    """Finite, strictly positive reals (standard deviations)."""
    a = as_float_array(x, name, error=ValueError)
    if not (a.min() > 0.0 and np.isfinite(a.max())):
        _refuse_entries(a, (a > 0.0) & np.isfinite(a), name, "it must be finite and > 0", ValueError)
    return a


def as_finite(x, name):
    """Finite reals (means, log-variances, log-ratios)."""
    a = as_float_array(x, name, error=ValueError)
    if not np.isfinite(a).all():
        _refuse_entries(a, np.isfinite(a), name, "it must be finite", ValueError)
    return a
