"""Checkers of the exercises in ``03_cross_entropy.ipynb`` (ids ``03.k``).

Expected values come from the definitions, computed here with plain NumPy (not with the
functions the notebook asks the learner to reproduce).
"""

import numpy as np

from ..check import Feedback, choice, function, number
from . import exercise


def _h(p, q):
    """−Σ p log q in nats over p > 0."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    used = p > 0
    return float(-np.sum(p[used] * np.log(q[used])))


@exercise("03.1")
def _(answer):
    return choice(answer, "more", explanations={
        "more": "Right: the uniform source sends C and D half the time, and the code built for "
                "(½, ¼, ⅛, ⅛) spends 3 bits on each of them.",
        "fewer": "Fewer would beat the entropy of the uniform source, 2 bits, which no code can "
                 "do on average. Run the next cell.",
        "the same": "The lengths 1, 2, 3, 3 average to 2 bits only if A is as frequent as the "
                    "code assumes; under a uniform source it is not. Run the next cell.",
    })


@exercise("03.2")
def _(answer):
    p, q = [0.7, 0.2, 0.1], [0.2, 0.3, 0.5]
    ln2 = np.log(2.0)
    return number(answer, _h(p, q) / ln2, unit="bits",
                  why="the weights come from p, the code lengths −log₂ qᵢ from q.",
                  mistakes=[(_h(q, p) / ln2, "That is H(q, p): the weights must come from p, the "
                                             "lengths from q."),
                            (_h(p, p) / ln2, "That is H(p), the cost of the right code. The code "
                                             "here was built for q."),
                            ((_h(p, q) - _h(p, p)) / ln2, "That is only the extra, KL(p‖q) = "
                                                          "H(p,q) − H(p); add H(p).")])


def _lse_loss(z, y):
    z = np.asarray(z, dtype=float)
    m = z.max()
    return float(m - z[y] + np.log(np.sum(np.exp(z - m))))


@exercise("03.3")
def _(answer):
    z = [0.5, 2.5, -1.0, 0.0]
    return number(answer, _lse_loss(z, 0), unit="nats",
                  why="log Σⱼ exp(zⱼ) − z₀: the network favours class 1, so the loss for class 0 "
                      "is large.",
                  mistakes=[(_lse_loss(z, 1), "That is the loss for class 1, the network's "
                                              "favourite; the true class is 0."),
                            (-0.5, "−z₀ alone leaves out the log-sum-exp that normalises the "
                                   "probabilities.")])


@exercise("03.4")
def _(answer):
    p = [0.82] + [0.02] * 9
    return number(answer, _h(p, p), unit="nats",
                  why="H(p,q) = H(p) + KL(p‖q) ≥ H(p), reached at q = p. The loss cannot go to 0.",
                  mistakes=[(0.0, "0 is the floor of KL(p‖q), not of the cross-entropy: "
                                  "H(p,q) = H(p) + KL(p‖q), and H(p) > 0 for a soft target."),
                            (-np.log(0.82), "That is the loss of a model that predicts exactly p "
                                            "but scored against a one-hot target. Score against "
                                            "the smoothed target p."),
                            (-0.82 * np.log(0.82), "That is only the true class's term; the nine "
                                                   "classes of 0.02 each contribute −0.02 ln 0.02 "
                                                   "too.")])


@exercise("03.5")
def _(answer):
    return number(answer, 2.0 ** 3.5,
                  why="2 to the power of the cross-entropy in bits: about 11 equally likely "
                      "characters.",
                  mistakes=[(np.exp(3.5), "e^3.5 treats 3.5 as nats. The cross-entropy is in "
                                          "bits, so raise 2 to it."),
                            (3.5 / np.log(2), "That converts 3.5 nats to bits; perplexity is an "
                                              "exponential, not a unit change.")])


def _bce(z, y):
    """−log P(y) with P(1) = sigmoid(z): softplus((1 − 2y) z), evaluated without cancellation."""
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.logaddexp(0.0, (1.0 - 2.0 * y) * z)


def _logits(rng):
    out = [(float(rng.normal(0, 3)), int(rng.integers(2))) for _ in range(4)]
    out.append((rng.normal(0, 20, 6), rng.integers(0, 2, 6)))
    return out


@exercise("03.6")
def _(answer):
    cases = [(0.0, 1), (2.0, 1), (2.0, 0), (-3.0, 1), (1000.0, 1), (1000.0, 0), (-1000.0, 1),
             (-1000.0, 0), (40.0, 1), (-40.0, 0),
             (np.array([-5.0, 0.5, 800.0]), np.array([1, 0, 1]))]
    verdict = function(answer, _bce, cases, random_cases=_logits, rtol=1e-9, atol=0.0,
                       name="bce",
                       why="−log σ(z) = log(1 + e^(−z)) for y = 1 and log(1 + e^z) for y = 0: a "
                           "softplus, written as max(u, 0) + log1p(e^(−|u|)) so that nothing "
                           "overflows and tiny losses keep their digits.")
    if verdict.passed or not callable(answer) or "(40.0, 1)" not in verdict.message:
        return verdict
    return Feedback(False, verdict.message + " The true loss there is about 4e−18: "
                    "log(1 + u) for tiny u needs np.log1p(u), and u itself must be computed "
                    "directly as e^(−|z|), not as 1 − σ(z).")
