"""Checkers of the exercises in ``05_asymmetry.ipynb`` (ids ``05.k``).

The expected values are computed here, independently of the notebook where that is cheap
(scipy's normal densities, closed-form moments, a matrix inverse), and with
:mod:`lib.fitting` where the answer is an optimiser's result.
"""

import numpy as np
from scipy import stats

from .. import fitting
from ..check import Feedback, choice, function, number
from . import exercise


@exercise("05.1")
def _(answer):
    return choice(answer, "moves to the middle", explanations={
        "moves to the middle": "Right: at a = 1 the reverse divergence has one minimum, in the "
                               "centre, and the optimiser started on the mode walks back to it. "
                               "Reverse KL picks a mode only when the modes are far apart.",
        "stays on the mode": "Not at a = 1: the modes are so close that a Gaussian on one of them "
                             "pays for leaving the other uncovered more than a wider centred one "
                             "pays for its mass between the modes. Run the next cell.",
        "stops in between": "An optimiser stops only where the gradient is zero; at a = 1 that "
                            "happens at a single point. Run the next cell and see where.",
    })


def _integrand(x, weighting, other):
    log_w, log_o = weighting.logpdf(x), other.logpdf(x)
    return float(np.exp(log_w) * (log_w - log_o))


@exercise("05.2")
def _(answer):
    p, q = stats.norm(0.0, 1.0), stats.norm(1.5, 0.7)
    return number(answer, _integrand(-1.0, p, q), unit="nats per unit x",
                  why="large and positive: p is large at x = −1 and q is tiny, so log(p/q) is "
                      "large. Forward KL pushes q *up* where p is large, never down.",
                  mistakes=[(_integrand(-1.0, q, p), "That is the reverse integrand q·log(q/p), "
                             "weighted by q, which is tiny here. The forward one is weighted by p."),
                            (float(p.logpdf(-1.0) - q.logpdf(-1.0)),
                             "That is log(p/q) alone; multiply by the weight p(−1)."),
                            (_integrand(-1.0, p, stats.norm(1.5, 0.49)),
                             "That uses σ = 0.49: 0.7² is the variance, and scale= (like "
                             "normal_logpdf's sigma) takes the standard deviation 0.7.")])


def _moments(weights, means, sds):
    w, m, s = (np.asarray(v, dtype=float) for v in (weights, means, sds))
    mean = float(np.sum(w * m))
    return mean, float(np.sqrt(np.sum(w * (s ** 2 + (m - mean) ** 2))))


def _mixtures(rng):
    out = []
    for k in (1, 2, 3, 4, 2):
        out.append((rng.dirichlet(np.ones(k)), rng.normal(0.0, 3.0, k), rng.uniform(0.2, 2.5, k)))
    return out


@exercise("05.3")
def _(answer):
    cases = [([1.0], [2.0], [0.5]), ([0.5, 0.5], [-3.0, 3.0], [1.0, 1.0]),
             ([0.3, 0.7], [-2.0, 1.0], [1.0, 0.5])]
    verdict = function(answer, _moments, cases, random_cases=_mixtures, rtol=1e-8, atol=1e-10,
                       name="forward_fit",
                       why="the forward fit sets μ to p's mean and σ² to p's variance (within "
                           "plus between components), for any mixture: moment matching.")
    if verdict.passed or not callable(answer):
        return verdict
    try:
        got = np.asarray(answer(*cases[2]), dtype=float)
    except Exception:  # the learner's code may fail in any way; function() said how
        return verdict
    mean, sd = _moments(*cases[2])
    w, m = np.array(cases[2][0]), np.array(cases[2][1])
    hints = [((mean, sd ** 2), "The second value is the variance σ²; return its square root σ."),
             ((mean, float(np.sqrt(np.sum(w * m ** 2) - mean ** 2))),
              "You left out each component's own variance s_k²: the variance of a mixture is "
              "within-component plus between-component spread.")]
    for values, hint in hints:
        if got.shape == (2,) and np.allclose(got, values, rtol=1e-6):
            return Feedback(False, hint)
    return verdict


@exercise("05.4")
def _(answer):
    fits = [fitting.fit_mixture(2.7, "reverse", start) for start in fitting.STARTS]
    best, worst = sorted(fits, key=lambda f: f.kl)
    return number(answer, best.kl, rtol=1e-5, unit="nats",
                  why="the centred fit is lower: just below a* a one-mode minimum already "
                      "exists but is only local. One run of the optimiser can miss the optimum.",
                  mistakes=[(worst.kl, "That is the fit on the mode: a local minimum only. The "
                                       "other start ends lower; compare the divergences."),
                            (fitting.fit_mixture(2.7, "forward", "centre").kl,
                             "That is the forward divergence KL(p‖q) at the forward fit; the "
                             "question is about the reverse one, KL(q‖p).")])


@exercise("05.5")
def _(answer):
    S = np.array([[2.0, 1.2], [1.2, 1.0]])
    precision = np.linalg.inv(S)
    expected = 1.0 / precision[0, 0]
    return number(answer, expected, rtol=1e-6, unit="",
                  why="1/Λ₁₁ = Σ₁₁ − Σ₁₂²/Σ₂₂, the variance of x₁ given x₂: the reverse fit "
                      "is as narrow as the conditional, well below the marginal variance 2.",
                  mistakes=[(S[0, 0], "That is Σ₁₁, the marginal variance: what the forward fit "
                                      "gives. Mean-field VI minimises the reverse direction."),
                            (precision[0, 0], "That is Λ₁₁ itself; the variance is its reciprocal."),
                            (1.0 / S[0, 0], "1/Σ₁₁ inverts the entry, not the matrix: invert Σ "
                                            "first, then take the reciprocal of its (1, 1) entry."),
                            (float(np.sqrt(expected)), "That is the standard deviation; the "
                                                       "question asks for the variance σ₁².")])
