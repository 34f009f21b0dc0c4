"""lib._validate: one validation vocabulary for the numeric core.

One helper returns results (a float for one value, an array otherwise), one error type per
fault (ProbabilityError for probability arguments and bases, ValueError for everything else),
and no module of the core checks a sum with its own literal tolerance.
"""

import math
import pathlib
import re

import numpy as np
import pytest

import lib
from lib import _validate as V

LIB = pathlib.Path(lib.__file__).parent
CORE = ["measures", "logits", "gaussian", "estimators", "continuous", "transport", "coding"]


def test_result_helper():
    assert type(V.result(np.float64(2.0))) is np.float64 and isinstance(V.result(np.array(2.0)), float)
    assert math.copysign(1.0, V.result(np.array(-0.0))) == 1.0
    a = V.result(np.array([1.0, -0.0]))
    assert isinstance(a, np.ndarray) and math.copysign(1.0, a[1]) == 1.0


@pytest.mark.parametrize("module", CORE)
def test_no_private_copy_of_the_result_helper(module):
    src = (LIB / f"{module}.py").read_text()
    assert not re.search(r"\[\(\)\] if .*ndim == 0", src), f"{module} has its own return-a-scalar helper"
    assert "def _scalar" not in src and "def _result" not in src


@pytest.mark.parametrize("module", CORE)
def test_no_literal_sum_tolerance(module):
    src = (LIB / f"{module}.py").read_text()
    assert not re.search(r"sum\(\)\s*-\s*1(\.0)?\)\s*>\s*1e-", src), f"{module} checks a sum by hand"


def test_float32_tolerance_rule():
    assert V.sum_tolerance(np.zeros(3), 3) == V.SUM_TOL
    assert V.sum_tolerance([0.5, 0.5], 2) == V.SUM_TOL
    assert V.sum_tolerance(np.zeros(3, np.float32), 3) == pytest.approx(3 * np.finfo(np.float32).eps)
    assert V.sum_tolerance(np.zeros(2, np.float16), 2) == pytest.approx(2 * np.finfo(np.float16).eps)


# one fault, one error type, whichever module meets it
PROBABILITY_FAULTS = [
    ("entropy sum", lambda: lib.entropy([0.5, 0.6])),
    ("mixture weights sum", lambda: lib.continuous.mixture_logpdf(0.0, [0.5, 0.6], [0, 1], [1, 1])),
    ("average_length sum", lambda: lib.coding.average_length({"a": "0", "b": "1"}, [0.5, 0.6])),
    ("block_distribution sum", lambda: lib.coding.block_distribution([0.5, 0.6], 2)),
    ("mix_uniform sum", lambda: lib.transport.mix_uniform([0.5, 0.6], 0.1)),
    ("wasserstein sum", lambda: lib.transport.wasserstein1([0.5, 0.6], [0.5, 0.5], [0, 1])),
    ("soft target sum", lambda: lib.soft_cross_entropy_logits([0.5, 0.6], [0.0, 0.0])),
    ("bce target range", lambda: lib.binary_cross_entropy_logits(0.0, 1.2)),
    ("base in measures", lambda: lib.entropy([0.5, 0.5], base="2")),
    ("base in gaussian", lambda: lib.kl_normal(0, 1, 0, 1, base=-1)),
    ("base in logits", lambda: lib.entropy_logits([0.0, 1.0], base=1)),
    ("base in mvn", lambda: lib.entropy_mvn(np.eye(2), base=0)),
]


@pytest.mark.parametrize("call", PROBABILITY_FAULTS, ids=[c[0] for c in PROBABILITY_FAULTS])
def test_probability_faults_raise_probability_error(call):
    with pytest.raises(lib.ProbabilityError):
        call[1]()


OTHER_FAULTS = [
    ("axis None", lambda: lib.entropy([0.5, 0.5], axis=None)),
    ("axis tuple logits", lambda: lib.log_softmax([[0.0, 1.0]], axis=(0, 1))),
    ("axis None transport", lambda: lib.transport.wasserstein1([1.0], [1.0], [0.0], axis=None)),
    ("sigma", lambda: lib.kl_normal(0, -1, 0, 1)),
    ("logit nan", lambda: lib.entropy_logits([0.0, np.nan])),
    ("covariance", lambda: lib.entropy_mvn([[1.0, 2.0], [2.0, 1.0]])),
    ("support", lambda: lib.transport.wasserstein1([1.0], [1.0], [np.nan])),
]


@pytest.mark.parametrize("call", OTHER_FAULTS, ids=[c[0] for c in OTHER_FAULTS])
def test_other_faults_raise_plain_value_error(call):
    with pytest.raises(ValueError) as info:
        call[1]()
    assert not isinstance(info.value, lib.ProbabilityError)
