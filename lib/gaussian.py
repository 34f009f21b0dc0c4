"""Gaussians: differential entropy and KL divergence in closed form.

The textbook KL between two normals, ``log(σ2/σ1) + (σ1² + (μ1-μ2)²)/(2σ2²) - 1/2``, adds
numbers of order 1 to get a result that can be of order 1e-16 and so cancels to noise
for nearly equal Gaussians. Here it is rewritten as a sum of non-negative terms:
with ``r = σ1²/σ2²``, ``r - 1 - log r = -(log1p(x) - x)`` for ``x = r - 1``, and ``x`` itself
is computed from the difference ``σ1 - σ2``.
"""

import numpy as np

from ._special import expm1mx, log1pmx
from ._validate import as_finite, as_positive, input_eps, log_base, result

__all__ = ["entropy_normal", "entropy_mvn", "kl_normal", "kl_mvn", "kl_vae"]

_HALF_LOG_2PI_E = 0.5 * np.log(2.0 * np.pi * np.e)


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
    return result((_HALF_LOG_2PI_E + np.log(sigma)) / scale)


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
    return result(0.5 * (shape_term + location_term) / scale)


def _covariance(S, name):
    """A batch ``(..., k, k)`` of covariance matrices, symmetrised, with its Cholesky factor.

    Symmetry is judged against the matrix's own scale: ``max|S - Sᵀ| <= tol · max|S|`` with
    ``tol = sqrt(eps)`` of the precision ``S`` arrived in (1.5e-8 for float64), so the
    rounding noise of ``np.linalg.inv`` or of a product ``A @ A.T`` passes and a genuinely
    asymmetric matrix does not.
    """
    raw = S
    S = as_finite(S, name)
    if S.ndim < 2 or S.shape[-1] != S.shape[-2]:
        raise ValueError(f"{name} has shape {S.shape}; a covariance matrix is square, (..., k, k)")
    tol = np.sqrt(input_eps(raw))
    asym = np.max(np.abs(S - np.swapaxes(S, -1, -2)), axis=(-2, -1))
    size = np.max(np.abs(S), axis=(-2, -1))
    if np.any(asym > tol * size):
        raise ValueError(
            f"{name} is not symmetric: max|S - Sᵀ| is {float(np.max(asym)):.3g} against "
            f"max|S| = {float(np.max(size)):.3g} (tolerance {tol:.2g} of the scale); a covariance "
            "matrix must equal its transpose"
        )
    S = 0.5 * (S + np.swapaxes(S, -1, -2))
    try:
        return S, np.linalg.cholesky(S)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} is not positive definite") from None


def _logdet(L):
    return 2.0 * np.sum(np.log(np.diagonal(L, axis1=-2, axis2=-1)), axis=-1)


def entropy_mvn(S, *, base=None):
    r"""Differential entropy of a multivariate normal with covariance ``S``.

    .. math:: h\big(\mathcal N(m, S)\big) = \tfrac12 \log\det(2\pi e S)
              = \tfrac k2 \log(2\pi e) + \sum_i \log L_{ii}, \qquad S = L L^\top

    Independent of the mean. Batched: ``S`` of shape ``(..., k, k)`` gives one entropy per
    matrix. Taught with :func:`entropy_normal` in ``02_entropy.ipynb``; used in ``07_vae.ipynb``.

    Parameters
    ----------
    S : array_like
        Covariance matrices, ``(..., k, k)``, symmetric positive definite.
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float

    Raises
    ------
    ValueError
        ``S`` not finite, not square, not symmetric or not positive definite.
    ProbabilityError
        Invalid ``base``.
    """
    scale = log_base(base)
    S, L = _covariance(S, "S")
    k = S.shape[-1]
    return result((k * _HALF_LOG_2PI_E + 0.5 * _logdet(L)) / scale)


def kl_mvn(m1, S1, m2, S2, *, base=None):
    r"""KL divergence between multivariate normals, ``KL(N(m1, S1) ‖ N(m2, S2))``.

    .. math:: \mathrm{KL} = \tfrac12\Big[\operatorname{tr}(S_2^{-1} S_1) - k
              - \log\frac{\det S_1}{\det S_2} + (m_2 - m_1)^\top S_2^{-1} (m_2 - m_1)\Big]

    Evaluated as ``½[Σ_i (λ_i - log(1 + λ_i)) + ‖L⁻¹(m1 - m2)‖²]``, where ``λ_i`` are the
    eigenvalues of ``L⁻¹ (S1 - S2) L⁻ᵀ`` and ``S2 = L Lᵀ``: every term is non-negative.
    Batched: means ``(..., k)`` and covariances ``(..., k, k)`` whose batch shapes broadcast.
    Taught in ``04_kl_divergence.ipynb``.

    Parameters
    ----------
    m1, m2 : array_like
        Means, shape ``(..., k)``.
    S1, S2 : array_like
        Covariance matrices, shape ``(..., k, k)``, symmetric positive definite (symmetric
        to ``sqrt(eps)`` of their own scale).
    base : float, optional
        Logarithm base; nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        One divergence per element of the broadcast batch.

    Raises
    ------
    ValueError
        Shapes that do not match, non-finite entries, a covariance that is not symmetric
        or not positive definite.
    ProbabilityError
        Invalid ``base``.
    """
    scale = log_base(base)
    m1, m2 = as_finite(m1, "m1"), as_finite(m2, "m2")
    if m1.ndim < 1 or m2.ndim < 1 or m1.shape[-1] != m2.shape[-1]:
        raise ValueError(f"m1 and m2 must be vectors of the same length, got {m1.shape} and {m2.shape}")
    k = m1.shape[-1]
    S1, L1 = _covariance(S1, "S1")
    S2, L = _covariance(S2, "S2")
    for name, S in (("S1", S1), ("S2", S2)):
        if S.shape[-1] != k:
            raise ValueError(f"{name} has shape {S.shape}; expected (..., {k}, {k}) to match the mean")
    try:
        batch = np.broadcast_shapes(m1.shape[:-1], m2.shape[:-1], S1.shape[:-2], S2.shape[:-2])
    except ValueError:
        raise ValueError(
            f"batch shapes do not broadcast: m1 {m1.shape}, S1 {S1.shape}, m2 {m2.shape}, S2 {S2.shape}"
        ) from None
    L = np.broadcast_to(L, batch + (k, k))
    D = np.broadcast_to(S1, batch + (k, k)) - np.broadcast_to(S2, batch + (k, k))
    X = np.linalg.solve(L, D)                                  # L⁻¹ (S1 - S2)
    A = np.linalg.solve(L, np.swapaxes(X, -1, -2))             # L⁻¹ (S1 - S2) L⁻ᵀ
    lam = np.linalg.eigvalsh(0.5 * (A + np.swapaxes(A, -1, -2)))
    dm = np.broadcast_to(m1 - m2, batch + (k,))
    z = np.linalg.solve(L, dm[..., None])[..., 0]
    near = np.max(np.abs(lam), axis=-1) < 0.5
    # Nearly equal covariances: the series, no cancellation. Far apart: trace minus the
    # log-determinant ratio, from the Cholesky factors (log1p(λ) is inexact near λ = -1).
    close = np.sum(-log1pmx(np.where(near[..., None], lam, 0.0)), axis=-1)
    far = np.trace(A, axis1=-2, axis2=-1) - (np.broadcast_to(_logdet(L1), batch) - _logdet(L))
    shape = np.where(near, close, far)
    return result(0.5 * (shape + np.sum(z * z, axis=-1)) / scale)


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
    return result(0.5 * np.sum(mu * mu + expm1mx(logvar), axis=axis))
