"""07_vae.ipynb: the numbers in its prose and the figures of lib.plots.vae.

References are independent of the code they check: closed forms in mpmath for the
one-latent Gaussian model; an EM loop written here with scipy's normal densities;
scikit-learn's PCA (the same probabilistic PCA, fitted by different code) and scipy's
multivariate normal for the linear VAE; for the trained VAE (lib.vae.train is checked by
finite differences in tests/lib/test_vae.py) the bounds are recomputed with scipy's
binomial and normal log-densities and logsumexp from the same random draws.
"""

import math
import time
import warnings

import mpmath
import numpy as np
import pytest
from scipy import stats
from scipy.special import expit, logsumexp

import lib
from lib import digits, mixture_em, ppca, vae
from lib.corpora import goog_log_returns
from lib.plots import vae as plots
from nbtools import check_claims

pytestmark = pytest.mark.filterwarnings("error")


# ------------------------------------------------------------------ 1. the identity
def _toy():
    with mpmath.workdps(30):
        x, w, s, m, sd = (mpmath.mpf(v) for v in ("3", "2", "1", "0.5", "0.8"))
        var_x = w**2 + s**2
        log_px = -(mpmath.log(2 * mpmath.pi * var_x) + x**2 / var_x) / 2
        pm, pv = w * x / var_x, s**2 / var_x
        gap = mpmath.log(mpmath.sqrt(pv) / sd) + (sd**2 + (m - pm) ** 2) / (2 * pv) - mpmath.mpf(1) / 2
        return float(log_px), float(gap), float(log_px - gap)


LOG_PX, GAP, ELBO_TOY = _toy()


# ------------------------------------------------------------------ 2. EM
def _em_reference(steps=40):
    _, r = goog_log_returns()
    pi, mu, sd = np.array([0.5, 0.5]), np.array([-0.01, 0.01]), np.array([0.01, 0.03])
    for _ in range(steps):
        dens = pi * stats.norm(mu, sd).pdf(r[:, None])
        q = dens / dens.sum(axis=1, keepdims=True)
        nk = q.sum(axis=0)
        pi, mu = nk / len(r), (q * r[:, None]).sum(axis=0) / nk
        sd = np.sqrt((q * (r[:, None] - mu) ** 2).sum(axis=0) / nk)
    ll = np.log((pi * stats.norm(mu, sd).pdf(r[:, None])).sum(axis=1)).sum()
    return ll / len(r), pi, sd


EM_LL, EM_PI, EM_SD = _em_reference()


# ------------------------------------------------------------------ 3-4. the linear VAE
def _linear_reference():
    from sklearn.decomposition import PCA

    x_train, _, x_test, _ = digits.split()
    a, b = x_train / 16, x_test / 16
    pca = PCA(n_components=10).fit(a)
    n = len(a)
    C = pca.get_covariance() * (n - 1) / n           # scikit-learn divides by n - 1
    normal = stats.multivariate_normal(a.mean(axis=0), C)
    ratio = pca.explained_variance_ / pca.noise_variance_   # λ_i / σ², the same with either divisor
    return normal.logpdf(a).mean(), normal.logpdf(b).mean(), ratio


LP_TRAIN, LP_TEST, RATIO = _linear_reference()
KL_BETA1 = 0.5 * np.sum(np.log(RATIO))


# ------------------------------------------------------------------ 5. the nonlinear VAE
def _forward(params, x):
    P = params.arrays
    h = np.tanh((x / 16) @ P["W1"] + P["b1"])
    out = h @ P["W2"] + P["b2"]
    return out[:, :8], out[:, 8:]


def _vae_reference():
    x_train, _, x_test, _ = digits.split()
    model, _ = vae.train(x_train, np.random.default_rng(0), latent=8, epochs=60)
    P = model.arrays
    mu, logvar = _forward(model, x_test.astype(float))
    eps = np.random.default_rng(1).standard_normal((len(x_test), 1000, 8))
    logw = np.empty((len(x_test), 1000))
    for i in range(len(x_test)):
        sd = np.exp(0.5 * logvar[i])
        z = mu[i] + sd * eps[i]
        p = expit(np.tanh(z @ P["W3"] + P["b3"]) @ P["W4"] + P["b4"])
        logw[i] = (stats.binom(16, p).logpmf(x_test[i]).sum(axis=1) + stats.norm.logpdf(z).sum(axis=1)
                   - stats.norm(mu[i], sd).logpdf(z).sum(axis=1))
    elbo = logw.mean(axis=1)
    iwae1000 = logsumexp(logw, axis=1) - np.log(1000)
    lift = iwae1000 - elbo

    # ELBO surgery over the training digits, with the notebook's draws (rng 2, 10 samples)
    mu, logvar = _forward(model, x_train.astype(float))
    sd = np.exp(0.5 * logvar)
    kl = np.mean(0.5 * np.sum(mu**2 + sd**2 - logvar - 1, axis=1))
    rng = np.random.default_rng(2)
    terms = []
    for _ in range(10):
        z = mu + sd * rng.standard_normal(mu.shape)
        for lo in range(0, len(z), 100):            # log q(z_i | x_j) for every pair, by rows
            zi = z[lo:lo + 100, None, :]
            pair = np.sum(-0.5 * ((zi - mu) / sd) ** 2 - np.log(sd) - 0.5 * math.log(2 * math.pi), axis=2)
            own = pair[np.arange(len(zi)), np.arange(lo, lo + len(zi))]
            terms.append(own - (logsumexp(pair, axis=1) - np.log(len(z))))
    mi = np.mean(np.concatenate(terms))
    return {"elbo": elbo.mean(), "iwae": iwae1000.mean(), "lift": lift.mean(),
            "lift_se": lift.std(ddof=1) / np.sqrt(lift.size), "kl": kl, "mi": mi}


VAE = _vae_reference()

CLAIMS = {
    "4.3671": -ELBO_TOY,
    "1.7434": GAP,
    "2.6237": -LOG_PX,
    "2.431": EM_LL,
    "0.81": EM_PI[0],
    "1.53": 100 * EM_SD[0],
    "4.37": 100 * EM_SD[1],
    "17.460": LP_TRAIN,
    "17.150": LP_TEST,
    "17.5": LP_TRAIN,
    "177.4": 64 * math.log(16),
    "12.78": KL_BETA1,
    "109.5": -VAE["elbo"],
    "103.3": -VAE["iwae"],
    "6.15": VAE["lift"],
    "0.27": VAE["lift_se"],
    "16.89": VAE["kl"],
    "7.25": VAE["mi"],
    "7.31": math.log(1500),
    "9.63": VAE["kl"] - VAE["mi"],
}
GIVEN = {"0.5", "0.8",   # the toy q = N(0.5, 0.8²)
         "0.4",          # the figure's shift of q along unit 1
         "0.1",          # the threshold for a unit that carries information
         "1.0"}          # exercise 1's default prior variance, N(0, 1)


def test_claims():
    check_claims("07_vae.ipynb", CLAIMS, GIVEN)


def test_beta_examples():
    assert [int(np.sum(RATIO > b)) for b in (1, 8, 16)] == [10, 7, 4]
    model = plots.linear_model()
    assert [ppca.active_units(model, b) for b in (1, 8, 16)] == [10, 7, 4]
    np.testing.assert_allclose(model.eigenvalues[:10] / model.sigma2, RATIO, rtol=1e-8)


def test_every_unit_of_the_vae_is_active():
    x_train, _, _, _ = digits.split()
    model, _ = vae.train(x_train, np.random.default_rng(0), latent=8, epochs=60)
    mu, logvar = _forward(model, x_train.astype(float))
    assert np.all(np.mean(0.5 * (mu**2 + np.exp(logvar) - logvar - 1), axis=0) > 0.1)


# ------------------------------------------------------------------ figures
def _no_problems(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lib.plots.problems(fig) == []


@pytest.mark.parametrize("kwargs", [{}, {"shift": -1.0, "log_ratio": -3.0, "unit": 10},
                                    {"shift": 1.0, "log_ratio": 3.0, "unit": 1},
                                    {"shift": 0.0, "log_ratio": 0.0, "unit": 5}])
def test_linear_gap_figure(kwargs):
    plots.linear_gap(**kwargs)                     # warm the cache
    start = time.perf_counter()
    fig = plots.linear_gap(**kwargs)
    assert time.perf_counter() - start < 0.3      # well under 100 ms on a quiet machine
    _no_problems(fig)


@pytest.mark.parametrize("shift,log_ratio,unit", [(0.4, 1.0, 1), (-1.0, -3.0, 10), (0.7, 2.0, 4)])
def test_slider_gap_is_kl_to_posterior(shift, log_ratio, unit):
    model = plots.linear_model()
    _, _, x_test, _ = digits.split()
    x = x_test[0] / 16
    C = model.W @ model.W.T + model.sigma2 * np.eye(64)
    log_px = stats.multivariate_normal(model.mu, C).logpdf(x)
    pm, pS = ppca.posterior(model, x)
    m, S = pm[0].copy(), pS.copy()
    m[unit - 1] += shift
    S[unit - 1, :] *= math.exp(log_ratio / 2)
    S[:, unit - 1] *= math.exp(log_ratio / 2)
    assert log_px - ppca.elbo(model, x, m, S)[0] == pytest.approx(lib.kl_mvn(m, S, pm[0], pS), rel=1e-9)


@pytest.mark.parametrize("beta", [0.5, 1.0, 8.0, 64.0])
def test_collapse_figure(beta):
    _no_problems(plots.collapse(beta=beta))


def test_static_figures():
    _no_problems(plots.identity())
    _, r = goog_log_returns()
    thetas, ll, ae, am = mixture_em.run(mixture_em.Mixture([0.5, 0.5], [-0.01, 0.01], [0.01, 0.03]), r, 40)
    _no_problems(plots.em_steps(r, thetas[-1], ll, ae, am))
    rng = np.random.default_rng(0)
    _no_problems(plots.training([-200 + np.arange(10.0), -220 + np.arange(5.0)], ["a", "b"]))
    _no_problems(plots.latent_map(rng.normal(size=(100, 2)), np.arange(100) % 10))
    _no_problems(plots.reconstructions(rng.integers(0, 17, (4, 64)), rng.uniform(0, 16, (4, 64))))
    _no_problems(plots.bounds([1, 10, 100], [0.0, 3.0, 5.0], [0.0, 0.2, 0.2], -110.0,
                              {"kl": 17.0, "mi": 7.0, "marginal_kl": 10.0, "log_n": 7.3}))


# ------------------------------------------------------------------ exercises
def test_exercise_checkers_reject_the_classic_slips():
    def kl_any_prior(mu, logvar, prior_var=1.0):     # from the definition, independently
        var = np.exp(logvar)
        return np.sum(0.5 * np.log(prior_var / var) + (var + np.asarray(mu) ** 2) / (2 * prior_var) - 0.5,
                      axis=-1)

    def kl_standard_prior_only(mu, logvar, prior_var=1.0):   # ignores τ²: section 5's formula copied
        return 0.5 * np.sum(np.asarray(mu) ** 2 + np.exp(logvar) - logvar - 1, axis=-1)

    assert lib.check.exercise("07.1", kl_any_prior).passed
    assert not lib.check.exercise("07.1", kl_standard_prior_only).passed
    assert lib.check.exercise("07.3", 1024).passed
    for slip in (16, 64, 80, 1 / 1024, 1):
        assert not lib.check.exercise("07.3", slip).passed
