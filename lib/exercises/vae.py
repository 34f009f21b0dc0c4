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


def _reference(mu, logvar, prior_var=1.0):
    mu, logvar = np.asarray(mu, float), np.asarray(logvar, float)
    d = mu.shape[-1]
    out = np.array([kl_mvn(m, np.diag(np.exp(v)), np.zeros(d), prior_var * np.eye(d))
                    for m, v in zip(mu.reshape(-1, d), logvar.reshape(-1, d))])
    return out.reshape(mu.shape[:-1]) if mu.ndim > 1 else out[0]


def _encodings(rng):
    out = []
    for shape in ((3,), (4, 2), (5, 8)):
        out.append((rng.normal(0.0, 2.0, shape), rng.normal(0.0, 1.5, shape),
                    float(np.exp(rng.normal(0.0, 1.0)))))
    return out


@exercise("07.1")
def _(answer):
    cases = [(np.zeros(3), np.zeros(3), 1.0), (np.array([1.0]), np.array([np.log(0.25)]), 1.0),
             (np.zeros(2), np.log([4.0, 4.0]), 4.0),
             (np.array([[0.0, 2.0], [-1.0, 0.5]]), np.array([[-3.0, 0.0], [1.0, -0.2]]), 0.25),
             (np.array([1e-9]), np.array([1e-9]), 1.0)]
    return function(answer, _reference, cases, random_cases=_encodings, rtol=1e-8, atol=1e-12,
                    name="kl_term",
                    why="per dimension ½((μ² + σ²)/τ² − log(σ²/τ²) − 1): E_q[log q] = −½ log 2πσ² − ½ "
                        "and E_q[log p] = −½ log 2πτ² − (μ² + σ²)/(2τ²), summed over the latent "
                        "axis; τ² = 1 gives the VAE's ½(μ² + σ² − log σ² − 1).")


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
    return number(answer, 16.0 * 64, rtol=1e-6,
                  why="log Binomial(x; 16, p) = log C(16, x) − 16·BCE(x/16, p), so the BCE averaged "
                      "over 64 pixels is −reconstruction/(16·64) + a constant, and the loss is "
                      "(1/1024)·(−reconstruction + 1024·KL) + a constant: the KL is weighted "
                      "1,024 times too much.",
                  mistakes=[(1 / 1024, "1/1024 is the factor in front of the true reconstruction "
                                       "term; β is the KL's weight once the loss is rescaled so that "
                                       "the reconstruction has weight 1."),
                            (16.0, "16 is the factor hidden in BCE on x/16; the mean over pixels "
                                   "hides another one. The two multiply."),
                            (64.0, "64 is the factor of the mean over the 64 pixels; BCE on x/16 "
                                   "hides another one: compare it with log Binomial(x; 16, p)."),
                            (80.0, "The two factors multiply, they do not add."),
                            (1.0, "It would be 1 only if the loss summed the log-likelihood of the "
                                  "counts over pixels; compare BCE with log Binomial(x; 16, p).")])


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
