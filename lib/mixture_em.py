r"""EM for a two-component (or k-component) 1-D Gaussian mixture, with its bound at each step.

For data :math:`x_1..x_N`, parameters :math:`\theta = (\pi, \mu, \sigma)` and any
responsibilities :math:`q_n(j)` (a distribution over the components of each point),

.. math:: \mathcal L(q, \theta) = \sum_n \sum_j q_n(j)\,\big[\log \pi_j
          + \log \mathcal N(x_n; \mu_j, \sigma_j^2) - \log q_n(j)\big]
          = \log p(x \mid \theta) - \sum_n \mathrm{KL}\big(q_n \,\|\, p(j \mid x_n, \theta)\big).

The E-step sets :math:`q_n` to the posterior, closing the gap; the M-step maximises
:math:`\mathcal L` over θ with q fixed (weighted means and variances). Taught in
``07_vae.ipynb``.
"""

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite

__all__ = ["Mixture", "log_joint", "log_likelihood", "e_step", "m_step", "bound", "run"]

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)


@dataclass(frozen=True)
class Mixture:
    """Weights ``pi``, means ``mu`` and standard deviations ``sigma``, one entry per component."""

    pi: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray

    def __post_init__(self):
        pi, mu, sigma = (np.asarray(v, dtype=float) for v in (self.pi, self.mu, self.sigma))
        if not (pi.ndim == 1 and pi.shape == mu.shape == sigma.shape):
            raise ValueError("pi, mu and sigma must be vectors of the same length")
        if np.any(pi <= 0) or not np.isclose(pi.sum(), 1.0) or np.any(sigma <= 0):
            raise ValueError("pi must be positive and sum to 1, sigma must be positive")
        object.__setattr__(self, "pi", pi)
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "sigma", sigma)


def _x(x):
    x = as_finite(x, "x")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty vector, got shape {x.shape}")
    return x


def log_joint(theta, x):
    """``log π_j + log N(x_n; μ_j, σ_j²)``, shape (N, k)."""
    x = _x(x)[:, None]
    z = (x - theta.mu) / theta.sigma
    return np.log(theta.pi) - np.log(theta.sigma) - _HALF_LOG_2PI - 0.5 * z * z


def _logsumexp(a):
    top = a.max(axis=1, keepdims=True)
    return (top + np.log(np.exp(a - top).sum(axis=1, keepdims=True)))[:, 0]


def log_likelihood(theta, x):
    """``Σ_n log Σ_j π_j N(x_n; μ_j, σ_j²)``, in nats."""
    return float(_logsumexp(log_joint(theta, x)).sum())


def e_step(theta, x):
    """The responsibilities ``p(j | x_n, θ)``, shape (N, k): the q that makes the bound tight."""
    a = log_joint(theta, x)
    return np.exp(a - _logsumexp(a)[:, None])


def m_step(q, x):
    """The θ maximising the bound for responsibilities ``q`` (N, k): weighted moments."""
    x = _x(x)
    q = as_finite(q, "q")
    n = q.sum(axis=0)
    mu = (q * x[:, None]).sum(axis=0) / n
    var = (q * (x[:, None] - mu) ** 2).sum(axis=0) / n
    return Mixture(n / n.sum(), mu, np.sqrt(var))


def bound(q, theta, x):
    """The bound ``L(q, θ) = Σ_n Σ_j q_n(j)[log π_j N(x_n; μ_j, σ_j²) − log q_n(j)]``, in nats."""
    a = log_joint(theta, x)
    q = as_finite(q, "q")
    with np.errstate(divide="ignore"):
        logq = np.where(q > 0, np.log(np.where(q > 0, q, 1.0)), 0.0)
    return float(np.sum(q * (a - logq)))


def run(theta, x, steps):
    """``steps`` EM iterations from ``theta``, recording the bound and log-likelihood.

    Returns
    -------
    thetas : list of Mixture
        ``steps + 1`` parameter values, the start first.
    loglik : ndarray, shape (steps + 1,)
        ``log p(x | θ_t)``.
    after_e : ndarray, shape (steps,)
        The bound after the E-step of iteration t, ``L(q_t, θ_t)`` (equal to ``loglik[t]``).
    after_m : ndarray, shape (steps,)
        The bound after its M-step, ``L(q_t, θ_{t+1})`` (at most ``loglik[t + 1]``).
    """
    x = _x(x)
    thetas, after_e, after_m = [theta], [], []
    for _ in range(int(steps)):
        q = e_step(thetas[-1], x)
        after_e.append(bound(q, thetas[-1], x))
        thetas.append(m_step(q, x))
        after_m.append(bound(q, thetas[-1], x))
    loglik = np.array([log_likelihood(t, x) for t in thetas])
    return thetas, loglik, np.array(after_e), np.array(after_m)
