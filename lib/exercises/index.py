"""Checkers of the exercises in ``00_index.ipynb`` (the warm-up on the prerequisites)."""

import math

import numpy as np

from ..check import choice, function, number
from . import exercise


@exercise("00.1")
def _(answer):
    return number(answer, 0.5 * 0.2, why="independent probabilities multiply.",
                  mistakes=[(0.5 + 0.2, "Adding is for events that exclude each other; "
                                        "independent ones multiply.")])


@exercise("00.2")
def _(answer):
    return number(answer, -3.0, why="2⁻³ = 1/8: a probability below 1 has a negative log, "
                                    "which is why surprise is written −log p.",
                  mistakes=[(math.log(1 / 8), "That is the natural log, ln(1/8); use base 2."),
                            (1 / 8, "That is the number itself; take its log2.")])


@exercise("00.3")
def _(answer):
    return number(answer, 3.5, why="(1 + 2 + … + 6) / 6 = 21 / 6: each face weighted by 1/6.",
                  mistakes=[(3.0, "Close: the average of 1 to 6 is halfway between 3 and 4."),
                            (21.0, "That is the sum of the faces; weight each by its probability 1/6.")])


def _random_positive(rng):
    return [float(rng.uniform(1e-3, 1e3)), rng.lognormal(0.0, 3.0, size=5)]


@exercise("00.4")
def _(answer):
    return function(answer, np.log2,
                    [1.0, 2.0, 8.0, 0.5, 1e-300, 1e300, np.array([0.25, 4.0, 1024.0])],
                    random_cases=_random_positive, rtol=1e-12, name="log2_from_ln",
                    why="x = 2^y gives ln x = y ln 2, so y = ln x / ln 2: a change of base is "
                        "one division, the same one that turns nats into bits.")


@exercise("00.5")
def _(answer):
    return choice(answer, "above", explanations={
        "above": "Yes: about 2.3 bits above the floor. A confident wrong model is expensive: "
                 "every tail costs −log2 0.01 ≈ 6.6 bits, and half the flips are tails.",
        "below": "Not quite: run the next cell. A model that is sure of heads pays about 6.6 "
                 "bits for every tail, and a fair coin shows a tail half the time.",
    })
