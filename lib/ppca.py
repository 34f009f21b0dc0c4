r"""Probabilistic PCA: the linear-Gaussian VAE, where every quantity has a closed form.

The model (Tipping & Bishop, 1999) is a VAE with a linear decoder and Gaussian noise:

.. math:: z \sim \mathcal N(0, I_k), \qquad x \mid z \sim \mathcal N(Wz + \mu, \sigma^2 I_D),

so the marginal is :math:`x \sim \mathcal N(\mu, C)` with :math:`C = WW^\top + \sigma^2 I`
and the posterior is Gaussian, :math:`z \mid x \sim \mathcal N(M^{-1}W^\top(x - \mu),
\sigma^2 M^{-1})` with :math:`M = W^\top W + \sigma^2 I_k`. For any Gaussian
:math:`q(z) = \mathcal N(m, S)` the ELBO is a closed form too, and

.. math:: \log p(x) = \mathrm{ELBO}(q) + \mathrm{KL}\big(q \,\|\, p(z \mid x)\big).

Maximum likelihood has a closed form: with the eigenvalues :math:`\lambda_1 \ge \dots \ge
\lambda_D` of the sample covariance and their eigenvectors :math:`U`,
:math:`\sigma^2 = \frac{1}{D-k}\sum_{i>k} \lambda_i` and :math:`W = U_k(\Lambda_k -
\sigma^2 I)^{1/2}`. Weighting the KL term by β gives the same solution with
:math:`\sigma^2` replaced by :math:`\beta\sigma^2` in :math:`W`: a unit whose eigenvalue is
at most :math:`\beta\sigma^2` gets a zero column and its posterior equals the prior
(posterior collapse). Taught in ``07_vae.ipynb``.
"""

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite

__all__ = ["PPCA", "fit", "log_marginal", "posterior", "elbo", "gap", "beta_fit",
           "active_units", "kl_term"]

_LOG_2PI = np.log(2.0 * np.pi)


@dataclass(frozen=True)
class PPCA:
    """A fitted probabilistic PCA: mean ``mu`` (D,), loadings ``W`` (D, k), noise ``sigma2``.

    ``eigenvalues`` are those of the training covariance (all D, largest first), kept for
    the β analysis.
    """

    mu: np.ndarray
    W: np.ndarray
    sigma2: float
    eigenvalues: np.ndarray


def _data(x, D=None):
    x = as_finite(x, "x")
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise ValueError(f"x must be one vector or a matrix of rows, got shape {x.shape}")
    if D is not None and x.shape[1] != D:
        raise ValueError(f"x has {x.shape[1]} coordinates but the model has {D}")
    return x


def _eigen(x):
    mu = x.mean(axis=0)
    lam, U = np.linalg.eigh(np.cov(x, rowvar=False, bias=True))
    order = np.argsort(lam)[::-1]
    return mu, np.clip(lam[order], 0.0, None), U[:, order]


def fit(x, k):
    """Maximum-likelihood probabilistic PCA with ``k`` latent dimensions.

    Parameters
    ----------
    x : array_like, shape (N, D)
        Training data, one example per row.
    k : int
        Latent dimensions, ``1 <= k < D``.

    Returns
    -------
    PPCA
        With ``W = U_k (Λ_k − σ²)^{1/2}`` (columns ordered by eigenvalue) and ``σ²`` the mean
        of the discarded eigenvalues.
    """
    x = _data(x)
    D = x.shape[1]
    if not 1 <= int(k) < D:
        raise ValueError(f"k must be between 1 and D - 1 = {D - 1}, got {k}")
    k = int(k)
    mu, lam, U = _eigen(x)
    sigma2 = float(lam[k:].mean())
    if sigma2 <= 0:
        raise ValueError("the discarded eigenvalues are all 0: the data lie in a k-dim subspace")
    W = U[:, :k] * np.sqrt(np.clip(lam[:k] - sigma2, 0.0, None))
    return PPCA(mu, W, sigma2, lam)


def log_marginal(model, x):
    r"""``log p(x) = log N(x; μ, WWᵀ + σ²I)`` for each row of ``x``, in nats (a log-density)."""
    x = _data(x, model.mu.size)
    D = model.mu.size
    L = np.linalg.cholesky(model.W @ model.W.T + model.sigma2 * np.eye(D))
    r = np.linalg.solve(L, (x - model.mu).T)
    return -0.5 * (D * _LOG_2PI + 2.0 * np.sum(np.log(np.diag(L))) + np.sum(r * r, axis=0))


def posterior(model, x):
    r"""The exact posterior ``p(z | x) = N(M⁻¹Wᵀ(x − μ), σ²M⁻¹)``, ``M = WᵀW + σ²I``.

    Returns
    -------
    means : ndarray, shape (N, k)
    cov : ndarray, shape (k, k)
        The same for every x.
    """
    x = _data(x, model.mu.size)
    k = model.W.shape[1]
    M = model.W.T @ model.W + model.sigma2 * np.eye(k)
    means = np.linalg.solve(M, model.W.T @ (x - model.mu).T).T
    cov = model.sigma2 * np.linalg.inv(M)
    return means, 0.5 * (cov + cov.T)


def elbo(model, x, m, S, *, beta=1.0):
    r"""The ELBO of one ``x`` for a Gaussian ``q(z) = N(m, S)``, in nats, and its two terms.

    .. math:: \mathrm{ELBO} = \underbrace{-\tfrac{D}{2}\log 2\pi\sigma^2
              - \frac{\|x - \mu - Wm\|^2 + \operatorname{tr}(W^\top W S)}{2\sigma^2}}_{
              \mathbb E_q \log p(x\mid z)}
              - \beta\,\underbrace{\tfrac12\big(\operatorname{tr} S + m^\top m - k
              - \log\det S\big)}_{\mathrm{KL}(q\,\|\,\mathcal N(0, I))}

    Parameters
    ----------
    model : PPCA
    x : array_like, shape (D,)
    m : array_like, shape (k,)
    S : array_like, shape (k, k), symmetric positive definite
    beta : float
        Weight of the KL term (1: the ELBO).

    Returns
    -------
    total, reconstruction, kl : float
    """
    x = _data(x, model.mu.size)[0]
    m, S = as_finite(m, "m"), as_finite(S, "S")
    k = model.W.shape[1]
    if m.shape != (k,) or S.shape != (k, k):
        raise ValueError(f"q must have mean shape ({k},) and covariance ({k}, {k}), "
                         f"got {m.shape} and {S.shape}")
    sign, logdet = np.linalg.slogdet(S)
    if sign <= 0:
        raise ValueError("S is not positive definite")
    D, s2, W = model.mu.size, model.sigma2, model.W
    r = x - model.mu - W @ m
    recon = -0.5 * (D * np.log(2.0 * np.pi * s2) + (r @ r + np.trace(W.T @ W @ S)) / s2)
    kl = 0.5 * (np.trace(S) + m @ m - k - logdet)
    return float(recon - beta * kl), float(recon), float(kl)


def gap(model, x, m, S):
    """``log p(x) − ELBO(q)`` for ``q = N(m, S)``: equals ``KL(q ‖ p(z | x))``, >= 0."""
    return float(log_marginal(model, x)[0] - elbo(model, x, m, S)[0])


def beta_fit(model, beta):
    r"""The optimum of the β-weighted ELBO for the linear VAE with ``σ²`` held fixed.

    Dividing the objective by β shows it is the ELBO of a model with noise ``βσ²``, so
    ``W_β = U_k(Λ_k − βσ²)₊^{1/2}``. Returns a :class:`PPCA` with those loadings and the
    original ``σ²`` (its encoder is the exact posterior of the ``βσ²`` model:
    use :func:`posterior` on ``PPCA(mu, W_β, β σ², eigenvalues)``).
    """
    beta = float(beta)
    if not beta > 0:
        raise ValueError(f"beta must be positive, got {beta}")
    k = model.W.shape[1]
    norms2 = np.sum(model.W ** 2, axis=0)  # λ_i − σ² for the fitted units
    lam = norms2 + model.sigma2
    scale = np.sqrt(np.clip(lam - beta * model.sigma2, 0.0, None) / np.where(norms2 > 0, norms2, 1.0))
    return PPCA(model.mu, model.W * scale[:k], model.sigma2, model.eigenvalues)


def active_units(model, beta):
    """How many of the model's k units stay active at weight β: those with ``λ_i > βσ²``."""
    return int(np.sum(model.eigenvalues[: model.W.shape[1]] > float(beta) * model.sigma2))


def kl_term(model, beta):
    r"""The average KL term at the β optimum, per unit: ``½ log(λ_i / βσ²)₊``, in nats.

    Averaged over the training data the encoder's mean along unit i has second moment
    ``1 − βσ²/λ_i`` and its variance is ``βσ²/λ_i``, so the closed-form KL gives
    ``½ log(λ_i / βσ²)`` for an active unit and 0 for a collapsed one.
    """
    lam = model.eigenvalues[: model.W.shape[1]]
    return 0.5 * np.log(np.maximum(lam / (float(beta) * model.sigma2), 1.0))
