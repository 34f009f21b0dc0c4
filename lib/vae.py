r"""A small variational autoencoder in NumPy: MLP encoder and decoder, written out plainly.

The encoder maps an image ``x`` (64 pixel counts in 0..16, fed in as ``x / 16``) through one
tanh layer to the mean and log-variance of ``q(z | x) = N(μ, diag σ²)``; the decoder maps a
latent ``z`` through one tanh layer to one logit per pixel, and each pixel is
``Binomial(16, sigmoid(logit))``: a true probability of the observed count, so every log
here is a log-probability in nats. Per image,

.. math:: \mathrm{ELBO}(x) = \mathbb E_{q(z\mid x)}\big[\log p(x \mid z)\big]
          - \mathrm{KL}\big(q(z\mid x)\,\|\,\mathcal N(0, I)\big),

estimated with one reparameterised sample ``z = μ + σ ε``, ``ε ~ N(0, I)``, so the gradient
flows through μ and σ. Training is stochastic gradient ascent with Adam. The
importance-weighted bound :func:`iwae` and the split of the KL term into mutual information
and a marginal KL (:func:`kl_surgery`) measure how good the trained model is. Taught in
``07_vae.ipynb``.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.special import gammaln

from ._validate import as_finite
from .gaussian import kl_vae

__all__ = ["Params", "binomial_logpmf", "init", "encode", "decode", "elbo", "gradients", "Adam",
           "train", "log_weights", "iwae", "kl_surgery", "COUNT"]

COUNT = 16  # each pixel counts 0..16 lit sub-pixels
_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)


def _softplus(a):
    """``log(1 + e^a)``, without overflow."""
    return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


def _log_choose(x, n=COUNT):
    """``Σ log C(n, x)`` over the last axis: the part of the log-likelihood free of the model."""
    return np.sum(gammaln(n + 1.0) - gammaln(x + 1.0) - gammaln(n - x + 1.0), axis=-1)


def binomial_logpmf(x, logits, n=COUNT):
    r"""``log Binomial(x; n, sigmoid(logit))``, summed over the last axis, in nats.

    .. math:: \log\binom{n}{x} + x \log p + (n - x)\log(1 - p), \qquad p = \sigma(\ell)

    Since ``log p = ℓ − softplus(ℓ)`` and ``log(1 − p) = −softplus(ℓ)``, the sum is
    ``log C(n, x) + xℓ − n·softplus(ℓ)``: finite for any logit.
    """
    x = as_finite(x, "x")
    logits = as_finite(logits, "logits")
    if np.any((x < 0) | (x > n) | (x != np.round(x))):
        raise ValueError(f"x must hold integer counts in 0..{n}")
    return _log_choose(x, n) + np.sum(x * logits - n * _softplus(logits), axis=-1)


@dataclass
class Params:
    """Weights of the encoder (``W1, b1, W2, b2``) and decoder (``W3, b3, W4, b4``)."""

    arrays: dict = field(default_factory=dict)

    @property
    def latent(self):
        return self.arrays["W3"].shape[0]

    def __getitem__(self, name):
        return self.arrays[name]


def init(rng, *, pixels=64, hidden=128, latent=8):
    """Small random weights (scaled by 1/sqrt(fan-in)); the decoder's output bias at 0.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the weights (pass ``np.random.default_rng(seed)``).
    pixels, hidden, latent : int
        Layer sizes.
    """
    def layer(n_in, n_out):
        return rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_out)), np.zeros(n_out)

    W1, b1 = layer(pixels, hidden)
    W2, b2 = layer(hidden, 2 * latent)
    W3, b3 = layer(latent, hidden)
    W4, b4 = layer(hidden, pixels)
    return Params(dict(W1=W1, b1=b1, W2=W2, b2=b2, W3=W3, b3=b3, W4=W4, b4=b4))


def encode(params, x):
    """The encoder: ``(μ, log σ²)`` of ``q(z | x)`` for each row of counts ``x``."""
    h = np.tanh((np.asarray(x, dtype=float) / COUNT) @ params["W1"] + params["b1"])
    out = h @ params["W2"] + params["b2"]
    d = params.latent
    return out[:, :d], out[:, d:]


def decode(params, z):
    """The decoder: one logit per pixel for each latent row ``z``."""
    return np.tanh(z @ params["W3"] + params["b3"]) @ params["W4"] + params["b4"]


def elbo(params, x, rng, *, beta=1.0):
    """One-sample ELBO of each row of ``x``: ``(elbo, reconstruction, kl)``, arrays of shape (N,)."""
    x = np.asarray(x, dtype=float)
    mu, logvar = encode(params, x)
    z = mu + np.exp(0.5 * logvar) * rng.standard_normal(mu.shape)
    recon = binomial_logpmf(x, decode(params, z))
    kl = kl_vae(mu, logvar)
    return recon - beta * kl, recon, kl


def gradients(params, x, eps, *, beta=1.0, log_choose=None):
    """The batch-mean ELBO and its gradient for given noise ``eps`` (backpropagation by hand).

    Returns
    -------
    value : float
        Mean over the batch of ``log p(x | z) − β KL``, with ``z = μ + σ ε``.
    grads : dict
        Gradient of ``value`` for every array of ``params``.
    """
    P = params.arrays
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    xin = x / COUNT
    h1 = np.tanh(xin @ P["W1"] + P["b1"])                    # encoder
    out = h1 @ P["W2"] + P["b2"]
    d = params.latent
    mu, logvar = out[:, :d], out[:, d:]
    s = np.exp(0.5 * logvar)
    z = mu + s * eps                                          # reparameterisation
    h2 = np.tanh(z @ P["W3"] + P["b3"])                      # decoder
    logits = h2 @ P["W4"] + P["b4"]
    soft = _softplus(logits)
    if log_choose is None:
        log_choose = _log_choose(x)
    kl = 0.5 * np.sum(mu * mu + np.expm1(logvar) - logvar, axis=1)
    value = np.mean(log_choose + np.sum(x * logits - COUNT * soft, axis=1) - beta * kl)

    d_logits = (x - COUNT * np.exp(logits - soft)) / n       # ∂ log Binomial / ∂ logit = x − 16p
    g = {"W4": h2.T @ d_logits, "b4": d_logits.sum(axis=0)}
    d_a2 = (d_logits @ P["W4"].T) * (1.0 - h2 ** 2)
    g["W3"], g["b3"] = z.T @ d_a2, d_a2.sum(axis=0)
    d_z = d_a2 @ P["W3"].T
    d_mu = d_z - beta * mu / n                                # KL: ½(μ² + e^v − v − 1)
    d_logvar = d_z * eps * s * 0.5 - beta * 0.5 * np.expm1(logvar) / n
    d_out = np.concatenate([d_mu, d_logvar], axis=1)
    g["W2"], g["b2"] = h1.T @ d_out, d_out.sum(axis=0)
    d_a1 = (d_out @ P["W2"].T) * (1.0 - h1 ** 2)
    g["W1"], g["b1"] = xin.T @ d_a1, d_a1.sum(axis=0)
    return float(value), g


class Adam:
    """Adam (Kingma & Ba, 2015) for gradient *ascent* on a dict of arrays."""

    def __init__(self, params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0
        self.m = {k: np.zeros_like(v) for k, v in params.arrays.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.arrays.items()}

    def step(self, params, grads):
        self.t += 1
        c1, c2 = 1.0 - self.b1 ** self.t, 1.0 - self.b2 ** self.t
        for k, g in grads.items():
            self.m[k] = self.b1 * self.m[k] + (1.0 - self.b1) * g
            self.v[k] = self.b2 * self.v[k] + (1.0 - self.b2) * g * g
            params.arrays[k] += self.lr * (self.m[k] / c1) / (np.sqrt(self.v[k] / c2) + self.eps)


def train(x, rng, *, latent=8, hidden=128, epochs=60, batch=100, lr=3e-3, beta=1.0):
    """Train a VAE on the rows of ``x`` (counts 0..16) with Adam on minibatches.

    Returns
    -------
    params : Params
    history : ndarray, shape (epochs,)
        The mean one-sample training ELBO of each epoch, in nats per image.
    """
    x = np.asarray(x, dtype=float)
    params = init(rng, pixels=x.shape[1], hidden=hidden, latent=latent)
    opt = Adam(params, lr=lr)
    log_choose = _log_choose(x)
    history = []
    for _ in range(int(epochs)):
        order = rng.permutation(len(x))
        total = 0.0
        for start in range(0, len(x), batch):
            rows = order[start:start + batch]
            value, grads = gradients(params, x[rows], rng.standard_normal((len(rows), latent)),
                                     beta=beta, log_choose=log_choose[rows])
            opt.step(params, grads)
            total += value * len(rows)
        history.append(total / len(x))
    return params, np.array(history)


def log_weights(params, x, k, rng, *, chunk=20):
    r"""Importance log-weights ``log p(x, z_s) − log q(z_s | x)`` for ``k`` samples per image.

    Their mean is a one-sample ELBO per sample; ``log mean exp`` over them is the IWAE
    bound (Burda et al., 2016), which rises to ``log p(x)`` as ``k`` grows. Computed
    ``chunk`` images at a time to bound the memory.

    Returns
    -------
    ndarray, shape (N, k)
    """
    x = np.asarray(x, dtype=float)
    mu, logvar = encode(params, x)
    n, d = mu.shape
    k = int(k)
    eps = rng.standard_normal((n, k, d))
    z = mu[:, None, :] + np.exp(0.5 * logvar)[:, None, :] * eps
    log_pz = -np.sum(0.5 * z * z + _HALF_LOG_2PI, axis=-1)
    log_qz = -np.sum(0.5 * eps * eps + 0.5 * logvar[:, None, :] + _HALF_LOG_2PI, axis=-1)
    log_px_z = np.empty((n, k))
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        logits = decode(params, z[lo:hi].reshape(-1, d)).reshape(hi - lo, k, -1)
        log_px_z[lo:hi] = (np.einsum("np,nkp->nk", x[lo:hi], logits)
                           - COUNT * _softplus(logits).sum(axis=-1))
    return _log_choose(x)[:, None] + log_px_z + log_pz - log_qz


def iwae(logw, k):
    """IWAE-k of each image from its log-weights (N, K), in nats.

    The K samples of each image are cut into K // k groups of k; each group gives one
    ``log mean exp``, and their average estimates the image's IWAE-k bound (``k = 1``: the
    ELBO). The bound rises with k and never exceeds ``log p(x)``.

    Returns
    -------
    ndarray, shape (N,)
    """
    logw = as_finite(logw, "logw")
    if logw.ndim != 2:
        raise ValueError(f"logw must have shape (N, K), got {logw.shape}")
    n, K = logw.shape
    k = int(k)
    if not 1 <= k <= K:
        raise ValueError(f"k must be between 1 and {K}, got {k}")
    g = logw[:, : (K // k) * k].reshape(n, K // k, k)
    top = g.max(axis=-1, keepdims=True)
    return (top[..., 0] + np.log(np.mean(np.exp(g - top), axis=-1))).mean(axis=1)


def kl_surgery(params, x, rng, *, samples=10):
    r"""Split the average KL term into ``I_q(x; z) + KL(q(z) ‖ p(z))`` ("ELBO surgery").

    With the aggregate posterior ``q(z) = (1/N) Σ_n q(z | x_n)`` over the N rows of ``x``,

    .. math:: \frac1N\sum_n \mathrm{KL}\big(q(z\mid x_n)\,\|\,p(z)\big)
              = \underbrace{\frac1N\sum_n \mathbb E_{q(z\mid x_n)}
                \log\frac{q(z\mid x_n)}{q(z)}}_{I_q(x;\,z)\ \le\ \log N}
              + \mathrm{KL}\big(q(z)\,\|\,p(z)\big)

    (Hoffman & Johnson, 2016). The KL term is exact (closed form); the mutual information is
    a Monte Carlo average over ``samples`` draws per image, with ``log q(z)`` an exact
    mixture over all N encodings; the marginal KL is their difference.

    Returns
    -------
    dict
        ``kl``, ``mi``, ``mi_se`` (standard error of the Monte Carlo mean), ``marginal_kl``
        and ``log_n``, all in nats per image.
    """
    x = np.asarray(x, dtype=float)
    mu, logvar = encode(params, x)
    n, d = mu.shape
    inv_var = np.exp(-logvar)
    norm = -0.5 * np.sum(logvar, axis=1) - d * _HALF_LOG_2PI       # log-normaliser of each q(z|x_n)
    terms = []
    for _ in range(int(samples)):
        eps = rng.standard_normal(mu.shape)
        z = mu + np.exp(0.5 * logvar) * eps
        log_own = norm - 0.5 * np.sum(eps * eps, axis=1)
        # log q(z_i | x_j) for all pairs: −½ Σ_d (z_id − μ_jd)² / σ_jd² + norm_j
        quad = (z * z) @ inv_var.T - 2.0 * z @ (mu * inv_var).T + np.sum(mu * mu * inv_var, axis=1)
        a = norm[None, :] - 0.5 * quad
        top = a.max(axis=1, keepdims=True)
        log_agg = top[:, 0] + np.log(np.exp(a - top).sum(axis=1)) - np.log(n)
        terms.append(log_own - log_agg)
    per_image = np.mean(terms, axis=0)
    kl = float(np.mean(kl_vae(mu, logvar)))
    mi = float(per_image.mean())
    return {"kl": kl, "mi": mi, "mi_se": float(per_image.std(ddof=1) / np.sqrt(n)),
            "marginal_kl": kl - mi, "log_n": float(np.log(n))}
