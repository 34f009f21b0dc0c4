"""lib.ngram against independent references: Counter-based counting, brute-force
leave-one-out, finite differences, and scipy's optimiser for the descent's limit."""

import math
from collections import Counter

import numpy as np
import pytest
from scipy import optimize

import lib
from lib import ngram

pytestmark = pytest.mark.filterwarnings("error")

WORDS = ["if", "in", "is", "it", "def", "for", "fi", "iff"]


def _reference_counts(words):
    pairs = Counter()
    for w in words:
        framed = "." + w + "."
        pairs.update(zip(framed[:-1], framed[1:]))
    t = np.zeros((27, 27))
    for (a, b), n in pairs.items():
        t[ngram.ALPHABET.index(a), ngram.ALPHABET.index(b)] = n
    return t


def test_encode_frames_each_word_with_the_boundary():
    prev, nxt = ngram.encode(["if"])
    assert [ngram.ALPHABET[i] for i in prev] == [".", "i", "f"]
    assert [ngram.ALPHABET[i] for i in nxt] == ["i", "f", "."]


def test_counts_match_counter():
    np.testing.assert_array_equal(ngram.bigram_counts(WORDS), _reference_counts(WORDS))
    assert ngram.bigram_counts(WORDS).sum() == sum(len(w) + 1 for w in WORDS)


@pytest.mark.parametrize("bad", [[""], ["a.b"], ["Hello"], []])
def test_encode_refuses_bad_words(bad):
    with pytest.raises(ValueError):
        ngram.encode(bad)


def test_smoothed_rows_and_maximum_likelihood():
    c = ngram.bigram_counts(WORDS)
    q = ngram.smoothed(c, 0.0)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)
    assert q[ngram.ALPHABET.index("d"), ngram.ALPHABET.index("e")] == 1.0
    np.testing.assert_allclose(q[ngram.ALPHABET.index("z")], 1 / 27)  # unseen row: uniform
    q1 = ngram.smoothed(c, 1.0)
    i = ngram.ALPHABET.index("i")
    np.testing.assert_allclose(q1[i], (c[i] + 1) / (c[i].sum() + 27))


def test_cross_entropy_is_inf_on_an_unseen_pair_and_matches_a_direct_sum():
    c = ngram.bigram_counts(WORDS)
    q = ngram.smoothed(c, 0.0)
    assert ngram.cross_entropy(ngram.bigram_counts(["if"]), q) < math.inf
    assert ngram.cross_entropy(ngram.bigram_counts(["zz"]), q) == math.inf
    q5 = ngram.smoothed(c, 0.5)
    held = ["fin", "it"]
    direct = -np.mean([math.log(q5[ngram.ALPHABET.index(a), ngram.ALPHABET.index(b)])
                       for w in held for a, b in zip("." + w, w + ".")])
    assert ngram.cross_entropy(ngram.bigram_counts(held), q5) == pytest.approx(direct, rel=1e-12)
    assert ngram.cross_entropy(ngram.bigram_counts(held), q5, base=2) == pytest.approx(direct / math.log(2))


def test_leave_one_out_is_the_brute_force_average():
    c = ngram.bigram_counts(WORDS)
    alpha = 0.3
    scores = []
    for w_index, w in enumerate(WORDS):
        for a, b in zip("." + w, w + "."):
            ia, ib = ngram.ALPHABET.index(a), ngram.ALPHABET.index(b)
            reduced = c.copy()
            reduced[ia, ib] -= 1
            scores.append(math.log(ngram.smoothed(reduced, alpha)[ia, ib]))
    assert ngram.leave_one_out_log_likelihood(c, alpha) == pytest.approx(np.mean(scores), rel=1e-12)
    best = ngram.leave_one_out_alpha(c)
    grid = np.exp(np.linspace(np.log(1e-3), np.log(1e2), 4001))
    values = [ngram.leave_one_out_log_likelihood(c, a) for a in grid]
    assert best == pytest.approx(grid[int(np.argmax(values))], rel=0.01)


def test_average_loss_gradient_matches_finite_differences():
    c = ngram.bigram_counts(WORDS)
    z = np.random.default_rng(0).normal(size=(27, 27))
    _, g = ngram.average_loss(z, c, l2=0.01)
    e = np.zeros_like(z)
    for idx in [(0, 9), (9, 6), (4, 5), (26, 0)]:
        e[:] = 0
        e[idx] = 1e-6
        num = (ngram.average_loss(z + e, c, l2=0.01)[0] - ngram.average_loss(z - e, c, l2=0.01)[0]) / 2e-6
        assert g[idx] == pytest.approx(num, rel=1e-5, abs=1e-9)


def test_descent_approaches_counting_and_keeps_checkpoints():
    c = ngram.bigram_counts(WORDS)
    z, kept = ngram.fit_logits(c, steps=3000, learning_rate=5.0, checkpoints=(0, 3000))
    np.testing.assert_array_equal(kept[0], 0.0)
    np.testing.assert_array_equal(kept[1], z)
    q = lib.softmax(z, axis=1)
    seen_rows = c.sum(axis=1) > 0
    np.testing.assert_allclose(q[seen_rows], ngram.smoothed(c, 0)[seen_rows], atol=0.02)
    assert (q > 0).all()  # never exactly 0
    with pytest.raises(ValueError):
        ngram.fit_logits(c, steps=10, checkpoints=(11,))


def test_penalised_logits_match_scipy_on_the_penalised_objective():
    c = ngram.bigram_counts(WORDS)
    z = ngram.penalised_logits(c, 0.01)
    np.testing.assert_allclose(ngram.average_loss(z, c, l2=0.01)[1], 0.0, atol=1e-8)
    ref = optimize.minimize(lambda f: ngram.average_loss(f.reshape(27, 27), c, l2=0.01)[0],
                            np.zeros(729), method="Powell", options={"maxiter": 1}).fun
    assert ngram.average_loss(z, c, l2=0.01)[0] <= ref + 1e-12
    with pytest.raises(ValueError):
        ngram.penalised_logits(c, 0.0)


def test_bigram_model_api():
    model = ngram.Bigram.from_words(WORDS, alpha=0.5)
    assert model.alphabet == ngram.ALPHABET and model.log_probs.shape == (27, 27)
    np.testing.assert_allclose(lib.softmax(model.log_probs, axis=1), model.probs)
    assert model.log_prob("if") == pytest.approx(
        sum(math.log(model.probs[ngram.ALPHABET.index(a), ngram.ALPHABET.index(b)])
            for a, b in zip(".if", "if.")))
    words = model.sample(np.random.default_rng(1), 20)
    assert len(words) == 20 and all(set(w) <= set(ngram.ALPHABET[1:]) for w in words)
    assert model.cross_entropy(["if"]) == pytest.approx(-model.log_prob("if") / 3)
    assert np.isneginf(ngram.Bigram.from_words(WORDS).log_probs).any()
