"""lib.ppca against independent references: scikit-learn's PCA log-likelihood (the same
model, fitted by different code), scipy's multivariate normal, Gaussian conditioning written
out by blocks, Monte Carlo with error bars, and a numerical optimiser for the β optimum."""

import numpy as np
import pytest
from scipy import optimize, stats

import lib
from lib import ppca

pytestmark = pytest.mark.filterwarnings("error")


def _data(seed=0, n=400, D=6, k=2):
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 1.0, (D, k))
    z = rng.normal(size=(n, k))
    return z @ W.T + 0.3 * rng.normal(size=(n, D)) + rng.normal(size=D)


def test_fit_matches_scikit_learn():
    from sklearn.decomposition import PCA

    x = _data()
    n = len(x)
    model = ppca.fit(x, 2)
    ref = PCA(n_components=2).fit(x)
    C = model.W @ model.W.T + model.sigma2 * np.eye(6)
    # scikit-learn's covariance divides by n - 1, ours (maximum likelihood) by n
    np.testing.assert_allclose(ref.get_covariance() * (n - 1) / n, C, rtol=1e-9, atol=1e-12)
    assert ref.noise_variance_ * (n - 1) / n == pytest.approx(model.sigma2, rel=1e-10)
    ours = ppca.log_marginal(model, x)
    np.testing.assert_allclose(ours, stats.multivariate_normal(model.mu, C).logpdf(x), rtol=1e-12)
    assert ref.score(x) <= ours.mean() + 1e-12      # the n - 1 model is not the maximum


def test_fit_is_a_maximum():
    x = _data(1)
    model = ppca.fit(x, 2)
    best = ppca.log_marginal(model, x).sum()
    rng = np.random.default_rng(5)
    for _ in range(20):
        W = model.W + 0.05 * rng.normal(size=model.W.shape)
        s2 = model.sigma2 * np.exp(0.05 * rng.normal())
        other = ppca.PPCA(model.mu, W, s2, model.eigenvalues)
        assert ppca.log_marginal(other, x).sum() < best


def test_posterior_by_gaussian_conditioning():
    x = _data(2)
    model = ppca.fit(x, 2)
    W, s2, mu = model.W, model.sigma2, model.mu
    C = W @ W.T + s2 * np.eye(6)          # cov(x); cov(z, x) = Wᵀ; cov(z) = I
    mean_ref = (W.T @ np.linalg.solve(C, (x[:5] - mu).T)).T
    cov_ref = np.eye(2) - W.T @ np.linalg.solve(C, W)
    means, cov = ppca.posterior(model, x[:5])
    np.testing.assert_allclose(means, mean_ref, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(cov, cov_ref, rtol=1e-9, atol=1e-12)


def test_elbo_monte_carlo_and_gap_is_kl():
    x = _data(3)
    model = ppca.fit(x, 2)
    x0 = x[0]
    m_post, S_post = ppca.posterior(model, x0)
    m = m_post[0] + np.array([0.3, -0.2])
    S = np.array([[0.5, 0.1], [0.1, 0.2]])
    total, recon, kl = ppca.elbo(model, x0, m, S)
    rng = np.random.default_rng(0)
    z = rng.multivariate_normal(m, S, size=200_000)
    log_joint = (stats.multivariate_normal(np.zeros(2), np.eye(2)).logpdf(z)
                 + stats.norm(z @ model.W.T + model.mu, np.sqrt(model.sigma2)).logpdf(x0).sum(axis=1))
    terms = log_joint - stats.multivariate_normal(m, S).logpdf(z)
    assert abs(terms.mean() - total) < 4 * terms.std() / np.sqrt(terms.size)
    assert kl == pytest.approx(lib.kl_mvn(m, S, np.zeros(2), np.eye(2)), rel=1e-12)
    assert ppca.gap(model, x0, m, S) == pytest.approx(lib.kl_mvn(m, S, m_post[0], S_post), rel=1e-9)
    assert abs(ppca.gap(model, x0, m_post[0], S_post)) < 1e-10


def test_beta_fit_is_the_optimum_found_numerically():
    x = _data(4, n=300, D=5, k=2)
    model = ppca.fit(x, 2)
    beta = 3.0

    def objective(W_flat):
        W = W_flat.reshape(5, 2)
        noisy = ppca.PPCA(model.mu, W, beta * model.sigma2, model.eigenvalues)
        means, cov = ppca.posterior(noisy, x)       # the best q for this W (β-objective)
        fixed = ppca.PPCA(model.mu, W, model.sigma2, model.eigenvalues)
        return -np.mean([ppca.elbo(fixed, xi, mi, cov, beta=beta)[0] for xi, mi in zip(x, means)])

    closed = ppca.beta_fit(model, beta)
    found = optimize.minimize(objective, model.W.ravel(), method="BFGS")
    assert objective(closed.W.ravel()) <= found.fun + 1e-6
    assert ppca.active_units(model, beta) == int(np.sum(model.eigenvalues[:2] > beta * model.sigma2))


def test_kl_term_equals_averaged_encodings():
    x = _data(5, n=500, D=8, k=4)
    model = ppca.fit(x, 4)
    for beta in (0.5, 1.0, 2.0, 30.0):
        fitted = ppca.beta_fit(model, beta)
        noisy = ppca.PPCA(fitted.mu, fitted.W, beta * model.sigma2, fitted.eigenvalues)
        means, cov = ppca.posterior(noisy, x)
        avg = np.mean([lib.kl_mvn(mi, cov, np.zeros(4), np.eye(4)) for mi in means])
        assert ppca.kl_term(model, beta).sum() == pytest.approx(avg, rel=1e-8, abs=1e-10)
    assert ppca.active_units(model, 1e6) == 0
    assert ppca.kl_term(model, 1e6).sum() == 0.0


def test_errors():
    x = _data()
    with pytest.raises(ValueError, match="k must be"):
        ppca.fit(x, 6)
    model = ppca.fit(x, 2)
    with pytest.raises(ValueError, match="coordinates"):
        ppca.log_marginal(model, x[:, :3])
    with pytest.raises(ValueError, match="beta"):
        ppca.beta_fit(model, 0.0)
    with pytest.raises(ValueError, match="shape"):
        ppca.elbo(model, x[0], np.zeros(3), np.eye(3))
