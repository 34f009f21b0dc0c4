"""lib.vae against independent references: scipy's binomial pmf, central finite differences
for the hand-written backpropagation, quadrature of log p(x) for a one-latent model (the
IWAE bounds must climb towards it), and cases where the mutual information is known."""

import numpy as np
import pytest
from scipy import integrate, stats
from scipy.special import expit, logsumexp

import lib
from lib import vae

pytestmark = pytest.mark.filterwarnings("error")


def test_binomial_logpmf_matches_scipy():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 17, size=(5, 64))
    logits = rng.normal(0, 4, size=(5, 64))
    ref = stats.binom(16, expit(logits)).logpmf(x).sum(axis=1)
    np.testing.assert_allclose(vae.binomial_logpmf(x, logits), ref, rtol=1e-10)
    # extreme logits stay finite: all-on pixels with p → 1
    assert np.isfinite(vae.binomial_logpmf(np.full(3, 16), np.array([800.0, -800.0, 0.0])))
    with pytest.raises(ValueError, match="counts"):
        vae.binomial_logpmf([17.0], [0.0])
    with pytest.raises(ValueError, match="counts"):
        vae.binomial_logpmf([1.5], [0.0])


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    params = vae.init(rng, pixels=6, hidden=5, latent=3)
    x = rng.integers(0, 17, size=(4, 6)).astype(float)
    eps = rng.standard_normal((4, 3))
    for beta in (1.0, 2.5):
        value, grads = vae.gradients(params, x, eps, beta=beta)
        for name, array in params.arrays.items():
            for idx in [tuple(rng.integers(0, s) for s in array.shape) for _ in range(3)]:
                old = array[idx]
                array[idx] = old + 1e-6
                up = vae.gradients(params, x, eps, beta=beta)[0]
                array[idx] = old - 1e-6
                down = vae.gradients(params, x, eps, beta=beta)[0]
                array[idx] = old
                assert grads[name][idx] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-7), name


def test_value_is_the_elbo_with_that_noise():
    rng = np.random.default_rng(2)
    params = vae.init(rng, pixels=8, hidden=6, latent=2)
    x = rng.integers(0, 17, size=(5, 8)).astype(float)
    eps = rng.standard_normal((5, 2))
    mu, logvar = vae.encode(params, x)
    z = mu + np.exp(0.5 * logvar) * eps
    ref = np.mean(stats.binom(16, expit(vae.decode(params, z))).logpmf(x).sum(axis=1)
                  - lib.kl_vae(mu, logvar))
    assert vae.gradients(params, x, eps)[0] == pytest.approx(ref, rel=1e-10)


def test_training_is_deterministic_and_improves():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 17, size=(200, 10))
    a, ha = vae.train(x, np.random.default_rng(0), latent=2, hidden=8, epochs=5, batch=50)
    b, hb = vae.train(x, np.random.default_rng(0), latent=2, hidden=8, epochs=5, batch=50)
    np.testing.assert_array_equal(ha, hb)
    for k in a.arrays:
        np.testing.assert_array_equal(a[k], b[k])
    assert ha[-1] > ha[0]


def _one_latent_model():
    rng = np.random.default_rng(4)
    return vae.init(rng, pixels=3, hidden=4, latent=1), np.array([[3.0, 10.0, 16.0], [0.0, 8.0, 2.0]])


def test_iwae_climbs_towards_quadrature():
    params, x = _one_latent_model()
    log_px = []
    for row in x:
        def integrand(z):
            logits = vae.decode(params, np.array([[z]]))[0]
            return np.exp(stats.binom(16, expit(logits)).logpmf(row).sum() + stats.norm.logpdf(z))
        log_px.append(np.log(integrate.quad(integrand, -12, 12, points=[0.0], limit=200)[0]))
    log_px = np.array(log_px)
    logw = vae.log_weights(params, x, 20_000, np.random.default_rng(5))
    bounds = [vae.iwae(logw, k) for k in (1, 10, 100, 20_000)]
    for lo, hi in zip(bounds, bounds[1:]):
        assert np.all(lo <= hi + 1e-9)
    assert np.all(bounds[0] < log_px)
    # one log-mean of 20,000 heavy-tailed weights: close, but noisy in either direction
    np.testing.assert_allclose(bounds[-1], log_px, atol=0.1)
    np.testing.assert_allclose(logsumexp(logw, axis=1) - np.log(logw.shape[1]), bounds[-1], rtol=1e-12)


def test_log_weights_mean_is_the_elbo():
    params, x = _one_latent_model()
    logw = vae.log_weights(params, x, 50_000, np.random.default_rng(6))
    mu, logvar = vae.encode(params, x)
    recon = vae.elbo(params, np.repeat(x, 50_000, axis=0), np.random.default_rng(7))[1]
    elbo = recon.reshape(2, -1).mean(axis=1) - lib.kl_vae(mu, logvar)
    se = logw.std(axis=1) / np.sqrt(logw.shape[1])
    assert np.all(np.abs(logw.mean(axis=1) - elbo) < 5 * se)


def test_kl_surgery_limits():
    params = vae.init(np.random.default_rng(8), pixels=2, hidden=3, latent=1)
    # an encoder that ignores x: every q(z|x) is the same, so I_q(x; z) = 0
    params.arrays["W1"][:] = 0.0
    params.arrays["b2"][:] = [0.7, -0.5]
    x = np.random.default_rng(9).integers(0, 17, size=(50, 2))
    s = vae.kl_surgery(params, x, np.random.default_rng(10), samples=20)
    assert abs(s["mi"]) < 1e-12
    assert s["marginal_kl"] == pytest.approx(lib.kl_vae([0.7], [-0.5]), rel=1e-12)
    # two codes far apart and very narrow: I_q = log 2 exactly in the limit
    params.arrays["W2"][:] = 0.0
    params.arrays["W1"][:] = np.array([[50.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    params.arrays["W2"][0, 0] = 30.0
    params.arrays["b2"][:] = [-15.0, -8.0]
    s = vae.kl_surgery(params, np.array([[0, 0], [16, 0]]), np.random.default_rng(11), samples=20)
    assert s["mi"] == pytest.approx(np.log(2), abs=1e-6)
    assert s["kl"] == pytest.approx(s["mi"] + s["marginal_kl"])


def test_iwae_errors():
    with pytest.raises(ValueError, match="k must be"):
        vae.iwae(np.zeros((2, 10)), 11)
    with pytest.raises(ValueError, match="shape"):
        vae.iwae(np.zeros(10), 1)
