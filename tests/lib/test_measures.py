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
