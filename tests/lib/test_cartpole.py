"""lib.cartpole against gymnasium's CartPole-v1, step for step."""

import gymnasium as gym
import numpy as np
import pytest

from lib import cartpole


def test_matches_gymnasium_step_for_step():
    rng = np.random.default_rng(0)
    env = gym.make("CartPole-v1")
    steps = 0
    for episode in range(20):
        obs, _ = env.reset(seed=episode)
        state = np.array(env.unwrapped.state, dtype=float)[None, :]
        np.testing.assert_array_equal(obs, state[0].astype(np.float32))
        while True:
            a = int(rng.integers(2)) if episode % 2 else int(state[0, 2] + 0.3 * state[0, 3] > 0)
            obs, reward, terminated, truncated, _ = env.step(a)
            state, done = cartpole.step(state, [a])
            steps += 1
            np.testing.assert_array_equal(np.array(env.unwrapped.state), state[0])
            assert reward == 1.0
            assert bool(done[0]) == terminated
            if terminated or truncated:
                break
    assert steps > 2000          # the balancing episodes run to the 500-step cut


def test_reset_range_and_bad_input():
    s = cartpole.reset(1000, np.random.default_rng(1))
    assert s.shape == (1000, 4) and np.abs(s).max() <= 0.05
    with pytest.raises(ValueError):
        cartpole.step(np.zeros(4), [0])
    with pytest.raises(ValueError):
        cartpole.step(np.zeros((2, 4)), [0, 2])


def test_rollouts_lengths_and_truncation():
    rng = np.random.default_rng(2)
    balance = lambda s, rng: (s[:, 2] + 0.3 * s[:, 3] > 0).astype(int)
    ro = cartpole.rollouts(balance, 8, rng)
    assert ro.lengths.sum() == len(ro)
    assert ro.truncated.all() and (ro.lengths == 500).all()
    rand = cartpole.rollouts(lambda s, rng: rng.integers(2, size=len(s)), 50, rng)
    assert not rand.truncated.any() and 8 <= rand.lengths.mean() <= 40
    # steps of each episode are contiguous and in time order
    for e in range(50):
        ts = rand.t[rand.episode == e]
        np.testing.assert_array_equal(ts, np.arange(rand.lengths[e]))
    # replaying the actions reproduces the states
    s = rand.states[rand.episode == 3]
    a = rand.actions[rand.episode == 3]
    nxt, _ = cartpole.step(s[:-1], a[:-1])
    np.testing.assert_array_equal(nxt, s[1:])
