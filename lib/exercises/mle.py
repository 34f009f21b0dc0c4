"""Checkers of the exercises in ``06_mle.ipynb`` (ids ``06.k``).

The expected values are computed here: counting with plain NumPy, the shipped word list
with :mod:`lib.ngram`, the χ² bias of a plug-in mutual information, and an exact Beta
integral.
"""

import math

import numpy as np
from scipy import optimize

from .. import corpora, measures, ngram
from ..check import Feedback, function, number
from . import exercise


def _tied_frequencies(counts, groups):
    """q_k = C_g / (m_g N) for k in group g: the group's count shared among its m_g values."""
    c = np.asarray(counts, dtype=float)
    _, group, size = np.unique(np.asarray(groups), return_inverse=True, return_counts=True)
    totals = np.bincount(group.ravel(), weights=c)
    return totals[group.ravel()] / (size[group.ravel()] * c.sum())


def _tied_cases(rng):
    out = []
    for k in (3, 6, 27):
        c = rng.integers(0, 20, size=k).astype(float)
        c[rng.integers(k)] += 1  # at least one positive count
        out.append((c, rng.integers(0, max(2, k // 3), size=k)))
    return out


@exercise("06.1")
def _(answer):
    cases = [(np.array([3.0, 1.0]), np.array([0, 1])),            # no ties: counting
             (np.array([3.0, 1.0]), np.array([0, 0])),            # one group: uniform
             (np.array([1.0, 2.0, 5.0]), np.array([5, 9, 5])),    # labels need not be 0, 1, ...
             (np.array([2.0, 0.0, 0.0, 6.0]), np.array([0, 1, 1, 0]))]  # a group without data
    verdict = function(answer, _tied_frequencies, cases, random_cases=_tied_cases,
                       rtol=1e-10, atol=1e-12, name="tied_mle",
                       why="with t_g shared by the m_g values of group g, ℓ = Σ_g C_g log t_g under "
                           "the constraint Σ_g m_g t_g = 1; setting C_g/t_g − λ m_g to 0 gives "
                           "t_g = C_g/(λ m_g), and the constraint fixes λ = N. The tied fit shares "
                           "each group's frequency equally among its members: the projection of p̂ "
                           "onto the tied family. Without ties it is counting, c_k/N.")
    if verdict.passed or not callable(answer):
        return verdict
    c, g = np.array([1.0, 2.0, 5.0]), np.array([5, 9, 5])
    try:
        got = np.asarray(answer(c.copy(), g.copy()), dtype=float)
    except Exception:  # the learner's code may fail in any way; function() said how
        return verdict
    if got.shape == c.shape and np.allclose(got, c / c.sum()):
        return Feedback(False, "That is plain counting, c_k/N: the ties are ignored. Values in the "
                               "same group must get the same probability; redo the Lagrange step "
                               "with one parameter t_g per group.")
    if got.shape == c.shape and np.allclose(got, np.array([6.0, 2.0, 6.0]) / 8):
        return Feedback(False, "Each value got its whole group's frequency C_g/N, so the "
                               "probabilities sum to more than 1. The constraint is "
                               "Σ_g m_g t_g = 1: a group's frequency is shared among its m_g values.")
    return verdict


@exercise("06.2")
def _(answer):
    train, held = corpora.pydoc_split()
    counts = ngram.bigram_counts(train[:1000])
    held_counts = ngram.bigram_counts(held)
    alpha = ngram.leave_one_out_alpha(counts)
    expected = ngram.cross_entropy(held_counts, ngram.smoothed(counts, alpha), base=2)
    peeked = optimize.minimize_scalar(
        lambda t: ngram.cross_entropy(held_counts, ngram.smoothed(counts, math.exp(t)), base=2),
        bounds=(math.log(1e-4), math.log(100.0)), method="bounded").fun
    return number(answer, expected, rtol=2e-4, unit="bits",
                  why="leave-one-out chose α from the training words alone, and the held-out "
                      "words then score it honestly.",
                  mistakes=[
                      (peeked, "That is the best α *on the held-out words*: it peeks at the data "
                               "it is scored on. Choose α by leave-one-out on the 1,000 training words."),
                      (ngram.cross_entropy(held_counts, ngram.smoothed(counts, 1.0), base=2),
                       "That is add-one (α = 1). Let leave-one-out choose α."),
                      (ngram.cross_entropy(counts, ngram.smoothed(counts, alpha), base=2),
                       "That is the cross-entropy on the training words; score on the held-out words."),
                      (math.inf, "∞: the unsmoothed model (α = 0). Leave-one-out picks an α > 0."),
                  ])


@exercise("06.3")
def _(answer):
    train, held = corpora.pydoc_split()
    held_counts, train_counts = ngram.bigram_counts(held), ngram.bigram_counts(train)
    r = int((held_counts.sum(axis=1) > 0).sum())
    c = int((held_counts.sum(axis=0) > 0).sum())
    t = held_counts.sum()
    p = held_counts / t
    return number(answer, (r - 1) * (c - 1) / (2 * t), rtol=0.05, unit="nats",
                  why="the shuffled pairs are independent, but a plug-in Î from T pairs is biased "
                      "upward by about (r−1)(c−1)/(2T), the mean of G/(2T) for G ~ χ² with "
                      "(r−1)(c−1) degrees of freedom; here T is the number of held-out predictions.",
                  mistakes=[
                      (0.0, "Only the *true* mutual information of the shuffled pairs is 0. The "
                            "estimate from a finite table fluctuates, and since Î ≥ 0 always, its "
                            "fluctuations cannot average out to 0: it is biased upward (section 4)."),
                      ((r - 1) * (c - 1) / (2 * train_counts.sum()),
                       "That is the bias for the *training* pairs. The shuffled table here has the "
                       "held-out predictions, so T is their number."),
                      (r * c / (2 * t), "Close, but the degrees of freedom of an r × c table are "
                                        "(r − 1)(c − 1), not r·c."),
                      ((r - 1) * (c - 1) / t, "A factor 2 off: G = 2TÎ, so Î ≈ E[G]/(2T)."),
                      (float(measures.mutual_information(p)),
                       "That is Î of the unshuffled held-out pairs. Shuffling the next symbols "
                       "breaks every link to the previous one; only the marginals survive."),
                  ])


@exercise("06.4")
def _(answer):
    exact = math.factorial(7) * math.factorial(3) / math.factorial(11)  # Beta(8, 4) = 1/1320
    return number(answer, exact, rtol=1e-6,
                  why="B(8, 4) = 7!·3!/11! = 1/1320, nowhere near 1: the likelihood is the "
                      "probability of the data for each θ, not a density over θ.",
                  mistakes=[(1.0, "A density over θ would integrate to 1, but the likelihood is not "
                                  "one. Compute the integral."),
                            (0.7**7 * 0.3**3, "That is L(0.7), the likelihood at its maximum, "
                                              "not its integral over θ.")])
