r"""Monte Carlo estimators of KL(q ‖ p) from samples of q (J. Schulman's k1, k2, k3).

Each takes ``log_ratio = log p(x) - log q(x)`` for samples ``x ~ q`` and returns one
estimate per sample; their mean estimates ``KL(q ‖ p) = E_q[-log_ratio]``.

* ``k1 = -r``: unbiased, high variance, often negative for a single sample;
* ``k2 = r²/2``: biased, low variance, close for nearby distributions;
* ``k3 = (e^r - 1) - r``: unbiased (``E_q[e^r] = 1``) and never negative.

These are the estimators used to monitor and penalise KL in RL fine-tuning;
taught in ``08_trust_regions.ipynb``.
"""

from ._special import expm1mx
from ._validate import as_finite, result

__all__ = ["kl_k1", "kl_k2", "kl_k3"]


def kl_k1(log_ratio):
    r"""Per-sample estimate ``k1 = -r`` of KL(q ‖ p), for ``x ~ q``.

    .. math:: k_1 = -r, \qquad r = \log p(x) - \log q(x)

    Unbiased; individual estimates can be negative. Taught in ``08_trust_regions.ipynb``.

    Parameters
    ----------
    log_ratio : array_like
        ``log p(x) - log q(x)`` for samples ``x`` drawn from ``q``.

    Returns
    -------
    ndarray or float
        One estimate per sample, in nats.

    Raises
    ------
    ValueError
        If an entry is NaN or infinite.
    """
    return result(-as_finite(log_ratio, "log_ratio"))


def kl_k2(log_ratio):
    r"""Per-sample estimate ``k2 = r²/2`` of KL(q ‖ p), for ``x ~ q``.

    .. math:: k_2 = \tfrac12 r^2, \qquad r = \log p(x) - \log q(x)

    Biased but low-variance; non-negative. Taught in ``08_trust_regions.ipynb``.

    Parameters
    ----------
    log_ratio : array_like
        ``log p(x) - log q(x)`` for samples ``x`` drawn from ``q``.

    Returns
    -------
    ndarray or float
        One estimate per sample, in nats.

    Raises
    ------
    ValueError
        If an entry is NaN or infinite.
    """
    r = as_finite(log_ratio, "log_ratio")
    return result(0.5 * r * r)


def kl_k3(log_ratio):
    r"""Per-sample estimate ``k3 = (e^r - 1) - r`` of KL(q ‖ p), for ``x ~ q``.

    .. math:: k_3 = (e^{r} - 1) - r, \qquad r = \log p(x) - \log q(x)

    Unbiased and non-negative; computed as ``expm1(r) - r`` without cancellation, so it
    stays exact for tiny ``r``. Taught in ``08_trust_regions.ipynb``.

    Parameters
    ----------
    log_ratio : array_like
        ``log p(x) - log q(x)`` for samples ``x`` drawn from ``q``.

    Returns
    -------
    ndarray or float
        One estimate per sample, in nats (``inf`` if ``e^r`` overflows).

    Raises
    ------
    ValueError
        If an entry is NaN or infinite.
    """
    return result(expm1mx(as_finite(log_ratio, "log_ratio")))
