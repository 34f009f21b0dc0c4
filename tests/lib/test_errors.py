"""Bad input is an error, never a silent number.

One test per rule, parametrised over the functions the rule applies to.  Each
message must name the offending argument (checked as a whole word) and, where
the wording is predictable, say what is wrong (checked loosely).
"""

import math

import numpy as np
import pytest

import lib

pytestmark = pytest.mark.filterwarnings("error")

NAN, INF = math.nan, math.inf


def raises(exc, name=None, what=None):
    """pytest.raises whose message must contain `name` as a word and match `what`."""
    pat = r"(?s)^"
    if name is not None:
        pat += r"(?=.*\b(?:%s)\b)" % name
    if what is not None:
        pat += r"(?=.*(?i:%s))" % what
    return pytest.raises(exc, match=pat)


def test_probability_error_is_value_error():
    assert issubclass(lib.ProbabilityError, ValueError)


# ----------------------------------------------------------------- fixtures
P_OK = [0.25, 0.75]
Q_OK = [0.5, 0.5]
T_OK = [[0.25, 0.25], [0.125, 0.375]]


def _vector_calls(bad_vec, bad_table, bad_scalar):
    """(id, thunk, argument name) for every discrete function and argument."""
    return [
        ("entropy", lambda: lib.entropy(bad_vec), "p"),
        ("cross_entropy-p", lambda: lib.cross_entropy(bad_vec, Q_OK), "p"),
        ("cross_entropy-q", lambda: lib.cross_entropy(P_OK, bad_vec), "q"),
        ("kl_divergence-p", lambda: lib.kl_divergence(bad_vec, Q_OK), "p"),
        ("kl_divergence-q", lambda: lib.kl_divergence(P_OK, bad_vec), "q"),
        ("js_divergence-p", lambda: lib.js_divergence(bad_vec, Q_OK), "p"),
        ("js_divergence-q", lambda: lib.js_divergence(P_OK, bad_vec), "q"),
        ("joint_entropy", lambda: lib.joint_entropy(bad_table), "pxy"),
        ("conditional_entropy", lambda: lib.conditional_entropy(bad_table), "pxy"),
        ("mutual_information", lambda: lib.mutual_information(bad_table), "pxy"),
        ("surprise", lambda: lib.surprise(bad_scalar), "p"),
        ("surprise-array", lambda: lib.surprise(np.array([0.5, bad_scalar])), "p"),
        ("binary_entropy", lambda: lib.binary_entropy(bad_scalar), "p"),
        ("kl_bernoulli-p", lambda: lib.kl_bernoulli(bad_scalar, 0.5), "p"),
        ("kl_bernoulli-q", lambda: lib.kl_bernoulli(0.5, bad_scalar), "q"),
        ("kl_bernoulli-q-array", lambda: lib.kl_bernoulli(0.5, np.array([0.5, bad_scalar])), "q"),
    ]


def _ids(calls):
    return [c[0] for c in calls]


NEG = _vector_calls([-0.25, 1.25], [[-0.25, 0.5], [0.25, 0.5]], -0.1)
NANS = _vector_calls([NAN, 1.0], [[NAN, 0.5], [0.25, 0.25]], NAN)
INFS = _vector_calls([INF, 1.0], [[INF, 0.5], [0.25, 0.25]], INF)
NEG_INFS = _vector_calls([-INF, 1.0], [[-INF, 0.5], [0.25, 0.25]], -INF)


# ------------------------------------------------------ negative entries
@pytest.mark.parametrize("call", NEG, ids=_ids(NEG))
def test_negative_entries(call):
    _, thunk, name = call
    # "negative", "must be >= 0", "must lie in [0, 1]", "out of range" ...
    with raises(lib.ProbabilityError, name, r"negative|>= ?0|\[0|range|below"):
        thunk()


# ----------------------------------------------------------- NaN entries
@pytest.mark.parametrize("call", NANS, ids=_ids(NANS))
def test_nan_entries(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name, "nan|finite"):
        thunk()


# ------------------------------------------------------ infinite entries
@pytest.mark.parametrize("call", INFS + NEG_INFS, ids=_ids(INFS) + [i + "-neg" for i in _ids(NEG_INFS)])
def test_infinite_entries(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name, r"inf|finite|negative|>= ?0|\[0|range"):
        thunk()


# ---------------------------------------- elementwise probabilities above 1
ABOVE_ONE = [
    ("surprise", lambda: lib.surprise(1.5), "p"),
    ("surprise-array", lambda: lib.surprise([0.5, 1.0 + 1e-6]), "p"),
    ("binary_entropy", lambda: lib.binary_entropy(1.5), "p"),
    ("kl_bernoulli-p", lambda: lib.kl_bernoulli(1.5, 0.5), "p"),
    ("kl_bernoulli-q", lambda: lib.kl_bernoulli(0.5, 1.5), "q"),
]


@pytest.mark.parametrize("call", ABOVE_ONE, ids=_ids(ABOVE_ONE))
def test_elementwise_probability_above_one(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name):
        thunk()


# ------------------------------------------------------ not summing to 1
SUM_BAD = []
for _vec, _tab, _tag in [
    ([0.5, 0.5 + 1e-6], [[0.25, 0.25], [0.25, 0.25 + 1e-6]], "+1e-6"),
    ([0.5, 0.5 - 1e-6], [[0.25, 0.25], [0.25, 0.25 - 1e-6]], "-1e-6"),
    ([0.5, 0.6], [[0.5, 0.5], [0.5, 0.5]], "way-off"),
    ([0.0, 0.0], [[0.0, 0.0], [0.0, 0.0]], "zeros"),
]:
    SUM_BAD += [
        (f"entropy{_tag}", (lambda v: lambda: lib.entropy(v))(_vec), "p"),
        (f"cross_entropy-p{_tag}", (lambda v: lambda: lib.cross_entropy(v, Q_OK))(_vec), "p"),
        (f"cross_entropy-q{_tag}", (lambda v: lambda: lib.cross_entropy(P_OK, v))(_vec), "q"),
        (f"kl_divergence-p{_tag}", (lambda v: lambda: lib.kl_divergence(v, Q_OK))(_vec), "p"),
        (f"kl_divergence-q{_tag}", (lambda v: lambda: lib.kl_divergence(P_OK, v))(_vec), "q"),
        (f"js_divergence-p{_tag}", (lambda v: lambda: lib.js_divergence(v, Q_OK))(_vec), "p"),
        (f"js_divergence-q{_tag}", (lambda v: lambda: lib.js_divergence(P_OK, v))(_vec), "q"),
        (f"joint_entropy{_tag}", (lambda t: lambda: lib.joint_entropy(t))(_tab), "pxy"),
        (f"conditional_entropy{_tag}", (lambda t: lambda: lib.conditional_entropy(t))(_tab), "pxy"),
        (f"mutual_information{_tag}", (lambda t: lambda: lib.mutual_information(t))(_tab), "pxy"),
    ]


@pytest.mark.parametrize("call", SUM_BAD, ids=_ids(SUM_BAD))
def test_not_summing_to_one(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name, "sum"):
        thunk()


def test_not_summing_to_one_in_one_row_of_a_batch():
    good = np.full((4, 3), 1 / 3)
    bad = good.copy()
    bad[2] = [0.5, 0.5, 1e-6]
    for thunk, name in [
        (lambda: lib.entropy(bad), "p"),
        (lambda: lib.kl_divergence(bad, good), "p"),
        (lambda: lib.kl_divergence(good, bad), "q"),
        (lambda: lib.cross_entropy(good, bad), "q"),
        (lambda: lib.js_divergence(good, bad), "q"),
        (lambda: lib.entropy(bad.T, axis=0), "p"),
    ]:
        with raises(lib.ProbabilityError, name, "sum"):
            thunk()
    # the same rows are fine along the other axis only if *that* axis sums to 1: it doesn't
    with raises(lib.ProbabilityError, "p", "sum"):
        lib.entropy(good, axis=0)


def test_sum_tolerance_edges():
    tol = lib.measures.SUM_TOL
    assert tol == 1e-9
    lib.entropy([0.5, 0.5 + 1e-12])  # accepted
    lib.entropy([0.5, 0.5 - 1e-12])
    lib.entropy([0.5, 0.5 + 0.5 * tol])
    with raises(lib.ProbabilityError, "p", "sum"):
        lib.entropy([0.5, 0.5 + 2 * tol])
    with raises(lib.ProbabilityError, "p", "sum"):
        lib.entropy([0.5, 0.5 - 2 * tol])


# ------------------------------------------------------------ empty input
EMPTY = [
    ("entropy", lambda: lib.entropy([]), "p"),
    ("entropy-axis-len-0", lambda: lib.entropy(np.empty((3, 0))), "p"),
    ("cross_entropy", lambda: lib.cross_entropy([], []), "p|q"),
    ("kl_divergence", lambda: lib.kl_divergence([], []), "p|q"),
    ("js_divergence", lambda: lib.js_divergence([], []), "p|q"),
    ("joint_entropy", lambda: lib.joint_entropy(np.empty((0, 0))), "pxy"),
    ("joint_entropy-2x0", lambda: lib.joint_entropy(np.empty((2, 0))), "pxy"),
    ("conditional_entropy", lambda: lib.conditional_entropy(np.empty((0, 0))), "pxy"),
    ("mutual_information", lambda: lib.mutual_information(np.empty((0, 2))), "pxy"),
]


@pytest.mark.parametrize("call", EMPTY, ids=_ids(EMPTY))
def test_empty_input(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name):
        thunk()


# -------------------------------------------------------- mismatched shapes
SHAPES = [((3,), (2,)), ((1, 3), (2, 3)), ((3,), (1, 3)), ((2, 3), (3, 2)), ((2, 2), (4,))]


def _uniform(shape):
    return np.full(shape, 1.0 / shape[-1])


@pytest.mark.parametrize("fn", [lib.cross_entropy, lib.kl_divergence, lib.js_divergence], ids=lambda f: f.__name__)
@pytest.mark.parametrize("sp,sq", SHAPES, ids=[f"{a}-{b}" for a, b in SHAPES])
def test_mismatched_shapes(fn, sp, sq):
    p, q = _uniform(sp), _uniform(sq)
    with raises(lib.ProbabilityError, "p|q", "shape"):
        fn(p, q)
    with raises(lib.ProbabilityError, "p|q", "shape"):
        fn(q, p)


@pytest.mark.parametrize(
    "fn", [lib.joint_entropy, lib.conditional_entropy, lib.mutual_information], ids=lambda f: f.__name__
)
def test_joint_table_must_be_2d(fn):
    with raises(ValueError, "pxy"):
        fn([0.25, 0.75])
    with raises(ValueError, "pxy"):
        fn(np.full((2, 2, 2), 0.125))


# ----------------------------------------------------------------- base
BASE_CALLS = [
    ("surprise", lambda b: lib.surprise(0.5, base=b)),
    ("entropy", lambda b: lib.entropy(P_OK, base=b)),
    ("binary_entropy", lambda b: lib.binary_entropy(0.3, base=b)),
    ("cross_entropy", lambda b: lib.cross_entropy(P_OK, Q_OK, base=b)),
    ("kl_divergence", lambda b: lib.kl_divergence(P_OK, Q_OK, base=b)),
    ("kl_bernoulli", lambda b: lib.kl_bernoulli(0.3, 0.5, base=b)),
    ("js_divergence", lambda b: lib.js_divergence(P_OK, Q_OK, base=b)),
    ("joint_entropy", lambda b: lib.joint_entropy(T_OK, base=b)),
    ("conditional_entropy", lambda b: lib.conditional_entropy(T_OK, base=b)),
    ("mutual_information", lambda b: lib.mutual_information(T_OK, base=b)),
]
GAUSS_BASE_CALLS = [
    ("entropy_normal", lambda b: lib.entropy_normal(1.0, base=b)),
    ("kl_normal", lambda b: lib.kl_normal(0.0, 1.0, 1.0, 2.0, base=b)),
]
BAD_BASES = [0, 0.0, -1, -2.0, 1, 1.0, -math.inf]


@pytest.mark.parametrize("base", BAD_BASES, ids=[repr(b) for b in BAD_BASES])
@pytest.mark.parametrize("call", BASE_CALLS, ids=_ids([(c[0],) for c in BASE_CALLS]))
def test_bad_base(call, base):
    with raises(lib.ProbabilityError, "base"):
        call[1](base)


@pytest.mark.parametrize("base", BAD_BASES, ids=[repr(b) for b in BAD_BASES])
@pytest.mark.parametrize("call", GAUSS_BASE_CALLS, ids=_ids([(c[0],) for c in GAUSS_BASE_CALLS]))
def test_bad_base_gaussian(call, base):
    with raises(ValueError, "base"):
        call[1](base)


# --------------------------------------------------------------- complex
COMPLEX = _vector_calls(
    np.array([0.25 + 0j, 0.75 + 0j]),
    np.array([[0.25 + 0j, 0.25], [0.25, 0.25]]),
    np.complex128(0.5 + 0j),
) + _vector_calls(
    np.array([0.5 + 0.1j, 0.5 - 0.1j]),
    np.array([[0.25 + 0.1j, 0.25], [0.25, 0.25 - 0.1j]]),
    0.5 + 0.1j,
)


@pytest.mark.parametrize("call", COMPLEX, ids=[c[0] + ("-real" if i < len(COMPLEX) // 2 else "-imag") for i, c in enumerate(COMPLEX)])
def test_complex_input(call):
    _, thunk, name = call
    with raises(lib.ProbabilityError, name, "complex|real"):
        thunk()


# ---------------------------------------------------------------- normalize
NORMALIZE_BAD = [
    ("negative", lambda: lib.normalize([-1.0, 2.0]), r"negative|>= ?0|\[0|range|below"),
    ("nan", lambda: lib.normalize([NAN, 1.0]), "nan|finite"),
    ("inf", lambda: lib.normalize([INF, 1.0]), "inf|finite"),
    ("zero-sum", lambda: lib.normalize([0.0, 0.0]), "sum|zero|0"),
    ("zero-row", lambda: lib.normalize([[1.0, 2.0], [0.0, 0.0]]), "sum|zero|0"),
    ("zero-column-axis0", lambda: lib.normalize([[1.0, 0.0], [2.0, 0.0]], axis=0), "sum|zero|0"),
    ("empty", lambda: lib.normalize([]), None),
]


@pytest.mark.parametrize("call", NORMALIZE_BAD, ids=_ids(NORMALIZE_BAD))
def test_normalize_bad_weights(call):
    _, thunk, what = call
    with raises(lib.ProbabilityError, "w", what):
        thunk()


# ---------------------------------------------------------------- Gaussians
SIGMA_BAD = [0.0, -1.0, NAN, -INF, -0.0]
SIGMA_CALLS = [
    ("entropy_normal", lambda s: lib.entropy_normal(s), "sigma"),
    ("entropy_normal-array", lambda s: lib.entropy_normal(np.array([1.0, s])), "sigma"),
    ("kl_normal-sigma1", lambda s: lib.kl_normal(0.0, s, 0.0, 1.0), "sigma1"),
    ("kl_normal-sigma2", lambda s: lib.kl_normal(0.0, 1.0, 0.0, s), "sigma2"),
    ("kl_normal-sigma2-array", lambda s: lib.kl_normal(0.0, 1.0, 0.0, np.array([1.0, s])), "sigma2"),
]


@pytest.mark.parametrize("sigma", SIGMA_BAD, ids=[repr(s) for s in SIGMA_BAD])
@pytest.mark.parametrize("call", SIGMA_CALLS, ids=_ids(SIGMA_CALLS))
def test_sigma_not_positive(call, sigma):
    _, thunk, name = call
    with raises(ValueError, name):
        thunk(sigma)


GOOD_S = np.array([[2.0, 0.5], [0.5, 1.0]])
M0 = np.zeros(2)
COV_BAD = [
    ("not-symmetric", np.array([[1.0, 0.5], [0.0, 1.0]]), "symmetric"),
    ("indefinite", np.array([[1.0, 2.0], [2.0, 1.0]]), "positive|definite"),
    ("singular", np.array([[1.0, 1.0], [1.0, 1.0]]), "positive|definite|singular"),
    ("negative-definite", -np.eye(2), "positive|definite"),
    ("zero", np.zeros((2, 2)), "positive|definite|singular"),
    ("nan", np.array([[1.0, NAN], [NAN, 1.0]]), None),
]


@pytest.mark.parametrize("which", ["S1", "S2"])
@pytest.mark.parametrize("case", COV_BAD, ids=_ids(COV_BAD))
def test_bad_covariance(case, which):
    _, S, what = case
    args = (M0, S, M0, GOOD_S) if which == "S1" else (M0, GOOD_S, M0, S)
    with raises(ValueError, which, what) as ei:
        lib.kl_mvn(*args)
    assert not isinstance(ei.value, np.linalg.LinAlgError), "bare LinAlgError leaked out"


def test_kl_mvn_shape_mismatch_is_value_error():
    with pytest.raises(ValueError) as ei:
        lib.kl_mvn(np.zeros(3), GOOD_S, M0, GOOD_S)
    assert not isinstance(ei.value, np.linalg.LinAlgError)
    with pytest.raises(ValueError) as ei:
        lib.kl_mvn(M0, GOOD_S, M0, np.eye(3))
    assert not isinstance(ei.value, np.linalg.LinAlgError)


# ------------------------------------------------------------------ logits
Z = np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0], [3.0, 2.0, 1.0], [0.0, 0.0, 0.0]])  # (4, 3)
Y = np.array([0, 1, 2, 0])


def _with(z_val):
    z = Z.copy()
    z[1, 2] = z_val
    return z


LOGIT_BAD = []
for _v, _tag in [(NAN, "nan"), (INF, "+inf")]:
    LOGIT_BAD += [
        (f"log_softmax-{_tag}", (lambda v: lambda: lib.log_softmax(_with(v)))(_v)),
        (f"softmax-{_tag}", (lambda v: lambda: lib.softmax(_with(v)))(_v)),
        (f"cross_entropy_logits-{_tag}", (lambda v: lambda: lib.cross_entropy_logits(_with(v), Y))(_v)),
        (f"log_softmax-1d-{_tag}", (lambda v: lambda: lib.log_softmax(np.array([0.0, v])))(_v)),
    ]


@pytest.mark.parametrize("call", LOGIT_BAD, ids=_ids([(c[0],) for c in LOGIT_BAD]))
def test_bad_logits(call):
    with raises(ValueError, "z"):
        call[1]()


LABEL_RANGE = [
    ("y=K", np.array([3, 1, 2, 0])),
    ("y=-1", np.array([0, 1, -1, 0])),
    ("y=huge", np.array([0, 1, 2, 10**6])),
]


@pytest.mark.parametrize("case", LABEL_RANGE, ids=_ids(LABEL_RANGE))
def test_label_out_of_range(case):
    with raises(ValueError, "y"):
        lib.cross_entropy_logits(Z, case[1])


def test_label_out_of_range_scalar_and_axis0():
    with raises(ValueError, "y"):
        lib.cross_entropy_logits(np.array([0.0, 1.0, 2.0]), 3)
    with raises(ValueError, "y"):
        lib.cross_entropy_logits(np.array([0.0, 1.0, 2.0]), -1)
    # class axis first: K = 4 along axis 0, so label 3 is fine but 4 is not
    lib.cross_entropy_logits(Z, np.array([3, 3, 3]), axis=0)
    with raises(ValueError, "y"):
        lib.cross_entropy_logits(Z, np.array([3, 4, 0]), axis=0)


@pytest.mark.parametrize(
    "y", [np.array([0.5, 1.0, 2.0, 0.0]), np.array([0.0, 1.0, 2.0, 1.5]), 0.5], ids=["0.5-first", "1.5-last", "scalar-0.5"]
)
def test_label_not_integer(y):
    z = Z if np.ndim(y) else Z[0]
    with raises(ValueError, "y"):
        lib.cross_entropy_logits(z, y)


@pytest.mark.parametrize(
    "y",
    [np.array([0, 1, 2]), np.array([[0], [1], [2], [0]]), np.array(0), np.array([[0, 1, 2, 0]]), np.zeros((4, 3), int)],
    ids=["(3,)", "(4,1)", "()", "(1,4)", "(4,3)"],
)
def test_label_shape_mismatch(y):
    with raises(ValueError, "y", "shape"):
        lib.cross_entropy_logits(Z, y)
