"""lib.mixture_em against scipy's normal densities, Bayes' rule written out, and the
properties EM must have: the bound touches after an E-step, the M-step maximises it."""

import numpy as np
import pytest
from scipy import stats

import lib
from lib import mixture_em as em

pytestmark = pytest.mark.filterwarnings("error")

THETA = em.Mixture([0.3, 0.7], [-1.0, 2.0], [0.5, 1.5])


def _x():
    rng = np.random.default_rng(0)
    return np.concatenate([rng.normal(-1, 0.5, 120), rng.normal(2, 1.5, 280)])


def test_log_likelihood_and_posterior():
    x = _x()
    dens = np.stack([w * stats.norm(m, s).pdf(x) for w, m, s in zip(THETA.pi, THETA.mu, THETA.sigma)], axis=1)
    assert em.log_likelihood(THETA, x) == pytest.approx(np.log(dens.sum(axis=1)).sum(), rel=1e-12)
    np.testing.assert_allclose(em.e_step(THETA, x), dens / dens.sum(axis=1, keepdims=True), rtol=1e-10)


def test_bound_is_tight_after_e_and_below_otherwise():
    x = _x()
    q = em.e_step(THETA, x)
    assert em.bound(q, THETA, x) == pytest.approx(em.log_likelihood(THETA, x), rel=1e-12)
    other = em.Mixture([0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    gap = em.log_likelihood(other, x) - em.bound(q, other, x)
    assert gap == pytest.approx(lib.kl_divergence(q, em.e_step(other, x)).sum(), rel=1e-9)
    assert gap > 0


def test_m_step_maximises_the_bound():
    x = _x()
    q = em.e_step(em.Mixture([0.5, 0.5], [0.0, 1.0], [1.0, 1.0]), x)
    best = em.m_step(q, x)
    top = em.bound(q, best, x)
    rng = np.random.default_rng(1)
    for _ in range(30):
        pi = best.pi * np.exp(0.05 * rng.normal(size=2))
        other = em.Mixture(pi / pi.sum(), best.mu + 0.05 * rng.normal(size=2),
                           best.sigma * np.exp(0.05 * rng.normal(size=2)))
        assert em.bound(q, other, x) < top


def test_run_never_decreases():
    x = _x()
    thetas, ll, ae, am = em.run(em.Mixture([0.5, 0.5], [0.0, 0.5], [2.0, 2.0]), x, 25)
    assert len(thetas) == 26 and ll.shape == (26,) and ae.shape == am.shape == (25,)
    assert np.all(np.diff(ll) >= -1e-9)
    np.testing.assert_allclose(ae, ll[:-1], rtol=1e-12)
    assert np.all(am >= ae - 1e-9) and np.all(am <= ll[1:] + 1e-9)


def test_errors():
    with pytest.raises(ValueError):
        em.Mixture([0.5, 0.6], [0, 1], [1, 1])
    with pytest.raises(ValueError):
        em.Mixture([0.5, 0.5], [0, 1], [1, -1])
    with pytest.raises(ValueError):
        em.log_likelihood(THETA, np.zeros((2, 2)))
