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
