"""lib.check: the verdicts and hints learners see after each exercise."""

import math

import numpy as np
import pytest

from lib import check


def test_a_right_number_passes_and_says_why():
    verdict = check.number(2.585, math.log2(6), unit="bits", why="log2 6.")
    assert verdict and str(verdict).startswith("✔") and "bits" in str(verdict) and "log2 6" in str(verdict)


def test_placeholder_means_no_answer_yet():
    for verdict in (check.number(..., 1.0), check.array(..., [1.0]), check.choice(..., "a"),
                    check.function(..., abs, [1.0])):
        assert not verdict and "No answer yet" in str(verdict)


@pytest.mark.parametrize("slip, words", [
    (math.log2(6) * math.log(2), "ln 2"),  # nats where bits were asked
    (math.log2(6) / math.log(2), "ln 2"),
    (-math.log2(6), "sign"),
    (100 * math.log2(6), "percentage"),
])
def test_common_slips_are_named(slip, words):
    verdict = check.number(slip, math.log2(6), unit="bits")
    assert not verdict and words in str(verdict)


def test_known_mistakes_get_their_own_hint_and_the_answer_is_not_revealed():
    verdict = check.number(0.5, 0.25, mistakes=[(0.5, "That is p, not p².")])
    assert str(verdict) == "✘ That is p, not p²."
    other = check.number(0.7, 0.25)
    assert not other and "0.25" not in str(other)


def test_infinity_is_an_answer_and_nan_is_explained():
    assert check.number(math.inf, math.inf)
    assert not check.number(1e300, math.inf)
    assert "NaN" in str(check.number(math.nan, 1.0))
    assert "number" in str(check.number("two", 2.0))


def test_array_checks_shape_then_values():
    assert check.array([1, 2, np.inf], [1, 2, np.inf])
    assert "shape" in str(check.array([1, 2], [1, 2, 3]))
    verdict = check.array([1, 2, 4], [1, 2, 3])
    assert not verdict and "index 2" in str(verdict)


def test_choice_explains_each_option():
    explanations = {"forward": "Forward KL covers the mass.", "reverse": "Reverse KL seeks a mode."}
    assert str(check.choice("forward", "forward", explanations=explanations)).endswith("covers the mass.")
    assert "seeks a mode" in str(check.choice("reverse", "forward", explanations=explanations))
    assert "not one of the options" in str(check.choice("sideways", "forward", explanations=explanations))


def test_function_is_compared_case_by_case_and_errors_are_reported():
    assert check.function(lambda p: -np.log2(p), lambda p: -np.log2(p), [0.5, 0.25])
    wrong = check.function(lambda p: -np.log(p), lambda p: -np.log2(p), [0.5], name="f")
    assert not wrong and "f(0.5)" in str(wrong)
    broken = check.function(lambda p: 1 / 0, abs, [1.0], name="g")
    assert "ZeroDivisionError" in str(broken)
    assert "function" in str(check.function(3, abs, [1.0]))


def test_feedback_renders_as_markdown():
    assert check.number(1.0, 1.0)._repr_markdown_().startswith("**✔ Correct.**")
    assert check.number(2.0, 1.0)._repr_markdown_().startswith("**✘ Not yet.**")
