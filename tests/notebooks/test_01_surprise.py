"""01_surprise: the numbers in its prose, the guessing game and the figures."""

import math

import mpmath
import numpy as np
import pytest

import lib
from lib.questions import GuessingGame, average_questions
from nbtools import check_claims

mpmath.mp.dps = 30

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
    "0.081": mpmath.mpf("0.01") * mpmath.log(100, 2)  # "is it 1?" among 100, on average
    + mpmath.mpf("0.99") * mpmath.log(1 / mpmath.mpf("0.99"), 2),
}
GIVEN = {"0.01", "1.5"}  # an example probability; a number that is not a probability


def test_claims():
    check_claims("01_surprise.ipynb", CLAIMS, GIVEN)


@pytest.mark.parametrize("secret", [1, 2, 37, 64, 99, 100])
def test_answers_add_up_to_log2_n_whatever_the_strategy(secret):
    halving, one_by_one = GuessingGame(100, secret=secret), GuessingGame(100, secret=secret)
    lo, hi = 1, 100
    while not halving.found:
        k = (lo + hi) // 2
        lo, hi = (lo, k) if halving.ask(k) else (k + 1, hi)
    k = 0
    while not one_by_one.found:
        k += 1
        one_by_one.ask(k)
    assert halving.reveal() == one_by_one.reveal() == secret
    assert halving.bits == pytest.approx(math.log2(100), rel=1e-12)
    assert one_by_one.bits == pytest.approx(math.log2(100), rel=1e-12)
    assert len(halving.log) <= 7 <= len(one_by_one.log) + 7


def test_a_fifty_fifty_answer_is_one_bit_and_a_useless_question_zero():
    game = GuessingGame(8, secret=3)
    assert game.ask(4) is True and game.log[-1][2] == 1.0
    assert game.ask(100) is True and game.log[-1][2] == 0.0
    with pytest.raises(RuntimeError, match="candidates are left"):
        game.reveal()


def brute_force_average(n, split):
    """Play every secret with the splitting rule and count the questions."""
    total = 0
    for secret in range(1, n + 1):
        lo, hi = 1, n
        while hi > lo:
            r = hi - lo + 1
            k = lo - 1 + min(r - 1, max(1, round(split * r)))
            total += 1
            lo, hi = (lo, k) if secret <= k else (k + 1, hi)
    return total / n


@pytest.mark.parametrize("n", [2, 3, 7, 64, 100, 257])
@pytest.mark.parametrize("split", [0.5, 0.3, 0.02])
def test_average_questions_matches_playing_every_secret(n, split):
    assert average_questions(n, split) == pytest.approx(brute_force_average(n, split), rel=1e-12)


def test_halving_needs_log2_n_questions_for_powers_of_two():
    sizes = 2 ** np.arange(1, 13)
    np.testing.assert_allclose(average_questions(sizes), np.log2(sizes), rtol=1e-12)


def test_average_questions_never_beats_log2_n():
    sizes = np.arange(2, 600)
    for split in (0.5, 0.37, 0.1):
        assert np.all(average_questions(sizes, split) >= np.log2(sizes) - 1e-12)


def test_halving_stays_within_one_question_of_log2_n():
    sizes = np.arange(2, 4097)
    assert np.all(average_questions(sizes, 0.5) < np.log2(sizes) + 1)


def test_a_certain_answer_is_zero_bits_not_minus_zero():
    game = GuessingGame(8, secret=3)
    game.ask(100)
    assert math.copysign(1.0, game.log[-1][2]) == 1.0


def test_questions_figure_shows_the_average_worth_and_the_bits_per_question():
    fig = lib.plots.surprise.questions_needed(split=0.25, n=64)
    worth, count = fig.axes
    assert "0.81 bits per answer" in worth.get_title()  # H(1/4) = 0.811
    at = average_questions(64, 0.25)
    assert f"{at:.1f} questions, {6 / at:.2f} bits each" in count.get_title()
    marker = [line for line in count.lines if line.get_marker() == "o"][0]
    assert marker.get_ydata()[0] == pytest.approx(at)


@pytest.mark.parametrize("bad", [dict(n=1), dict(n=10, secret=11), dict(n=2.5)])
def test_game_rejects_bad_setup(bad):
    with pytest.raises(ValueError):
        GuessingGame(**bad)


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
