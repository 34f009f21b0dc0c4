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


# KL term p·log(p/q) - p + q with u = (p - q)/(p + q):  (p + q)·u²·(1 + u(1 + u)·T(u²)),
# T(w) = Σ_k w^k/(2k + 3). No cancellation for |u| <= 1/4 (q/p between 0.6 and 5/3); twelve
# terms reach one ulp there, and outside it the direct form loses at most a factor of 5.
_KL_SWITCH_LO, _KL_SWITCH_HI = 0.6, 5.0 / 3.0
_T_COEFFS = tuple(1.0 / (2 * k + 3) for k in range(12))
# The ratio p/q is used for log(p/q) unless it under- or overflows.
_RATIO_LO, _RATIO_HI = 1e-300, 1e300


def _horner(coeffs, w):
    acc = np.full_like(w, coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc *= w
        acc += c
    return acc


def kl_terms(p, q):
    """``p·log(p/q) - p + q`` elementwise (each >= 0), exact to a few ulp; ``q = 0 < p`` is inf.

    ``p`` and ``q`` are float64 arrays of one shape with entries >= 0.
    """
    p, q = np.ascontiguousarray(p), np.ascontiguousarray(q)  # so that reshape(-1) is a view
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        r = p / q
        near = np.flatnonzero((r > _KL_SWITCH_LO) & (r < _KL_SWITCH_HI))
        # p = 0, q = 0, and ratios that under- or overflow: fixed one by one below.
        extreme = np.flatnonzero(~((r > _RATIO_LO) & (r < _RATIO_HI)))
        np.log(r, out=r)
        r *= p
        terms = q - p
        terms += r
    flat = terms.reshape(-1)
    if near.size:
        pn, qn = p.reshape(-1)[near], q.reshape(-1)[near]
        s = pn + qn
        u = (pn - qn) / s
        t = _horner(_T_COEFFS, u * u)
        t *= u * (1.0 + u)
        t += 1.0
        t *= u * u
        t *= s
        flat[near] = t
    if extreme.size:
        pe, qe = p.reshape(-1)[extreme], q.reshape(-1)[extreme]
        with np.errstate(divide="ignore"):
            lr = np.log(np.where(pe > 0, pe, 1.0)) - np.log(np.where(qe > 0, qe, 1.0))
        flat[extreme] = np.where(pe == 0, qe, np.where(qe == 0, np.inf, pe * lr + (qe - pe)))
    return terms


# JS term  p·log(2p/s) + q·log(2q/s), s = p + q, v = (p - q)/s:
#   (s/2)·v²·Σ_k v^(2k)/((k + 1)(2k + 1)),  every coefficient positive.
_JS_SWITCH = 0.5
_JS_COEFFS = tuple(1.0 / ((k + 1) * (2 * k + 1)) for k in range(24))


def js_terms(p, q):
    """``p·log(2p/(p+q)) + q·log(2q/(p+q))`` elementwise (each >= 0), a few ulp."""
    s = p + q
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        safe = np.where(s > 0, s, 1.0)
        v = (p - q) / safe
        lp = np.zeros_like(s)
        lq = np.zeros_like(s)
        np.log(2.0 * p / safe, out=lp, where=p > 0)
        np.log(2.0 * q / safe, out=lq, where=q > 0)
        terms = p * lp + q * lq
    near = np.abs(v) < _JS_SWITCH
    vn = v[near]
    w = vn * vn
    terms[near] = 0.5 * s[near] * w * _horner(_JS_COEFFS, w)
    return terms


def kl_logit_terms(lp, lq, t):
    """``p·t - p + q`` with ``p = e^lp``, ``q = e^lq`` and ``t = lp - lq`` given accurately.

    Near ``t = 0`` the form ``q·(t·expm1(t) - expm1mx(t))``, elsewhere ``p·(t - 1) + q``.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        near = np.abs(t) < 1.0
        tn = np.where(near, t, 0.0)
        close = np.exp(lq) * (tn * np.expm1(tn) - expm1mx(tn))
        far = np.exp(lp) * (t - 1.0) + np.exp(lq)
    return np.where(near, close, far)
