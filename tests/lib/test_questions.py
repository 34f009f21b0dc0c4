"""lib.questions: the guessing game and the average number of questions.

References: playing every secret by brute force, and log2 N for powers of two. (The
numbers that 01_surprise.ipynb's prose states are checked in
tests/notebooks/test_01_surprise.py.)
"""

import math

import numpy as np
import pytest

from lib.questions import GuessingGame, average_questions


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


@pytest.mark.parametrize("bad", [dict(n=1), dict(n=10, secret=11), dict(n=2.5)])
def test_game_rejects_bad_setup(bad):
    with pytest.raises(ValueError):
        GuessingGame(**bad)


def test_average_questions_rejects_bad_input():
    with pytest.raises(ValueError):
        average_questions(10, 0.6)
    with pytest.raises(ValueError):
        average_questions(0)
