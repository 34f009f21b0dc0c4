"""Discrete information measures of ``lib``: entropy, cross-entropy, KL, JS,
joint / conditional entropy, mutual information, surprise, normalize.

Expected values come from ``tests/reference.py`` (mpmath at 50 digits, computed
from the exact float inputs), closed forms, or textbook values -- never from the
implementation's own output.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lib
import reference as R

# Any RuntimeWarning (log(0), 0*inf, divide by zero...) is a failure.
pytestmark = pytest.mark.filterwarnings("error")

TOL = 1e-14  # relative error allowed against the 50-digit reference
LN2 = math.log(2.0)
PROP = settings(max_examples=60, deadline=None, database=None, derandomize=True)


def f(x):
    """A scalar result as a Python float (and check it is a float64 scalar)."""
    a = np.asarray(x)
    assert a.dtype == np.float64, f"result dtype {a.dtype}, expected float64"
    assert a.ndim == 0, f"expected a scalar result, got shape {a.shape}"
    return float(a)


# =========================================================== 1. hard cases
ENTROPY_HARD = [
    [1 - 1e-15, 1e-15],
    [1e-15, 1 - 1e-15],
    [1e-300, 1 - 1e-300],
    [1 - 2e-10, 1e-10, 1e-10],
    [0.5, 0.5],
    [0.25, 0.25, 0.5],
]


@pytest.mark.parametrize("p", ENTROPY_HARD)
def test_entropy_hard_cases(p):
    R.assert_rel(f(lib.entropy(p)), R.entropy(p), TOL, f"entropy({p})")


@pytest.mark.parametrize("p", ENTROPY_HARD)
def test_entropy_hard_cases_bits(p):
    ref = R.entropy(p) / R.mpmath.log(2)
    R.assert_rel(f(lib.entropy(p, base=2)), ref, TOL, f"entropy({p}, base=2)")


@pytest.mark.parametrize("p", [1e-12, 1 - 1e-9, 1e-300, 0.5, 0.1, 1 - 1e-15, 5e-324])
def test_binary_entropy_hard_cases(p):
    R.assert_rel(f(lib.binary_entropy(p)), R.binary_entropy(p), TOL, f"binary_entropy({p!r})")


@pytest.mark.parametrize(
    "p,q",
    [
        (1e-12, 2e-12),
        (2e-12, 1e-12),
        (1e-10, 1.0000001e-10),
        (1.0000001e-10, 1e-10),
        (1 - 1e-9, 1 - 2e-9),
        (1 - 2e-9, 1 - 1e-9),
        (0.5, 0.5 + 1e-9),
        (0.3, 0.7),
        (1e-300, 0.5),
    ],
)
def test_kl_bernoulli_hard_cases(p, q):
    R.assert_rel(f(lib.kl_bernoulli(p, q)), R.kl_bernoulli(p, q), TOL, f"kl_bernoulli({p!r}, {q!r})")


@pytest.mark.parametrize("p", [1e-300, 1 - 1e-16, 0.5, 1e-5, 0.999])
def test_surprise_hard_cases(p):
    R.assert_rel(f(lib.surprise(p)), R.surprise(p), TOL, f"surprise({p!r})")


@pytest.mark.parametrize(
    "p,q",
    [
        ([1.0, 0.0], [1 - 1e-15, 1e-15]),
        ([1 - 1e-15, 1e-15], [0.5, 0.5]),
        ([1e-300, 1.0], [0.5, 0.5]),
    ],
)
def test_cross_entropy_hard_cases(p, q):
    R.assert_rel(f(lib.cross_entropy(p, q)), R.cross_entropy(p, q), TOL, f"cross_entropy({p}, {q})")


@pytest.mark.parametrize(
    "p,q",
    [
        ([1 - 1e-15, 1e-15], [0.5, 0.5]),
        ([0.5, 0.5], [1 - 1e-15, 1e-15]),
        ([1e-300, 1.0], [0.25, 0.75]),
    ],
)
def test_kl_divergence_hard_cases(p, q):
    R.assert_rel(f(lib.kl_divergence(p, q)), R.kl(p, q), TOL, f"kl_divergence({p}, {q})")


def _dirichlet_pairs(n=50, seed=20240601):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        k = int(rng.integers(2, 12))
        out.append((rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))))
    return out


DIRICHLET = _dirichlet_pairs()


@pytest.mark.parametrize("i", range(len(DIRICHLET)))
def test_random_dirichlet_against_mpmath(i):
    p, q = DIRICHLET[i]
    R.assert_rel(f(lib.entropy(p)), R.entropy(p), TOL, "entropy")
    R.assert_rel(f(lib.cross_entropy(p, q)), R.cross_entropy(p, q), TOL, "cross_entropy")
    R.assert_rel(f(lib.kl_divergence(p, q)), R.kl(p, q), TOL, "kl_divergence")
    # JS cancels (its terms are O(1), the result can be O(1e-3)), and the floats
    # p, q sum to 1 only within a few ulp, so formulas that are equal for exact
    # distributions differ by ~1e-16 absolute: allow that floor.
    R.assert_rel(f(lib.js_divergence(p, q)), R.js(p, q), TOL, "js_divergence", abs_tol=1e-15)


def test_random_dirichlet_batch_against_mpmath():
    rng = np.random.default_rng(7)
    P = rng.dirichlet(np.ones(6), size=20)
    Q = rng.dirichlet(np.ones(6), size=20)
    H = lib.entropy(P)
    K = lib.kl_divergence(P, Q)
    assert H.shape == (20,) and K.shape == (20,)
    assert H.dtype == np.float64 and K.dtype == np.float64
    for i in range(20):
        R.assert_rel(H[i], R.entropy(P[i]), TOL, f"entropy row {i}")
        R.assert_rel(K[i], R.kl(P[i], Q[i]), TOL, f"kl row {i}")


def _random_tables(n=20, seed=99):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        a, b = (int(v) for v in rng.integers(2, 6, size=2))
        out.append(rng.dirichlet(np.ones(a * b)).reshape(a, b))
    return out


TABLES = _random_tables()


@pytest.mark.parametrize("i", range(len(TABLES)))
def test_random_joint_tables_against_mpmath(i):
    t = TABLES[i]
    # H(X,Y) is a plain entropy: same tight tolerance.  H(Y|X) and I(X;Y) are
    # differences of entropies in most formulations, so allow a few more ulp.
    R.assert_rel(f(lib.joint_entropy(t)), R.joint_entropy(t), TOL, "joint_entropy")
    R.assert_rel(f(lib.conditional_entropy(t)), R.conditional_entropy(t), 1e-13, "conditional_entropy")
    R.assert_rel(f(lib.mutual_information(t)), R.mutual_information(t), 1e-13, "mutual_information")


def test_reference_self_check():
    """The rearranged 50-digit references agree with the plain textbook formulas
    evaluated at 800 digits (enough to survive their cancellation)."""
    mpmath, mp, mpf = R.mpmath, R.mp, R.mpf
    X = R.mpf_exact

    def naive_hb(p):
        p = X(p)
        return -(p * mpmath.log(p) + (1 - p) * mpmath.log(1 - p))

    def naive_klb(p, q):
        p, q = X(p), X(q)
        return p * mpmath.log(p / q) + (1 - p) * mpmath.log((1 - p) / (1 - q))

    def naive_k3(r):
        r = X(r)
        return mpmath.exp(r) - 1 - r

    def naive_ce(z, y):
        zs = [X(v) for v in z]
        return mpmath.log(mpmath.fsum(mpmath.exp(v) for v in zs)) - zs[y]

    def naive_ls0(z):
        return -naive_ce(z, 0)

    def naive_vae(mu, lv):
        return mpmath.fsum((mpmath.exp(X(b)) + X(a) ** 2 - 1 - X(b)) / 2 for a, b in zip(mu, lv))

    cases = [
        (R.binary_entropy, naive_hb, (1e-300,)),
        (R.binary_entropy, naive_hb, (1e-12,)),
        (R.binary_entropy, naive_hb, (1 - 1e-9,)),
        (R.kl_bernoulli, naive_klb, (1e-10, 1.0000001e-10)),
        (R.kl_bernoulli, naive_klb, (1 - 1e-9, 1 - 2e-9)),
        (R.kl_bernoulli, naive_klb, (1e-300, 0.5)),
        (R.k3, naive_k3, (1e-300,)),
        (R.k3, naive_k3, (5e-20,)),
        (R.k3, naive_k3, (-1e-10,)),
        (R.k3, naive_k3, (2.0,)),
        (R.ce_logits, naive_ce, ([84.0, 0.0], 0)),
        (R.ce_logits, naive_ce, ([1e4, 1e4 - 1e-3], 1)),
        (lambda z: R.log_softmax(z)[0], naive_ls0, ([0.0, -100.0],)),
        (R.kl_vae, naive_vae, ([1e-9], [-1e-9])),
        (R.kl_normal, lambda *a: R.kl_normal_textbook(*a, dps=800), (0.0, 1.0, 0.0, 1 + 1e-8)),
        (R.kl_normal, lambda *a: R.kl_normal_textbook(*a, dps=800), (-2.0, 0.1, 4.0, 10.0)),
        (R.kl_normal, lambda *a: R.kl_normal_textbook(*a, dps=800), (0.0, 1e200, 1e200, 1e200)),
    ]
    for ref_fn, naive_fn, args in cases:
        ref = ref_fn(*args)
        with mp.workdps(800):
            hi = naive_fn(*args)
            assert abs((ref - hi) / hi) < mpf(10) ** -45, (ref_fn, args, ref, hi)


# ======================================================= 2. textbook values
def test_fair_coin_is_one_bit():
    assert f(lib.entropy([0.5, 0.5], base=2)) == pytest.approx(1.0, abs=1e-15)
    assert f(lib.binary_entropy(0.5, base=2)) == pytest.approx(1.0, abs=1e-15)
    assert f(lib.entropy([0.5, 0.5])) == pytest.approx(LN2, rel=1e-15)


def test_bernoulli_09():
    assert f(lib.binary_entropy(0.9, base=2)) == pytest.approx(0.469, abs=5e-4)
    assert f(lib.binary_entropy(0.9)) == pytest.approx(0.325, abs=5e-4)
    assert f(lib.entropy([0.9, 0.1], base=2)) == pytest.approx(0.469, abs=5e-4)
    assert f(lib.entropy([0.9, 0.1])) == pytest.approx(0.325, abs=5e-4)
    closed = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert f(lib.binary_entropy(0.9)) == pytest.approx(closed, rel=1e-14)


def test_kl_half_vs_09_bits():
    assert f(lib.kl_divergence([0.5, 0.5], [0.9, 0.1], base=2)) == pytest.approx(0.737, abs=5e-4)
    assert f(lib.kl_divergence([0.9, 0.1], [0.5, 0.5], base=2)) == pytest.approx(0.531, abs=5e-4)
    assert f(lib.kl_bernoulli(0.5, 0.9, base=2)) == pytest.approx(0.737, abs=5e-4)
    assert f(lib.kl_bernoulli(0.9, 0.5, base=2)) == pytest.approx(0.531, abs=5e-4)


def test_kl_bern_05_06_bits():
    assert f(lib.kl_bernoulli(0.5, 0.6, base=2)) == pytest.approx(0.0294, abs=5e-5)
    assert f(lib.kl_divergence([0.5, 0.5], [0.6, 0.4], base=2)) == pytest.approx(0.0294, abs=5e-5)
    closed = 0.5 * math.log2(0.5 / 0.6) + 0.5 * math.log2(0.5 / 0.4)
    assert f(lib.kl_bernoulli(0.5, 0.6, base=2)) == pytest.approx(closed, rel=1e-14)


def test_cross_entropy_one_hot():
    assert f(lib.cross_entropy([1, 0], [0.9, 0.1])) == pytest.approx(0.105, abs=5e-4)
    assert f(lib.cross_entropy([1, 0], [0.9, 0.1])) == pytest.approx(-math.log(0.9), rel=1e-15)


def test_kl_02_08_vs_uniform():
    assert f(lib.kl_divergence([0.2, 0.8], [0.5, 0.5])) == pytest.approx(0.193, abs=5e-4)
    assert f(lib.kl_divergence([0.5, 0.5], [0.2, 0.8])) == pytest.approx(0.223, abs=5e-4)


@pytest.mark.parametrize("k", [1, 2, 3, 7, 10, 256, 1000])
def test_uniform_entropy_is_log_k(k):
    p = np.full(k, 1.0 / k)
    assert f(lib.entropy(p)) == pytest.approx(math.log(k), rel=1e-14, abs=1e-15)
    assert f(lib.entropy(p, base=2)) == pytest.approx(math.log2(k), rel=1e-14, abs=1e-15)


def test_surprise_textbook():
    assert f(lib.surprise(0.5, base=2)) == pytest.approx(1.0, rel=1e-15)
    assert f(lib.surprise(0.125, base=2)) == pytest.approx(3.0, rel=1e-15)
    assert f(lib.surprise(1.0)) == 0.0
    assert f(lib.surprise(0.0)) == math.inf
    s = lib.surprise(np.array([1.0, 0.5, 0.25, 0.0]), base=2)
    np.testing.assert_allclose(s, [0.0, 1.0, 2.0, np.inf], rtol=1e-15)
    assert s.dtype == np.float64


def test_mutual_information_textbook():
    # X = Y, a fair bit: I = H = 1 bit, H(Y|X) = 0
    t = np.array([[0.5, 0.0], [0.0, 0.5]])
    assert f(lib.mutual_information(t, base=2)) == pytest.approx(1.0, rel=1e-15)
    assert f(lib.conditional_entropy(t)) == pytest.approx(0.0, abs=1e-15)
    assert f(lib.joint_entropy(t, base=2)) == pytest.approx(1.0, rel=1e-15)
    # independent fair bits: I = 0, H(X,Y) = 2 bits, H(Y|X) = 1 bit
    u = np.full((2, 2), 0.25)
    assert f(lib.mutual_information(u)) == pytest.approx(0.0, abs=1e-15)
    assert f(lib.joint_entropy(u, base=2)) == pytest.approx(2.0, rel=1e-15)
    assert f(lib.conditional_entropy(u, base=2)) == pytest.approx(1.0, rel=1e-15)


def test_mutual_information_tiny_marginals():
    # px * py underflows (1e-191 * 1e-191) but pxy does not: I(X;Y) is tiny and finite
    for eps in (4.698937836073613e-191, 1e-200, 1e-160):
        t = np.array([[1.0 - eps, 0.0], [0.0, eps]])
        for tt in (t, t.T):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                i = f(lib.mutual_information(tt))
            R.assert_rel(i, R.mutual_information(tt), 1e-13, f"I for eps={eps}")
            R.assert_rel(f(lib.conditional_entropy(tt)), R.conditional_entropy(tt), 1e-13, f"H(Y|X) eps={eps}")


def test_conditional_entropy_orientation():
    # X uniform on {0,1}; given X=0, Y is deterministic; given X=1, Y is a fair coin.
    # H(Y|X) = 0.5 bit.  H(X|Y): p(y=0)=3/4, p(y=1)=1/4 ...
    t = np.array([[0.5, 0.0], [0.25, 0.25]])
    assert f(lib.conditional_entropy(t, base=2)) == pytest.approx(0.5, rel=1e-15)
    hxy = 1.5  # bits: entropy of (.5, .25, .25)
    hy = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert f(lib.conditional_entropy(t.T, base=2)) == pytest.approx(hxy - hy, rel=1e-14)


def test_js_textbook():
    # disjoint supports: JS = log 2 exactly
    assert f(lib.js_divergence([1, 0], [0, 1])) == pytest.approx(LN2, rel=1e-15)
    assert f(lib.js_divergence([1, 0], [0, 1], base=2)) == pytest.approx(1.0, rel=1e-15)
    assert f(lib.js_divergence([0.3, 0.7], [0.3, 0.7])) == pytest.approx(0.0, abs=1e-16)


def test_js_with_subnormal_entries():
    # m = (p + q)/2 underflows to 0 where q = 5e-324, p = 0: JS must stay finite (<= log 2)
    p, q = [0.0, 1.0], [5e-324, 1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b = f(lib.js_divergence(p, q)), f(lib.js_divergence(q, p))
    assert 0.0 <= a <= LN2 and 0.0 <= b <= LN2
    R.assert_rel(a, R.js(p, q), TOL, "js([0,1], [5e-324,1])")
    R.assert_rel(b, R.js(q, p), TOL, "js([5e-324,1], [0,1])")
    p, q = [0.0, 1.0], [1e-310, 1.0 - 1e-310]
    R.assert_rel(f(lib.js_divergence(p, q)), R.js(p, q), TOL, "js subnormal 1e-310")


# ============================================ zeros, infinities, no warnings
def test_zero_log_zero_is_zero_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(lib.entropy([1.0, 0.0])) == 0.0
        assert f(lib.entropy([0, 0, 1, 0])) == 0.0
        assert f(lib.binary_entropy(0.0)) == 0.0
        assert f(lib.binary_entropy(1.0)) == 0.0
        assert f(lib.kl_divergence([1.0, 0.0], [0.5, 0.5])) == pytest.approx(LN2, rel=1e-15)
        assert f(lib.kl_divergence([0.0, 1.0], [0.0, 1.0])) == 0.0
        assert f(lib.cross_entropy([0.0, 1.0], [0.0, 1.0])) == 0.0
        assert f(lib.kl_bernoulli(0.0, 0.0)) == 0.0
        assert f(lib.kl_bernoulli(1.0, 1.0)) == 0.0
        assert f(lib.kl_bernoulli(0.0, 0.5)) == pytest.approx(LN2, rel=1e-15)
        assert f(lib.kl_bernoulli(1.0, 0.5)) == pytest.approx(LN2, rel=1e-15)
        t = np.array([[0.5, 0.0], [0.0, 0.5]])
        assert f(lib.joint_entropy(t)) == pytest.approx(LN2, rel=1e-15)
        assert np.all(np.isfinite(lib.entropy(np.array([[1.0, 0.0], [0.0, 1.0]]))))


def test_q_zero_where_p_positive_is_inf_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(lib.kl_divergence([0.5, 0.5], [1.0, 0.0])) == math.inf
        assert f(lib.cross_entropy([0.5, 0.5], [1.0, 0.0])) == math.inf
        assert f(lib.cross_entropy([0.0, 1.0], [1.0, 0.0])) == math.inf
        assert f(lib.kl_bernoulli(0.5, 0.0)) == math.inf
        assert f(lib.kl_bernoulli(0.5, 1.0)) == math.inf
        assert f(lib.kl_bernoulli(1.0, 0.0)) == math.inf
        assert f(lib.kl_bernoulli(0.0, 1.0)) == math.inf
        assert f(lib.surprise(0.0)) == math.inf
        # batch: only the offending row is inf
        K = lib.kl_divergence(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[1.0, 0.0], [0.5, 0.5]]))
        assert K[0] == math.inf and K[1] == 0.0
        # base=2 keeps inf
        assert f(lib.kl_divergence([0.5, 0.5], [1.0, 0.0], base=2)) == math.inf
        # JS is always finite
        assert f(lib.js_divergence([0.5, 0.5], [1.0, 0.0])) < LN2


def test_kl_bernoulli_broadcasts():
    p = np.array([[0.1], [0.5], [0.9]])
    q = np.array([0.2, 0.5, 0.7, 0.99])
    out = lib.kl_bernoulli(p, q)
    assert out.shape == (3, 4) and out.dtype == np.float64
    for i in range(3):
        for j in range(4):
            R.assert_rel(out[i, j], R.kl_bernoulli(p[i, 0], q[j]), TOL, f"kl_bernoulli[{i},{j}]")


def test_binary_entropy_elementwise():
    ps = np.array([0.0, 1e-12, 0.25, 0.5, 0.75, 1.0])
    out = lib.binary_entropy(ps)
    assert out.shape == ps.shape and out.dtype == np.float64
    for v, o in zip(ps, out):
        R.assert_rel(o, R.binary_entropy(v), TOL, f"binary_entropy({v})")


def test_inputs_are_array_like_and_results_float64():
    assert f(lib.entropy([1, 0])) == 0.0  # ints accepted
    assert f(lib.entropy((0.5, 0.5))) == pytest.approx(LN2, rel=1e-15)
    h32 = lib.entropy(np.array([0.25, 0.75], dtype=np.float32))
    assert np.asarray(h32).dtype == np.float64
    assert f(lib.kl_divergence(np.array([0.5, 0.5], dtype=np.float32), [0.25, 0.75])) > 0


def test_sum_tolerance():
    assert lib.measures.SUM_TOL == 1e-9
    # 1 + 1e-12 accepted; 1 + 1e-6 and 1 - 1e-6 rejected
    assert math.isfinite(f(lib.entropy([0.5, 0.5 + 1e-12])))
    assert math.isfinite(f(lib.kl_divergence([0.5, 0.5 + 1e-12], [0.5, 0.5])))
    assert math.isfinite(f(lib.kl_divergence([0.5, 0.5], [0.5, 0.5 + 1e-12])))
    for bad in ([0.5, 0.5 + 1e-6], [0.5, 0.5 - 1e-6]):
        with pytest.raises(lib.ProbabilityError):
            lib.entropy(bad)


@pytest.mark.parametrize(
    "fn,args",
    [
        (lib.entropy, ([0.1, 0.2, 0.7],)),
        (lib.cross_entropy, ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])),
        (lib.kl_divergence, ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])),
        (lib.kl_divergence, ([0.5, 0.5], [1.0, 0.0])),
        (lib.entropy, ([1.0, 0.0],)),
    ],
)
def test_check_false_gives_same_value(fn, args):
    a = f(fn(*args))
    b = f(fn(*args, check=False))
    assert a == b or (math.isnan(a) and math.isnan(b))
    # batches too
    batch = [np.tile(np.asarray(x, float), (3, 1)) for x in args]
    np.testing.assert_array_equal(fn(*batch), fn(*batch, check=False))


def test_check_false_same_on_random_batch():
    rng = np.random.default_rng(3)
    P = rng.dirichlet(np.ones(5), size=100)
    Q = rng.dirichlet(np.ones(5), size=100)
    np.testing.assert_allclose(lib.entropy(P, check=False), lib.entropy(P), rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.kl_divergence(P, Q, check=False), lib.kl_divergence(P, Q), rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.cross_entropy(P, Q, check=False), lib.cross_entropy(P, Q), rtol=1e-15, atol=0)


# ================================================================ normalize
def test_normalize_values():
    out = lib.normalize([1, 1, 2])
    np.testing.assert_allclose(out, [0.25, 0.25, 0.5], rtol=1e-15)
    assert out.dtype == np.float64
    w = np.array([[1.0, 3.0], [2.0, 2.0], [0.0, 5.0]])
    np.testing.assert_allclose(lib.normalize(w), [[0.25, 0.75], [0.5, 0.5], [0.0, 1.0]], rtol=1e-15)
    np.testing.assert_allclose(lib.normalize(w, axis=0), w / w.sum(axis=0), rtol=1e-15)
    # tiny and huge weights are fine (no overflow / underflow of the ratio)
    np.testing.assert_allclose(lib.normalize([1e-300, 3e-300]), [0.25, 0.75], rtol=1e-15)
    np.testing.assert_allclose(lib.normalize([1e300, 3e300]), [0.25, 0.75], rtol=1e-15)


def test_normalize_output_is_accepted_by_entropy():
    rng = np.random.default_rng(11)
    w = rng.exponential(size=(50, 7)) * 10.0 ** rng.integers(-100, 100, size=(50, 1))
    p = lib.normalize(w)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    assert np.all(np.isfinite(lib.entropy(p)))


# ====================================================== 3. property tests
def _norm(v):
    a = np.asarray(v, dtype=float)
    return a / a.sum()


def dist(k, zeros=False):
    lo = 0.0 if zeros else 1e-3
    return (
        st.lists(st.floats(lo, 1.0, allow_nan=False, allow_infinity=False), min_size=k, max_size=k)
        .filter(lambda v: sum(v) > 0.1)
        .map(_norm)
    )


pairs = st.integers(2, 8).flatmap(lambda k: st.tuples(dist(k, zeros=True), dist(k)))
pairs_pos = st.integers(2, 8).flatmap(lambda k: st.tuples(dist(k), dist(k)))
pairs_any = st.integers(2, 8).flatmap(lambda k: st.tuples(dist(k, zeros=True), dist(k, zeros=True)))
single = st.integers(1, 10).flatmap(lambda k: dist(k, zeros=True))
tables = st.tuples(st.integers(2, 5), st.integers(2, 5)).flatmap(
    lambda ab: st.lists(
        st.floats(0.0, 1.0, allow_nan=False), min_size=ab[0] * ab[1], max_size=ab[0] * ab[1]
    )
    .filter(lambda v: sum(v) > 0.1)
    .map(lambda v, ab=ab: _norm(v).reshape(ab))
)


@PROP
@given(pairs)
def test_prop_kl_nonnegative_zero_iff_equal(pq):
    p, q = pq
    k = f(lib.kl_divergence(p, q))
    assert k >= -1e-15
    assert abs(f(lib.kl_divergence(p, p))) <= 1e-15
    assert abs(f(lib.kl_divergence(q, q))) <= 1e-15
    if np.max(np.abs(p - q)) > 1e-6:
        assert k > 0


@PROP
@given(pairs)
def test_prop_cross_entropy_decomposition(pq):
    p, q = pq
    hpq = f(lib.cross_entropy(p, q))
    assert hpq == pytest.approx(f(lib.entropy(p)) + f(lib.kl_divergence(p, q)), rel=1e-12, abs=1e-14)


@PROP
@given(single)
def test_prop_entropy_bounds(p):
    h = f(lib.entropy(p))
    assert 0.0 <= h <= math.log(p.size) * (1 + 1e-14) + 1e-15
    R.assert_rel(h, R.entropy(p), TOL, f"entropy({p.tolist()})")


@PROP
@given(tables)
def test_prop_chain_rule(t):
    hx = f(lib.entropy(t.sum(axis=1)))
    hy = f(lib.entropy(t.sum(axis=0)))
    hxy = f(lib.joint_entropy(t))
    assert hxy == pytest.approx(hx + f(lib.conditional_entropy(t)), rel=1e-12, abs=1e-14)
    assert hxy == pytest.approx(hy + f(lib.conditional_entropy(t.T)), rel=1e-12, abs=1e-14)
    assert f(lib.conditional_entropy(t)) >= -1e-15
    assert f(lib.joint_entropy(t)) == pytest.approx(f(lib.entropy(t.ravel())), rel=1e-14, abs=1e-15)


@PROP
@given(tables)
def test_prop_mutual_information(t):
    px, py = t.sum(axis=1), t.sum(axis=0)
    i = f(lib.mutual_information(t))
    assert math.isfinite(i), f"I(X;Y) = {i} for a valid table (it is at most min(H(X), H(Y)))"
    assert i >= -1e-15
    assert i == pytest.approx(f(lib.mutual_information(t.T)), rel=1e-12, abs=1e-14)
    outer = np.outer(px, py)
    if np.all((outer > 0) | (t == 0)):  # px*py may underflow to 0 for tiny marginals
        assert i == pytest.approx(f(lib.kl_divergence(t.ravel(), outer.ravel())), rel=1e-12, abs=1e-14)
    assert i == pytest.approx(f(lib.entropy(px)) - f(lib.conditional_entropy(t.T)), rel=1e-12, abs=1e-14)
    assert i == pytest.approx(f(lib.entropy(py)) - f(lib.conditional_entropy(t)), rel=1e-12, abs=1e-14)
    assert i <= min(f(lib.entropy(px)), f(lib.entropy(py))) + 1e-14


@PROP
@given(pairs_any)
def test_prop_js_bounded_symmetric(pq):
    p, q = pq
    a = f(lib.js_divergence(p, q))
    b = f(lib.js_divergence(q, p))
    assert -1e-15 <= a <= LN2 * (1 + 1e-15)
    assert a == pytest.approx(b, rel=1e-13, abs=1e-16)
    assert f(lib.js_divergence(p, q, base=2)) <= 1.0 + 1e-15


@PROP
@given(pairs, st.randoms(use_true_random=False))
def test_prop_permutation_invariance(pq, rnd):
    p, q = pq
    perm = list(range(p.size))
    rnd.shuffle(perm)
    assert f(lib.entropy(p[perm])) == pytest.approx(f(lib.entropy(p)), rel=1e-14, abs=1e-16)
    assert f(lib.kl_divergence(p[perm], q[perm])) == pytest.approx(
        f(lib.kl_divergence(p, q)), rel=1e-13, abs=1e-16
    )
    assert f(lib.cross_entropy(p[perm], q[perm])) == pytest.approx(
        f(lib.cross_entropy(p, q)), rel=1e-14, abs=1e-16
    )


@PROP
@given(st.integers(2, 6), st.integers(1, 5), st.data())
def test_prop_batch_and_axis(k, n, data):
    P = np.stack([data.draw(dist(k, zeros=True)) for _ in range(n)])
    Q = np.stack([data.draw(dist(k)) for _ in range(n)])
    for name, fn, args in [
        ("entropy", lib.entropy, (P,)),
        ("cross_entropy", lib.cross_entropy, (P, Q)),
        ("kl_divergence", lib.kl_divergence, (P, Q)),
        ("js_divergence", lib.js_divergence, (P, Q)),
    ]:
        batch = fn(*args)
        assert batch.shape == (n,), name
        assert batch.dtype == np.float64, name
        rows = [f(fn(*(a[i] for a in args))) for i in range(n)]
        # same values as one call per row (summation order may differ by an ulp)
        np.testing.assert_allclose(batch, rows, rtol=1e-14, atol=1e-16, err_msg=f"{name}: batch vs per-row")
        # explicit axis=-1 and axis=1 are the default
        np.testing.assert_array_equal(fn(*args, axis=-1), batch)
        np.testing.assert_array_equal(fn(*args, axis=1), batch)
        # the transpose with axis=0 is the same computation
        np.testing.assert_allclose(
            fn(*(a.T for a in args), axis=0), batch, rtol=1e-15, atol=0, err_msg=f"{name}: axis=0 on .T"
        )


def test_batch_3d():
    rng = np.random.default_rng(5)
    P = rng.dirichlet(np.ones(4), size=(2, 3))
    Q = rng.dirichlet(np.ones(4), size=(2, 3))
    H = lib.entropy(P)
    assert H.shape == (2, 3)
    K = lib.kl_divergence(P, Q)
    for i in range(2):
        for j in range(3):
            R.assert_rel(H[i, j], R.entropy(P[i, j]), TOL, "3-D batch entropy")
            R.assert_rel(K[i, j], R.kl(P[i, j], Q[i, j]), TOL, "3-D batch kl")
    # class axis in the middle
    Pm = np.moveaxis(P, -1, 1)  # (2, 4, 3)
    np.testing.assert_allclose(lib.entropy(Pm, axis=1), H, rtol=1e-15, atol=0)


BASE_FUNCS = [
    ("surprise", lambda b: lib.surprise(0.3, base=b)),
    ("entropy", lambda b: lib.entropy([0.2, 0.3, 0.5], base=b)),
    ("binary_entropy", lambda b: lib.binary_entropy(0.3, base=b)),
    ("cross_entropy", lambda b: lib.cross_entropy([0.2, 0.3, 0.5], [0.4, 0.4, 0.2], base=b)),
    ("kl_divergence", lambda b: lib.kl_divergence([0.2, 0.3, 0.5], [0.4, 0.4, 0.2], base=b)),
    ("kl_bernoulli", lambda b: lib.kl_bernoulli(0.3, 0.6, base=b)),
    ("js_divergence", lambda b: lib.js_divergence([0.2, 0.3, 0.5], [0.4, 0.4, 0.2], base=b)),
    ("joint_entropy", lambda b: lib.joint_entropy([[0.1, 0.2], [0.3, 0.4]], base=b)),
    ("conditional_entropy", lambda b: lib.conditional_entropy([[0.1, 0.2], [0.3, 0.4]], base=b)),
    ("mutual_information", lambda b: lib.mutual_information([[0.1, 0.2], [0.3, 0.4]], base=b)),
    ("entropy_normal", lambda b: lib.entropy_normal(2.5, base=b)),
    ("kl_normal", lambda b: lib.kl_normal(0.1, 1.0, 0.4, 2.0, base=b)),
]


@pytest.mark.parametrize("name,call", BASE_FUNCS, ids=[n for n, _ in BASE_FUNCS])
@pytest.mark.parametrize("base", [2, 2.0, 10, math.e, 0.5, 3])
def test_base_equals_nats_over_log_base(name, call, base):
    nats = f(call(None))
    assert f(call(base)) == pytest.approx(nats / math.log(base), rel=1e-14, abs=1e-300)


@PROP
@given(pairs)
def test_prop_bits_are_nats_over_ln2(pq):
    p, q = pq
    for fn, args in [
        (lib.entropy, (p,)),
        (lib.cross_entropy, (p, q)),
        (lib.kl_divergence, (p, q)),
        (lib.js_divergence, (p, q)),
    ]:
        assert f(fn(*args, base=2)) == pytest.approx(f(fn(*args)) / LN2, rel=1e-14, abs=1e-300)


# ================================================= issue 9: the reported bugs
def test_kl_never_negative_for_accepted_input():
    # sums to 1 - 5e-10, inside SUM_TOL: the terms p log(p/q) alone add up to -5e-10
    p, q = [0.5, 0.5 - 5e-10], [0.5, 0.5]
    got = f(lib.kl_divergence(p, q))
    assert got >= 0.0
    R.assert_rel(got, R.kl(p, q), 1e-14, "KL as measures")
    assert R.kl_textbook(p, q) < 0  # the quantity the old code returned
    assert 2.4e-19 < got < 2.6e-19


@pytest.mark.parametrize("d", [1e-6, 1e-8, 1e-10, 1e-12, 1e-14, 1e-15])
def test_kl_exact_for_nearly_equal_distributions(d):
    rng = np.random.default_rng(int(-math.log10(d)))
    for _ in range(5):
        q = rng.dirichlet(np.ones(6))
        delta = d * rng.uniform(-1, 1, 6)
        p = q * (1.0 + (delta - q @ delta))  # relative gaps of about d, still summing to 1
        ref = R.kl(p, q)
        got = f(lib.kl_divergence(p, q))
        R.assert_rel(got, ref, 8 * 2.2e-16, f"KL at gap {d}")
        R.assert_rel(f(lib.js_divergence(p, q)), R.js(p, q), 8 * 2.2e-16, f"JS at gap {d}")


def test_kl_scipy_gh_20710_agrees_with_kl_bernoulli():
    a, b = 0.9456657713430001, 0.9456657713430094
    ref = R.kl_bernoulli(a, b)  # 1 - a and 1 - b formed exactly
    kl_vec = f(lib.kl_divergence([a, 1 - a], [b, 1 - b]))
    kl_bern = f(lib.kl_bernoulli(a, b))
    R.assert_rel(kl_bern, ref, 4 * 2.2e-16, "kl_bernoulli")
    # [a, 1 - a] rounds 1 - a, so the vector case is compared with its own exact value
    R.assert_rel(kl_vec, R.kl([a, 1 - a], [b, 1 - b]), 4 * 2.2e-16, "kl_divergence")
    assert abs(kl_vec - kl_bern) <= 4 * 2.2e-16 * kl_bern


def test_kl_returns_tiny_positive_not_zero_at_1e15():
    q = np.array([0.3, 0.7])
    p = np.array([0.3 * (1 + 1e-15), 0.7 - 0.3e-15])
    got = f(lib.kl_divergence(p, q))
    assert got > 0
    R.assert_rel(got, R.kl(p, q), 8 * 2.2e-16)


def test_cross_entropy_minus_entropy_is_not_the_kl():
    # documented: H(p, q) - H(p) cancels; kl_divergence does not
    p, q = [0.5, 0.5 - 5e-10], [0.5, 0.5]
    assert f(lib.cross_entropy(p, q)) - f(lib.entropy(p)) < 0
    assert f(lib.kl_divergence(p, q)) > 0


def test_infinite_kl_is_an_answer_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(lib.kl_divergence([0.5, 0.5], [1.0, 0.0])) == math.inf
        assert f(lib.kl_divergence([0.5, 0.5], [1 - 5e-324, 5e-324])) < math.inf
        np.testing.assert_array_equal(
            lib.kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]), [math.inf, 0.0])


def test_kl_extreme_ratios():
    # ratios p/q that overflow or underflow: log p - log q is used instead
    for p, q in [([1 - 1e-320, 1e-320], [1e-320, 1 - 1e-320]),
                 ([0.5, 0.5], [1 - 4e-323, 4e-323]),
                 ([1e-310, 1 - 1e-310], [0.5, 0.5])]:
        R.assert_rel(f(lib.kl_divergence(p, q)), R.kl(p, q), 1e-14, f"KL({p}, {q})")


# ------------------------------------------------------- contract slips (5)
@pytest.mark.parametrize("axis", [None, (0, 1), 1.0, "0"])
def test_axis_must_be_one_integer(axis):
    for call in (lambda: lib.entropy([[0.5, 0.5]], axis=axis),
                 lambda: lib.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]], axis=axis),
                 lambda: lib.normalize([[1.0, 1.0]], axis=axis)):
        with pytest.raises(ValueError, match="axis"):
            call()


def test_axis_out_of_range_is_value_error():
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        lib.entropy([[0.5, 0.5]], axis=2)


@pytest.mark.parametrize("base", ["2", b"2", True, [2]])
def test_base_must_be_a_number(base):
    with pytest.raises(lib.ProbabilityError, match="base"):
        lib.entropy([0.5, 0.5], base=base)


def test_base_numpy_scalars_accepted():
    assert f(lib.entropy([0.5, 0.5], base=np.float32(2))) == pytest.approx(1.0, rel=1e-15)
    assert f(lib.entropy([0.5, 0.5], base=np.int64(2))) == pytest.approx(1.0, rel=1e-15)


def test_mutual_information_of_exact_product_table():
    px, py = np.array([0.3, 0.7]), np.array([0.1, 0.2, 0.7])
    t = np.outer(px, py)
    got = f(lib.mutual_information(t))
    assert 0.0 <= got < 1e-30  # was 2.8e-17: rounding remainders of mixed sign
    assert abs(got - float(R.mutual_information(t))) < 1e-31


def test_cross_entropy_zero_is_positive_zero():
    got = f(lib.cross_entropy([1.0, 0.0], [1.0, 0.0]))
    assert got == 0.0 and math.copysign(1.0, got) == 1.0
    for value in (lib.entropy([1.0, 0.0]), lib.kl_divergence([1.0, 0.0], [1.0, 0.0]),
                  lib.js_divergence([1.0, 0.0], [1.0, 0.0]), lib.surprise(1.0)):
        assert math.copysign(1.0, f(value)) == 1.0


def test_normalize_huge_weights_without_overflow_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(lib.normalize([1e308, 1e308]), [0.5, 0.5])
        np.testing.assert_allclose(lib.normalize([[1e308, 3e307], [1.0, 3.0]]),
                                   [[1 / 1.3, 0.3 / 1.3], [0.25, 0.75]], rtol=1e-15)


def test_float32_rule_accepts_a_float32_softmax():
    p32 = np.full(3, 1 / 3, dtype=np.float32)  # 0.33333334 each: sums to 1 + 2e-8 in float64
    assert abs(float(p32.astype(np.float64).sum()) - 1.0) > lib.measures.SUM_TOL  # refused before
    z = np.array([0.3, -1.2, 2.0], dtype=np.float32)
    soft = (np.exp(z) / np.exp(z).sum()).astype(np.float32)
    R.assert_rel(f(lib.entropy(soft)), R.entropy(soft.astype(np.float64)), 1e-14)
    h = f(lib.entropy(p32))
    assert h == pytest.approx(R.entropy(p32.astype(np.float64)), rel=1e-14)  # computed in float64
    # the float32 tolerance is n * eps32, not anything looser
    bad = np.array([0.5, 0.5 + 1e-5], dtype=np.float32)
    with pytest.raises(lib.ProbabilityError, match="tolerance"):
        lib.entropy(bad)
    # the same numbers as float64 keep the float64 tolerance
    with pytest.raises(lib.ProbabilityError):
        lib.entropy(p32.astype(np.float64) * (1 + 1e-7))


# ============ ported: scipy stats/tests/test_entropy.py (TestEntropy), lib's conventions
# scipy renormalises pk/qk and reduces along axis=0 by default; lib refuses unnormalised input
# (see the table in lib.measures) and reduces along axis=-1, so inputs are normalised with
# lib.normalize and axes are given explicitly. Expected values: mpmath (tests/reference.py).
SCIPY_PK = np.array([[0.1, 0.2], [0.6, 0.3], [0.3, 0.5]])
SCIPY_QK = np.array([[0.2, 0.1], [0.3, 0.6], [0.5, 0.3]])


def test_port_scipy_entropy_positive():
    pk, qk = [0.5, 0.2, 0.3], [0.1, 0.25, 0.65]
    assert f(lib.kl_divergence(pk, pk)) == 0.0
    R.assert_rel(f(lib.kl_divergence(pk, qk)), R.kl(pk, qk), TOL)
    assert f(lib.kl_divergence(pk, qk)) > 0


def test_port_scipy_entropy_base():
    pk = lib.normalize(np.ones(16))
    assert f(lib.entropy(pk, base=2.0)) == pytest.approx(4.0, rel=1e-15)
    qk = lib.normalize(np.where(np.arange(16) < 8, 2.0, 1.0))
    s, s2 = f(lib.kl_divergence(pk, qk)), f(lib.kl_divergence(pk, qk, base=2.0))
    assert s / s2 == pytest.approx(LN2, rel=1e-15)
    R.assert_rel(s, R.kl(pk, qk), TOL)


def test_port_scipy_entropy_zero():
    p = lib.normalize([0.0, 1.0, 2.0])
    R.assert_rel(f(lib.entropy(p)), R.entropy(p), TOL)
    assert f(lib.entropy(p)) == pytest.approx(0.63651416829481278, rel=1e-15)


def test_port_scipy_entropy_2d_columns():
    got = lib.kl_divergence(SCIPY_PK, SCIPY_QK, axis=0)
    for j in range(2):
        R.assert_rel(got[j], R.kl(SCIPY_PK[:, j], SCIPY_QK[:, j]), TOL)
    np.testing.assert_allclose(got, [0.1933259, 0.18609809], rtol=1e-7)


def test_port_scipy_entropy_2d_zero():
    qk = np.array([[0.0, 0.1], [0.3, 0.6], [0.5, 0.3]])
    qk = lib.normalize(qk, axis=0)
    got = lib.kl_divergence(SCIPY_PK, qk, axis=0)
    assert got[0] == math.inf
    R.assert_rel(got[1], R.kl(SCIPY_PK[:, 1], qk[:, 1]), TOL)
    pk = lib.normalize(np.array([[0.0, 0.2], [0.6, 0.3], [0.3, 0.5]]), axis=0)
    got = lib.kl_divergence(pk, qk, axis=0)
    np.testing.assert_allclose(got, [0.17403988, 0.18609809], rtol=1e-7)
    R.assert_rel(got[0], R.kl(pk[:, 0], qk[:, 0]), TOL)


def test_port_scipy_entropy_rows_nondefault_axis():
    pk = lib.normalize(SCIPY_PK, axis=1)
    qk = lib.normalize(SCIPY_QK, axis=1)
    h = lib.entropy(pk, axis=1)
    np.testing.assert_allclose(h, [0.63651417, 0.63651417, 0.66156324], rtol=1e-7)
    kl = lib.kl_divergence(pk, qk, axis=1)
    np.testing.assert_allclose(kl, [0.23104906, 0.23104906, 0.12770641], rtol=1e-7)
    for i in range(3):
        R.assert_rel(h[i], R.entropy(pk[i]), TOL)
        R.assert_rel(kl[i], R.kl(pk[i], qk[i]), TOL)


def test_port_scipy_entropy_axis0_and_transposed():
    np.testing.assert_array_equal(lib.entropy(SCIPY_PK, axis=0), lib.entropy(SCIPY_PK.T))
    np.testing.assert_array_equal(lib.kl_divergence(SCIPY_PK, SCIPY_QK, axis=0),
                                  lib.kl_divergence(SCIPY_PK.T, SCIPY_QK.T))


def test_port_scipy_entropy_shape_mismatch_raises():
    with pytest.raises(lib.ProbabilityError, match="shape"):
        lib.kl_divergence(SCIPY_PK, lib.normalize(SCIPY_QK[:2], axis=0), axis=0)
    with pytest.raises(ValueError):
        lib.kl_divergence(np.full((10, 1, 12), 1 / 12), np.full((11, 2), 0.5))


def test_port_scipy_entropy_bad_base():
    with pytest.raises(lib.ProbabilityError, match="base"):
        lib.entropy(lib.normalize(np.ones(10)), base=-2)


def test_differs_scipy_entropy_renormalises():
    # scipy.stats.entropy([0, 1, 2]) renormalises; lib refuses (deliberate difference)
    with pytest.raises(lib.ProbabilityError, match=r"\[0, 1\]"):
        lib.entropy([0.0, 1.0, 2.0])
    with pytest.raises(lib.ProbabilityError, match="normalize"):
        lib.entropy([0.0, 0.25, 0.5])
    with pytest.raises(lib.ProbabilityError):
        lib.entropy(np.ones(16), base=2.0)


def test_differs_scipy_entropy_broadcasting():
    # scipy broadcasts x (3,) against y (2, 1); lib requires equal shapes (deliberate)
    rng = np.random.default_rng(74187315492831452)
    x = lib.normalize(rng.random(3))
    y = lib.normalize(rng.random((2, 3)))
    with pytest.raises(lib.ProbabilityError, match="shape"):
        lib.kl_divergence(x, y)
    got = lib.kl_divergence(np.stack([x, x]), y)  # the explicit form
    for i in range(2):
        R.assert_rel(got[i], R.kl(x, y[i]), TOL)


def test_differs_scipy_entropy_default_axis():
    # scipy reduces along axis 0 by default, lib along the last axis (deliberate)
    pk = lib.normalize(SCIPY_PK, axis=1)
    np.testing.assert_array_equal(lib.entropy(pk), lib.entropy(pk, axis=1))


# ======= ported: scipy special/tests/test_basic.py (test_entr, test_kl_div, test_rel_entr,
# gh-20710), as 2-outcome distributions [x, 1 - x]: lib's KL adds the kl_div terms.
@pytest.mark.parametrize("x", [0.0, 0.5, 1.0])
def test_port_scipy_special_entr(x):
    expected = sum(0.0 if v == 0 else -v * math.log(v) for v in (x, 1 - x))
    assert f(lib.entropy([x, 1 - x])) == pytest.approx(expected, rel=1e-15, abs=0)


@pytest.mark.parametrize("x", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("y", [0.0, 0.5, 1.0])
def test_port_scipy_special_kl_div_grid(x, y):
    def kl_div(a, b):  # scipy's xfunc on the natural domain
        if b == 0 and a != 0:
            return math.inf
        if a == 0:
            return b
        return a * math.log(a / b) - a + b

    expected = kl_div(x, y) + kl_div(1 - x, 1 - y)
    assert f(lib.kl_divergence([x, 1 - x], [y, 1 - y])) == pytest.approx(expected, rel=1e-15, abs=0)


@pytest.mark.parametrize("x,y", [
    (0.9456657713430001, 0.9456657713430094),
    (0.48066098564791515, 0.48066098564794774),
    (0.786048657854401, 0.7860486578542367),
])
def test_port_scipy_special_rel_entr_gh_20710_near(x, y):
    p, q = [x, 1 - x], [y, 1 - y]
    R.assert_rel(f(lib.kl_divergence(p, q)), R.kl(p, q), 4 * 2.2e-16, f"KL({p}, {q})")
    R.assert_rel(f(lib.kl_bernoulli(x, y)), R.kl_bernoulli(x, y), 4 * 2.2e-16)


@pytest.mark.parametrize("x,y", [(1.0, 2.22e-308), (1e-200, 0.5), (2.22e-308, 1.0 - 1e-15), (1.0, 1e-320)])
def test_port_scipy_special_rel_entr_gh_20710_extremes(x, y):
    # overflow, underflow and subnormal ratios, mapped into [0, 1]
    p, q = [x, 1 - x], [y, 1 - y]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = f(lib.kl_divergence(p, q))
    R.assert_rel(got, R.kl(p, q), 1e-14, f"KL({p}, {q})")


def test_differs_scipy_special_negative_entries():
    # scipy's kl_div/rel_entr return inf for negative arguments; lib refuses them
    with pytest.raises(lib.ProbabilityError, match=r"\[0, 1\]"):
        lib.kl_divergence([-0.5, 1.5], [0.5, 0.5])


# =========================== ported: dit shannon/tests/test_shannon.py (values in bits)
def test_port_dit_entropy_pmf():
    assert f(lib.entropy([0.5, 0.5], base=2)) == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(lib.entropy(np.array([[1.0, 0.0], [0.5, 0.5]]), base=2), [0.0, 1.0],
                               rtol=1e-15, atol=0)
    assert f(lib.binary_entropy(0.5, base=2)) == pytest.approx(1.0, rel=1e-15)


def test_port_dit_joint_and_marginal_entropies():
    t = np.full((2, 2), 0.25)
    assert f(lib.joint_entropy(t, base=2)) == pytest.approx(2.0, rel=1e-15)
    assert f(lib.entropy(t.sum(axis=1), base=2)) == pytest.approx(1.0, rel=1e-15)


def test_port_dit_entropy_base_10():
    assert f(lib.entropy(np.full(10, 0.1), base=10)) == pytest.approx(1.0, rel=1e-15)


def test_port_dit_mutual_information():
    assert f(lib.mutual_information(np.full((2, 2), 0.25), base=2)) == 0.0  # independent
    assert f(lib.mutual_information(np.diag([0.5, 0.5]), base=2)) == pytest.approx(1.0, rel=1e-15)
    # I(X0X1 ; X1X2) for outcomes 000, 011, 101, 110: a 4 x 4 table, 2 bits
    outcomes = ["000", "011", "101", "110"]
    a = sorted({o[:2] for o in outcomes})
    b = sorted({o[1:] for o in outcomes})
    t = np.zeros((len(a), len(b)))
    for o in outcomes:
        t[a.index(o[:2]), b.index(o[1:])] += 0.25
    assert f(lib.mutual_information(t, base=2)) == pytest.approx(2.0, rel=1e-15)


def test_port_dit_conditional_entropy():
    outcomes = ["000", "011", "101", "110"]

    def table(first, second):
        a = sorted({first(o) for o in outcomes})
        b = sorted({second(o) for o in outcomes})
        t = np.zeros((len(a), len(b)))
        for o in outcomes:
            t[a.index(first(o)), b.index(second(o))] += 0.25
        return t

    # H(X0 | X1X2) = 0, H(X0X1 | X2) = 1 bit (lib: H(Y | X) with X along axis 0)
    assert f(lib.conditional_entropy(table(lambda o: o[1:], lambda o: o[0]), base=2)) == 0.0
    assert f(lib.conditional_entropy(table(lambda o: o[2], lambda o: o[:2]), base=2)) == \
        pytest.approx(1.0, rel=1e-15)
    assert f(lib.conditional_entropy(table(lambda o: o[0], lambda o: o[0]), base=2)) == 0.0


# ============== ported: dit divergences/tests (kullback_leibler, jensen_shannon), in bits;
# dit's expected values come from its own code, so the reference is mpmath.
_DIT = {
    "d1": {"0": 1 / 2, "1": 1 / 2},
    "d2": {"0": 1 / 2, "2": 1 / 2},
    "d3": {"0": 1 / 3, "1": 1 / 3, "2": 1 / 3},
    "d4": {"00": 2 / 5, "11": 3 / 5},
    "d5": {"00": 1 / 2, "11": 1 / 2},
}


def _dit_pair(a, b, marginal=None):
    def pmf(d):
        if marginal is None:
            return d
        out = {}
        for k, v in d.items():
            out[k[marginal]] = out.get(k[marginal], 0.0) + v
        return out

    pa, pb = pmf(_DIT[a]), pmf(_DIT[b])
    keys = sorted(set(pa) | set(pb))
    return np.array([pa.get(k, 0.0) for k in keys]), np.array([pb.get(k, 0.0) for k in keys])


@pytest.mark.parametrize("a,b,marginal,expected", [
    ("d1", "d3", None, 0.5849625007211563),
    ("d1", "d4", 0, 0.0294468445267841),
    ("d1", "d3", 0, 0.5849625007211563),
    ("d4", "d1", 0, 0.029049405545331419),
    ("d4", "d5", None, 0.029049405545331419),
    ("d5", "d4", None, 0.0294468445267841),
    ("d1", "d2", None, math.inf),
    ("d2", "d1", None, math.inf),
    ("d3", "d1", None, math.inf),
])
def test_port_dit_kl_known_values(a, b, marginal, expected):
    p, q = _dit_pair(a, b, marginal)
    got = f(lib.kl_divergence(p, q, base=2))
    if math.isinf(expected):
        assert got == math.inf
    else:
        R.assert_rel(got, R.kl(p, q) / R.mpmath.log(2), TOL)
        assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("d", sorted(_DIT))
def test_port_dit_kl_self_is_zero(d):
    p, _ = _dit_pair(d, d)
    assert f(lib.kl_divergence(p, p)) == 0.0


@pytest.mark.parametrize("a,b", [("d4", "d1"), ("d4", "d2"), ("d4", "d3")])
def test_differs_dit_kl_raises_where_lib_returns_inf(a, b):
    # dit raises when p has outcomes q lacks; lib answers inf (deliberate difference)
    p, q = _dit_pair(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(lib.kl_divergence(p, q)) == math.inf


@pytest.mark.parametrize("p,q,expected", [
    ({"A": 0.5, "B": 0.5}, {"A": 0.5, "B": 0.5}, 0.0),
    ({"A": 0.5, "B": 0.5}, {"B": 0.5, "C": 0.5}, 0.5),
    ({"A": 0.5, "B": 0.5}, {"C": 0.5, "D": 0.5}, 1.0),
])
def test_port_dit_jensen_shannon(p, q, expected):
    keys = sorted(set(p) | set(q))
    pv = np.array([p.get(k, 0.0) for k in keys])
    qv = np.array([q.get(k, 0.0) for k in keys])
    assert f(lib.js_divergence(pv, qv, base=2)) == pytest.approx(expected, rel=1e-15, abs=0)


# ============= ported: torch test/distributions TestKL (Bernoulli / Categorical pairs),
# TFP bernoulli_test / categorical_test KL tests. Their references are Monte Carlo or
# their own formula; here mpmath.
TORCH_BERN = [0.1, 0.2, 0.6, 0.9]
TORCH_CAT = [[0.4, 0.3, 0.3], [0.2, 0.7, 0.1], [0.33, 0.33, 0.34], [0.2, 0.2, 0.6]]


def test_port_torch_kl_bernoulli_pairs():
    p = np.array(TORCH_BERN)[None, :] * np.ones((4, 1))
    q = p.T
    got = lib.kl_bernoulli(p, q)
    assert got.shape == (4, 4)
    for i in range(4):
        for j in range(4):
            R.assert_rel(got[i, j], R.kl_bernoulli(p[i, j], q[i, j]), TOL)


def test_port_torch_kl_categorical_pairs():
    P = np.array([TORCH_CAT] * 4)            # P[i, j] = TORCH_CAT[j]
    Q = np.transpose(P, (1, 0, 2))           # Q[i, j] = TORCH_CAT[i]
    got = lib.kl_divergence(P, Q)
    assert got.shape == (4, 4)
    for i in range(4):
        for j in range(4):
            R.assert_rel(got[i, j], R.kl(P[i, j], Q[i, j]), TOL)


def test_port_torch_kl_infinite_examples():
    assert f(lib.kl_bernoulli(0.0, 1.0)) == math.inf
    assert f(lib.kl_bernoulli(1.0, 0.0)) == math.inf
    assert f(lib.kl_divergence([0.9, 0.1], [1.0, 0.0])) == math.inf
    np.testing.assert_array_equal(
        lib.kl_divergence([[0.9, 0.1], [0.9, 0.1]], [[1.0, 0.0], [1.0, 0.0]]), [math.inf, math.inf])


def test_port_torch_kl_edgecases():
    assert f(lib.kl_bernoulli(0.0, 0.0)) == 0.0
    assert f(lib.kl_bernoulli(1.0, 1.0)) == 0.0
    assert f(lib.kl_divergence([0.0, 1.0], [0.0, 1.0])) == 0.0


def test_differs_torch_kl_broadcasts_batch():
    # torch broadcasts Categorical([[.9, .1], [.9, .1]]) against Categorical([1, 0]); lib refuses
    with pytest.raises(lib.ProbabilityError, match="shape"):
        lib.kl_divergence([[0.9, 0.1], [0.9, 0.1]], [1.0, 0.0])


def test_port_tfp_bernoulli_kl():
    for a, b in [(0.6, 0.4), (0.5, 0.4)]:
        got = lib.kl_bernoulli(np.full(6, a), np.full(6, b))
        assert got.shape == (6,)
        expected = a * math.log(a / b) + (1 - a) * math.log((1 - a) / (1 - b))
        np.testing.assert_allclose(got, expected, rtol=1e-14)
        R.assert_rel(got[0], R.kl_bernoulli(a, b), TOL)


def test_port_tfp_bernoulli_kl_when_prob_one_is_one_or_zero():
    np.testing.assert_allclose(lib.kl_bernoulli([1.0, 1.0, 1.0], [0.5, 1.0, 0.0]),
                               [math.log(2.0), 0.0, math.inf], rtol=1e-15)
    np.testing.assert_allclose(lib.kl_bernoulli([0.0, 0.0, 0.0], [0.5, 1.0, 0.0]),
                               [math.log(2.0), math.inf, 0.0], rtol=1e-15)


@pytest.mark.parametrize("k", [2, 4])
@pytest.mark.parametrize("batch", [1, 10])
def test_port_tfp_categorical_kl_from_probabilities(k, batch):
    rng = np.random.default_rng(k * 100 + batch)
    a, b = rng.standard_normal((batch, k)), rng.standard_normal((batch, k))
    pa, pb = lib.softmax(a), lib.softmax(b)
    got = lib.kl_divergence(pa, pb)
    assert got.shape == (batch,)
    np.testing.assert_array_equal(lib.kl_divergence(pa, pa), np.zeros(batch))
    for i in range(batch):
        R.assert_rel(got[i], R.kl(pa[i], pb[i]), TOL)
