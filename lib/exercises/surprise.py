"""Checkers of the exercises in ``01_surprise.ipynb``."""

import math

import numpy as np

from .. import measures
from ..check import Feedback, _missing, choice, function, number
from . import exercise


@exercise("01.1")
def _(answer):
    return choice(answer, "same", explanations={
        "same": "Right: both strategies collect exactly log2 100 bits. The probabilities of "
                "the answers multiply to 1/100, so their surprises add to −log2(1/100).",
        "more": "Not quite. Each answer is worth little when it is likely; the one-at-a-time "
                "strategy asks many cheap questions, not more expensive ones. Run the next cell.",
        "fewer": "Not quite. A clumsy strategy asks more questions, but each likely \"no\" is "
                 "worth only a sliver of a bit. Run the next cell and add the surprises.",
    })


@exercise("01.2")
def _(answer):
    return number(answer, math.log2(52), unit="bits",
                  why="one card in 52: log2 52, between 5 and 6 halvings.",
                  mistakes=[(1 / 52, "That is the probability; the surprise is −log2 of it."),
                            (math.log2(4), "That is the surprise of the suit alone; the card "
                                           "is one of 52.")])


@exercise("01.3")
def _(answer):
    return number(answer, math.log2(24), unit="bits",
                  why="surprises of independent events add: 2 bits + log2 6 bits = log2 24 bits.",
                  mistakes=[(2 * math.log2(6), "You multiplied the surprises; probabilities "
                                               "multiply, surprises add."),
                            (math.log2(52) + math.log2(6), "The card is only known to be a "
                                                           "heart (1 in 4), not which card.")])


@exercise("01.4")
def _(answer):
    return number(answer, math.log(100), unit="nats", why="−ln 0.01 = ln 100.",
                  mistakes=[(2.0, "That is −log10 0.01, in base 10; nats use the natural log.")])


@exercise("01.5")
def _(answer):
    return number(answer, 33, rtol=0, atol=0.01,
                  why="2^32 is about 4.3 billion, too few; 2^33 is about 8.6 billion.",
                  mistakes=[(32, "2^32 ≈ 4.3 billion is fewer than 8 billion people: round up."),
                            (math.log2(8e9), "Questions come whole: round up.")])


@exercise("01.6")
def _(answer):
    h = float(measures.binary_entropy(0.25, base=2))
    return number(answer, h, unit="bits",
                  why="H(1/4): a 2-bit yes a quarter of the time, a 0.415-bit no otherwise.",
                  mistakes=[(2.0, "That is the surprise of a \"yes\" only; average over both answers."),
                            (0.5, "You counted only the \"yes\"; the \"no\" carries a little too."),
                            (1.0, "Only a 50/50 question is worth one bit on average.")])


def _random_probabilities(rng):
    zeros = rng.uniform(size=8)
    zeros[rng.integers(0, 8, size=2)] = 0.0
    return [float(rng.uniform()), rng.uniform(size=(3, 4)), zeros]


@exercise("01.7")
def _(answer):
    return function(answer, lambda p: measures.surprise(p, base=2),
                    [0.5, 1.0, 1 / 6, 1e-300, 0.0, np.array([0.25, 0.125]),
                     np.array([0.0, 0.5, 1.0])],
                    random_cases=_random_probabilities, name="surprise_bits",
                    why="−log2 p everywhere, +∞ at p = 0, and not a warning on the way.")


@exercise("01.8")
def _(answer):
    missing = _missing(answer)
    if missing is not None:
        return missing
    try:
        k = int(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a whole number k, got {answer!r}.")
    if k != answer or not 1 <= k <= 99:
        return Feedback(False, f"k is a whole number from 1 to 99 (\"is it at most k?\"), "
                               f"got {answer!r}.")
    no_bits = math.log2(100 / (100 - k))
    average = float(measures.binary_entropy(k / 100, base=2))
    if no_bits <= 3:
        return Feedback(False, f"For k = {k} a \"no\" has probability {(100 - k) / 100:.2f} "
                               f"and is worth {no_bits:.2f} bits, not more than 3: "
                               "it must be rarer than 1 in 8.")
    if average <= 0.5:
        return Feedback(False, f"For k = {k} the \"no\" is worth {no_bits:.2f} bits, but the "
                               f"question is worth only {average:.4f} bits on average: the "
                               "likely \"yes\" is worth almost nothing. Make the \"no\" less rare.")
    return Feedback(True, f"k = {k}: a \"no\" is worth {no_bits:.2f} bits, yet the question "
                          f"averages {average:.3f} bits, less than 1. A single answer can be "
                          "worth far more than a bit; on average none is.")
