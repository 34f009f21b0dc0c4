"""log_softmax, softmax and cross_entropy_logits of ``lib`` against 50-digit
mpmath references (tests/reference.py) and elementary identities."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lib
import reference as R

pytestmark = pytest.mark.filterwarnings("error")

TOL = 1e-14
PROP = settings(max_examples=60, deadline=None, database=None, derandomize=True)

HARD_LOGITS = [
    [1e4, -1e4, 0.0],
    [1e4, 1e4 - 1e-3],
    [0.0, -50.0],  # log_softmax[0] = -log1p(e^-50) = -1.93e-22: naive z - lse gives 0
    [-50.0, 0.0, -60.0],
    [1000.0, 1000.0],  # naive exp overflows
    [-1000.0, -1000.0, -1000.0],  # naive exp underflows to 0/0
    [0.0, -800.0],  # the tiny term underflows: answer rounds to -0 / -800
    [3.0, 1.0, 0.2, -1.5, 2.9],
    [1e-20, 0.0],
    [-1e300, 0.0],
]


# ----------------------------------------------------- cross_entropy_logits
@pytest.mark.parametrize("z", HARD_LOGITS, ids=[str(z) for z in HARD_LOGITS])
def test_cross_entropy_logits_hard_cases(z):
    for y in range(len(z)):
        got = lib.cross_entropy_logits(np.array(z), y)
        assert np.asarray(got).shape == ()
        assert np.asarray(got).dtype == np.float64
        R.assert_rel(got, R.ce_logits(z, y), TOL, f"cross_entropy_logits({z}, {y})")


def test_cross_entropy_logits_brief_cases():
    # the cases named in the brief, spelled out
    z = np.array([1e4, -1e4, 0.0])
    assert float(lib.cross_entropy_logits(z, 0)) == 0.0  # e^-1e4 underflows: exact answer rounds to 0
    assert float(lib.cross_entropy_logits(z, 1)) == 2e4
    assert float(lib.cross_entropy_logits(z, 2)) == 1e4
    z = np.array([1e4, 1e4 - 1e-3])
    d = 1e4 - (1e4 - 1e-3)  # exact (Sterbenz): the gap actually represented
    R.assert_rel(lib.cross_entropy_logits(z, 0), R.mpmath.log1p(R.mpmath.exp(-R.mpf(d))), TOL, "y=0")
    R.assert_rel(lib.cross_entropy_logits(z, 1), R.mpmath.log1p(R.mpmath.exp(R.mpf(d))), TOL, "y=1")


def test_cross_entropy_logits_batch_and_axis():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=5.0, size=(30, 7))
    y = rng.integers(0, 7, size=30)
    out = lib.cross_entropy_logits(z, y)
    assert out.shape == (30,) and out.dtype == np.float64
    for i in range(30):
        R.assert_rel(out[i], R.ce_logits(z[i], y[i]), TOL, f"row {i}")
    # class axis first
    np.testing.assert_allclose(lib.cross_entropy_logits(z.T, y, axis=0), out, rtol=1e-15, atol=0)
    # 3-D: (2, 15, 7) logits with (2, 15) labels
    z3, y3 = z.reshape(2, 15, 7), y.reshape(2, 15)
    np.testing.assert_allclose(lib.cross_entropy_logits(z3, y3), out.reshape(2, 15), rtol=1e-15, atol=0)
    # class axis in the middle: (2, 7, 15)
    np.testing.assert_allclose(
        lib.cross_entropy_logits(np.moveaxis(z3, -1, 1), y3, axis=1), out.reshape(2, 15), rtol=1e-15, atol=0
    )
    # label dtypes: int32, Python ints in a list
    np.testing.assert_allclose(lib.cross_entropy_logits(z, y.astype(np.int32)), out, rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.cross_entropy_logits(z, [int(v) for v in y]), out, rtol=1e-15, atol=0)


def test_cross_entropy_logits_equals_minus_log_softmax():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=(20, 5))
    y = rng.integers(0, 5, size=20)
    ce = lib.cross_entropy_logits(z, y)
    ls = lib.log_softmax(z)
    np.testing.assert_allclose(ce, -ls[np.arange(20), y], rtol=1e-13, atol=1e-15)


def test_cross_entropy_logits_minus_inf_logit_allowed():
    # -inf is a legitimate logit (masked class); only NaN and +inf are errors
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(lib.cross_entropy_logits(np.array([0.0, -np.inf]), 0)) == 0.0
        R.assert_rel(
            lib.cross_entropy_logits(np.array([0.0, -np.inf, 0.0]), 2), R.mpmath.log(2), TOL, "masked"
        )


# --------------------------------------------------------------- log_softmax
@pytest.mark.parametrize("z", HARD_LOGITS, ids=[str(z) for z in HARD_LOGITS])
def test_log_softmax_hard_cases(z):
    got = lib.log_softmax(np.array(z))
    assert got.shape == (len(z),) and got.dtype == np.float64
    ref = R.log_softmax(z)
    for i, (g, r) in enumerate(zip(got, ref)):
        R.assert_rel(g, r, TOL, f"log_softmax({z})[{i}]")


def test_log_softmax_keeps_tiny_values():
    # the course's named trap: scipy.special.log_softmax returns exactly 0 here
    for d in [40.0, 50.0, 100.0, 700.0]:
        got = lib.log_softmax(np.array([0.0, -d]))[0]
        R.assert_rel(got, R.log_softmax([0.0, -d])[0], TOL, f"log_softmax([0, -{d}])[0]")
        assert got < 0


@pytest.mark.parametrize("seed", range(5))
def test_log_softmax_random_against_mpmath(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=10.0, size=9)
    got = lib.log_softmax(z)
    for g, r in zip(got, R.log_softmax(z)):
        R.assert_rel(g, r, TOL, f"log_softmax seed {seed}")


def test_log_softmax_axis_and_batch():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(6, 4))
    ls = lib.log_softmax(z)
    assert ls.shape == z.shape and ls.dtype == np.float64
    for i in range(6):
        np.testing.assert_allclose(ls[i], lib.log_softmax(z[i]), rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.log_softmax(z.T, axis=0), ls.T, rtol=1e-15, atol=0)
    np.testing.assert_allclose(np.exp(ls).sum(axis=-1), 1.0, rtol=0, atol=1e-15)


def test_log_softmax_minus_inf():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = lib.log_softmax(np.array([0.0, -np.inf, 0.0]))
        assert got[1] == -np.inf
        R.assert_rel(got[0], -R.mpmath.log(2), TOL, "masked")
        sm = lib.softmax(np.array([0.0, -np.inf]))
        np.testing.assert_array_equal(sm, [1.0, 0.0])


@PROP
@given(
    st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=8),
    st.floats(-1000, 1000, allow_nan=False),
)
def test_prop_log_softmax_shift_invariant_and_normalised(zl, c):
    z = np.array(zl)
    ls = lib.log_softmax(z)
    assert np.all(ls <= 0)
    # shifting every logit by c changes nothing (up to the rounding of z + c)
    np.testing.assert_allclose(lib.log_softmax(z + c), ls, rtol=1e-12, atol=1e-12)
    sm = lib.softmax(z)
    assert np.all((sm >= 0) & (sm <= 1))
    assert abs(sm.sum() - 1.0) <= 1e-15 * len(zl) + 1e-15
    np.testing.assert_allclose(sm, np.exp(ls), rtol=1e-13, atol=1e-300)


# ------------------------------------------------------------------- softmax
@pytest.mark.parametrize(
    "z",
    [[1000.0, 1000.0], [-1000.0, -1000.0, -1000.0], [0.0, -50.0], [3.0, 1.0, 0.2, -1.5, 2.9], [1e4, 1e4 - 1e-3]],
)
def test_softmax_against_mpmath(z):
    got = lib.softmax(np.array(z))
    assert got.dtype == np.float64
    for i, (g, r) in enumerate(zip(got, R.softmax(z))):
        # exp of a rounded log-probability costs |log p| * eps; allow that much
        R.assert_rel(g, r, 1e-13, f"softmax({z})[{i}]")


def test_softmax_axis():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(5, 3))
    np.testing.assert_allclose(lib.softmax(z, axis=0), lib.softmax(z.T).T, rtol=1e-15, atol=0)
    np.testing.assert_allclose(lib.softmax(z, axis=0).sum(axis=0), 1.0, rtol=0, atol=1e-15)


@PROP
@given(st.integers(2, 8), st.data())
def test_prop_cross_entropy_logits_nonnegative(k, data):
    z = np.array(data.draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=k, max_size=k)))
    y = data.draw(st.integers(0, k - 1))
    ce = float(lib.cross_entropy_logits(z, y))
    assert ce >= 0.0
    R.assert_rel(ce, R.ce_logits(z, y), 1e-13, f"ce({z.tolist()}, {y})")


# ==================================== the logits family: entropy, KL, soft and binary CE
ULP = 2.2e-16
LOGIT_PAIRS = [
    ([1e4, -1e4, 0.0], [1e4, -1e4, 1e-10]),
    ([1e4, 1e4 - 1e-10, 1e4 - 2e-10], [1e4, 1e4, 1e4 - 2e-10]),
    ([0.0, 1e-10, -1e-10, 2e-10], [1e-10, 0.0, 0.0, 0.0]),
    ([0.0, -700.0], [0.0, -800.0]),
    ([0.0, -50.0], [0.0, -50.0 + 1e-9]),
    ([3.0, 1.0, 0.2, -1.5], [0.1, 2.0, -0.3, 1.0]),
    ([1e4, -1e4], [-1e4, 1e4]),
    ([5.0, 5.0, 5.0], [1.0, 1.0, 1.0]),  # a constant shift: KL exactly 0
]


@pytest.mark.parametrize("z", HARD_LOGITS + [p for pair in LOGIT_PAIRS for p in pair], ids=str)
def test_entropy_logits_against_mpmath(z):
    got = lib.entropy_logits(np.array(z))
    ref = R.entropy_logits(z)
    R.assert_rel(got, ref, 8 * ULP, f"entropy_logits({z})", abs_tol=1e-300)


def test_entropy_logits_peaked_beats_softmax_route():
    z = np.array([0.0, -40.0, -40.0, -40.0])
    ref = R.entropy_logits(z)
    via_softmax = float(lib.entropy(lib.softmax(z), check=False))
    assert abs(via_softmax - float(ref)) / float(ref) > 0.01  # the top probability rounds to 1
    R.assert_rel(lib.entropy_logits(z), ref, 8 * ULP)


@pytest.mark.parametrize("zp,zq", LOGIT_PAIRS, ids=str)
def test_kl_logits_against_mpmath(zp, zq):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = lib.kl_logits(np.array(zp), np.array(zq))
    ref = R.kl_logits(zp, zq)
    assert got >= 0.0
    R.assert_rel(got, ref, 16 * ULP, f"kl_logits({zp}, {zq})", abs_tol=1e-300)


def test_kl_logits_finite_where_softmax_route_is_inf():
    zp, zq = np.array([0.0, -700.0]), np.array([0.0, -800.0])
    with np.errstate(all="ignore"):
        assert lib.kl_divergence(lib.softmax(zp), lib.softmax(zq)) == np.inf
    got = lib.kl_logits(zp, zq)
    assert np.isfinite(got) and got > 0
    R.assert_rel(got, R.kl_logits(zp, zq), 16 * ULP)


def test_kl_logits_random_nearly_parallel():
    rng = np.random.default_rng(7)
    for gap in (1e-3, 1e-7, 1e-10):
        zq = rng.normal(scale=5.0, size=(4, 6))
        zp = zq + gap * rng.normal(size=(4, 6)) + 3.0
        got = lib.kl_logits(zp, zq)
        for i in range(4):
            R.assert_rel(got[i], R.kl_logits(zp[i], zq[i]), 32 * ULP, f"gap {gap} row {i}")


def test_kl_logits_minus_inf_classes():
    assert lib.kl_logits([0.0, -np.inf, 1.0], [0.0, -np.inf, 1.0]) == 0.0
    assert lib.kl_logits([0.0, 0.0], [0.0, -np.inf]) == np.inf
    R.assert_rel(lib.kl_logits([0.0, -np.inf], [0.0, 0.0]), R.mpmath.log(2), 4 * ULP)


def test_kl_logits_base_axis_batch():
    rng = np.random.default_rng(3)
    zp, zq = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    nats = lib.kl_logits(zp, zq)
    np.testing.assert_allclose(lib.kl_logits(zp, zq, base=2), nats / np.log(2), rtol=1e-15)
    np.testing.assert_array_equal(lib.kl_logits(zp.T, zq.T, axis=0), nats)
    for i in range(3):
        R.assert_rel(nats[i], R.kl_logits(zp[i], zq[i]), 16 * ULP)
    with pytest.raises(ValueError, match="shape"):
        lib.kl_logits(zp, zq[:2])


SOFT_CASES = [
    ([0.5, 0.5], [0.0, -800.0]),
    ([0.9, 0.05, 0.05], [1e4, -1e4, 0.0]),
    ([1.0, 0.0], [0.0, -1e4]),
    ([0.0, 1.0], [0.0, -1e4]),
    ([0.25, 0.25, 0.5], [1e-10, 0.0, -1e-10]),
]


@pytest.mark.parametrize("p,z", SOFT_CASES, ids=str)
def test_soft_cross_entropy_logits_against_mpmath(p, z):
    got = lib.soft_cross_entropy_logits(np.array(p), np.array(z))
    R.assert_rel(got, R.soft_ce_logits(p, z), 4 * ULP, f"soft CE({p}, {z})", abs_tol=1e-300)


def test_soft_cross_entropy_logits_torch_case_and_one_hot():
    # torch.nn.functional.cross_entropy(logits [0, -800], target [0.5, 0.5]) = 400
    assert lib.soft_cross_entropy_logits([0.5, 0.5], [0.0, -800.0]) == 400.0
    with np.errstate(all="ignore"):
        assert lib.cross_entropy(np.array([0.5, 0.5]), lib.softmax([0.0, -800.0]), check=False) == np.inf
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    np.testing.assert_allclose(lib.soft_cross_entropy_logits(np.eye(4)[y], z),
                               lib.cross_entropy_logits(z, y), rtol=1e-15)


def test_soft_cross_entropy_label_smoothing_is_ce_plus_kl_identity():
    # H(p, q) = H(p) + KL(p ‖ q) with p label-smoothed
    z = np.array([2.0, -1.0, 0.5, 0.0])
    p = 0.9 * np.eye(4)[0] + 0.1 / 4
    lhs = lib.soft_cross_entropy_logits(p, z)
    rhs = lib.entropy(p) + lib.kl_divergence(p, lib.softmax(z))
    assert lhs == pytest.approx(rhs, rel=1e-14)
    R.assert_rel(lhs, R.soft_ce_logits(p, z), 4 * ULP)


def test_soft_cross_entropy_logits_errors():
    with pytest.raises(lib.ProbabilityError, match="sums"):
        lib.soft_cross_entropy_logits([0.5, 0.6], [0.0, 0.0])
    with pytest.raises(lib.ProbabilityError, match="shape"):
        lib.soft_cross_entropy_logits([0.5, 0.5], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="z"):
        lib.soft_cross_entropy_logits([0.5, 0.5], [0.0, np.nan])


BCE_CASES = [(1e4, 1.0), (1e4, 0.0), (-1e4, 1.0), (-1e4, 0.0), (0.0, 0.5), (1e-10, 0.0),
             (-40.0, 0.0), (40.0, 1.0), (3.0, 0.2), (-700.0, 0.3), (745.0, 1.0), (1e-300, 1.0)]


@pytest.mark.parametrize("z,y", BCE_CASES, ids=str)
def test_binary_cross_entropy_logits_against_mpmath(z, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = lib.binary_cross_entropy_logits(z, y)
    R.assert_rel(got, R.bce_logits(z, y), 4 * ULP, f"BCE({z}, {y})", abs_tol=1e-300)


def test_binary_cross_entropy_logits_broadcast_base_infinite():
    z = np.array([[-2.0], [0.0], [3.0]])
    y = np.array([0.0, 0.25, 1.0])
    got = lib.binary_cross_entropy_logits(z, y, base=2)
    assert got.shape == (3, 3)
    for i in range(3):
        for j in range(3):
            R.assert_rel(got[i, j], R.bce_logits(z[i, 0], y[j]) / R.mpmath.log(2), 4 * ULP)
    np.testing.assert_array_equal(
        lib.binary_cross_entropy_logits([np.inf, -np.inf, -np.inf, np.inf], [1.0, 0.0, 1.0, 0.5]),
        [0.0, 0.0, np.inf, np.inf])
    with pytest.raises(lib.ProbabilityError, match="y"):
        lib.binary_cross_entropy_logits(0.0, 1.5)
    with pytest.raises(ValueError, match="z"):
        lib.binary_cross_entropy_logits(np.nan, 1.0)


def test_cross_entropy_logits_base():
    z = np.array([1.0, 2.0, 0.5])
    assert lib.cross_entropy_logits(z, 1, base=2) == pytest.approx(
        lib.cross_entropy_logits(z, 1) / np.log(2), rel=1e-15)
    with pytest.raises(lib.ProbabilityError, match="base"):
        lib.cross_entropy_logits(z, 1, base="2")


@pytest.mark.parametrize("fn", [lambda z, a: lib.entropy_logits(z, axis=a),
                                lambda z, a: lib.log_softmax(z, axis=a),
                                lambda z, a: lib.kl_logits(z, z, axis=a),
                                lambda z, a: lib.cross_entropy_logits(z, np.zeros(2, int), axis=a)])
@pytest.mark.parametrize("axis", [None, (0, 1), 2])
def test_logits_bad_axis_is_value_error(fn, axis):
    with pytest.raises(ValueError, match="axis"):
        fn(np.zeros((2, 3)), axis)


# ================== ported: scipy special/tests/test_logsumexp.py (TestSoftmax, TestLogSoftmax)
# scipy's mpmath-derived fixtures are checked against this suite's own mpmath reference.
def test_port_scipy_softmax_fixtures():
    np.testing.assert_allclose(lib.softmax([1000.0, 0.0, 0.0, 0.0]), [1.0, 0.0, 0.0, 0.0], rtol=1e-13)
    np.testing.assert_allclose(lib.softmax([1.0, 1.0]), [0.5, 0.5], rtol=1e-13)
    np.testing.assert_allclose(lib.softmax([0.0, 1.0]), np.array([1.0, np.e]) / (1 + np.e), rtol=1e-13)
    x = np.arange(4.0)
    expected = [0.03205860328008499, 0.08714431874203256, 0.23688281808991013, 0.6439142598879722]
    for got in (lib.softmax(x), lib.softmax(x + 100)):
        np.testing.assert_allclose(got, expected, rtol=1e-13)
        for g, r in zip(got, R.softmax(x)):
            R.assert_rel(g, r, 4 * ULP)


def test_port_scipy_softmax_multi_axes():
    x = np.array([[1000.0, 0.0], [1000.0, 0.0]])
    np.testing.assert_allclose(lib.softmax(x, axis=0), [[0.5, 0.5], [0.5, 0.5]], rtol=1e-13)
    np.testing.assert_allclose(lib.softmax(x, axis=1), [[1.0, 0.0], [1.0, 0.0]], rtol=1e-13)
    x = np.array([[-25.0, 0.0, 25.0, 50.0], [1.0, 325.0, 749.0, 750.0]])
    expected = np.array([[2.678636961770877e-33, 1.9287498479371314e-22, 1.3887943864771144e-11,
                          0.999999999986112],
                         [0.0, 1.9444526359919372e-185, 0.2689414213699951, 0.7310585786300048]])
    np.testing.assert_allclose(lib.softmax(x, axis=1), expected, rtol=1e-13)
    np.testing.assert_allclose(lib.softmax(x.T, axis=0), expected.T, rtol=1e-13)


def test_port_scipy_softmax_int_and_array_like():
    np.testing.assert_allclose(lib.softmax(np.array([1000, 0, 0, 0])), [1.0, 0.0, 0.0, 0.0], rtol=1e-13)
    np.testing.assert_allclose(lib.softmax([1000, 0, 0, 0]), [1.0, 0.0, 0.0, 0.0], rtol=1e-13)


def test_port_scipy_log_softmax_basic_and_translation():
    for z in ([1000.0, 1.0], np.array([1000, 1]), [1000, 1]):
        np.testing.assert_allclose(lib.log_softmax(z), [0.0, -999.0], rtol=1e-13)
    x = np.arange(4.0)
    expect = [-3.4401896985611953, -2.4401896985611953, -1.4401896985611953, -0.44018969856119533]
    for offset in (0.0, 100.0):
        got = lib.log_softmax(x + offset)
        np.testing.assert_allclose(got, expect, rtol=1e-13)
        for g, r in zip(got, R.log_softmax(x + offset)):
            R.assert_rel(g, r, 4 * ULP)


@pytest.mark.parametrize("axis,expected", [(0, np.log(0.5) * np.ones((2, 2))), (1, [[0.0, -999.0], [0.0, -999.0]])])
def test_port_scipy_log_softmax_axes(axis, expected):
    np.testing.assert_allclose(lib.log_softmax(np.array([[1000.0, 1.0], [1000.0, 1.0]]), axis=axis),
                               expected, rtol=1e-13)


def test_port_scipy_log_softmax_2d():
    x = np.arange(8.0).reshape(2, 4)
    expect = np.array([[-3.4401896985611953, -2.4401896985611953, -1.4401896985611953,
                        -0.44018969856119533]] * 2)
    np.testing.assert_allclose(lib.log_softmax(x, axis=1), expect, rtol=1e-13)
    np.testing.assert_allclose(lib.log_softmax(x.T, axis=0), expect.T, rtol=1e-13)


def test_port_scipy_logsumexp_large_inputs_through_log_softmax():
    # logsumexp([1000, 1000]) = 1000 + log 2; n equal logits of 1e4: log n
    np.testing.assert_allclose(lib.log_softmax([1000.0, 1000.0]), [-np.log(2)] * 2, rtol=1e-15)
    np.testing.assert_allclose(lib.log_softmax(np.full(1000, 10000.0)), -np.log(1000.0), rtol=1e-14)
    a = np.arange(200.0)
    got = lib.log_softmax(a)
    for g, r in zip(got[-3:], R.log_softmax(a)[-3:]):
        R.assert_rel(g, r, 4 * ULP)


@pytest.mark.parametrize("call", [lambda: lib.softmax(np.arange(4.0).reshape(2, 2), axis=None),
                                  lambda: lib.log_softmax(np.arange(8.0).reshape(2, 2, 2), axis=(1, 2)),
                                  lambda: lib.softmax(1000.0),
                                  lambda: lib.log_softmax(1.0)],
                         ids=["axis=None", "tuple axis", "scalar softmax", "scalar log_softmax"])
def test_differs_scipy_softmax_axis_none_tuple_and_scalar(call):
    # scipy accepts axis=None, tuple axes and scalars; lib wants one axis of a vector (deliberate)
    with pytest.raises(ValueError):
        call()


def test_differs_scipy_logsumexp_empty_input():
    # scipy's logsumexp([]) is -inf; lib refuses empty logits
    with pytest.raises(ValueError, match="empty"):
        lib.log_softmax([])


# ============ ported: TFP categorical_test / onehot_categorical_test (KL from logits),
# torch TestKL categorical pairs given as logits. Reference: mpmath.
@pytest.mark.parametrize("k,batch", [(2, 1), (2, 10), (4, 1), (4, 10), (10, 2)])
def test_port_tfp_categorical_kl_from_logits(k, batch):
    rng = np.random.default_rng(1000 * k + batch)
    a, b = rng.standard_normal((batch, k)), rng.standard_normal((batch, k))
    got = lib.kl_logits(a, b)
    assert got.shape == (batch,)
    np.testing.assert_array_equal(lib.kl_logits(a, a), np.zeros(batch))
    for i in range(batch):
        R.assert_rel(got[i], R.kl_logits(a[i], b[i]), 16 * ULP)


def test_port_torch_kl_categorical_logits_edgecase():
    # torch: KL(Categorical([0, 1]) ‖ Categorical([0, 1])) = 0, here with logits [-inf, 0]
    assert lib.kl_logits([-np.inf, 0.0], [-np.inf, 0.0]) == 0.0
    assert lib.kl_logits(np.log([0.9, 0.1]), [0.0, -np.inf]) == np.inf


def test_port_tfp_bernoulli_entropy_with_infinite_logits():
    # TFP: entropy of Bernoulli(logits=[inf, -inf]) is [0, 0]; as two-class logits [z, 0]
    np.testing.assert_array_equal(lib.entropy_logits([[0.0, -np.inf], [-np.inf, 0.0]]), [0.0, 0.0])
    np.testing.assert_array_equal(lib.binary_cross_entropy_logits([np.inf, -np.inf], [1.0, 0.0]), [0.0, 0.0])
