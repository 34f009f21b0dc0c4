"""01_surprise: the numbers in its prose, its exercises and its figures.

The unit tests of lib.questions are in tests/lib/test_questions.py.
"""

import math
import warnings

import mpmath
import numpy as np
import pytest

import lib
from lib.check import exercise
from lib.plots.style import problems
from lib.questions import average_questions
from nbtools import check_claims

mpmath.mp.dps = 30


def hb(s):
    s = mpmath.mpf(s)
    return -(s * mpmath.log(s, 2) + (1 - s) * mpmath.log(1 - s, 2))


# Independent references: mpmath logarithms, not lib.
CLAIMS = {
    "2.585": mpmath.log(6, 2),  # surprise of a six
    "3.585": mpmath.log(12, 2),  # heads and a six
    "1.443": 1 / mpmath.log(2),  # bits per nat
    "0.693": mpmath.log(2),  # nats per bit
    "1.585": mpmath.log(3, 2),  # what being three times rarer adds
    "6.644": mpmath.log(100, 2),  # surprise of p = 0.01 in bits; the secret among 100
    "0.99": 1 - mpmath.mpf("0.01"),  # 1 - p for p = 0.01
    "0.943": mpmath.log(mpmath.mpf(25) / 13, 2),  # 25 candidates, the 13 side answers
    "1.059": mpmath.log(mpmath.mpf(25) / 12, 2),  # 25 candidates, the 12 side answers
    "0.585": mpmath.log(mpmath.mpf(3) / 2, 2),  # 3 candidates, the 2 side answers
    "0.081": hb(mpmath.mpf("0.01")),  # "is it 1?" among 100, on average
    "0.14": hb(mpmath.mpf("0.02")),  # a question about 2% of the candidates, on average
}
GIVEN = {"0.01", "1.5", "0.02"}  # example probabilities; a number that is not a probability


def test_claims():
    check_claims("01_surprise.ipynb", CLAIMS, GIVEN)


def test_two_percent_questions_collect_more_than_h_per_question():
    """Always more than H(0.02) = 0.14 bits, and much more for small N."""
    per_question = [k / average_questions(2 ** k, 0.02) for k in range(1, 13)]
    assert all(q > float(hb(mpmath.mpf("0.02"))) for q in per_question)
    assert per_question[0] > 3 * per_question[-1]


def test_questions_figure_shows_the_average_worth_and_the_bits_per_question():
    fig = lib.plots.surprise.questions_needed(split=0.25, log2_n=6)
    worth, count = fig.axes
    assert "0.81 bits per answer" in worth.get_title()  # H(1/4) = 0.811
    at = average_questions(64, 0.25)
    assert f"N = 64: {at:.1f} questions, {6 / at:.2f} bits each" in count.get_title()
    marker = [line for line in count.lines if line.get_marker() == "o"][0]
    assert marker.get_ydata()[0] == pytest.approx(at)
    with pytest.raises(ValueError):
        lib.plots.surprise.questions_needed(log2_n=13)


def test_questions_figure_keeps_the_yes_dot_and_the_halving_line_in_view():
    fig = lib.plots.surprise.questions_needed(split=0.02, log2_n=1)
    worth, count = fig.axes
    assert math.log2(1 / 0.02) < worth.get_ylim()[1]
    halving = [line for line in count.lines if line.get_label().startswith("halving")][0]
    floor = [line for line in count.lines if line.get_label().startswith("floor")][0]
    assert halving.get_zorder() >= floor.get_zorder()
    assert halving.get_linewidth() < floor.get_linewidth()  # the floor is a band under it


@pytest.mark.parametrize("kwargs", [dict(p=0.001), dict(p=1.0), dict(p=0.25, unit="nats"),
                                    dict(split=0.02, log2_n=1), dict(split=0.5, log2_n=12)])
def test_figures_draw_cleanly_at_the_slider_ends(kwargs):
    figure = (lib.plots.surprise.curve if "p" in kwargs else lib.plots.surprise.questions_needed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert problems(figure(**kwargs)) == []


def test_surprise_curve_marks_the_chosen_point():
    fig = lib.plots.surprise.curve(p=0.125, unit="bits")
    marker = [line for line in fig.axes[0].lines if line.get_marker() == "o"][0]
    assert marker.get_ydata()[0] == pytest.approx(3.0)
    assert "bits" in fig.axes[0].get_ylabel()
    fig = lib.plots.surprise.curve(p=0.125, unit="nats")
    marker = [line for line in fig.axes[0].lines if line.get_marker() == "o"][0]
    assert marker.get_ydata()[0] == pytest.approx(3 * math.log(2))
    with pytest.raises(ValueError, match="unit"):
        lib.plots.surprise.curve(unit="hartleys")


def test_the_function_exercise_fails_a_function_that_warns():
    assert not exercise("01.7", lambda p: -np.log2(p)).passed  # warns at p = 0
    assert "warning" in exercise("01.7", lambda p: -np.log2(p)).message

    def quiet(p):
        with np.errstate(divide="ignore"):
            return -np.log2(p)
    assert exercise("01.7", quiet).passed
    assert not exercise("01.7", lambda p: -np.log2(np.maximum(p, 1e-12))).passed  # epsilon hack


def test_the_argument_exercise_has_one_answer():
    """'no' worth more than 3 bits and the question worth more than half a bit on average."""
    good = [k for k in range(1, 100)
            if math.log2(100 / (100 - k)) > 3 and float(hb(mpmath.mpf(k) / 100)) > 0.5]
    assert good == [88]
    assert [k for k in range(1, 100) if exercise("01.8", k).passed] == good
    assert not exercise("01.8", 88.5).passed and not exercise("01.8", "88").passed


def test_value_exercises_name_the_likely_slips():
    assert exercise("01.1", "same").passed and not exercise("01.1", "more").passed
    assert exercise("01.2", float(mpmath.log(52, 2))).passed
    assert not exercise("01.2", 1 / 52).passed
    assert exercise("01.3", float(mpmath.log(24, 2))).passed
    assert "multiplied" in exercise("01.3", 2 * math.log2(6)).message
    assert exercise("01.4", float(mpmath.log(100))).passed
    assert "base 10" in exercise("01.4", 2.0).message
    assert exercise("01.5", 33).passed and not exercise("01.5", 32).passed
    assert exercise("01.6", float(hb(mpmath.mpf("0.25")))).passed
