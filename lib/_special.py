"""Special functions that keep the information measures exact near zero.

Private to ``lib``. Two differences that cancel badly when computed the obvious way:

* ``log1pmx(x) = log(1 + x) - x``, about ``-x²/2`` for small ``x``;
* ``expm1mx(x) = exp(x) - 1 - x``, about ``x²/2`` for small ``x``.

Both are evaluated by their Taylor series where the direct formula would lose digits,
and directly elsewhere, so the relative error stays within a few ulp.
"""

import numpy as np

# Below this |x| the series is used. At the switch the direct formula loses at most a
# factor of about 8 in relative accuracy, and the series needs the number of terms below.
_LOG1PMX_SWITCH = 0.25
_LOG1PMX_TERMS = 30  # 0.25**30 / 30 is far below one ulp
_EXPM1MX_SWITCH = 0.5
_EXPM1MX_TERMS = 20  # 0.5**20 / 20! is far below one ulp


def log1pmx(x):
    """Return ``log(1 + x) - x`` without cancellation, for ``x > -1``."""
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) < _LOG1PMX_SWITCH
    # Series: sum_{n>=2} (-1)^(n+1) x^n / n, evaluated by Horner's rule.
    xs = np.where(small, x, 0.0)
    acc = np.zeros_like(xs)
    for n in range(_LOG1PMX_TERMS, 1, -1):
        acc = ((-1.0) ** (n + 1)) / n + xs * acc
    series = acc * xs * xs
    with np.errstate(divide="ignore"):
        direct = np.log1p(x) - x
    return np.where(small, series, direct)


def expm1mx(x):
    """Return ``exp(x) - 1 - x`` without cancellation."""
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) < _EXPM1MX_SWITCH
    xs = np.where(small, x, 0.0)
    # Series: sum_{n>=2} x^n / n!, as x²·(1/2! + x/3! + x²/4! + ...).
    acc = np.zeros_like(xs)
    coefficient = 1.0
    coefficients = []
    for n in range(2, _EXPM1MX_TERMS + 2):
        coefficient /= n
        coefficients.append(coefficient)
    for c in reversed(coefficients):
        acc = c + xs * acc
    series = acc * xs * xs
    with np.errstate(over="ignore"):
        direct = np.expm1(x) - x
    return np.where(small, series, direct)
