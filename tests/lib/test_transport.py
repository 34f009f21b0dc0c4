"""lib.transport: the sliding bumps, uniform smoothing, and the vectorised Wasserstein-1.

References: a linear program over transport plans (scipy.optimize.linprog, independent of
the CDF formula lib uses), the CDF formula in exact arithmetic (tests/reference.py), closed
forms, and cases ported from scipy's and POT's own suites.
"""

import math

import numpy as np
import pytest
from scipy import optimize, stats

import lib
import reference as R

pytestmark = pytest.mark.filterwarnings("error")
w1 = lib.transport.wasserstein1


def _w1_linprog(p, q, x):
    """W1 from its definition: the cheapest transport plan, as a linear program."""
    n = len(x)
    cost = np.abs(np.subtract.outer(x, x)).ravel()
    rows = np.kron(np.eye(n), np.ones(n))  # sum_j gamma_ij = p_i
    cols = np.kron(np.ones(n), np.eye(n))  # sum_i gamma_ij = q_j
    res = optimize.linprog(cost, A_eq=np.vstack([rows, cols]), b_eq=np.r_[p, q],
                           bounds=(0, None), method="highs")
    assert res.status == 0
    return float(res.fun)


def _common_support(u, v, uw=None, vw=None):
    """Two weighted samples as two distributions on the union of their points."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    uw = np.ones(len(u)) if uw is None else np.asarray(uw, float)
    vw = np.ones(len(v)) if vw is None else np.asarray(vw, float)
    x = np.r_[u, v]
    p = lib.normalize(np.r_[uw, np.zeros(len(v))])
    q = lib.normalize(np.r_[np.zeros(len(u)), vw])
    return p, q, x


# --------------------------------------------------------------------- bumps
def test_bumps():
    for shift in (0.0, 3.0, 7.5, 25.0):
        x, p, q = lib.transport.bumps(shift)
        assert x.shape == p.shape == q.shape == (51,)
        assert p.sum() == pytest.approx(1.0, abs=1e-15) and q.sum() == pytest.approx(1.0, abs=1e-15)
        assert np.all((p > 0) == (np.abs(x - 10) < 4))
        assert np.all((q > 0) == (np.abs(x - 10 - shift) < 8))
        assert np.sum(x * q) == pytest.approx(10 + shift, abs=1e-9)  # symmetric bump


def test_mix_uniform():
    rng = np.random.default_rng(3)
    q = rng.dirichlet(np.ones(6), size=4)
    q[0, 2] = 0.0
    q[0] /= q[0].sum()
    for eps in (0.0, 1e-3, 0.25, 1.0):
        mixed = lib.transport.mix_uniform(q, eps)
        np.testing.assert_allclose(mixed, (1 - eps) * q + eps / 6, rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.transport.mix_uniform(q.T, 0.05, axis=0),
                               lib.transport.mix_uniform(q, 0.05).T, rtol=1e-15)
    with pytest.raises(ValueError, match="eps"):
        lib.transport.mix_uniform(q, 1.5)
    with pytest.raises(lib.ProbabilityError, match="sums to"):
        lib.transport.mix_uniform([0.5, 0.6], 0.1)


# -------------------------------------------------------------- wasserstein1
@pytest.mark.parametrize("seed", range(8))
def test_wasserstein1_against_linprog_and_exact_cdf(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 9))
    x = rng.normal(scale=3.0, size=n)  # unsorted support
    p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
    if seed % 2:
        p[rng.integers(n)] = 0.0
        p /= p.sum()
    got = w1(p, q, x)
    R.assert_rel(got, R.wasserstein1(p, q, x), 1e-13, "exact CDF formula", abs_tol=1e-16)
    assert got == pytest.approx(_w1_linprog(p, q, x), rel=1e-7, abs=1e-9)


def test_wasserstein1_vectorised_equals_per_pair_scipy():
    rng = np.random.default_rng(6)
    x = rng.normal(size=50)
    P = rng.dirichlet(np.ones(50), size=2000)
    Q = rng.dirichlet(np.ones(50), size=2000)
    got = w1(P, Q, x)
    assert got.shape == (2000,)
    loop = np.array([stats.wasserstein_distance(x, x, P[i], Q[i]) for i in range(2000)])
    np.testing.assert_allclose(got, loop, rtol=1e-12, atol=1e-15)


def test_wasserstein1_properties():
    x = np.arange(10.0)
    p = lib.normalize(np.r_[1.0, 2.0, 3.0, np.zeros(7)])
    q = np.roll(p, 4)
    assert w1(p, q, x) == pytest.approx(4.0, rel=1e-14)
    assert w1(q, p, x) == pytest.approx(4.0, rel=1e-14)
    assert w1(p, p, x) == 0.0
    assert w1(p, q, 2.5 * x) == pytest.approx(10.0, rel=1e-14)
    assert w1([1.0, 0.0], [0.0, 1.0], [-1.5, 2.0]) == pytest.approx(3.5, rel=1e-15)
    rng = np.random.default_rng(0)
    for _ in range(50):
        a, b, c = rng.dirichlet(np.ones(10), size=3)
        assert w1(a, c, x) <= w1(a, b, x) + w1(b, c, x) + 1e-12
    assert stats.wasserstein_distance(p, q) == 0.0  # the scipy trap the module describes


def test_wasserstein1_repeated_points_and_order():
    x = np.array([2.0, 0.0, 2.0, 1.0])
    p = np.array([0.25, 0.25, 0.25, 0.25])
    q = np.array([0.0, 0.5, 0.0, 0.5])
    # repeated support points act as one point carrying their summed mass
    assert w1(p, q, x) == pytest.approx(w1([0.25, 0.25, 0.5], [0.5, 0.5, 0.0], [0.0, 1.0, 2.0]), rel=1e-15)
    R.assert_rel(w1(p, q, x), R.wasserstein1(p, q, x), 1e-15)


def test_wasserstein1_batches_and_axis():
    rng = np.random.default_rng(1)
    x = np.linspace(-2.0, 3.0, 6)
    P = rng.dirichlet(np.ones(6), size=(3, 4))
    Q = rng.dirichlet(np.ones(6), size=(3, 4))
    got = w1(P, Q, x)
    assert got.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            R.assert_rel(got[i, j], R.wasserstein1(P[i, j], Q[i, j], x), 1e-13)
    np.testing.assert_array_equal(w1(np.moveaxis(P, -1, 0), np.moveaxis(Q, -1, 0), x, axis=0), got)
    assert isinstance(w1(P[0, 0], Q[0, 0], x), float)


def test_wasserstein1_errors():
    with pytest.raises(ValueError, match="support"):
        w1([0.5, 0.5], [0.5, 0.5], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        w1([0.5, 0.5], [0.5, 0.5], [0.0, np.inf])
    with pytest.raises(lib.ProbabilityError, match="shape"):
        w1([0.5, 0.5], [[0.5, 0.5]], [0.0, 1.0])
    with pytest.raises(ValueError, match="axis"):
        w1([0.5, 0.5], [0.5, 0.5], [0.0, 1.0], axis=None)


# ======== ported: scipy stats/tests/test_stats.py TestWassersteinDistance (sample sets become
# distributions on the union of their points; expected values are the closed forms)
def test_port_scipy_wasserstein_simple():
    for args, expected in [(([0, 1], [0], [1, 1], [1]), 0.5), (([0, 1], [0], [3, 1], [1]), 0.25),
                           (([0, 2], [0], [1, 1], [1]), 1.0), (([0, 1, 2], [1, 2, 3]), 1.0)]:
        p, q, x = _common_support(*args)
        assert w1(p, q, x) == pytest.approx(expected, rel=1e-15)


def test_port_scipy_wasserstein_same_distribution():
    p, q, x = _common_support([1, 2, 3], [2, 1, 3])
    assert w1(p, q, x) == 0.0
    p, q, x = _common_support([1, 1, 1, 4], [4, 1], [1, 1, 1, 1], [1, 3])
    assert w1(p, q, x) == 0.0


def test_port_scipy_wasserstein_shift():
    for args, expected in [(([0], [1]), 1.0), (([-5], [5]), 10.0),
                           (([1, 2, 3, 4, 5], [11, 12, 13, 14, 15]), 10.0),
                           (([4.5, 6.7, 2.1], [4.6, 7, 9.2], [3, 1, 1], [1, 3, 1]), 2.5)]:
        p, q, x = _common_support(*args)
        assert w1(p, q, x) == pytest.approx(expected, rel=1e-14)


def test_port_scipy_wasserstein_combine_weights():
    a = _common_support([0, 0, 1, 1, 1, 1, 5], [0, 3, 3, 3, 3, 4, 4])
    b = _common_support([5, 0, 1], [0, 4, 3], [1, 2, 4], [1, 2, 4])
    assert w1(*a) == pytest.approx(w1(*b), rel=1e-14)
    R.assert_rel(w1(*a), R.wasserstein1(*a), 1e-14)


def test_port_scipy_wasserstein_collapse():
    u = np.arange(-10, 30, 0.3)
    p, q, x = _common_support(u, np.zeros_like(u))
    assert w1(p, q, x) == pytest.approx(np.mean(np.abs(u)), rel=1e-13)
    uw = np.arange(len(u), dtype=float)
    p, q, x = _common_support(u, np.zeros_like(u), uw, uw[::-1])
    assert w1(p, q, x) == pytest.approx(np.average(np.abs(u), weights=uw), rel=1e-13)


def test_port_scipy_wasserstein_zero_weight():
    a = _common_support([1, 2, 100000], [1, 1], [1, 1, 0], [1, 1])
    b = _common_support([1, 2], [1, 1], [1, 1], [1, 1])
    assert w1(*a) == pytest.approx(w1(*b), rel=1e-15)
    assert w1(*b) == pytest.approx(0.5, rel=1e-15)


def test_differs_scipy_wasserstein_inf_values():
    # scipy returns inf (or nan with a warning) for infinite sample values; lib wants a
    # finite support (deliberate difference)
    p, q, x = _common_support([1, 2, 3], [1, 1])
    x[2] = np.inf
    with pytest.raises(ValueError, match="finite"):
        w1(p, q, x)


# ================================ ported: POT test/test_1d_solver.py (W1 = the p=1 case)
def test_port_pot_emd_1d_with_weights_against_linprog():
    rng = np.random.RandomState(0)
    u, v = rng.randn(20), rng.randn(30)
    wu = rng.uniform(0.0, 1.0, 20)
    wv = rng.uniform(0.0, 1.0, 30)
    p, q, x = _common_support(u, v, wu, wv)
    assert w1(p, q, x) == pytest.approx(_w1_linprog(p, q, x), rel=1e-7)
    R.assert_rel(w1(p, q, x), R.wasserstein1(p, q, x), 1e-13)


def test_port_pot_emd_1d_uniform_against_linprog():
    rng = np.random.RandomState(0)
    u, v = rng.randn(20), rng.randn(30)
    p, q, x = _common_support(u, v)
    assert w1(p, q, x) == pytest.approx(_w1_linprog(p, q, x), rel=1e-7)


def test_port_pot_wasserstein_1d_same_support():
    rng = np.random.RandomState(0)
    x = np.linspace(0, 5, 100)
    rho_u = np.abs(rng.randn(100))
    rho_u /= rho_u.sum()
    rho_v = np.abs(rng.randn(100))
    rho_v /= rho_v.sum()
    R.assert_rel(w1(rho_u, rho_v, x), R.wasserstein1(rho_u, rho_v, x), 1e-13)
    # translating the support by 1 moves every unit of mass by 1
    p, q, xx = _common_support(x, x + 1)
    assert w1(p, q, xx) == pytest.approx(1.0, rel=1e-13)
    # scaling the support by 10 scales W1 by 10 (POT checks 100x for W2 squared)
    assert w1(rho_u, rho_v, 10 * x) == pytest.approx(10 * w1(rho_u, rho_v, x), rel=1e-14)


def test_differs_pot_samples_of_different_sizes():
    # POT and scipy take two sample sets of any sizes; lib takes two distributions on one
    # support (the union of the points does the translation, as in these ports)
    with pytest.raises(lib.ProbabilityError, match="shape"):
        w1(np.full(3, 1 / 3), np.full(2, 0.5), [0.0, 1.0, 2.0])


def test_wasserstein1_stays_finite_for_disjoint_supports():
    x, p, _ = lib.transport.bumps(0.0)
    for shift in (5.0, 11.0, 20.0):
        q = lib.transport.bumps(shift)[2]
        assert math.isinf(lib.kl_divergence(p, q))
        # q lies stochastically to the right of p, so W1 is the difference of the means
        assert w1(p, q, x) == pytest.approx(shift, rel=1e-12)
