"""lib.trust_region against finite differences, dense linear algebra and its own promises."""

import numpy as np
import pytest

from lib import trust_region as tr

pytestmark = pytest.mark.filterwarnings("error")


def _batch(rng, N=300, A=3, F=4):
    phi = np.column_stack([rng.normal(size=(N, F - 1)), np.ones(N)])
    theta = rng.normal(scale=0.5, size=(A, F))
    actions = tr.sample_actions(theta, phi, rng)
    adv = rng.normal(size=N) + (actions == 0)
    return theta, phi, actions, adv


def _fd_grad(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def test_sample_actions_frequencies():
    rng = np.random.default_rng(0)
    phi = np.ones((200000, 1))
    theta = np.log(np.array([[0.2], [0.5], [0.3]]))
    a = tr.sample_actions(theta, phi, rng)
    np.testing.assert_allclose(np.bincount(a) / len(a), [0.2, 0.5, 0.3], atol=0.005)


def test_surrogate_gradient_and_fisher_is_kl_hessian():
    rng = np.random.default_rng(1)
    theta, phi, actions, adv = _batch(rng)
    logp_old = tr.log_policy(theta, phi)[np.arange(len(actions)), actions]
    value, g = tr.surrogate(theta, phi, actions, adv, logp_old)
    assert value == pytest.approx(adv.mean())
    fd = _fd_grad(lambda t: tr.surrogate(t, phi, actions, adv, logp_old)[0], theta)
    np.testing.assert_allclose(g, fd, atol=1e-8)
    # F v = Hessian of the mean KL at θ_old times v (finite differences of its gradient)
    v = rng.normal(size=theta.shape)
    grad_kl = lambda t: _fd_grad(lambda u: tr.mean_kl(theta, u, phi), t, h=1e-5)
    eps = 1e-4
    hv = (grad_kl(theta + eps * v) - grad_kl(theta - eps * v)) / (2 * eps)
    np.testing.assert_allclose(tr.fisher_vector_product(theta, phi, v), hv, atol=1e-5)
    # and the dense Fisher, E[∇log π ∇log πᵀ] under the policy's own actions
    p = np.exp(tr.log_policy(theta, phi))
    F = np.zeros((theta.size, theta.size))
    for a in range(theta.shape[0]):
        e = -p.copy()
        e[:, a] += 1
        s = (e[:, :, None] * phi[:, None, :]).reshape(len(phi), -1)
        F += (p[:, a, None] * s).T @ s / len(phi)
    np.testing.assert_allclose(tr.fisher_vector_product(theta, phi, v).ravel(), F @ v.ravel(),
                               atol=1e-12)


def test_conjugate_gradient_solves_spd_system():
    rng = np.random.default_rng(2)
    M = rng.normal(size=(8, 8))
    A = M @ M.T + 0.1 * np.eye(8)
    b = rng.normal(size=8)
    x = tr.conjugate_gradient(lambda v: A @ v, b, iters=50, tol=1e-24)
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-8)


@pytest.mark.parametrize("delta", [1e-3, 1e-2, 0.05])
def test_trpo_step_respects_the_budget(delta):
    rng = np.random.default_rng(3)
    theta, phi, actions, adv = _batch(rng)
    new, info = tr.trpo_step(theta, phi, actions, adv, delta)
    assert info["accepted"] and 0 < info["kl"] <= delta
    assert info["kl"] == pytest.approx(tr.mean_kl(theta, new, phi))
    assert info["gain"] > 0
    # the direction is the natural gradient: F (Δθ) ∝ g
    logp_old = tr.log_policy(theta, phi)[np.arange(len(actions)), actions]
    g = tr.surrogate(theta, phi, actions, adv, logp_old)[1]
    Fd = tr.fisher_vector_product(theta, phi, new - theta, 1e-4)
    cos = np.sum(Fd * g) / np.linalg.norm(Fd) / np.linalg.norm(g)
    assert cos > 0.999


def test_ppo_variants():
    rng = np.random.default_rng(4)
    theta, phi, actions, adv = _batch(rng)
    new, info = tr.ppo_update(theta, phi, actions, adv, np.random.default_rng(0), clip=0.2,
                              epochs=8, lr=0.05)
    assert len(info["kl_per_epoch"]) == 8 and info["steps"] == 32
    assert info["kl"] == pytest.approx(tr.mean_kl(theta, new, phi))
    lo, hi = info["ratio_range"]
    assert lo < 0.8 and hi > 1.2                       # the clip does not bound the ratios
    # early stopping: the k1 estimate at the stop is above 1.5·target, the run is shorter
    _, stop = tr.ppo_update(theta, phi, actions, adv, np.random.default_rng(0), clip=0.2,
                            epochs=8, lr=0.05, target_kl=0.002)
    assert stop["stopped_early"] and stop["steps"] < info["steps"]
    assert stop["approx_kl"] > 1.5 * 0.002
    # penalty: a larger β keeps the update closer
    kls = [tr.ppo_update(theta, phi, actions, adv, np.random.default_rng(0), clip=None,
                         kl_coef=beta, epochs=8, lr=0.05)[1]["kl"] for beta in (0.1, 10.0, 100.0)]
    assert kls[0] > kls[1] > kls[2]
    with pytest.raises(ValueError):
        tr.ppo_update(theta, phi, actions, adv, rng, clip=0.2, kl_coef=1.0)
    assert tr.adapt_kl_coef(1.0, 0.02, 0.01) == 2.0
    assert tr.adapt_kl_coef(1.0, 0.005, 0.01) == 0.5
    assert tr.adapt_kl_coef(1.0, 0.01, 0.01) == 1.0


def test_returns_to_go():
    r = np.array([1.0, 1.0, 1.0, 2.0, 3.0])
    ep = np.array([0, 0, 0, 1, 1])
    np.testing.assert_allclose(tr.returns_to_go(r, ep, 0.5), [1.75, 1.5, 1.0, 3.5, 3.0])


def test_tabular_surrogate_touches_the_objective():
    rng = np.random.default_rng(5)
    S, A, gamma = 5, 3, 0.9
    P = rng.dirichlet(np.ones(S), size=(S, A))
    R = rng.normal(size=(S, A))
    d0 = np.full(S, 1 / S)
    z_old = rng.normal(size=(S, A))
    soft = lambda z: np.exp(z - z.max(1, keepdims=True)) / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True)
    pi_old = soft(z_old)
    J, L, kl = tr.tabular_surrogate(P, R, pi_old, pi_old, gamma, d0)
    assert J == pytest.approx(L) and kl == 0.0
    # J by simulation-free brute force: power series of the discounted chain
    V = np.zeros(S)
    for _ in range(2000):
        V = np.sum(pi_old * (R + gamma * P @ V), axis=1)
    assert J == pytest.approx(d0 @ V, rel=1e-10)
    # same gradient at π_old
    fJ = lambda z: tr.tabular_surrogate(P, R, pi_old, soft(z), gamma, d0)[0]
    fL = lambda z: tr.tabular_surrogate(P, R, pi_old, soft(z), gamma, d0)[1]
    np.testing.assert_allclose(_fd_grad(fJ, z_old), _fd_grad(fL, z_old), atol=1e-7)
