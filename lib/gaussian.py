"""Gaussians: differential entropy and KL divergence in closed form.

The textbook KL between two normals, ``log(σ2/σ1) + (σ1² + (μ1-μ2)²)/(2σ2²) - 1/2``, adds
numbers of order 1 to get a result that can be of order 1e-16 and so cancels to noise
for nearly equal Gaussians. Here it is rewritten as a sum of non-negative terms:
with ``r = σ1²/σ2²``, ``r - 1 - log r = -(log1p(x) - x)`` for ``x = r - 1``, and ``x`` itself
is computed from the difference ``σ1 - σ2``.
"""

import numpy as np

from ._special import expm1mx, log1pmx
from ._validate import as_finite, as_positive, log_base

__all__ = ["entropy_normal", "kl_normal", "kl_mvn", "kl_vae"]

_HALF_LOG_2PI_E = 0.5 * np.log(2.0 * np.pi * np.e)


def _scalar(x):
    return x[()] if x.ndim == 0 else x


def entropy_normal(sigma, *, base=None):
    r"""Differential entropy of a normal distribution with standard deviation ``sigma``.

    .. math:: h\big(\mathcal N(\mu, \sigma^2)\big) = \tfrac12 \log(2\pi e \sigma^2)

    It does not depend on the mean, and it is negative for ``sigma < 1/sqrt(2πe) ≈ 0.242``:
    a differential entropy is not a count of bits. Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    sigma : array_like
        Standard deviations, finite and > 0.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float

    Raises
    ------
    ValueError
        ``sigma`` not finite or not > 0 (``ProbabilityError`` for an invalid ``base``).
    """
    scale = log_base(base)
    sigma = as_positive(sigma, "sigma")
    return _scalar((_HALF_LOG_2PI_E + np.log(sigma)) / scale)


def kl_normal(mu1, sigma1, mu2, sigma2, *, base=None):
    r"""KL divergence between two univariate normals, ``KL(N(μ1, σ1²) ‖ N(μ2, σ2²))``.

    .. math:: \mathrm{KL} = \log\frac{\sigma_2}{\sigma_1}
              + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac12
              = \tfrac12\Big[(r - 1 - \log r) + \frac{(\mu_1-\mu_2)^2}{\sigma_2^2}\Big],
              \quad r = \frac{\sigma_1^2}{\sigma_2^2}

    Both bracketed terms are non-negative and computed without cancellation, so nearly
    equal Gaussians get an accurate tiny answer. Broadcasts like numpy.
    Taught in ``04_kl_divergence.ipynb`` and ``05_asymmetry.ipynb``.

    Parameters
    ----------
    mu1, sigma1 : array_like
        Mean and standard deviation (not variance) of the first normal.
    mu2, sigma2 : array_like
        Mean and standard deviation of the second normal.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        The divergence, >= 0, zero only for identical normals.

    Raises
    ------
    ValueError
        A standard deviation not finite or not > 0; a mean not finite.
    """
    scale = log_base(base)
    mu1, mu2 = as_finite(mu1, "mu1"), as_finite(mu2, "mu2")
    s1, s2 = as_positive(sigma1, "sigma1"), as_positive(sigma2, "sigma2")
    x = ((s1 - s2) / s2) * ((s1 + s2) / s2)  # r - 1, from the exact difference s1 - s2
    # Near r = 1 the series form avoids cancellation; far from it, log r is taken from the
    # standard deviations themselves (log1p(x) would amplify the rounding in x as r -> 0).
    with np.errstate(invalid="ignore"):
        near = np.abs(x) < 0.5
        shape_term = np.where(near, -log1pmx(np.where(near, x, 0.0)),
                              x - 2.0 * (np.log(s1) - np.log(s2)))
    location_term = ((mu1 - mu2) / s2) ** 2
    return _scalar(0.5 * (shape_term + location_term) / scale)


def _spd(S, name, k):
    S = as_finite(S, name)
    if S.shape != (k, k):
        raise ValueError(f"{name} has shape {S.shape}; expected ({k}, {k}) to match the mean")
    if not np.allclose(S, S.T, rtol=1e-12, atol=0.0):
        raise ValueError(f"{name} is not symmetric; a covariance matrix must equal its transpose")
    try:
        return np.linalg.cholesky(S)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} is not positive definite") from None


def kl_mvn(m1, S1, m2, S2):
    r"""KL divergence between multivariate normals, ``KL(N(m1, S1) ‖ N(m2, S2))``, in nats.

    .. math:: \mathrm{KL} = \tfrac12\Big[\operatorname{tr}(S_2^{-1} S_1) - k
              - \log\frac{\det S_1}{\det S_2} + (m_2 - m_1)^\top S_2^{-1} (m_2 - m_1)\Big]

    Evaluated as ``½[Σ_i (λ_i - log(1 + λ_i)) + ‖L⁻¹(m1 - m2)‖²]``, where ``λ_i`` are the
    eigenvalues of ``L⁻¹ (S1 - S2) L⁻ᵀ`` and ``S2 = L Lᵀ``: every term is non-negative.
    Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    m1, m2 : array_like
        Means, shape ``(k,)``.
    S1, S2 : array_like
        Covariance matrices, shape ``(k, k)``, symmetric positive definite.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Shapes that do not match, non-finite entries, a covariance that is not symmetric
        or not positive definite.
    """
    m1, m2 = as_finite(m1, "m1"), as_finite(m2, "m2")
    if m1.ndim != 1 or m1.shape != m2.shape:
        raise ValueError(f"m1 and m2 must be vectors of the same length, got {m1.shape} and {m2.shape}")
    k = m1.shape[0]
    L1 = _spd(S1, "S1", k)
    L = _spd(S2, "S2", k)
    S1, S2 = np.asarray(S1, dtype=np.float64), np.asarray(S2, dtype=np.float64)
    A = np.linalg.solve(L, np.linalg.solve(L, S1 - S2).T)  # L⁻¹ (S1 - S2) L⁻ᵀ
    lam = np.linalg.eigvalsh(0.5 * (A + A.T))
    z = np.linalg.solve(L, m1 - m2)
    if np.max(np.abs(lam)) < 0.5:
        shape = np.sum(-log1pmx(lam))  # nearly equal covariances: no cancellation
    else:  # far apart: trace minus the log-determinant ratio, from the Cholesky factors
        logdet1 = 2.0 * np.sum(np.log(np.diag(L1)))
        logdet2 = 2.0 * np.sum(np.log(np.diag(L)))
        shape = np.trace(A) - (logdet1 - logdet2)
    return float(0.5 * (shape + z @ z))


def kl_vae(mu, logvar, *, axis=-1):
    r"""The VAE's KL term, ``KL(N(μ, diag(e^{logvar})) ‖ N(0, I))``, summed over ``axis``.

    .. math:: \mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big),
              \qquad \sigma_j^2 = e^{\mathrm{logvar}_j}

    The part ``σ² - 1 - log σ²`` is ``expm1(logvar) - logvar``, computed without
    cancellation near ``logvar = 0``. In nats. Taught in ``04_kl_divergence.ipynb`` and
    ``07_vae.ipynb``.

    Parameters
    ----------
    mu, logvar : array_like
        Encoder means and log-variances, same shape; the latent dimensions lie along ``axis``.
    axis : int, optional
        Axis of the latent dimensions. Default -1.

    Returns
    -------
    ndarray or float
        One KL per example (``axis`` removed), >= 0.

    Raises
    ------
    ValueError
        Non-finite entries or shapes that differ.
    """
    mu, logvar = as_finite(mu, "mu"), as_finite(logvar, "logvar")
    if mu.shape != logvar.shape:
        raise ValueError(f"mu has shape {mu.shape} but logvar has shape {logvar.shape}")
    return _scalar(0.5 * np.sum(mu * mu + expm1mx(logvar), axis=axis))
