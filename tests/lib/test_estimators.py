"""Per-sample KL estimators kl_k1, kl_k2, kl_k3 of ``lib``.

With x ~ q and r = log p(x) - log q(x):  k1 = -r,  k2 = r^2/2,  k3 = (e^r - 1) - r.
k1 and k3 are unbiased for KL(q||p); k3 >= 0 always; k2 is biased but close when
q and p are close.  References: mpmath (tests/reference.py) and the Gaussian
closed form for KL(q||p).
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import lib
import reference as R

pytestmark = pytest.mark.filterwarnings("error")

TOL = 1e-14
N = 200_000


# ----------------------------------------------------------- exact values
@pytest.mark.parametrize(
    "r", [1e-8, -1e-10, 1e-5, -1e-5, 1e-3, -0.3, 0.5, 1.0, -1.0, 2.0, -20.0, 30.0, 700.0, -745.0, 1e-300]
)
def test_k3_against_mpmath(r):
    got = lib.kl_k3(r)
    assert np.asarray(got).dtype == np.float64
    R.assert_rel(got, R.k3(r), TOL, f"kl_k3({r!r})")


@pytest.mark.parametrize("r", [1e-8, -1e-10, 0.0, 3.5, -2.25, 1e150, -1e-300])
def test_k1_k2_against_mpmath(r):
    R.assert_rel(lib.kl_k1(r), R.k1(r), 0.0, f"kl_k1({r!r})")
    if r != 0.0:
        R.assert_rel(lib.kl_k2(r), R.k2(r), 1e-15, f"kl_k2({r!r})")
    else:
        assert float(lib.kl_k2(r)) == 0.0


def test_k3_vectorised_against_mpmath():
    r = np.array([-1e-10, 1e-8, 1e-5, -0.7, 3.0])
    out = lib.kl_k3(r)
    assert out.shape == r.shape and out.dtype == np.float64
    for v, o in zip(r, out):
        R.assert_rel(o, R.k3(v), TOL, f"kl_k3({v!r})")
    r2 = r.reshape(5, 1) * np.ones((1, 3))
    assert lib.kl_k3(r2).shape == (5, 3)
    assert lib.kl_k1(r2).shape == (5, 3)
    assert lib.kl_k2(r2).shape == (5, 3)


def test_k3_nonnegative_everywhere():
    tiny = np.array([0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-200, -1e-200])
    grid = np.concatenate(
        [
            tiny,
            np.linspace(-50.0, 50.0, 100_001),
            np.logspace(-320, 0, 3000),
            -np.logspace(-320, 0, 3000),
            np.linspace(-1e-6, 1e-6, 20_001),
            [-700.0, -745.0, -1e10, -1e300, 700.0],
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = lib.kl_k3(grid)
    assert np.all(out >= 0.0), f"negative k3 at r = {grid[out < 0][:10]}"
    assert float(lib.kl_k3(0.0)) == 0.0


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.floats(-700, 700, allow_nan=False))
def test_prop_k3_nonnegative_and_accurate(r):
    k = float(lib.kl_k3(r))
    assert k >= 0.0
    R.assert_rel(k, R.k3(r), TOL, f"kl_k3({r!r})")


# ----------------------------------------------------- Monte Carlo checks
def _log_ratio(mu_p, s_p, seed=12345, n=N):
    """x ~ q = N(0, 1);  r = log p(x) - log q(x) with p = N(mu_p, s_p^2)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return stats.norm.logpdf(x, mu_p, s_p) - stats.norm.logpdf(x, 0.0, 1.0)


@pytest.mark.parametrize("mu_p,s_p", [(0.3, 1.2), (0.1, 1.05), (-1.0, 0.8)])
@pytest.mark.parametrize("seed", [12345, 2024])
def test_k1_k3_unbiased(mu_p, s_p, seed):
    r = _log_ratio(mu_p, s_p, seed)
    true = float(R.kl_normal(0.0, 1.0, mu_p, s_p))  # KL(q || p), q = N(0,1)
    assert float(lib.kl_normal(0.0, 1.0, mu_p, s_p)) == pytest.approx(true, rel=1e-14)
    for name, fn in [("k1", lib.kl_k1), ("k3", lib.kl_k3)]:
        k = np.asarray(fn(r))
        assert k.shape == r.shape and k.dtype == np.float64
        se = k.std(ddof=1) / math.sqrt(k.size)
        assert abs(k.mean() - true) <= 4 * se, f"{name}: mean {k.mean()} vs KL {true} (se {se})"
    assert np.all(np.asarray(lib.kl_k3(r)) >= 0)


def test_k1_k2_k3_elementwise_definitions():
    r = _log_ratio(0.3, 1.2, n=1000)
    np.testing.assert_array_equal(lib.kl_k1(r), -r)
    np.testing.assert_allclose(lib.kl_k2(r), r * r / 2, rtol=1e-15, atol=0)
    # for |r| >= 1 the naive formula loses nothing worth mentioning
    big = r[np.abs(r) >= 1]
    np.testing.assert_allclose(lib.kl_k3(big), np.exp(big) - 1 - big, rtol=1e-14)


def test_k2_biased_but_close_for_small_divergence():
    mu_p, s_p = 0.05, 1.02
    r = _log_ratio(mu_p, s_p)
    true = float(R.kl_normal(0.0, 1.0, mu_p, s_p))
    k2 = np.asarray(lib.kl_k2(r))
    assert abs(k2.mean() - true) <= 0.10 * true
    # and its expectation is E[r^2]/2, not KL: r = a + b x + c x^2 with x ~ N(0,1)
    a = -math.log(s_p) - mu_p**2 / (2 * s_p**2)
    b = mu_p / s_p**2
    c = 0.5 - 1 / (2 * s_p**2)
    expected_k2 = (a * a + b * b + 3 * c * c + 2 * a * c) / 2
    se = k2.std(ddof=1) / math.sqrt(k2.size)
    assert abs(k2.mean() - expected_k2) <= 4 * se
    # k3 has much lower variance than k1 when q and p are close
    assert np.std(lib.kl_k3(r)) < 0.25 * np.std(lib.kl_k1(r))
