r"""Fitting one Gaussian to a density by minimising KL, in either direction.

A Gaussian ``q = N(μ, σ²)`` is fitted to a Gaussian mixture ``p`` by minimising

- the **forward** divergence ``KL(p‖q) = ∫ p log(p/q) dx`` (mass-covering), or
- the **reverse** divergence ``KL(q‖p) = ∫ q log(q/p) dx`` (mode-seeking),

numerically, with :func:`scipy.optimize.minimize` over ``θ = (μ, log σ)`` (so σ stays
positive without constraints). Taught in ``05_asymmetry.ipynb``.

Quadrature: why not :func:`lib.continuous.kl_quad`, and how accurate
--------------------------------------------------------------------
An optimiser, a root finder and a slider evaluate these divergences thousands of times.
:func:`lib.continuous.kl_quad` (adaptive ``scipy.integrate.quad``, one Python call per
point) takes about 50 ms per divergence; the rule here takes about 0.3 ms, because it is
one vectorised sum.

Both divergences are expectations under Gaussians: the reverse one under ``q``, the
forward one under each component of ``p`` in turn. Each is written in the standardised
variable ``t = (x - m)/s``, ``E[f(X)] = ∫ φ(t) f(m + s t) dt``, and computed with the
trapezoidal rule on ``[-10, 10]`` with step ``h = 1/100`` (2001 nodes). The log-densities
themselves come from :func:`lib.continuous.normal_logpdf` and
:func:`lib.continuous.mixture_logpdf`; only the rule is new.

- *Tails.* Beyond ``|t| = 10`` the weight ``φ(t)`` is below ``1e-22``, and the
  log-densities there grow only like ``t²``: nothing that matters is cut, and nothing is
  renormalised (this is not the truncated grid of ``scipy.stats.entropy``, see
  ``04_kl_divergence.ipynb``).
- *Step.* For an integrand analytic in a strip ``|Im t| < d``, the trapezoidal rule on
  the real line converges geometrically, with an error of order ``exp(-2πd/h)``
  (Trefethen & Weideman, *SIAM Review* 56, 2014). The strip is set by ``log p``:
  ``log cosh(a x)`` in the two-mode mixture has complex singularities at distance
  ``π/(2a)`` from the real axis, so ``d = π/(2aσ)`` in ``t``.
  The lesson's widest case (``a = 6``, ``σ = 8``) is the hardest; there the rule agrees
  with adaptive quadrature to ``1e-12`` relative (``1e-11`` nats), and for ``aσ ≤ 20``
  to rounding (``1e-14``). With half the nodes (``h = 1/50``) that worst case would lose
  five digits, which is why the default is not coarser. A coarse ``h = 1/10`` is within
  0.02 nats over the contour plot's range, which is all a contour plot needs.

``tests/lib/test_fitting.py`` checks both divergences against ``scipy.integrate.quad``
over the whole line, with the mixture's log-density written independently, at points
that include the worst case above.

The gradients are computed from the same nodes, in closed form:

.. math::
    \frac{\partial}{\partial\mu}\mathrm{KL}(p\|q) = -\frac{\mathbb E_p[X-\mu]}{\sigma^2},\qquad
    \frac{\partial}{\partial\log\sigma}\mathrm{KL}(p\|q) = 1 - \frac{\mathbb E_p[(X-\mu)^2]}{\sigma^2},

and, with ``X = μ + σ T``, ``T ~ N(0, 1)`` (the score-function identity for a Gaussian),

.. math::
    \frac{\partial}{\partial\mu}\mathrm{KL}(q\|p) = -\frac{\mathbb E[T \log p(X)]}{\sigma},\qquad
    \frac{\partial}{\partial\log\sigma}\mathrm{KL}(q\|p) = -1 - \mathbb E[(T^2 - 1)\log p(X)].
"""

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from . import continuous, gaussian
from ._validate import as_finite, as_positive, result

__all__ = [
    "Mixture",
    "symmetric_mixture",
    "kl_forward",
    "kl_reverse",
    "Fit",
    "fit_normal",
    "STARTS",
    "start_point",
    "fit_mixture",
    "Branches",
    "reverse_branches",
    "switch_separation",
    "off_centre_onset",
    "reverse_curvature_mu",
    "FactorisedFit",
    "fit_factorised",
]

STEP = 1.0 / 100
"""Default step of the trapezoidal rule in the standardised variable."""

_T_MAX = 10.0
_LOG_SIGMA_CAP = 50.0  # a line search may try absurd steps; keep exp(log σ) finite


@functools.lru_cache(maxsize=8)
def _nodes(step):
    """Nodes ``t`` on [-10, 10] and trapezoid weights ``h·φ(t)`` (half at the two ends)."""
    step = float(step)
    if not 0.0 < step <= 0.25:
        raise ValueError(f"step must be in (0, 0.25], got {step!r}")
    n = int(round(2.0 * _T_MAX / step))
    t = np.linspace(-_T_MAX, _T_MAX, n + 1)
    weights = (2.0 * _T_MAX / n) * np.exp(continuous.normal_logpdf(t, 0.0, 1.0))
    weights[[0, -1]] *= 0.5
    for array in (t, weights):
        array.flags.writeable = False
    return t, weights


def _component_nodes(p, step):
    """Points ``x`` and weights, both (K, n), with ``Σ weight·f(x) ≈ E_p[f(X)]``."""
    t, w = _nodes(step)
    x = np.asarray(p.means)[:, None] + np.asarray(p.sigmas)[:, None] * t
    return x, np.asarray(p.weights)[:, None] * w


@dataclass(frozen=True)
class Mixture:
    r"""A Gaussian mixture ``p(x) = Σ_k w_k N(x; m_k, s_k²)`` on the real line.

    Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    weights : tuple of float
        Non-negative, summing to 1.
    means : tuple of float
        Component means ``m_k``.
    sigmas : tuple of float
        Component standard deviations ``s_k`` (not variances), > 0.
    """

    weights: tuple
    means: tuple
    sigmas: tuple

    def __post_init__(self):
        for name in ("weights", "means", "sigmas"):
            value = np.atleast_1d(np.asarray(getattr(self, name), dtype=np.float64))
            object.__setattr__(self, name, tuple(float(v) for v in value))
        continuous.mixture_logpdf(0.0, self.weights, self.means, self.sigmas)  # validates

    def logpdf(self, x):
        """``log p(x)``, computed with ``logsumexp`` (finite far in the tails)."""
        return continuous.mixture_logpdf(x, self.weights, self.means, self.sigmas)

    def pdf(self, x):
        """``p(x)``."""
        return np.exp(self.logpdf(x))

    @property
    def mean(self):
        r"""``E_p[X] = Σ_k w_k m_k``."""
        return float(np.dot(self.weights, self.means))

    @property
    def var(self):
        r"""``Var_p[X] = Σ_k w_k (s_k² + m_k²) - (E_p[X])²`` (within plus between components)."""
        w, m, s = (np.asarray(v) for v in (self.weights, self.means, self.sigmas))
        return float(np.dot(w, s * s + (m - self.mean) ** 2))


def symmetric_mixture(a):
    r"""The two-mode mixture ``½ N(-a, 1) + ½ N(a, 1)`` of ``05_asymmetry.ipynb``.

    Its mean is 0 and its variance ``1 + a²``. For ``a = 0`` it is ``N(0, 1)``.

    Parameters
    ----------
    a : float
        Half the distance between the modes, >= 0.

    Returns
    -------
    Mixture
    """
    a = float(as_finite(a, "a"))
    if a < 0:
        raise ValueError(f"a is half the distance between the modes; it must be >= 0, got {a!r}")
    return Mixture((0.5, 0.5), (-a, a), (1.0, 1.0))


def _as_target(p):
    if not isinstance(p, Mixture):
        raise TypeError(f"p must be a lib.fitting.Mixture, got {type(p).__name__}")
    return p


def kl_forward(p, mu, sigma, *, step=STEP):
    r"""Forward KL divergence ``KL(p ‖ N(μ, σ²))`` from a mixture ``p``, in nats.

    .. math:: \mathrm{KL}(p\|q) = \int p(x)\,\big[\log p(x) - \log q(x)\big]\,dx
              = \sum_k w_k\, \mathbb E_{N(m_k, s_k^2)}\big[\log p(X) - \log q(X)\big]

    Each expectation is a trapezoidal rule in the standardised variable (see the module
    notes). Broadcasts over ``mu`` and ``sigma``. Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    p : Mixture
        The density being approximated.
    mu, sigma : array_like
        Mean and standard deviation (not variance, > 0) of ``q``.
    step : float, optional
        Step of the rule; the default agrees with the exact integral to 1e-12 relative
        over the lesson's range (see the module notes).

    Returns
    -------
    float or ndarray
    """
    p = _as_target(p)
    mu_, sigma_ = np.broadcast_arrays(as_finite(mu, "mu"), as_positive(sigma, "sigma"))
    x, weight = _component_nodes(p, step)
    lq = continuous.normal_logpdf(x, mu_[..., None, None], sigma_[..., None, None])
    return result(np.sum(weight * (p.logpdf(x) - lq), axis=(-2, -1)))


def kl_reverse(p, mu, sigma, *, step=STEP):
    r"""Reverse KL divergence ``KL(N(μ, σ²) ‖ p)`` to a mixture ``p``, in nats.

    .. math:: \mathrm{KL}(q\|p) = \int q(x)\,\big[\log q(x) - \log p(x)\big]\,dx
              = \mathbb E_{T\sim N(0,1)}\big[\log q(\mu + \sigma T) - \log p(\mu + \sigma T)\big]

    A trapezoidal rule in ``t`` (see the module notes). Broadcasts over ``mu`` and
    ``sigma``; a coarser ``step`` (1/10) is within 0.02 nats, enough for a contour plot.
    Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    p : Mixture
        The density being approximated.
    mu, sigma : array_like
        Mean and standard deviation (not variance, > 0) of ``q``.
    step : float, optional
        Step of the rule.

    Returns
    -------
    float or ndarray
    """
    p = _as_target(p)
    mu_, sigma_ = np.broadcast_arrays(as_finite(mu, "mu"), as_positive(sigma, "sigma"))
    t, w = _nodes(step)
    x = mu_[..., None] + sigma_[..., None] * t
    lq = continuous.normal_logpdf(x, mu_[..., None], sigma_[..., None])
    return result(np.sum(w * (lq - p.logpdf(x)), axis=-1))


def _forward_objective(p, step):
    """``θ = (μ, log σ) -> (KL(p‖q), gradient)`` on fixed nodes (``log p`` computed once)."""
    x, weight = _component_nodes(p, step)
    log_p = p.logpdf(x)
    mass = float(np.sum(weight))

    def objective(theta):
        mu, log_sigma = theta
        sigma = math.exp(min(max(log_sigma, -_LOG_SIGMA_CAP), _LOG_SIGMA_CAP))
        value = float(np.sum(weight * (log_p - continuous.normal_logpdf(x, mu, sigma))))
        z = (x - mu) / sigma
        grad_mu = -float(np.sum(weight * z)) / sigma
        grad_log_sigma = mass - float(np.sum(weight * z * z))
        return value, np.array([grad_mu, grad_log_sigma])

    return objective


def _reverse_objective(p, step):
    """``θ = (μ, log σ) -> (KL(q‖p), gradient)``; the gradient by the score-function identity."""
    t, w = _nodes(step)
    mass = float(np.sum(w))

    def objective(theta):
        mu, log_sigma = theta
        sigma = math.exp(min(max(log_sigma, -_LOG_SIGMA_CAP), _LOG_SIGMA_CAP))
        x = mu + sigma * t
        log_p = p.logpdf(x)
        value = float(np.sum(w * (continuous.normal_logpdf(x, mu, sigma) - log_p)))
        grad_mu = -float(np.sum(w * log_p * t)) / sigma
        grad_log_sigma = -mass - float(np.sum(w * log_p * (t * t - 1.0)))
        return value, np.array([grad_mu, grad_log_sigma])

    return objective


@dataclass(frozen=True)
class Fit:
    """A Gaussian ``N(mu, sigma²)`` fitted to ``p`` by minimising one direction of KL.

    Attributes
    ----------
    direction : {"forward", "reverse"}
        ``"forward"`` minimised ``KL(p‖q)``, ``"reverse"`` minimised ``KL(q‖p)``.
    mu, sigma : float
        The fitted mean and standard deviation.
    kl : float
        The minimised divergence at the fit, in nats.
    start : tuple of float
        ``(mu, sigma)`` the optimiser started from.
    path : ndarray, shape (n, 2)
        The optimiser's iterates as ``(mu, sigma)`` rows, from ``start`` to the fit.
    converged : bool
        Whether the gradient at the fit is below 1e-6. (BFGS may stop with a "precision
        loss" message once float64 cannot improve the value; the gradient is what counts.)
    evaluations : int
        Number of divergence evaluations used.
    """

    direction: str
    mu: float
    sigma: float
    kl: float
    start: tuple
    path: np.ndarray
    converged: bool
    evaluations: int


def fit_normal(p, direction, *, start=(0.0, 1.0), step=STEP):
    r"""Fit ``q = N(μ, σ²)`` to ``p`` by minimising forward or reverse KL numerically.

    .. math:: \text{forward: } \min_{\mu,\sigma}\ \mathrm{KL}(p\,\|\,q_{\mu,\sigma}),
              \qquad \text{reverse: } \min_{\mu,\sigma}\ \mathrm{KL}(q_{\mu,\sigma}\,\|\,p)

    BFGS over ``(μ, log σ)`` with the gradients of the module notes. The forward
    problem is convex in the natural parameters ``(μ/σ², 1/σ²)`` and has one minimum,
    at the moments of ``p`` (mean and variance: moment matching). The reverse problem can have several local
    minima; which one the optimiser finds depends on ``start``.
    Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    p : Mixture
        The density to approximate.
    direction : {"forward", "reverse"}
        Which divergence to minimise.
    start : (float, float), optional
        Starting ``(mu, sigma)``.
    step : float, optional
        Step of the quadrature rule.

    Returns
    -------
    Fit
    """
    p = _as_target(p)
    if direction == "forward":
        objective = _forward_objective(p, step)
    elif direction == "reverse":
        objective = _reverse_objective(p, step)
    else:
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    mu0 = float(as_finite(start[0], "start mu"))
    sigma0 = float(as_positive(start[1], "start sigma"))
    theta0 = np.array([mu0, math.log(sigma0)])
    path = [theta0.copy()]
    result = optimize.minimize(
        objective, theta0, jac=True, method="BFGS",
        callback=lambda xk: path.append(np.array(xk, dtype=float)),
        options={"gtol": 1e-10, "maxiter": 500},
    )
    mu, log_sigma = (float(v) for v in result.x)
    _, grad = objective(result.x)
    converged = bool(np.max(np.abs(grad)) < 1e-6)
    if not np.allclose(path[-1], result.x):
        path.append(np.array(result.x, dtype=float))
    path = np.array(path)
    path[:, 1] = np.exp(path[:, 1])
    path.flags.writeable = False
    return Fit(direction=direction, mu=mu, sigma=math.exp(log_sigma), kl=float(result.fun),
               start=(mu0, sigma0), path=path, converged=converged,
               evaluations=int(result.nfev))


STARTS = ("centre", "right mode")
"""The two starting points of the lesson's reverse fits (see :func:`start_point`)."""


def start_point(a, start):
    r"""A starting ``(μ, σ)`` for fitting ``½N(-a, 1) + ½N(a, 1)``.

    ``"centre"`` is ``(0, sqrt(1 + a²))``: in the middle, as wide as ``p`` (the forward
    fit). ``"right mode"`` is ``(a, 1)``: on the right component. Taught in
    ``05_asymmetry.ipynb``.
    """
    a = float(a)
    if start == "centre":
        return 0.0, math.sqrt(1.0 + a * a)
    if start == "right mode":
        return a, 1.0
    raise ValueError(f"start must be one of {STARTS}, got {start!r}")


def fit_mixture(a, direction, start="centre", *, step=STEP):
    r"""Fit one Gaussian to ``½N(-a, 1) + ½N(a, 1)`` from one of the :data:`STARTS`.

    Shorthand for ``fit_normal(symmetric_mixture(a), direction, start=start_point(a, start))``.
    Taught in ``05_asymmetry.ipynb``.

    Returns
    -------
    Fit
    """
    return fit_normal(symmetric_mixture(a), direction, start=start_point(a, start), step=step)


@dataclass(frozen=True)
class Branches:
    """Fits to ``½N(-a, 1) + ½N(a, 1)`` along a grid of separations (see :func:`reverse_branches`).

    Every field is an array over ``a``. ``centre_*``: the centred reverse-KL minimum;
    ``off_*``: the off-centre reverse-KL minimum on the right mode (NaN where it does not
    exist); ``forward_*``: the forward-KL fit.
    """

    a: np.ndarray
    centre_mu: np.ndarray
    centre_sigma: np.ndarray
    centre_kl: np.ndarray
    off_mu: np.ndarray
    off_sigma: np.ndarray
    off_kl: np.ndarray
    forward_mu: np.ndarray
    forward_sigma: np.ndarray
    forward_kl: np.ndarray


def reverse_branches(a_values, *, step=STEP):
    r"""The local minima of ``KL(q‖p)`` (and the forward fit) for each separation ``a``.

    For ``p = ½N(-a, 1) + ½N(a, 1)``: the centred minimum (``μ = 0``) is followed upwards
    in ``a``, the off-centre minimum downwards from the largest ``a``, each fit warm-started
    at the previous one. Where the off-centre fit falls back to the centre, the off-centre
    minimum no longer exists and its entries are NaN. Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    a_values : array_like
        Separations (half the distance between the modes), >= 0.

    Returns
    -------
    Branches
    """
    a_values = np.atleast_1d(as_finite(a_values, "a_values"))
    if np.any(a_values < 0) or a_values.ndim != 1:
        raise ValueError("a_values must be a vector of separations >= 0")
    order = np.argsort(a_values)
    n = a_values.size
    out = {k: np.full(n, np.nan) for k in Branches.__dataclass_fields__ if k != "a"}
    sigma = None
    for i in order:
        a = a_values[i]
        p = symmetric_mixture(a)
        fwd = fit_normal(p, "forward", start=(0.0, 1.0), step=step)
        out["forward_mu"][i], out["forward_sigma"][i], out["forward_kl"][i] = fwd.mu, fwd.sigma, fwd.kl
        centre = fit_normal(p, "reverse", start=(0.0, sigma or fwd.sigma), step=step)
        sigma = centre.sigma
        out["centre_mu"][i], out["centre_sigma"][i], out["centre_kl"][i] = centre.mu, centre.sigma, centre.kl
    previous = None
    for i in order[::-1]:
        a = a_values[i]
        start = (a, 1.0) if previous is None else (previous[0] + a - previous[2], previous[1])
        off = fit_normal(symmetric_mixture(a), "reverse", start=start, step=step)
        if a == 0 or off.mu < 1e-3 * a:
            break  # fell back to the centre: no off-centre minimum here or below
        out["off_mu"][i], out["off_sigma"][i], out["off_kl"][i] = off.mu, off.sigma, off.kl
        previous = (off.mu, off.sigma, a)
    return Branches(a=a_values.copy(), **out)


def switch_separation(bracket=(2.6, 3.4), *, xtol=1e-10, step=STEP):
    r"""The separation ``a*`` at which the reverse-KL optimum jumps from the centre to a mode.

    For ``p = ½N(-a, 1) + ½N(a, 1)``, ``a*`` is the root of

    .. math:: g(a) = \mathrm{KL}(q_\text{centre}\|p) - \mathrm{KL}(q_\text{mode}\|p),

    the difference between the divergences at the centred and at the off-centre local
    minimum, found with :func:`scipy.optimize.brentq`. Below ``a*`` the centred fit is the
    global optimum, above it the one-mode fit. Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    bracket : (float, float)
        Separations with ``g < 0`` and ``g > 0``; both must have an off-centre minimum.

    Returns
    -------
    float
    """
    def g(a):
        centre = fit_mixture(a, "reverse", "centre", step=step)
        mode = fit_mixture(a, "reverse", "right mode", step=step)
        if mode.mu < 1e-3 * a:
            raise ValueError(f"no off-centre minimum at a = {a:.6g}; raise the bracket's lower end")
        return centre.kl - mode.kl

    return float(optimize.brentq(g, *bracket, xtol=xtol))


def off_centre_onset(bracket=(2.3, 2.6), *, xtol=1e-4, step=STEP):
    r"""The smallest separation ``a`` at which the reverse fit from the right mode stays off-centre.

    For ``p = ½N(-a, 1) + ½N(a, 1)``, bisection on whether
    ``fit_mixture(a, "reverse", "right mode")`` ends away from the centre (``μ > a/1000``).
    Below it the fit from the mode walks back to the middle; from it on, a second,
    off-centre local minimum of ``KL(q‖p)`` exists (first as the worse of the two, up to
    :func:`switch_separation`). Taught in ``05_asymmetry.ipynb``.

    Parameters
    ----------
    bracket : (float, float)
        Separations where the fit ends in the centre and off-centre, in that order.
    xtol : float
        Width of the final interval.

    Returns
    -------
    float
        The upper end of the final interval (a separation with an off-centre fit).
    """
    def off(a):
        return fit_mixture(a, "reverse", "right mode", step=step).mu > 1e-3 * a

    lo, hi = (float(v) for v in bracket)
    if off(lo) or not off(hi):
        raise ValueError(f"the bracket {bracket} must have a centred fit at its lower end "
                         "and an off-centre one at its upper end")
    while hi - lo > xtol:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if off(mid) else (mid, hi)
    return hi


def reverse_curvature_mu(a, mu, sigma, *, step=STEP):
    r"""``∂²/∂μ² KL(N(μ, σ²) ‖ ½N(-a, 1) + ½N(a, 1))``, in nats per unit μ².

    With ``-log p_a(x) = x²/2 - log cosh(a x) + const`` and ``X = μ + σT``,

    .. math:: \frac{\partial^2}{\partial\mu^2}\mathrm{KL}(q\|p_a)
              = \mathbb E_q\Big[-\frac{d^2}{dx^2}\log p_a(X)\Big]
              = 1 - a^2\,\mathbb E_q\big[\operatorname{sech}^2(aX)\big].

    Positive at a centred fit means the centre is a true minimum in ``μ``, not a saddle
    that symmetry alone would also hold still. Same rule as :func:`kl_reverse`.
    Taught in ``05_asymmetry.ipynb``.
    """
    a = float(as_finite(a, "a"))
    mu_, sigma_ = np.broadcast_arrays(as_finite(mu, "mu"), as_positive(sigma, "sigma"))
    t, w = _nodes(step)
    x = mu_[..., None] + sigma_[..., None] * t
    sech2 = 1.0 / np.cosh(np.minimum(np.abs(a * x), 350.0)) ** 2
    return result(1.0 - a * a * np.sum(w * sech2, axis=-1))


@dataclass(frozen=True)
class FactorisedFit:
    """A factorised Gaussian ``N(mean, diag(variances))`` fitted to ``N(m, S)`` by one KL direction.

    Attributes
    ----------
    direction : {"forward", "reverse"}
    mean : ndarray
        The fitted mean.
    variances : ndarray
        The fitted variances ``σᵢ²`` (not standard deviations).
    kl : float
        The minimised divergence, in nats.
    converged : bool
        Whether the optimiser reported success.
    """

    direction: str
    mean: np.ndarray
    variances: np.ndarray
    kl: float
    converged: bool


def fit_factorised(m, S, direction):
    r"""Fit ``q = N(μ, diag(σ²))`` to ``p = N(m, S)`` by minimising one direction of KL numerically.

    .. math:: \text{forward: } \min_{\mu,\sigma} \mathrm{KL}(p\,\|\,q),\qquad
              \text{reverse: } \min_{\mu,\sigma} \mathrm{KL}(q\,\|\,p)

    L-BFGS over ``(μ, log σ²)``, each divergence by the closed form
    :func:`lib.kl_mvn`, with its gradient (forward: ``∂/∂μ = (μ − m)/σ²``,
    ``∂/∂ log σᵢ² = ½(1 − (S_ii + (μᵢ − mᵢ)²)/σᵢ²)``; reverse, with ``Λ = S⁻¹``:
    ``∂/∂μ = Λ(μ − m)``, ``∂/∂ log σᵢ² = ½(Λ_ii σᵢ² − 1)``); no closed-form answer is
    used. The minimisers are known (Bishop, *PRML* §10.1.2): forward gives ``μ = m`` and ``σᵢ² = S_ii`` (the marginals: too wide
    along the correlation), reverse gives ``μ = m`` and ``σᵢ² = 1/(S⁻¹)_ii`` (the
    conditionals: too narrow, as mean-field variational inference is).
    Taught in ``05_asymmetry.ipynb``; the tests compare both with the closed forms.

    Parameters
    ----------
    m : array_like, shape (k,)
        Mean of ``p``.
    S : array_like, shape (k, k)
        Covariance of ``p``, symmetric positive definite.
    direction : {"forward", "reverse"}

    Returns
    -------
    FactorisedFit
    """
    m = np.asarray(as_finite(m, "m"), dtype=np.float64)
    S = np.asarray(as_finite(S, "S"), dtype=np.float64)
    k = m.shape[0]
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")

    s_diag, precision = np.diag(S).copy(), None
    if direction == "reverse":
        precision = np.linalg.inv(S)

    def objective(theta):
        mu, var = theta[:k], np.exp(theta[k:])
        if direction == "forward":
            kl = gaussian.kl_mvn(m, S, mu, np.diag(var))
            d = mu - m
            grad = np.concatenate([d / var, 0.5 * (1.0 - (s_diag + d * d) / var)])
        else:
            kl = gaussian.kl_mvn(mu, np.diag(var), m, S)
            grad = np.concatenate([precision @ (mu - m), 0.5 * (np.diag(precision) * var - 1.0)])
        return kl, grad

    theta0 = np.concatenate([m + 1.0, np.zeros(k)])
    result = optimize.minimize(objective, theta0, jac=True, method="L-BFGS-B",
                               options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 1000})
    return FactorisedFit(direction=direction, mean=result.x[:k].copy(),
                         variances=np.exp(result.x[k:]), kl=float(result.fun),
                         converged=bool(result.success))
