"""lib.sequence_kl against brute force: enumerated words, finite differences, Monte Carlo."""

import itertools

import numpy as np
import pytest

from lib import estimators, sequence_kl as sk

pytestmark = pytest.mark.filterwarnings("error")


def _policy(rng, S=4, end=0.45):
    """A random bigram over S−1 symbols whose words end often (so enumeration converges)."""
    P = rng.dirichlet(np.ones(S), size=S)
    P[:, 0] = end
    P[:, 1:] *= (1 - end) / P[:, 1:].sum(axis=1, keepdims=True)
    return P


def _words(S, max_len):
    for L in range(max_len + 1):
        yield from itertools.product(range(1, S), repeat=L)


def _brute(P, ref, reward, max_len=16):
    """Σ over every word up to max_len symbols: total mass, E[len], KL, E[reward]."""
    mass = length = kl = rew = 0.0
    for w in _words(len(P), max_len):
        src, dst = np.array((0, *w)), np.array((*w, 0))
        p = np.prod(P[src, dst])
        mass += p
        length += p * len(w)
        kl += p * (np.log(p) - np.sum(np.log(ref[src, dst])))
        rew += p * np.sum(reward[src, dst])
    return mass, length, kl, rew


def test_visits_kl_and_reward_match_enumeration():
    rng = np.random.default_rng(0)
    P, ref = _policy(rng, S=3, end=0.5), _policy(rng, S=3, end=0.4)
    R = rng.normal(size=P.shape)
    mass, length, kl, rew = _brute(P, ref, R)
    assert mass == pytest.approx(1.0, abs=1e-4)           # the cut loses 2^-17
    assert sk.expected_length(P) == pytest.approx(length, rel=2e-3)
    assert sk.sequence_kl(P, ref) == pytest.approx(kl, rel=2e-3)
    J, _ = sk.objective(np.log(P), ref, R, 0.0)
    assert J == pytest.approx(rew, rel=2e-3, abs=1e-4)
    Jb, _ = sk.objective(np.log(P), ref, R, 0.7)
    assert Jb == pytest.approx(rew - 0.7 * kl, rel=2e-3, abs=1e-4)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    ref = _policy(rng, S=5, end=0.3)
    z = np.log(_policy(rng, S=5, end=0.3)) + rng.normal(scale=0.3, size=(5, 5))
    R = rng.normal(size=(5, 5))
    for beta in (0.0, 0.5, -1.0):
        rew = 0.0 if beta == -1.0 else R
        _, g = sk.objective(z, ref, rew, beta)
        fd = np.zeros_like(z)
        h = 1e-6
        for i, j in np.ndindex(*z.shape):
            e = np.zeros_like(z)
            e[i, j] = h
            fd[i, j] = (sk.objective(z + e, ref, rew, beta)[0]
                        - sk.objective(z - e, ref, rew, beta)[0]) / (2 * h)
        np.testing.assert_allclose(g, fd, atol=1e-8)
    # beta = -1 without reward is the sequence KL itself
    assert sk.objective(z, ref, 0.0, -1.0)[0] == pytest.approx(
        sk.sequence_kl(sk.softmax_rows(z), ref), rel=1e-12)


def test_optimal_policy_is_tilted_reference_and_stationary():
    rng = np.random.default_rng(2)
    ref = _policy(rng, S=4, end=0.5)
    R = rng.normal(scale=0.5, size=(4, 4))
    beta = 1.3
    ps, J_star = sk.optimal_policy(ref, R, beta)
    np.testing.assert_allclose(ps.sum(axis=1), 1.0)
    # π*(x)/ref(x) ∝ exp(r(x)/β) word by word
    logs = []
    for w in itertools.islice(_words(4, 4), 60):
        src, dst = np.array((0, *w)), np.array((*w, 0))
        logs.append(np.sum(np.log(ps[src, dst]) - np.log(ref[src, dst])) - R[src, dst].sum() / beta)
    np.testing.assert_allclose(logs, logs[0], atol=1e-10)
    J, g = sk.objective(np.log(ps), ref, R, beta)
    assert J == pytest.approx(J_star, rel=1e-10)
    assert np.abs(g).max() < 1e-10
    # and no other policy does better
    for _ in range(20):
        z = np.log(ps) + rng.normal(scale=0.2, size=ps.shape)
        assert sk.objective(z, ref, R, beta)[0] < J_star
    with pytest.raises(ValueError, match="no optimum"):
        sk.optimal_policy(ref, np.full((4, 4), 5.0), 0.5)


def test_sampled_practices_average_to_their_expectations():
    rng = np.random.default_rng(3)
    ref = _policy(rng, S=4, end=0.4)
    z = np.log(_policy(rng, S=4, end=0.35))
    P = sk.softmax_rows(z)
    words = sk.sample_words(P, 40000, rng)
    lengths = np.array([len(w) for w in words])
    assert lengths.mean() == pytest.approx(sk.expected_length(P), abs=4 * lengths.std() / 200)
    # k1 per word averages to the sequence KL (lib.estimators on the word log-ratios)
    lr = sk.word_log_prob(ref, words) - sk.word_log_prob(P, words)
    assert lr[7] == pytest.approx(sk.word_log_prob(ref, words[7]) - sk.word_log_prob(P, words[7]))
    w = words[7]
    by_hand = np.log(P[0, w[0]]) + np.sum(np.log(P[w[:-1], w[1:]])) + np.log(P[w[-1], 0]) if len(w) else np.log(P[0, 0])
    assert sk.word_log_prob(P, w) == pytest.approx(by_hand)
    k1 = estimators.kl_k1(lr)
    assert abs(k1.mean() - sk.sequence_kl(P, ref)) < 4 * k1.std() / np.sqrt(len(k1))
    est = sk.penalty_gradient_samples(z, ref, words)
    for practice in sk.PRACTICES:
        g = est[practice]
        mean, se = g.mean(axis=0), g.std(axis=0) / np.sqrt(len(g)) + 1e-12
        exact = sk.expected_penalty_gradient(z, ref, practice)
        assert np.all(np.abs(mean - exact) < 5 * se), practice
    # k1 as reward is unbiased for the true gradient; k3 as loss is not
    true = sk.objective(z, ref, 0.0, -1.0)[1]
    np.testing.assert_allclose(sk.expected_penalty_gradient(z, ref, "k1 as reward"), true)
    assert np.abs(sk.expected_penalty_gradient(z, ref, "k3 as loss") - true).max() > 1e-3


def test_bad_input():
    with pytest.raises(ValueError):
        sk.visits(np.ones((3, 3)))
    with pytest.raises(ValueError):
        sk.expected_penalty_gradient(np.zeros((3, 3)), np.full((3, 3), 1 / 3), "k4")
    stuck = np.array([[0.0, 1.0], [0.0, 1.0]])          # never emits the end token
    assert sk.expected_length(stuck) == np.inf


def test_batches_average_single_words():
    rng = np.random.default_rng(6)
    ref = _policy(rng, S=4, end=0.4)
    z = np.log(_policy(rng, S=4, end=0.35))
    words = sk.sample_words(sk.softmax_rows(z), 103, rng)
    one = sk.penalty_gradient_samples(z, ref, words)
    four = sk.penalty_gradient_samples(z, ref, words, batch_size=4)
    for practice in sk.PRACTICES:
        assert four[practice].shape == (25, 4, 4)
        np.testing.assert_allclose(four[practice], one[practice][:100].reshape(25, 4, 4, 4).mean(axis=1))
    # one word by hand: k3 as loss sums (1 − ref/π) (e_a − π) over its transitions
    pi = sk.softmax_rows(z)
    w = words[0]
    seq = [0, *w, 0]
    g = np.zeros((4, 4))
    for s, a in zip(seq[:-1], seq[1:]):
        e = -pi[s].copy()
        e[a] += 1
        g[s] += (1 - ref[s, a] / pi[s, a]) * e
    np.testing.assert_allclose(one["k3 as loss"][0], g, atol=1e-12)
