r"""Policy updates that keep the new policy close to the old one: TRPO and PPO.

The policy is a linear softmax over actions, ``π_θ(a | s) = softmax(θ φ(s))_a`` with a
parameter matrix ``θ`` of shape ``(n_actions, n_features)`` and features ``φ(s)``. An
update starts from a batch collected with ``π_old``: features ``phi`` (one row per
step), the actions taken and their advantages ``A``. Every method here maximises the
importance-sampled **surrogate**

.. math:: L(θ) = \frac1N \sum_i \frac{π_θ(a_i | s_i)}{π_{old}(a_i | s_i)} A_i ,

which matches the true objective only near ``π_old``, and differs in how it stays near:

* :func:`trpo_step`: natural gradient (Fisher-vector products, conjugate gradient) and a
  backtracking line search that accepts a step only if the **exact** mean KL over the
  batch's states, ``(1/N) Σ_i KL(π_old(·|s_i) ‖ π_θ(·|s_i))``, is at most ``δ``;
* :func:`ppo_update` with ``clip``: PPO's clipped surrogate, optimised for a few epochs
  with Adam; nothing bounds the KL;
* :func:`ppo_update` with ``kl_coef``: a penalty ``β·KL`` instead of the clip, with
  :func:`adapt_kl_coef` doubling or halving ``β`` between updates; and ``target_kl``
  stops the epochs early once the sample estimate of the KL passes ``1.5·target_kl``
  (as OpenAI's Spinning Up does).

Also exact tabular tools for the same ideas (:func:`tabular_values`,
:func:`tabular_surrogate`). Taught in ``08_trust_regions.ipynb``.
"""

import numpy as np


__all__ = ["log_policy", "sample_actions", "mean_kl", "surrogate", "fisher_vector_product",
           "conjugate_gradient", "trpo_step", "ppo_update", "adapt_kl_coef",
           "returns_to_go", "tabular_values", "tabular_surrogate"]


def _check(theta, phi):
    theta, phi = np.asarray(theta, float), np.asarray(phi, float)
    if theta.ndim != 2 or phi.ndim != 2 or theta.shape[1] != phi.shape[1]:
        raise ValueError(f"theta must be (n_actions, n_features) and phi (N, n_features), "
                         f"got {theta.shape} and {phi.shape}")
    return theta, phi


def log_policy(theta, phi):
    """``log π_θ(a | s_i)`` for every row of ``phi`` and every action: shape ``(N, n_actions)``."""
    theta, phi = _check(theta, phi)
    z = phi @ theta.T
    if z.shape[1] == 2:                                   # the common case, in one ufunc
        return z - np.logaddexp(z[:, 0], z[:, 1])[:, None]
    return z - np.logaddexp.reduce(z, axis=1, keepdims=True)


def sample_actions(theta, phi, rng):
    """One action per row of ``phi``, drawn from ``π_θ(· | s)`` with ``rng``."""
    p = np.exp(log_policy(theta, phi))
    u = rng.random(len(p))
    return np.minimum((np.cumsum(p, axis=1) < u[:, None]).sum(axis=1), p.shape[1] - 1)


def mean_kl(theta_old, theta, phi):
    r"""Exact mean KL over the batch's states, ``(1/N) Σ_i KL(π_old(·|s_i) ‖ π_θ(·|s_i))``, nats."""
    return _mean_kl(log_policy(theta_old, phi), log_policy(theta, phi))


def _mean_kl(lp_old, lp):
    return float(np.mean(np.sum(np.exp(lp_old) * (lp_old - lp), axis=1)))


def _ratio_terms(theta, phi, actions, logp_old):
    lp = log_policy(theta, phi)
    idx = np.arange(len(actions))
    ratio = np.exp(lp[idx, actions] - logp_old)
    # ∇_θ log π(a|s) = (e_a − π(·|s)) φ(s)ᵀ
    dlogits = -np.exp(lp)
    dlogits[idx, actions] += 1.0
    return ratio, dlogits, lp


def surrogate(theta, phi, actions, adv, logp_old):
    r"""The surrogate ``L(θ) = mean(π_θ(a|s)/π_old(a|s) · A)`` and its gradient in ``θ``.

    Returns
    -------
    value : float
    grad : ndarray, shape of ``theta``
    """
    actions, adv = np.asarray(actions), np.asarray(adv, float)
    ratio, dlogits, _ = _ratio_terms(theta, phi, actions, logp_old)
    w = ratio * adv / len(adv)
    return float(np.sum(w)), (dlogits * w[:, None]).T @ np.asarray(phi, float)


def fisher_vector_product(theta, phi, v, damping=0.0):
    r"""``(F + damping·I) v`` for the Fisher matrix of the batch, without forming ``F``.

    ``F = (1/N) Σ_i J_iᵀ (diag π_i − π_i π_iᵀ) J_i`` with ``J_i`` the Jacobian of the logits
    ``θ φ(s_i)``; it is also the Hessian of :func:`mean_kl` at ``θ = θ_old``. ``v`` has the
    shape of ``theta``.
    """
    theta, phi = _check(theta, phi)
    v = np.asarray(v, float).reshape(theta.shape)
    p = np.exp(log_policy(theta, phi))
    dz = phi @ v.T
    hdz = p * dz - p * np.sum(p * dz, axis=1, keepdims=True)
    return hdz.T @ phi / len(phi) + damping * v


def conjugate_gradient(matvec, b, *, iters=10, tol=1e-12):
    """Solve ``A x = b`` for a symmetric positive (semi)definite ``A`` given as ``matvec``.

    ``b`` may be any shape; ``matvec`` maps arrays of that shape to that shape. At most
    ``iters`` iterations (exact after ``b.size`` in exact arithmetic); stops when the
    squared residual falls below ``tol``.
    """
    b = np.asarray(b, float)
    x = np.zeros_like(b)
    r = b.copy()
    d = r.copy()
    rr = np.sum(r * r)
    for _ in range(iters):
        if rr < tol:
            break
        ad = matvec(d)
        alpha = rr / np.sum(d * ad)
        x += alpha * d
        r -= alpha * ad
        rr_new = np.sum(r * r)
        d = r + (rr_new / rr) * d
        rr = rr_new
    return x


def trpo_step(theta, phi, actions, adv, delta, *, cg_iters=10, damping=1e-4, shrink=0.8,
              max_backtracks=15):
    r"""One TRPO update: natural-gradient direction, scaled to the KL budget, line search.

    The direction is ``s = F⁻¹ g`` (conjugate gradient on :func:`fisher_vector_product`),
    scaled so that the quadratic model of the KL, ``½ sᵀ F s``, equals ``delta``:
    ``θ + sqrt(2δ / sᵀFs) · s``. The step is then shrunk by ``shrink`` until the exact
    :func:`mean_kl` is at most ``delta`` and the surrogate improves; if no step passes,
    ``θ`` is returned unchanged.

    Returns
    -------
    theta_new : ndarray
    info : dict
        ``kl`` (exact mean KL of the accepted step), ``gain`` (surrogate improvement),
        ``backtracks`` (shrinks needed), ``accepted``.
    """
    theta, phi = _check(theta, phi)
    actions = np.asarray(actions)
    logp_old = log_policy(theta, phi)[np.arange(len(actions)), actions]
    base, g = surrogate(theta, phi, actions, adv, logp_old)
    s = conjugate_gradient(lambda v: fisher_vector_product(theta, phi, v, damping), g,
                           iters=cg_iters)
    shs = float(np.sum(s * fisher_vector_product(theta, phi, s, damping)))
    full = np.sqrt(2.0 * delta / shs) * s if shs > 0 else np.zeros_like(s)
    for k in range(max_backtracks + 1):
        new = theta + shrink**k * full
        kl = mean_kl(theta, new, phi)
        gain = surrogate(new, phi, actions, adv, logp_old)[0] - base
        if kl <= delta and gain > 0:
            return new, {"kl": kl, "gain": gain, "backtracks": k, "accepted": True}
    return theta.copy(), {"kl": 0.0, "gain": 0.0, "backtracks": max_backtracks,
                          "accepted": False}


def ppo_update(theta, phi, actions, adv, rng, *, clip=0.2, kl_coef=None, epochs=10,
               minibatches=4, lr=0.01, target_kl=None):
    r"""One PPO update: ``epochs`` passes of Adam over shuffled minibatches of the batch.

    Objective per sample, with ``ρ = π_θ(a|s)/π_old(a|s)``:

    * ``clip`` (a number ``ε``): ``min(ρA, clip(ρ, 1−ε, 1+ε) A)``;
    * ``clip=None, kl_coef=β`` (pass ``clip=None``): ``ρA − β KL(π_old(·|s) ‖ π_θ(·|s))`` (exact KL per state).

    With ``target_kl``, the update stops at the first minibatch step after which the
    sample estimate ``mean(log π_old(a|s) − log π_θ(a|s))`` (the k1 estimator of
    ``lib.estimators`` over the batch) exceeds ``1.5·target_kl``.

    Returns
    -------
    theta_new : ndarray
    info : dict
        ``kl_per_epoch`` (exact mean KL after each completed epoch), ``theta_per_epoch``
        (the parameters after each completed epoch), ``kl`` (at the end),
        ``approx_kl`` (the k1 estimate at the end), ``ratio_range`` (min and max of ``ρ``
        over the batch at the end), ``clip_fraction``, ``steps`` (Adam steps taken),
        ``stopped_early``.
    """
    theta, phi = _check(theta, phi)
    actions, adv = np.asarray(actions), np.asarray(adv, float)
    if (clip is None) == (kl_coef is None):
        raise ValueError("give exactly one of clip (PPO-clip) or kl_coef (PPO-penalty)")
    n = len(actions)
    idx_all = np.arange(n)
    lp_old_all = log_policy(theta, phi)
    logp_old = lp_old_all[idx_all, actions]
    th = theta.copy()
    m, v = np.zeros_like(th), np.zeros_like(th)
    b1, b2, eps_adam = 0.9, 0.999, 1e-8
    steps, stopped, kl_per_epoch, thetas = 0, False, [], []
    for _ in range(epochs):
        for mb in np.array_split(rng.permutation(n), minibatches):
            ratio, dlogits, lp = _ratio_terms(th, phi[mb], actions[mb], logp_old[mb])
            a = adv[mb]
            if clip is not None:
                active = np.where(a >= 0, ratio < 1 + clip, ratio > 1 - clip)
                w = np.where(active, ratio * a, 0.0)
                grad_logits = dlogits * w[:, None]
            else:
                grad_logits = dlogits * (ratio * a)[:, None]
                # −β ∇_z KL(π_old ‖ softmax z) = −β (π − π_old)
                grad_logits -= kl_coef * (np.exp(lp) - np.exp(lp_old_all[mb]))
            grad = grad_logits.T @ phi[mb] / len(mb)
            steps += 1
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            th = th + lr * (m / (1 - b1**steps)) / (np.sqrt(v / (1 - b2**steps)) + eps_adam)
            if target_kl is not None:
                approx = np.mean(logp_old - log_policy(th, phi)[idx_all, actions])
                if approx > 1.5 * target_kl:
                    stopped = True
                    break
        kl_per_epoch.append(_mean_kl(lp_old_all, log_policy(th, phi)))
        thetas.append(th.copy())
        if stopped:
            break
    lp_new = log_policy(th, phi)[idx_all, actions]
    ratio = np.exp(lp_new - logp_old)
    clipped = 0.0 if clip is None else float(np.mean(np.abs(ratio - 1) > clip))
    return th, {"kl_per_epoch": np.array(kl_per_epoch), "theta_per_epoch": thetas,
                "kl": kl_per_epoch[-1],
                "approx_kl": float(np.mean(logp_old - lp_new)),
                "ratio_range": (float(ratio.min()), float(ratio.max())),
                "clip_fraction": clipped, "steps": steps, "stopped_early": stopped}


def adapt_kl_coef(kl_coef, kl, target_kl):
    """PPO's adaptive penalty: double ``β`` if ``kl > 1.5·target``, halve it if ``kl < target/1.5``."""
    if kl > 1.5 * target_kl:
        return 2.0 * kl_coef
    if kl < target_kl / 1.5:
        return kl_coef / 2.0
    return kl_coef


def returns_to_go(rewards, episode, gamma):
    r"""Discounted returns ``G_t = Σ_{k≥t} γ^{k−t} r_k`` within each episode.

    ``rewards`` and ``episode`` are flat, one entry per step, each episode's steps
    contiguous and in time order.
    """
    rewards, episode = np.asarray(rewards, float), np.asarray(episode)
    out = np.empty_like(rewards)
    running = 0.0
    for i in range(len(rewards) - 1, -1, -1):
        if i == len(rewards) - 1 or episode[i + 1] != episode[i]:
            running = 0.0
        running = rewards[i] + gamma * running
        out[i] = running
    return out


def tabular_values(P, R, pi, gamma):
    r"""Exact values of policy ``pi`` in a finite discounted MDP.

    Parameters
    ----------
    P : array_like, shape (S, A, S)
        ``P[s, a, s']`` transition probabilities.
    R : array_like, shape (S, A)
        Expected reward of action ``a`` in state ``s``.
    pi : array_like, shape (S, A)
        Policy, rows summing to 1.
    gamma : float
        Discount, ``0 ≤ γ < 1``.

    Returns
    -------
    V : ndarray, shape (S,)
        ``V = (I − γ P_π)⁻¹ r_π``.
    Q : ndarray, shape (S, A)
        ``Q(s, a) = R(s, a) + γ Σ_s' P(s'|s, a) V(s')``.
    """
    P, R, pi = (np.asarray(x, float) for x in (P, R, pi))
    S = len(R)
    P_pi = np.einsum("sa,sat->st", pi, P)
    V = np.linalg.solve(np.eye(S) - gamma * P_pi, np.sum(pi * R, axis=1))
    return V, R + gamma * P @ V


def tabular_surrogate(P, R, pi_old, pi, gamma, d0):
    r"""True objective, surrogate and state-weighted KL of ``pi`` measured from ``pi_old``.

    ``J(π) = Σ_s d0(s) V_π(s)``; the surrogate (Kakade and Langford 2002; Schulman et
    al. 2015) keeps the old policy's discounted state visits ``ρ_old``:

    .. math:: L_{old}(π) = J(π_{old}) + \sum_s ρ_{old}(s) \sum_a π(a|s) A_{old}(s, a),
              \qquad ρ_{old} = d_0ᵀ (I − γ P_{π_{old}})^{-1},

    equal to ``J`` at ``π = π_old`` with the same gradient there. The KL is
    ``Σ_s ρ_old(s) KL(π_old(·|s) ‖ π(·|s)) / Σ_s ρ_old(s)``.

    Returns
    -------
    J, L, kl : float
    """
    P, pi_old, pi, d0 = (np.asarray(x, float) for x in (P, pi_old, pi, d0))
    V_old, Q_old = tabular_values(P, R, pi_old, gamma)
    V_new, _ = tabular_values(P, R, pi, gamma)
    P_old = np.einsum("sa,sat->st", pi_old, P)
    rho = np.linalg.solve((np.eye(len(d0)) - gamma * P_old).T, d0)
    J_old = float(d0 @ V_old)
    L = J_old + float(rho @ np.sum(pi * (Q_old - V_old[:, None]), axis=1))
    with np.errstate(divide="ignore"):
        kl_s = np.sum(pi_old * (np.log(pi_old) - np.log(pi)), axis=1)
    return float(d0 @ V_new), L, float(rho @ kl_s / rho.sum())
