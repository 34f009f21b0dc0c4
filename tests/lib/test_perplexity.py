"""lib.perplexity: the Zen of Python letter data, additive smoothing and perplexity.

References are independent of lib: the Zen decoded from the ``this`` module by hand,
letters counted with collections.Counter, smoothing against exact fractions, perplexity
against closed forms and mpmath.
"""

import collections
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import lib
import lib.perplexity as P
from reference import zen_halves

pytestmark = pytest.mark.filterwarnings("error")




# ----------------------------------------------------------------- lib.perplexity
def test_zen_text_and_split():
    text = lib.coding.zen_of_python()
    lines = text.splitlines()
    assert lines[0] == "The Zen of Python, by Tim Peters"
    assert lines[2] == "Beautiful is better than ugly."
    assert len(lines) == 21
    train, test = P.zen_split()
    assert train.startswith("Beautiful") and train.endswith("never pass silently.")
    assert test.startswith("Unless explicitly silenced.") and test.endswith("more of those!")
    assert P.zen_split(18)[1] == lines[-1]
    for bad in (0, 19):
        with pytest.raises(ValueError):
            P.zen_split(bad)


def test_zen_split_prints_nothing(capsys):
    P.zen_split()
    assert capsys.readouterr().out == ""


def test_letters_and_counts():
    assert P.letters("Beautiful is better than ugly.\nExplicit...") == \
        "beautiful is better than ugly explicit"
    assert P.letters("  --Now!! ") == "now"
    assert P.letters("") == ""
    assert len(P.ALPHABET) == 27 and P.ALPHABET[-1] == " "
    train, _ = zen_halves()
    counts = P.letter_counts(P.zen_split()[0])
    expected = collections.Counter(train)
    assert counts.tolist() == [expected[c] for c in P.ALPHABET]
    assert counts.sum() == len(train) == 325


def test_additive_smoothing_against_fractions():
    counts = [3, 0, 1, 6]
    for alpha in (0, Fraction(1, 2), 1, 7):
        n = sum(counts) + 4 * alpha
        want = [float(Fraction(c) / n + Fraction(alpha) / n) for c in counts]
        got = P.additive_smoothing(counts, float(alpha))
        np.testing.assert_allclose(got, want, rtol=1e-15)
        assert got.sum() == pytest.approx(1.0, abs=1e-15)
    # alpha = 0 is maximum likelihood: a zero stays a zero
    assert P.additive_smoothing([2, 0], 0)[1] == 0.0
    # a batch along the last axis
    batch = P.additive_smoothing([[1, 0], [0, 0]], 1.0)
    np.testing.assert_allclose(batch, [[2 / 3, 1 / 3], [0.5, 0.5]])


@pytest.mark.parametrize("counts, alpha", [([1, -1], 1.0), ([1, np.nan], 1.0), ([1, 2], -0.1),
                                           ([0, 0], 0.0), ([], 1.0), (3.0, 1.0),
                                           ([1, 2], np.inf)])
def test_additive_smoothing_refuses_bad_input(counts, alpha):
    with pytest.raises(ValueError):
        P.additive_smoothing(counts, alpha)


def test_perplexity_closed_forms():
    for k in (2, 6, 27, 1000):
        assert P.perplexity(math.log(k)) == pytest.approx(k, rel=1e-13)
        assert P.perplexity(math.log2(k), base=2) == pytest.approx(k, rel=1e-13)
    assert P.perplexity(0.0) == 1.0
    assert P.perplexity(np.inf) == np.inf
    assert P.perplexity(3.5, base=2) == pytest.approx(float(mpmath.mpf(2) ** 3.5), rel=1e-14)
    h_nats = 2.5
    assert P.perplexity(h_nats) == pytest.approx(P.perplexity(h_nats / math.log(2), base=2),
                                                 rel=1e-14)
    np.testing.assert_allclose(P.perplexity([0.0, math.log(3)]), [1.0, 3.0])
    for bad in (-0.1, np.nan):
        with pytest.raises(ValueError):
            P.perplexity(bad)
    with pytest.raises(ValueError):
        P.perplexity(1.0, base=1)
