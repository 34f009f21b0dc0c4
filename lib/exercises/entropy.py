"""Checkers of the exercises in ``02_entropy.ipynb``."""

import math
from collections import Counter

import numpy as np

from .. import coding, measures
from ..check import Feedback, _missing, choice, number
from . import exercise


@exercise("02.1")
def _(answer):
    return choice(answer, "about a third", explanations={
        "about a third": "Right: P(exactly one tail) = 0.99⁹⁹ ≈ 0.37. The other runs, about "
                         "two in three, cannot be sent at all.",
        "almost all": "Not quite: one tail is the single most likely count, but two or more "
                      "tails, or none, happen more often than exactly one. Run the next cell.",
        "about two thirds": "Close to the reverse: about two thirds of the runs are the ones "
                            "the code cannot send. Run the next cell.",
        "almost none": "Too pessimistic: exactly one tail is the most likely count of all. "
                       "Run the next cell.",
    })


@exercise("02.2")
def _(answer):
    counts = list(Counter("MISSISSIPPI").values())
    p = np.array(counts) / sum(counts)
    return number(answer, float(measures.entropy(p, base=2)), unit="bits",
                  why="frequencies 4/11, 4/11, 2/11, 1/11 (I, S, P, M); their surprises "
                      "averaged with those weights.",
                  mistakes=[(2.0, "log2 4 treats the four letters as equally likely; weight "
                                  "each surprise by its frequency."),
                            (math.log2(11), "log2 11 is the entropy of the position; the "
                                            "letter repeats, so it has less.")])


@exercise("02.3")
def _(answer):
    five = [0.4, 0.2, 0.2, 0.1, 0.1]
    return number(answer, coding.average_length(coding.huffman_code(five), five),
                  unit="bits per symbol",
                  why="e.g. lengths 2, 2, 2, 3, 3 (or 1, 2, 3, 4, 4): both average the same, above "
                      "the entropy because the probabilities are not powers of 1/2.",
                  mistakes=[(float(measures.entropy(five, base=2)),
                             "That is the entropy. A Huffman code reaches it only when every "
                             "probability is a power of 1/2; here it is a little above."),
                            (float(np.dot(five, coding.shannon_lengths(five))),
                             "Those are the rounded-up lengths ⌈−log2 p⌉; Huffman does better.")])


@exercise("02.4")
def _(answer):
    missing = _missing(answer)
    if missing is not None:
        return missing
    try:
        t = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, "Expected a 2×2 table of numbers.")
    if t.shape != (2, 2):
        return Feedback(False, f"Expected a 2×2 table p(x, y), got shape {t.shape}.")
    if not np.all(np.isfinite(t)) or np.any(t < 0) or abs(t.sum() - 1) > 1e-9:
        return Feedback(False, f"A joint distribution has entries ≥ 0 that sum to 1; "
                               f"yours sum to {t.sum():.4g}.")
    hy = float(measures.entropy(t.sum(axis=0), base=2))
    rows = []
    for x in range(2):
        px = t[x].sum()
        if px > 0:
            rows.append((x, float(measures.entropy(t[x] / px, base=2))))
    best_x, best = max(rows, key=lambda r: r[1])
    average = float(measures.conditional_entropy(t, base=2))
    if best <= hy + 1e-9:
        return Feedback(False, f"Here H(Y) = {hy:.3f} bits and H(Y | X = {best_x}) = {best:.3f}: "
                               "no value of X raises the uncertainty about Y. Try a Y that is "
                               "almost certain when X = 0 (the likely case) and a coin flip "
                               "when X = 1.")
    return Feedback(True, f"H(Y | X = {best_x}) = {best:.3f} bits > H(Y) = {hy:.3f}: learning "
                          f"X = {best_x} made Y less certain. On average it cannot: "
                          f"H(Y | X) = {average:.3f} ≤ {hy:.3f}.")


@exercise("02.5")
def _(answer):
    gap = 0.5 * math.log2(2 * math.pi * math.e / 12)
    return number(answer, gap, unit="bits",
                  why="½ log2(2πe σ²) − log2(√12 σ) = ½ log2(2πe/12): σ cancels, so at every "
                      "variance the Gaussian has this much more differential entropy.",
                  mistakes=[(0.5 * math.log2(2 * math.pi * math.e) - math.log2(12),
                             "The uniform's width is √12 σ, so its entropy is log2(√12 σ), "
                             "not log2(12 σ)."),
                            (0.5 * math.log2(2 * math.pi * math.e),
                             "That is the Gaussian alone at σ = 1; subtract the uniform's "
                             "log2 of its width.")])
