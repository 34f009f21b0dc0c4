"""Checkers for the exercises of ``08_trust_regions.ipynb``."""

import numpy as np

from .. import sequence_kl
from ..check import choice, function
from . import exercise


def _pairs(rng):
    out = []
    for k in range(4):
        p = rng.dirichlet(np.ones(6))
        q = rng.dirichlet(np.ones(6))
        if k % 2:
            q[rng.integers(6)] = 0.0
            q /= q.sum()
        if k == 3:
            p[rng.integers(6)] = 0.0
            p /= p.sum()
        out.append((p, q))
    return out


def _mean_ratio(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    return float(np.sum(p[q > 0]))


@exercise("08.1")
def _(answer):
    return function(answer, _mean_ratio,
                    [([0.5, 0.5], [0.5, 0.5]), ([0.2, 0.8], [0.9, 0.1]),
                     ([0.5, 0.5], [1.0, 0.0]), ([0.0, 1.0], [0.5, 0.5])],
                    random_cases=_pairs, name="mean_ratio",
                    why="E_q[p/q] = Σ_{q>0} q·p/q = Σ_{q>0} p, the mass of p on q's support. It is "
                        "1, and k3 unbiased, exactly when p has no mass where q has none; "
                        "otherwise E_q[k3] falls short of KL(q‖p) by the missing mass.")


@exercise("08.2")
def _(answer):
    return choice(answer, "runs away", explanations={
        "runs away": "Right: k2 as a loss is the gradient of the per-token reverse KL with the "
                     "visit counts held fixed, so, like k3, it does not charge for making words "
                     "longer, and the vowel reward keeps paying for length.",
        "optimum": "No: only the exact gradient (k1 in the reward) reaches π*. k2's expected "
                   "gradient leaves out how a longer word adds KL at every extra letter.",
        "elsewhere": "No: there is no finite resting point here; the loss never charges for "
                     "the extra letters, and the vowel reward pays for them.",
    })


def _k3_reference(z, ref):
    z = np.asarray(z, float)
    pi = np.exp(z - z.max())
    pi /= pi.sum()
    return pi - np.asarray(ref, float)


def _logit_cases(rng):
    return [(rng.normal(scale=2.0, size=n), rng.dirichlet(np.ones(n))) for n in (2, 4, 7)]


@exercise("08.3")
def _(answer):
    return function(answer, _k3_reference,
                    [(np.zeros(3), np.full(3, 1 / 3)), (np.array([0.0, 1.0]), np.array([0.9, 0.1])),
                     (np.array([30.0, 0.0, -30.0]), np.array([0.2, 0.3, 0.5]))],
                    random_cases=_logit_cases, name="k3_loss_gradient", rtol=1e-7, atol=1e-10,
                    why="Σ_a π(a)(1 − ρ(a)/π(a))(e_a − π) = π − ρ: the gradient of the forward "
                        "KL(ρ‖π) in the logits, not of KL(π‖ρ).")


def _bigrams(rng):
    out = []
    for S in (3, 5):
        P = rng.dirichlet(np.ones(S), size=S)
        ref = rng.dirichlet(np.ones(S), size=S)
        out.append((P, ref))
    return out


@exercise("08.4")
def _(answer):
    def reference(P, ref):
        return sequence_kl.sequence_kl(P, ref) / (sequence_kl.expected_length(P) + 1.0)

    uniform = np.full((3, 3), 1 / 3)
    skewed = np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]])
    return function(answer, reference, [(uniform, uniform), (skewed, uniform), (uniform, skewed)],
                    random_cases=_bigrams, name="kl_per_token",
                    why="the sequence KL spread over every decision, the end token included: "
                        "E[T] + 1 decisions per word. A per-token mean penalises a policy per "
                        "decision, so a longer word costs no more per token.")
