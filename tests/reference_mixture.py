"""Independent references for the two-mode mixture of 05_asymmetry: quadrature and optimisation
written without lib.fitting, shared by tests/lib/test_fitting.py and the notebook's tests."""

import functools
import math

import mpmath
from scipy import integrate, optimize

mpmath.mp.dps = 30
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def kl_normal_mp(m1, s1, m2, s2):
    """KL(N(m1, s1²) ‖ N(m2, s2²)), textbook closed form at 30 digits."""
    m1, s1, m2, s2 = (mpmath.mpf(v) for v in (m1, s1, m2, s2))
    return mpmath.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - mpmath.mpf(1) / 2


def log_normal(x, m, s):
    return -LOG_SQRT_2PI - math.log(s) - 0.5 * ((x - m) / s) ** 2


def log_mixture(x, a):
    """log(½N(x; -a, 1) + ½N(x; a, 1)) = -½log 2π - (x² + a²)/2 + log cosh(ax)."""
    y = abs(a * x)
    log_cosh = y + math.log1p(math.exp(-2.0 * y)) - math.log(2.0)
    return -LOG_SQRT_2PI - 0.5 * (x * x + a * a) + log_cosh


def log_two_component(x, w, m, s):
    terms = [math.log(wk) + log_normal(x, mk, sk) for wk, mk, sk in zip(w, m, s)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def quad_line(f, points):
    """∫ f over the whole real line, split at ``points``."""
    edges = [-math.inf, *sorted(set(points)), math.inf]
    return sum(integrate.quad(f, lo, hi, epsabs=1e-13, epsrel=1e-12, limit=400)[0]
               for lo, hi in zip(edges[:-1], edges[1:]))


def reverse_quad(a, mu, sigma):
    """KL(N(mu, sigma²) ‖ ½N(-a, 1) + ½N(a, 1)) by adaptive quadrature."""
    def f(x):
        lq = log_normal(x, mu, sigma)
        return math.exp(lq) * (lq - log_mixture(x, a))
    return quad_line(f, (-a, a, mu, mu - 5 * sigma, mu + 5 * sigma))


def forward_quad(a, mu, sigma):
    """KL(½N(-a, 1) + ½N(a, 1) ‖ N(mu, sigma²)) by adaptive quadrature."""
    def f(x):
        lp = log_mixture(x, a)
        return math.exp(lp) * (lp - log_normal(x, mu, sigma))
    return quad_line(f, (-a, a, 0.0))


@functools.lru_cache(maxsize=None)
def reverse_fit_off(a):
    """Off-centre reverse-KL minimum by Nelder-Mead on quadrature, started on the right mode."""
    res = optimize.minimize(lambda th: reverse_quad(a, th[0], math.exp(th[1])), [a, 0.0],
                            method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-13, "maxiter": 4000})
    return float(res.x[0]), math.exp(res.x[1]), float(res.fun)


@functools.lru_cache(maxsize=None)
def reverse_fit_centre(a):
    """Centred reverse-KL minimum: μ = 0 by symmetry, σ by a bounded 1-D search."""
    res = optimize.minimize_scalar(lambda s: reverse_quad(a, 0.0, s), bounds=(0.5, 3.0 + a),
                                   method="bounded", options={"xatol": 1e-9})
    return 0.0, float(res.x), float(res.fun)


def switch_gap(a):
    return reverse_fit_centre(a)[2] - reverse_fit_off(a)[2]
