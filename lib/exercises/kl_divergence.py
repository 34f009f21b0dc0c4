"""Checkers of the exercises in ``04_kl_divergence.ipynb`` (ids ``04.k``).

Expected values are computed here from the definitions (plain NumPy sums, the Bernoulli and
Gaussian closed forms, a root finder), not copied from the notebook.
"""

import math

import numpy as np
from scipy import optimize

from ..check import Feedback, choice, function, number
from . import exercise


def _kl_bits(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    used = p > 0
    if np.any(q[used] == 0):
        return math.inf
    return float(np.sum(p[used] * np.log2(p[used] / q[used])))


def _pairs(rng):
    out = []
    for n in (2, 3, 5, 8):
        p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
        out.append((p, q))
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    p[1], q[4] = 0.0, 0.0                       # a zero in p (harmless) and in q where p > 0
    out.append((p / p.sum(), q / q.sum()))
    return out


@exercise("04.1")
def _(answer):
    cases = [([0.5, 0.5], [0.5, 0.5]), ([0.5, 0.5], [0.9, 0.1]), ([1.0, 0.0], [0.5, 0.5]),
             ([0.5, 0.5], [1.0, 0.0]), ([0.0, 0.3, 0.7], [0.2, 0.0, 0.8]),
             ([0.25, 0.25, 0.5], [0.25, 0.25, 0.5])]
    return function(answer, _kl_bits, cases, random_cases=_pairs, name="kl_bits",
                    why="a sum of p·log₂(p/q) over the outcomes with p > 0; ∞ as soon as q "
                        "misses one of them, without a warning.")


@exercise("04.2")
def _(answer):
    return choice(answer, "likely", explanations={
        "likely": "Right: each term is p·log(p/q), weighted by p. Starving the likely "
                  "outcome multiplies a large log-ratio by a large weight.",
        "rare": "The rare outcome's term is weighted by its small p = 0.1, so starving it "
                "costs little. Run the next cell and compare the terms.",
    })


def _bern_kl(x, y):
    return x * math.log(x / y) + (1 - x) * math.log((1 - x) / (1 - y))


@exercise("04.3")
def _(answer):
    if answer is Ellipsis:
        return choice(answer, None)
    try:
        a, b, c = (float(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, "Give three numbers, coins = (a, b, c).")
    if not all(0 < v < 1 for v in (a, b, c)):
        return Feedback(False, "Each coin's heads probability must lie strictly between 0 and 1 "
                               "(at 0 or 1 some KL is infinite and proves nothing).")
    if sorted(round(v, 9) for v in (a, b, c)) == [0.1, 0.5, 0.9]:
        return Feedback(False, "Those are the coins of section 7; find a triple of your own.")
    direct = math.sqrt(_bern_kl(a, c))
    detour = math.sqrt(_bern_kl(a, b)) + math.sqrt(_bern_kl(b, c))
    if direct > detour + 1e-9:
        return Feedback(True, f"√KL(a‖c) = {direct:.4f} > {detour:.4f} = √KL(a‖b) + √KL(b‖c): "
                              "a counterexample. Even √KL is not a distance (and it is still "
                              "not symmetric); √JS and W₁ are.")
    return Feedback(False, f"Here √KL(a‖c) = {direct:.4f} is not more than √KL(a‖b) + √KL(b‖c) "
                           f"= {detour:.4f}. Try coins further apart, with b halfway between.")


def _vae_term(sigma):
    return 0.5 * (sigma * sigma - 1.0 - math.log(sigma * sigma))


@exercise("04.4")
def _(answer):
    target = _vae_term(2.0)
    sigma = optimize.brentq(lambda s: _vae_term(s) - target, 1e-9, 1.0, xtol=1e-14)
    log_sigma_slip = optimize.brentq(
        lambda s: 0.5 * (s * s - 1 - math.log(s)) - 0.5 * (4 - 1 - math.log(2.0)), 1e-9, 1.0)
    return number(answer, sigma, rtol=1e-6, unit="",
                  why="about 3.5 times narrower than the prior costs as much as twice as wide: "
                      "the term's −ln σ² grows without bound as σ → 0, while σ² grows only "
                      "slowly. A collapsing encoder variance is expensive.",
                  mistakes=[(sigma * sigma, "That is σ², the variance; the question asks for σ."),
                            (log_sigma_slip, "That solves with ln σ in place of ln σ²: the term "
                                             "is ½(σ² − 1 − ln σ²)."),
                            (2.0, "σ = 2 is the given one; look for the other solution, below 1."),
                            (0.5, "σ = 1/2 is the mirror image on a log scale, but the term is not "
                                  "symmetric in log σ: ½ costs less than 2. Solve the equation.")])
