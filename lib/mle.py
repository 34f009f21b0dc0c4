r"""Maximum likelihood for continuous families, its cost in data, and the G-test.

- :func:`fit_normal` and :func:`fit_student_t`: the maximum-likelihood fits of a normal
  (the sample mean and the standard deviation with divisor ``N``: moment matching) and of
  a Student-t (no closed form: a numerical optimum of the average log-likelihood).
- :func:`excess_kl_normal` and :func:`expected_excess_kl_normal`: how far the fit of a
  normal to ``N`` points from ``N(μ, σ²)`` lands from the truth, ``KL(truth ‖ fit)``, by
  simulation and in closed form. Its expectation is close to ``k / (2N)`` with ``k = 2``
  free parameters, the penalty of Akaike's information criterion.
- :func:`g_test`: the likelihood-ratio test of independence in a table of counts,
  ``G = 2N·Î``, against the χ² distribution.

Taught in ``06_mle.ipynb``. Everything is in nats.
"""

import math

import numpy as np
from scipy import optimize, special, stats

from ._validate import as_float_array

__all__ = [
    "fit_normal",
    "fit_student_t",
    "excess_kl_normal",
    "expected_excess_kl_normal",
    "g_test",
]


def _sample(x):
    a = as_float_array(x, "x", error=ValueError)
    if a.ndim != 1 or a.size < 2 or not np.isfinite(a).all():
        raise ValueError("x must be a 1-D array of at least 2 finite numbers")
    return a


def fit_normal(x):
    r"""The maximum-likelihood normal for the sample ``x``: ``(mu, sigma)``.

    .. math:: \hat\mu = \frac1N\sum_n x_n, \qquad \hat\sigma^2 = \frac1N\sum_n (x_n - \hat\mu)^2

    The divisor is ``N``, not ``N − 1``: maximum likelihood matches the sample's first two
    moments. Taught in ``06_mle.ipynb``.
    """
    a = _sample(x)
    return float(a.mean()), float(a.std())


def fit_student_t(x):
    r"""The maximum-likelihood Student-t for the sample ``x``: ``(df, loc, scale)``.

    Maximises :math:`\frac1N\sum_n \log t_\nu\big((x_n - m)/s\big) - \log s` over
    ``(m, log s, log ν)`` with ``scipy.optimize.minimize`` (L-BFGS-B), starting from the
    median, a robust scale and ``ν = 5``; ``ν`` is kept in ``[0.5, 1000]``.
    Taught in ``06_mle.ipynb``.
    """
    a = _sample(x)
    med = float(np.median(a))
    mad = float(np.median(np.abs(a - med))) or float(a.std()) or 1.0

    def loss(theta):
        m, log_s, log_nu = theta
        return -float(np.mean(stats.t.logpdf(a, math.exp(log_nu), m, math.exp(log_s))))

    start = np.array([med, math.log(1.4826 * mad), math.log(5.0)])
    scale = max(abs(med), mad)
    bounds = [(med - 100 * scale, med + 100 * scale), (start[1] - 20, start[1] + 20),
              (math.log(0.5), math.log(1000.0))]
    res = optimize.minimize(loss, start, method="L-BFGS-B", bounds=bounds,
                            options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 1000})
    m, log_s, log_nu = res.x
    return math.exp(log_nu), float(m), math.exp(log_s)


def _kl_normal_standard(mu_hat, sigma_hat):
    """KL(N(0, 1) ‖ N(mu_hat, sigma_hat²)), elementwise."""
    return np.log(sigma_hat) + (1.0 + mu_hat**2) / (2.0 * sigma_hat**2) - 0.5


def excess_kl_normal(n, reps, rng, *, sufficient=False):
    r"""``KL(N(0, 1) ‖ N(μ̂, σ̂²))`` for ``reps`` maximum-likelihood fits to ``n`` points each.

    Draws ``reps`` samples of ``n`` standard normal points with ``rng.normal(size=(reps, n))``,
    fits each by :func:`fit_normal`'s formulas, and returns the divergence from the truth
    of every fit. With ``sufficient=True`` it draws the fit itself instead, from its exact
    sampling distribution (``μ̂ ~ N(0, 1/n)`` and ``n σ̂² ~ χ²_{n-1}``, independent): the
    same distribution of results at a cost that does not grow with ``n``.
    Taught in ``06_mle.ipynb``.

    Parameters
    ----------
    n : int
        Points per fit, at least 2.
    reps : int
        Number of fits.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (reps,)
    """
    n, reps = int(n), int(reps)
    if n < 2 or reps < 1:
        raise ValueError(f"need n >= 2 and reps >= 1, got n={n}, reps={reps}")
    if sufficient:
        mu_hat = rng.normal(0.0, 1.0 / math.sqrt(n), size=reps)
        sigma_hat = np.sqrt(rng.chisquare(n - 1, size=reps) / n)
    else:
        x = rng.normal(size=(reps, n))
        mu_hat, sigma_hat = x.mean(axis=1), x.std(axis=1)
    return _kl_normal_standard(mu_hat, sigma_hat)


def expected_excess_kl_normal(n):
    r"""The exact expectation of :func:`excess_kl_normal` (any true mean and variance).

    .. math::
        \mathbb E\,\mathrm{KL} = \tfrac12\Big[\log\tfrac{2}{N} + \psi\big(\tfrac{N-1}{2}\big)\Big]
        + \frac{N+1}{2(N-3)} - \frac12
        \;=\; \frac{2}{2N} + O(N^{-2})

    from ``E[1/σ̂²] = N/(N − 3)`` and ``E[log σ̂²] = log(2/N) + ψ((N − 1)/2)`` for
    ``N σ̂² ~ χ²_{N−1}``; infinite for ``N ≤ 3``. Taught in ``06_mle.ipynb``.
    """
    n = np.asarray(n, dtype=np.float64)
    if np.any(n < 2):
        raise ValueError("n must be at least 2")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n > 3,
                       0.5 * (np.log(2.0 / n) + special.digamma((n - 1.0) / 2.0))
                       + (n + 1.0) / (2.0 * (n - 3.0)) - 0.5,
                       np.inf)
    return out[()] if out.ndim == 0 else out


def g_test(counts):
    r"""Likelihood-ratio test of independence for a table of counts: ``(G, dof, p_value)``.

    .. math::
        G = 2\sum_{a,b} c_{ab}\log\frac{c_{ab}\,N}{n_{a\cdot}\,n_{\cdot b}} = 2N\,\hat I,
        \qquad \text{dof} = (r - 1)(c - 1)

    ``Î`` is the mutual information of the table's frequencies (in nats), ``r`` and ``c``
    the numbers of non-empty rows and columns. Under independence ``G`` is approximately
    χ²-distributed with ``dof`` degrees of freedom, so ``E[Î] ≈ dof / (2N)``: the bias of
    the plug-in mutual information. Taught in ``06_mle.ipynb``.
    """
    c = as_float_array(counts, "counts", error=ValueError)
    if c.ndim != 2 or not (np.isfinite(c).all() and (c >= 0).all()) or c.sum() == 0:
        raise ValueError("counts must be a 2-D table of finite, non-negative counts, not all 0")
    total = c.sum()
    rows, cols = c.sum(axis=1, keepdims=True), c.sum(axis=0, keepdims=True)
    seen = c > 0
    expected = rows * cols / total
    g = 2.0 * float(np.sum(c[seen] * np.log(c[seen] / expected[seen])))
    dof = (int((rows > 0).sum()) - 1) * (int((cols > 0).sum()) - 1)
    p_value = float(stats.chi2.sf(g, dof)) if dof > 0 else 1.0
    return g, dof, p_value
