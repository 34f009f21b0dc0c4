"""Gaussian measures of ``lib``: entropy_normal, kl_normal, kl_mvn, kl_vae.

References: 50-digit mpmath closed forms (tests/reference.py), numerical
integration with scipy.integrate.quad, scipy.stats.norm.entropy.
"""

import math

import numpy as np
import pytest
from scipy import integrate, stats

import lib
import reference as R

pytestmark = pytest.mark.filterwarnings("error")

TOL = 1e-14


def f(x):
    a = np.asarray(x)
    assert a.dtype == np.float64, f"result dtype {a.dtype}"
    assert a.ndim == 0, f"expected scalar, got shape {a.shape}"
    return float(a)


# ============================================================ entropy_normal
@pytest.mark.parametrize("sigma", [1.0, 0.5, 2.0, 1e-5, 1e5, 1e-300, 1e300, 3.7])
def test_entropy_normal_against_mpmath(sigma):
    # 1e300: sigma**2 overflows, 1e-300: sigma**2 underflows -- the answer is still ~ +-690
    R.assert_rel(f(lib.entropy_normal(sigma)), R.entropy_normal(sigma), TOL, f"entropy_normal({sigma})")


@pytest.mark.parametrize("sigma", [0.1, 0.7, 1.0, 2.5, 40.0])
def test_entropy_normal_against_scipy_and_quad(sigma):
    got = f(lib.entropy_normal(sigma))
    assert got == pytest.approx(stats.norm(scale=sigma).entropy(), rel=1e-14)

    def integrand(x):
        lp = stats.norm.logpdf(x, scale=sigma)
        return -math.exp(lp) * lp

    val, err = integrate.quad(integrand, -40 * sigma, 40 * sigma, points=[0.0], limit=500, epsabs=0, epsrel=1e-13)
    assert got == pytest.approx(val, rel=1e-9, abs=1e-12)
    assert f(lib.entropy_normal(sigma, base=2)) == pytest.approx(got / math.log(2), rel=1e-14)


def test_entropy_normal_elementwise():
    s = np.array([0.5, 1.0, 2.0])
    out = lib.entropy_normal(s)
    assert out.shape == (3,) and out.dtype == np.float64
    for v, o in zip(s, out):
        R.assert_rel(o, R.entropy_normal(v), TOL, f"entropy_normal({v})")


# ================================================================ kl_normal
KL_NORMAL_HARD = [
    (0.0, 1.0, 0.0, 1 + 1e-8),
    (0.0, 1 + 1e-8, 0.0, 1.0),
    (0.0, 1.0, 1e-9, 1.0),
    (1e-9, 1.0, 0.0, 1.0),
    (0.0, 1.0, 1e-9, 1 + 1e-8),
    (5.0, 2.0, 5.0 + 1e-7, 2.0 * (1 + 1e-9)),
    (0.0, 1.0, 0.0, 1.0 - 1e-12),
    (0.0, 1e-200, 0.0, 2e-200),  # sigma**2 underflows: answer log 2 + 1/8 - 1/2
    (0.0, 1e200, 1e200, 1e200),  # (mu diff)**2 and sigma**2 overflow: answer 1/2
    (0.0, 1.0, 3.0, 0.5),
    (-2.0, 0.1, 4.0, 10.0),
]


@pytest.mark.parametrize("args", KL_NORMAL_HARD, ids=[str(a) for a in KL_NORMAL_HARD])
def test_kl_normal_hard_cases(args):
    R.assert_rel(f(lib.kl_normal(*args)), R.kl_normal(*args), TOL, f"kl_normal{args}")


def test_kl_normal_identical_is_zero():
    assert f(lib.kl_normal(0.3, 1.7, 0.3, 1.7)) == 0.0
    assert f(lib.kl_normal(1e10, 1e-10, 1e10, 1e-10)) == 0.0


@pytest.mark.parametrize("seed", range(10))
def test_kl_normal_random_against_mpmath(seed):
    rng = np.random.default_rng(1000 + seed)
    mu1, mu2 = rng.uniform(-3, 3, size=2)
    s1, s2 = np.exp(rng.uniform(np.log(0.1), np.log(10.0), size=2))
    R.assert_rel(f(lib.kl_normal(mu1, s1, mu2, s2)), R.kl_normal(mu1, s1, mu2, s2), TOL, "kl_normal random")


def _kl_quad(mu1, s1, mu2, s2):
    def integrand(x):
        lp1 = stats.norm.logpdf(x, mu1, s1)
        lp2 = stats.norm.logpdf(x, mu2, s2)
        return math.exp(lp1) * (lp1 - lp2)

    val, _ = integrate.quad(
        integrand, mu1 - 40 * s1, mu1 + 40 * s1, points=[mu1, mu2], limit=500, epsabs=0, epsrel=1e-12
    )
    return val


@pytest.mark.parametrize(
    "args",
    [(0.0, 1.0, 0.3, 1.2), (0.0, 1.0, 2.0, 1.0), (1.0, 0.5, -1.0, 2.0), (0.0, 3.0, 0.0, 1.0), (2.0, 0.2, 2.5, 0.25)],
)
def test_kl_normal_against_quad(args):
    assert f(lib.kl_normal(*args)) == pytest.approx(_kl_quad(*args), rel=1e-9)


def test_kl_normal_broadcasts():
    mu1 = np.array([[0.0], [1.0], [-2.0]])
    s2 = np.array([0.5, 1.0, 2.0, 4.0])
    out = lib.kl_normal(mu1, 1.5, 0.25, s2)
    assert out.shape == (3, 4) and out.dtype == np.float64
    for i in range(3):
        for j in range(4):
            R.assert_rel(out[i, j], R.kl_normal(mu1[i, 0], 1.5, 0.25, s2[j]), TOL, f"[{i},{j}]")


def test_kl_normal_base2():
    args = (0.0, 1.0, 0.3, 1.2)
    R.assert_rel(f(lib.kl_normal(*args, base=2)), R.kl_normal(*args) / R.mpmath.log(2), TOL, "bits")


# =================================================================== kl_mvn
S_A = np.array([[1.0, 0.3], [0.3, 1.0]])
M_A = np.array([0.1, -0.2])


def _mvn_near_cases():
    out = []
    for eps in (1e-9, 1e-6, 1e-3):
        S2 = S_A + eps * np.array([[2.0, 1.0], [1.0, 3.0]])
        out.append((f"full-{eps}", M_A, S_A, M_A + eps * np.array([1.0, -2.0]), S2))
        S2 = S_A.copy()
        S2[0, 0] += eps
        out.append((f"diag-{eps}", M_A, S_A, M_A, S2))
    out.append(("mean-only-1e-9", M_A, S_A, M_A + np.array([1e-9, 0.0]), S_A))
    return out


MVN_NEAR = _mvn_near_cases()


@pytest.mark.parametrize("case", MVN_NEAR, ids=[c[0] for c in MVN_NEAR])
def test_kl_mvn_near_equality(case):
    _, m1, S1, m2, S2 = case
    got = lib.kl_mvn(m1, S1, m2, S2)
    R.assert_rel(f(got), R.kl_mvn(m1, S1, m2, S2), TOL, f"kl_mvn {case[0]}")


def test_kl_mvn_identical_is_zero():
    assert abs(f(lib.kl_mvn(M_A, S_A, M_A, S_A))) <= 1e-15


@pytest.mark.parametrize("seed", range(8))
def test_kl_mvn_random_against_mpmath(seed):
    rng = np.random.default_rng(500 + seed)
    k = int(rng.integers(1, 5))
    A1 = rng.normal(size=(k, k))
    A2 = rng.normal(size=(k, k))
    S1 = A1 @ A1.T + 0.5 * np.eye(k)
    S2 = A2 @ A2.T + 0.5 * np.eye(k)
    m1, m2 = rng.normal(size=k), rng.normal(size=k)
    # well-conditioned but general: a few condition-number-sized ulps
    R.assert_rel(f(lib.kl_mvn(m1, S1, m2, S2)), R.kl_mvn(m1, S1, m2, S2), 1e-13, f"kl_mvn k={k}")


@pytest.mark.parametrize("args", [(0.0, 1.0, 0.3, 1.2), (1.0, 0.5, -1.0, 2.0), (0.0, 1.0, 0.0, 1 + 1e-6)])
def test_kl_mvn_1d_equals_kl_normal(args):
    mu1, s1, mu2, s2 = args
    # the 1-D covariance is sigma**2 rounded to float: compare to that exact input
    got = f(lib.kl_mvn(np.array([mu1]), np.array([[s1**2]]), np.array([mu2]), np.array([[s2**2]])))
    R.assert_rel(got, R.kl_mvn([mu1], [[s1**2]], [mu2], [[s2**2]]), TOL, "1-D kl_mvn")
    if args[3] != 1 + 1e-6:  # well-separated: the sigma**2 rounding is invisible
        assert got == pytest.approx(f(lib.kl_normal(*args)), rel=1e-13)


def test_kl_mvn_diagonal_is_sum_of_kl_normal():
    mu1, mu2 = np.array([0.0, 1.0, -1.0]), np.array([0.5, 1.0, 0.0])
    s1, s2 = np.array([1.0, 0.5, 2.0]), np.array([1.5, 0.5, 1.0])
    got = f(lib.kl_mvn(mu1, np.diag(s1**2), mu2, np.diag(s2**2)))
    ref = sum(R.kl_normal(a, b, c, d) for a, b, c, d in zip(mu1, s1, mu2, s2))
    R.assert_rel(got, ref, 1e-14, "diag mvn")


def test_kl_mvn_accepts_lists():
    got = f(lib.kl_mvn([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [[2.0, 0.0], [0.0, 2.0]]))
    # closed form: 0.5*(tr = 1 + quad 0.5 - 2 + log 4)
    assert got == pytest.approx(0.5 * (1.0 + 0.5 - 2.0 + math.log(4.0)), rel=1e-14)


# =================================================================== kl_vae
VAE_HARD = [
    ([1e-9], [1e-9]),
    ([1e-9], [-1e-9]),
    ([0.0], [1e-9]),
    ([1e-9], [0.0]),
    ([1e-9, -2e-9, 3e-9], [1e-9, -1e-9, 2e-10]),
    ([0.0], [-50.0]),
    ([3.0], [50.0]),
    ([0.5, -0.5], [0.3, -0.7]),
]


@pytest.mark.parametrize("mu,lv", VAE_HARD, ids=[f"{m}-{v}" for m, v in VAE_HARD])
def test_kl_vae_hard_cases(mu, lv):
    R.assert_rel(f(lib.kl_vae(np.array(mu), np.array(lv))), R.kl_vae(mu, lv), TOL, f"kl_vae({mu}, {lv})")


def test_kl_vae_zero():
    assert f(lib.kl_vae(np.zeros(4), np.zeros(4))) == 0.0


def test_kl_vae_batch_axis_and_kl_normal():
    rng = np.random.default_rng(8)
    mu = rng.normal(size=(16, 5))
    lv = rng.normal(scale=1.5, size=(16, 5))
    out = lib.kl_vae(mu, lv)
    assert out.shape == (16,) and out.dtype == np.float64
    for i in range(16):
        R.assert_rel(out[i], R.kl_vae(mu[i], lv[i]), TOL, f"kl_vae row {i}")
    per = lib.kl_normal(mu, np.exp(lv / 2), 0.0, 1.0)
    np.testing.assert_allclose(out, per.sum(axis=-1), rtol=1e-13)
    np.testing.assert_allclose(lib.kl_vae(mu.T, lv.T, axis=0), out, rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.kl_vae(mu, lv, axis=0), lib.kl_vae(mu.T, lv.T), rtol=1e-15, atol=0)


# ============================================ issue 9: symmetry tolerance, base=, batches
def _spd(rng, k, cond):
    Q, _ = np.linalg.qr(rng.normal(size=(k, k)))
    return (Q * np.geomspace(1.0, 1.0 / cond, k)) @ Q.T


def test_kl_mvn_accepts_inverses_of_spd_matrices():
    rng = np.random.default_rng(2024)
    refused = per_entry = 0
    for _ in range(200):
        S = np.linalg.inv(_spd(rng, 10, 10 ** rng.uniform(0, 6)))
        # the old per-entry relative rule, for the record: inv leaves asymmetric rounding
        per_entry += not np.allclose(S, S.T, rtol=1e-12, atol=0.0)
        try:
            lib.kl_mvn(np.zeros(10), S, np.zeros(10), np.eye(10))
            lib.entropy_mvn(S)
        except ValueError:
            refused += 1
    assert per_entry > 50  # the old rule refused these
    assert refused == 0


def test_kl_mvn_symmetry_relative_to_scale():
    S = np.array([[1e-20, 3e-21], [3e-21, 2e-20]])
    assert np.isfinite(lib.kl_mvn([0, 0], S, [0, 0], S * 2))  # tiny scale: fine
    bad = S.copy()
    bad[0, 1] *= 1 + 1e-6
    with pytest.raises(ValueError, match="symmetric"):
        lib.kl_mvn([0, 0], bad, [0, 0], S)
    noisy = np.array([[1.0, 1e-17], [0.0, 1.0]])  # near-zero off-diagonal with 1e-17 noise
    assert lib.kl_mvn([0, 0], noisy, [0, 0], np.eye(2)) == pytest.approx(0.0, abs=1e-30)


def test_kl_mvn_float32_symmetry_tolerance():
    rng = np.random.default_rng(1)
    S = _spd(rng, 4, 1e3).astype(np.float32)
    S[0, 1] *= np.float32(1 + 1e-6)  # float32-sized asymmetry, far above float64's sqrt(eps)
    assert np.isfinite(lib.kl_mvn(np.zeros(4), S, np.zeros(4), np.eye(4)))
    with pytest.raises(ValueError, match="symmetric"):
        lib.kl_mvn(np.zeros(4), S.astype(np.float64), np.zeros(4), np.eye(4))


def test_kl_mvn_base():
    rng = np.random.default_rng(9)
    S1, S2 = _spd(rng, 3, 10), _spd(rng, 3, 30)
    m1, m2 = rng.normal(size=3), rng.normal(size=3)
    nats = lib.kl_mvn(m1, S1, m2, S2)
    assert lib.kl_mvn(m1, S1, m2, S2, base=2) == pytest.approx(nats / math.log(2), rel=1e-15)
    R.assert_rel(nats, R.kl_mvn(m1, S1, m2, S2), 1e-12)
    with pytest.raises(lib.ProbabilityError, match="base"):
        lib.kl_mvn(m1, S1, m2, S2, base=1)


def test_kl_mvn_batched_and_broadcast():
    rng = np.random.default_rng(11)
    b, k = 7, 3
    S1 = np.stack([_spd(rng, k, 50) for _ in range(b)])
    S2 = np.stack([_spd(rng, k, 20) for _ in range(b)])
    m1, m2 = rng.normal(size=(b, k)), rng.normal(size=(b, k))
    got = lib.kl_mvn(m1, S1, m2, S2)
    assert got.shape == (b,)
    for i in range(b):
        R.assert_rel(got[i], R.kl_mvn(m1[i], S1[i], m2[i], S2[i]), 1e-12, f"batch {i}")
    one = lib.kl_mvn(m1, S1, m2[0], S2[0])  # second distribution broadcast over the batch
    for i in range(b):
        R.assert_rel(one[i], R.kl_mvn(m1[i], S1[i], m2[0], S2[0]), 1e-12, f"broadcast {i}")
    with pytest.raises(ValueError, match="broadcast"):
        lib.kl_mvn(m1, S1, m2[:2], S2[:2])


def test_entropy_mvn_against_mpmath_and_entropy_normal():
    rng = np.random.default_rng(4)
    for k in (1, 2, 5):
        S = _spd(rng, k, 100)
        R.assert_rel(lib.entropy_mvn(S), R.entropy_mvn(S), 1e-13, f"k={k}")
    assert lib.entropy_mvn([[4.0]]) == pytest.approx(lib.entropy_normal(2.0), rel=1e-15)
    diag = np.diag([0.5, 2.0, 3.0])
    assert lib.entropy_mvn(diag, base=2) == pytest.approx(
        sum(lib.entropy_normal(np.sqrt(v), base=2) for v in (0.5, 2.0, 3.0)), rel=1e-14)
    batch = np.stack([np.eye(2), 2 * np.eye(2)])
    np.testing.assert_allclose(lib.entropy_mvn(batch), [lib.entropy_mvn(np.eye(2)), lib.entropy_mvn(2 * np.eye(2))],
                               rtol=1e-15)
    with pytest.raises(ValueError, match="square"):
        lib.entropy_mvn(np.ones((2, 3)))


# ================= ported: TFP normal_test (testNormalNormalKL) and mvn tests (testKLNonBatch,
# testKLBatch, testKLBatchBroadcast, identical is zero); torch TestKL normal pairs and
# test_kl_multivariate_normal(_batched, _batched_broadcasted). Their expected values come
# from their own formulas or Monte Carlo; here mpmath.
def test_port_tfp_normal_normal_kl():
    mu_a, sigma_a = np.full(6, 3.0), np.array([1.0, 2.0, 3.0, 1.5, 2.5, 3.5])
    mu_b, sigma_b = np.full(6, -3.0), np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
    got = lib.kl_normal(mu_a, sigma_a, mu_b, sigma_b)
    assert got.shape == (6,)
    for i in range(6):
        R.assert_rel(got[i], R.kl_normal(mu_a[i], sigma_a[i], mu_b[i], sigma_b[i]), TOL)


def test_port_torch_kl_normal_pairs():
    loc, scale = np.array([-2.0, 2.0, -3.0, 3.0]), np.array([1.0, 2.0, 1.0, 2.0])
    got = lib.kl_normal(loc[None, :], scale[None, :], loc[:, None], scale[:, None])
    for i in range(4):
        for j in range(4):
            R.assert_rel(got[i, j], R.kl_normal(loc[j], scale[j], loc[i], scale[i]), TOL)


def _tfp_mu_sigma(rng, batch, k):
    mu = rng.normal(size=batch + (k,))
    A = rng.normal(size=batch + (k, k))
    return mu, A @ np.swapaxes(A, -1, -2) + 0.1 * np.eye(k)  # symmetric up to rounding


def test_port_tfp_mvn_kl_non_batch_batch_broadcast_identical():
    rng = np.random.default_rng(42)
    mu_a, sigma_a = _tfp_mu_sigma(rng, (), 3)
    mu_b, sigma_b = _tfp_mu_sigma(rng, (), 3)
    R.assert_rel(lib.kl_mvn(mu_a, sigma_a, mu_b, sigma_b), R.kl_mvn(mu_a, sigma_a, mu_b, sigma_b), 1e-12)
    mu_a, sigma_a = _tfp_mu_sigma(rng, (2,), 3)
    mu_b, sigma_b = _tfp_mu_sigma(rng, (2,), 3)
    got = lib.kl_mvn(mu_a, sigma_a, mu_b, sigma_b)
    assert got.shape == (2,)
    for i in range(2):
        R.assert_rel(got[i], R.kl_mvn(mu_a[i], sigma_a[i], mu_b[i], sigma_b[i]), 1e-12)
    mu_c, sigma_c = _tfp_mu_sigma(rng, (), 3)
    got = lib.kl_mvn(mu_a, sigma_a, mu_c, sigma_c)
    for i in range(2):
        R.assert_rel(got[i], R.kl_mvn(mu_a[i], sigma_a[i], mu_c, sigma_c), 1e-12)
    assert np.all(np.abs(lib.kl_mvn(mu_a, sigma_a, mu_a, sigma_a)) <= 1e-15)


def _torch_scale_tril(rng, shape):
    # torch's lower_cholesky transform: strictly lower part, plus exp of the diagonal
    x = rng.normal(size=shape)
    return np.tril(x, -1) + np.exp(np.diagonal(x, axis1=-2, axis2=-1))[..., None] * np.eye(shape[-1])


def test_port_torch_kl_multivariate_normal():
    rng = np.random.default_rng(0)
    for _ in range(5):
        loc = [rng.normal(size=4) for _ in range(2)]
        L = [_torch_scale_tril(rng, (4, 4)) for _ in range(2)]
        S = [t @ t.T for t in L]
        R.assert_rel(lib.kl_mvn(loc[0], S[0], loc[1], S[1]), R.kl_mvn(loc[0], S[0], loc[1], S[1]), 1e-11)


def test_port_torch_kl_multivariate_normal_batched_and_broadcasted():
    rng = np.random.default_rng(1)
    b = 7
    loc = [rng.normal(size=(b, 3)) for _ in range(2)]
    L0 = _torch_scale_tril(rng, (b, 3, 3))
    L1 = _torch_scale_tril(rng, (b, 3, 3))
    S0, S1 = L0 @ np.swapaxes(L0, -1, -2), L1 @ np.swapaxes(L1, -1, -2)
    batched = lib.kl_mvn(loc[0], S0, loc[1], S1)
    one_by_one = [lib.kl_mvn(loc[0][i], S0[i], loc[1][i], S1[i]) for i in range(b)]
    np.testing.assert_allclose(batched, one_by_one, rtol=1e-13)
    Lb = _torch_scale_tril(rng, (3, 3))
    broadcast = lib.kl_mvn(loc[0], S0, loc[1], Lb @ Lb.T)
    for i in range(b):
        R.assert_rel(broadcast[i], R.kl_mvn(loc[0][i], S0[i], loc[1][i], Lb @ Lb.T), 1e-11)
