"""lib.mle and lib.corpora against scipy, mpmath and direct computation."""

import math

import mpmath
import numpy as np
import pytest
from scipy import stats

import lib
from lib import corpora, mle

pytestmark = pytest.mark.filterwarnings("error")


def test_fit_normal_is_moment_matching():
    x = np.random.default_rng(0).normal(3.0, 2.0, size=500)
    mu, sigma = mle.fit_normal(x)
    assert mu == pytest.approx(x.mean()) and sigma == pytest.approx(math.sqrt(np.mean((x - x.mean()) ** 2)))
    assert (mu, sigma) == pytest.approx(stats.norm.fit(x))


def test_fit_student_t_matches_scipy_and_is_an_optimum():
    x = np.random.default_rng(1).standard_t(3.0, size=2000) * 0.5 + 1.0
    ours = mle.fit_student_t(x)
    ref = stats.t.fit(x)
    ll = lambda p: np.mean(stats.t.logpdf(x, *p))
    assert ll(ours) >= ll(ref) - 1e-7
    assert ours == pytest.approx(ref, rel=1e-3)


def test_expected_excess_kl_matches_mpmath_and_simulation():
    for n in (5, 10, 100):
        with mpmath.workdps(30):
            m = mpmath.mpf(n)
            ref = float((mpmath.log(2 / m) + mpmath.digamma((m - 1) / 2)) / 2 + (m + 1) / (2 * (m - 3)) - 0.5)
        assert mle.expected_excess_kl_normal(n) == pytest.approx(ref, rel=1e-12)
    assert mle.expected_excess_kl_normal(3) == math.inf
    rng = np.random.default_rng(2)
    for n in (10, 50):
        raw = mle.excess_kl_normal(n, 20_000, rng).mean()
        suff = mle.excess_kl_normal(n, 20_000, rng, sufficient=True).mean()
        exact = mle.expected_excess_kl_normal(n)
        assert raw == pytest.approx(exact, rel=0.05) and suff == pytest.approx(exact, rel=0.05)
    kl = mle.excess_kl_normal(7, 3, np.random.default_rng(3))
    x = np.random.default_rng(3).normal(size=(3, 7))
    np.testing.assert_allclose(kl, [lib.kl_normal(0, 1, m, s) for m, s in zip(x.mean(1), x.std(1))])


def test_g_test_matches_scipy_chi2_contingency():
    table = np.array([[10, 20, 30], [25, 15, 5.0]])
    g, dof, p = mle.g_test(table)
    ref = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert (g, dof, p) == pytest.approx((ref[0], ref[2], ref[1]))
    assert g == pytest.approx(2 * table.sum() * lib.mutual_information(table / table.sum()))


def test_bad_input():
    with pytest.raises(ValueError):
        mle.fit_normal([1.0])
    with pytest.raises(ValueError):
        mle.excess_kl_normal(1, 10, np.random.default_rng(0))
    with pytest.raises(ValueError):
        mle.g_test([[0, 0], [0, 0]])
    with pytest.raises(ValueError):
        corpora.split_by_position([1, 2, 3], 1.0)


def test_corpora():
    words = corpora.pydoc_words()
    assert len(words) == 64_285 and all(w.isalpha() and w.islower() for w in words[:1000])
    train, held = corpora.pydoc_split()
    assert train + held == words and len(train) == int(0.8 * len(words))
    assert corpora.extract_pydoc_words({"b": "Don't x", "a": "Hello __init__"}) == \
        ["hello", "init", "don", "t", "x"]
    dates, r = corpora.goog_log_returns()
    assert r.size == dates.size == 1046 and np.isfinite(r).all()
    assert corpora.zen_of_python().startswith("The Zen of Python")
