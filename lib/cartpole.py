r"""CartPole-v1 in NumPy: many carts at once, the same equations as gymnasium's.

A pole hinged on a cart; each step the agent pushes the cart left (action 0) or right
(action 1) with a force of 10 N, and earns a reward of 1. An episode ends when the pole
leans more than 12° from upright or the cart leaves ``|x| ≤ 2.4``, and is cut at 500
steps. The state is ``(x, ẋ, θ, θ̇)``; the equations of motion (Barto, Sutton and
Anderson, 1983) are integrated with explicit Euler steps of 0.02 s, exactly as
``gymnasium.envs.classic_control.CartPoleEnv`` does (``tests/lib/test_cartpole.py``
checks them step for step against gymnasium 1.2). Writing them over arrays lets
``08_trust_regions.ipynb`` run a whole batch of carts in one NumPy call per step.
"""

import math

import numpy as np

__all__ = ["GRAVITY", "TAU", "X_LIMIT", "THETA_LIMIT", "MAX_STEPS", "reset", "step",
           "rollouts", "Rollouts"]

GRAVITY = 9.8
MASS_CART = 1.0
MASS_POLE = 0.1
HALF_LENGTH = 0.5
FORCE = 10.0
TAU = 0.02
X_LIMIT = 2.4
THETA_LIMIT = 12 * 2 * math.pi / 360
MAX_STEPS = 500


def reset(n, rng):
    """``n`` start states, each coordinate uniform on [−0.05, 0.05] (shape ``(n, 4)``)."""
    return rng.uniform(-0.05, 0.05, size=(int(n), 4))


def step(state, action):
    r"""One Euler step of 0.02 s for every cart.

    Parameters
    ----------
    state : array_like, shape (n, 4)
        ``(x, ẋ, θ, θ̇)`` per cart.
    action : array_like of int, shape (n,)
        0 pushes left, 1 pushes right.

    Returns
    -------
    new_state : ndarray, shape (n, 4)
    terminated : ndarray of bool, shape (n,)
        The pole fell (``|θ| > 12°``) or the cart left the track (``|x| > 2.4``).
    """
    state = np.asarray(state, dtype=float)
    if state.ndim != 2 or state.shape[1] != 4:
        raise ValueError(f"state must have shape (n, 4), got {state.shape}")
    action = np.asarray(action)
    if action.shape != state.shape[:1] or not ((action == 0) | (action == 1)).all():
        raise ValueError("action must hold one 0 or 1 per cart")
    x, x_dot, theta, theta_dot = state.T
    force = np.where(action == 1, FORCE, -FORCE)
    cos, sin = np.cos(theta), np.sin(theta)
    total = MASS_POLE + MASS_CART
    pml = MASS_POLE * HALF_LENGTH
    temp = (force + pml * np.square(theta_dot) * sin) / total
    theta_acc = (GRAVITY * sin - cos * temp) / (
        HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * np.square(cos) / total))
    x_acc = temp - pml * theta_acc * cos / total
    new = np.stack([x + TAU * x_dot, x_dot + TAU * x_acc,
                    theta + TAU * theta_dot, theta_dot + TAU * theta_acc], axis=1)
    terminated = (np.abs(new[:, 0]) > X_LIMIT) | (np.abs(new[:, 2]) > THETA_LIMIT)
    return new, terminated


class Rollouts:
    """A batch of complete episodes, flattened step by step.

    Attributes
    ----------
    states : ndarray, shape (T, 4)
        The state each action was taken in.
    actions : ndarray of int, shape (T,)
    episode : ndarray of int, shape (T,)
        Which episode each step belongs to.
    t : ndarray of int, shape (T,)
        Time step within its episode (0 first).
    lengths : ndarray of int, shape (n,)
        Steps (= return, one reward per step) of each episode.
    truncated : ndarray of bool, shape (n,)
        Episodes cut at :data:`MAX_STEPS` rather than ended by a fall.
    """

    def __init__(self, states, actions, episode, t, lengths, truncated):
        self.states, self.actions, self.episode, self.t = states, actions, episode, t
        self.lengths, self.truncated = lengths, truncated

    def __len__(self):
        return len(self.actions)


def rollouts(policy, n, rng, *, max_steps=MAX_STEPS):
    """Run ``n`` carts until each episode ends, all in parallel.

    Parameters
    ----------
    policy : callable
        ``policy(states, rng)`` returns one action (0 or 1) per row of ``states``.
    n : int
        Number of episodes.
    rng : numpy.random.Generator
        Draws the start states, and is handed to ``policy``.
    max_steps : int
        Cut episodes at this length (CartPole-v1: 500).

    Returns
    -------
    Rollouts
    """
    state = reset(n, rng)
    alive = np.ones(n, dtype=bool)
    lengths = np.zeros(n, dtype=int)
    rows = []
    for t in range(max_steps):
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            break
        s = state[idx]
        a = np.asarray(policy(s, rng))
        rows.append((s, a, idx, np.full(idx.size, t)))
        new, done = step(s, a)
        state[idx] = new
        lengths[idx] += 1
        alive[idx[done]] = False
    truncated = alive & (lengths == max_steps)
    states, actions, episode, ts = (np.concatenate(c) for c in zip(*rows))
    order = np.lexsort((ts, episode))
    return Rollouts(states[order], actions[order].astype(int), episode[order], ts[order],
                    lengths, truncated)
