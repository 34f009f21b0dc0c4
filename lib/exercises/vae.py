"""Checkers of the exercises in ``07_vae.ipynb`` (ids ``07.k``).

The expected values are computed here: the Gaussian KL term from :func:`lib.kl_mvn` (the
general closed form, not the VAE's shortcut), and the digits' linear VAE refitted with
:mod:`lib.ppca` from the data file.
"""

import numpy as np

from .. import digits, ppca
from ..check import choice, function, number
from ..gaussian import kl_mvn
from . import exercise


def _reference(mu, logvar):
    mu, logvar = np.asarray(mu, float), np.asarray(logvar, float)
    out = np.array([kl_mvn(m, np.diag(np.exp(v)), np.zeros_like(m), np.eye(m.size))
                    for m, v in zip(mu.reshape(-1, mu.shape[-1]), logvar.reshape(-1, mu.shape[-1]))])
    return out.reshape(mu.shape[:-1]) if mu.ndim > 1 else out[0]


def _encodings(rng):
    out = []
    for shape in ((3,), (4, 2), (5, 8)):
        out.append((rng.normal(0.0, 2.0, shape), rng.normal(0.0, 1.5, shape)))
    return out


@exercise("07.1")
def _(answer):
    cases = [(np.zeros(3), np.zeros(3)), (np.array([1.0]), np.array([np.log(0.25)])),
             (np.array([[0.0, 2.0], [-1.0, 0.5]]), np.array([[-3.0, 0.0], [1.0, -0.2]])),
             (np.array([1e-9]), np.array([1e-9]))]
    return function(answer, _reference, cases, random_cases=_encodings, rtol=1e-8, atol=1e-12,
                    name="kl_term",
                    why="per dimension ½(μ² + σ² − log σ² − 1): E_q[log q] = −½ log 2πσ² − ½ and "
                        "E_q[log p] = −½ log 2π − ½(μ² + σ²), summed over the latent axis.")


@exercise("07.2")
def _(answer):
    return choice(answer, "wider", explanations={
        "wider": "Right: per dimension the gap is ½(c² − 1 − ln c²), 1.5 − ln 2 ≈ 0.81 for c = 2 "
                 "but only ln 2 − 0.375 ≈ 0.32 for c = ½. The gap is the reverse KL, "
                 "KL(q ‖ posterior): it punishes q for mass where the posterior has little.",
        "narrower": "Not here: the gap is KL(q ‖ posterior), the reverse direction of 05, which "
                    "punishes q for putting mass where the posterior has little, so a too-wide q "
                    "pays more. Run the next cell.",
        "the same": "Doubling and halving are symmetric on a log scale, but the KL is not: "
                    "½(c² − 1 − ln c²) is not the same at c = 2 and c = ½. Run the next cell.",
    })


@exercise("07.3")
def _(answer):
    return number(answer, 16.0, rtol=1e-6,
                  why="log Binomial(x; 16, p) = log C(16, x) − 16·BCE(x/16, p), so BCE summed over "
                      "pixels plus the KL is (1/16)·(−reconstruction + 16·KL) + a constant: the KL "
                      "is weighted 16 times too much.",
                  mistakes=[(1 / 16, "1/16 is the factor in front of the true reconstruction term; "
                                     "β is the KL's weight once the loss is rescaled so that the "
                                     "reconstruction has weight 1."),
                            (64.0, "64 would come from a mean over the 64 pixels; here the BCE is "
                                   "summed over pixels. Where does the 16 of Binomial(16, p) go?"),
                            (1.0, "It would be 1 only if BCE(x/16, p) were the log-likelihood of "
                                  "the counts; compare it with log Binomial(x; 16, p).")])


@exercise("07.4")
def _(answer):
    x_train, _, _, _ = digits.split()
    model = ppca.fit(x_train / digits.COUNT, 10)
    lam = model.eigenvalues[:10] / model.sigma2
    return number(answer, lam[5], rtol=1e-4,
                  why="unit 6 is active while λ₆ > βσ², so it switches off at β = λ₆/σ².",
                  mistakes=[(lam[4], "That is where unit 5 switches off (λ₅/σ²); units count from 1, "
                                     "so unit 6 is eigenvalue index 5 in Python."),
                            (lam[6], "That is unit 7's threshold (λ₇/σ²): Python index 6 is unit 7."),
                            (model.eigenvalues[5], "That is λ₆ itself; compare it with βσ², "
                                                   "so divide by σ².")])
