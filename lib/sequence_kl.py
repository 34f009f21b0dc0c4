r"""Exact sequence-level KL, rewards and gradients for a bigram policy over words.

A bigram language model is a transition matrix ``P`` of shape ``(S, S)``. State 0 is the
word boundary: a word starts in state 0, and emitting token 0 ends it; the other states
are the symbols (letters). Row ``s`` is the distribution of the next token after ``s``.
A word ``x = (x_1, …, x_T)`` has ``log P(x) = Σ_t log P[x_{t−1}, x_t]`` with
``x_0 = x_{T+1} = 0``.

Everything a KL-regularised fine-tuning objective needs is then exact, through the
**expected visit counts** ``n(s)`` (how often, on average, a word passes through state
``s``), which solve ``n = e_0 + n P̃`` with ``P̃`` the matrix ``P`` without its end column:

* the sequence KL, by the chain rule: ``KL(π ‖ ρ) = Σ_s n_π(s) KL(π(·|s) ‖ ρ(·|s))``;
* the objective ``J(π) = E_π[r(x)] − β KL(π ‖ ρ)`` for a reward ``r`` that adds up per
  token, and its gradient in the logits of ``π`` (:func:`objective`);
* the optimum over all policies, ``π*(x) ∝ ρ(x) exp(r(x)/β)`` (:func:`optimal_policy`);
* what the sample-based practices of RL fine-tuning estimate: the KL estimators k1 and
  k3 of :mod:`lib.estimators` used as a reward or differentiated as a loss
  (:func:`penalty_gradient_samples`, :func:`expected_penalty_gradient`).

Taught in ``08_trust_regions.ipynb``.
"""

import numpy as np

__all__ = ["softmax_rows", "visits", "expected_length", "sequence_kl", "objective",
           "optimal_policy", "sample_words", "word_log_prob", "penalty_gradient_samples",
           "expected_penalty_gradient", "PRACTICES"]

PRACTICES = ("k1 as reward", "k1 as loss", "k2 as loss", "k3 as loss")


def softmax_rows(logits):
    """Row-wise softmax of a logit matrix: the policy of those logits."""
    z = np.asarray(logits, float)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check_policy(P, name="P"):
    P = np.asarray(P, float)
    if P.ndim != 2 or P.shape[0] != P.shape[1] or P.shape[0] < 2:
        raise ValueError(f"{name} must be a square (S, S) transition matrix, got {P.shape}")
    if (P < 0).any() or not np.allclose(P.sum(axis=1), 1.0, atol=1e-9):
        raise ValueError(f"{name}: every row must be a probability vector")
    return P


def _continue(P):
    Q = P.copy()
    Q[:, 0] = 0.0
    return Q


def _transient(Q):
    """Whether ``Σ_k Q^k`` converges for a non-negative ``Q`` (spectral radius < 1).

    Exactly when ``(I − Q) x = 1`` has a positive solution: then ``Q x = x − 1 < x`` with
    ``x > 0`` bounds the spectral radius below 1 (Collatz–Wielandt), and conversely
    ``x = Σ_k Q^k 1 ≥ 1``.
    """
    try:
        x = np.linalg.solve(np.eye(len(Q)) - Q, np.ones(len(Q)))
    except np.linalg.LinAlgError:
        return False
    return bool(np.all(np.isfinite(x)) and np.all(x > 0))


def visits(P):
    r"""Expected number of visits ``n(s)`` of each state per word (state 0: once, the start).

    ``n = e_0ᵀ (I − P̃)⁻¹``. Returns ``inf`` entries if words never end (expected length
    infinite).
    """
    P = _check_policy(P)
    S = len(P)
    Q = _continue(P)
    if not _transient(Q):
        return np.full(S, np.inf)
    return np.linalg.solve((np.eye(S) - Q).T, np.eye(S)[0])


def expected_length(P):
    """Expected number of symbols per word, ``Σ_{s ≥ 1} n(s)``."""
    return float(visits(P)[1:].sum())


def _row_kl(P, ref):
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(P > 0, P * (np.log(np.where(P > 0, P, 1.0)) - np.log(ref)), 0.0)
    return terms.sum(axis=1)


def sequence_kl(P, ref):
    r"""``KL(P ‖ ref)`` between the distributions over whole words, nats per word.

    ``Σ_s n_P(s) KL(P(·|s) ‖ ref(·|s))`` (chain rule). ``inf`` if ``P`` puts mass where
    ``ref`` has none.
    """
    P, ref = _check_policy(P), _check_policy(ref, "ref")
    n = visits(P)
    kl = _row_kl(P, ref)
    used = n > 0
    return float(np.sum(n[used] * kl[used]))


def objective(logits, ref, reward, beta):
    r"""``J = E_π[r] − β KL(π ‖ ref)`` for ``π = softmax_rows(logits)``, and ``∇_logits J``.

    ``reward[s, a]`` is paid when token ``a`` follows state ``s``. With the per-step
    return ``R̃(s,a) = reward(s,a) − β log(π(a|s)/ref(a|s))``, the values solve
    ``V(s) = Σ_a π(a|s)(R̃(s,a) + V(a)[a ≠ 0])`` and the gradient is

    .. math:: \frac{∂J}{∂z_{s,a}} = n(s)\, π(a|s)\,\big(Q(s,a) − V(s)\big),
              \qquad Q(s,a) = R̃(s,a) + V(a)[a ≠ 0]

    (the term ``−β Σ_a π ∇ log π`` from differentiating ``R̃`` itself is zero).
    ``beta = 0`` gives the reward alone; ``reward = 0, beta = −1`` gives the sequence KL
    and its gradient.

    Returns
    -------
    J : float
    grad : ndarray, shape (S, S)
    """
    pi = softmax_rows(logits)
    ref = _check_policy(ref, "ref")
    R = np.broadcast_to(np.asarray(reward, float), pi.shape)
    S = len(pi)
    if beta != 0:
        R = R - beta * (np.log(pi) - np.log(ref))
    Qc = _continue(pi)
    n = visits(pi)
    if not np.isfinite(n).all():
        raise ValueError("the policy's words never end: expected length is infinite")
    V = np.linalg.solve(np.eye(S) - Qc, np.sum(pi * R, axis=1))
    Q = R + np.where(np.arange(S) == 0, 0.0, V)[None, :]
    return float(V[0]), n[:, None] * pi * (Q - V[:, None])


def optimal_policy(ref, reward, beta):
    r"""The maximiser of ``E_π[r] − β KL(π ‖ ref)``: ``π*(x) ∝ ref(x) exp(r(x)/β)``.

    With ``w(s) = Σ_x exp(r/β) ref`` over the completions from ``s``, which solve
    ``w(s) = Σ_a ref(a|s) e^{r(s,a)/β} w(a)`` (``w = 1`` after the end token),
    ``π*(a|s) = ref(a|s) e^{r(s,a)/β} w(a) / w(s)`` is again a bigram, and the optimal
    value is ``J* = β log w(0)``.

    Returns
    -------
    pi_star : ndarray, shape (S, S)
    J_star : float

    Raises
    ------
    ValueError
        If the sum over words diverges (``J`` is then unbounded: longer and longer words
        earn more reward than they cost in KL).
    """
    ref = _check_policy(ref, "ref")
    if beta <= 0:
        raise ValueError(f"beta must be positive, got {beta}")
    R = np.broadcast_to(np.asarray(reward, float), ref.shape)
    S = len(ref)
    K = ref * np.exp(R / beta)
    M = _continue(K)
    if not _transient(M):
        raise ValueError(f"no optimum at beta = {beta}: Σ_x ref(x) exp(r(x)/β) diverges")
    w = np.linalg.solve(np.eye(S) - M, K[:, 0])
    nxt = np.where(np.arange(S) == 0, 1.0, w)
    return K * nxt[None, :] / w[:, None], float(beta * np.log(w[0]))


def sample_words(P, n, rng, *, max_length=200):
    """Draw ``n`` words from ``P``: a list of int arrays of symbols (no boundary tokens).

    Words longer than ``max_length`` symbols are cut there.
    """
    P = _check_policy(P)
    cdf = np.cumsum(P, axis=1)
    cdf[:, -1] = 1.0
    tokens = np.zeros((n, max_length), dtype=int)
    state = np.zeros(n, dtype=int)
    alive = np.arange(n)
    for t in range(max_length):
        u = rng.random(alive.size)
        nxt = (cdf[state[alive]] < u[:, None]).sum(axis=1)
        tokens[alive, t] = nxt
        state[alive] = nxt
        alive = alive[nxt > 0]
        if alive.size == 0:
            break
    lengths = np.where((tokens == 0).any(axis=1), np.argmax(tokens == 0, axis=1), max_length)
    return [tokens[i, :L] for i, L in enumerate(lengths)]


def _flatten(words):
    """All transitions of ``words``: (word index, source state, emitted token) arrays."""
    lengths = np.array([len(w) for w in words], dtype=int)
    body = np.concatenate([np.asarray(w, dtype=int) for w in words] + [np.zeros(0, int)])
    ends = np.cumsum(lengths)
    src = np.insert(body, ends - lengths, 0)      # 0, w_1 … w_T for each word
    dst = np.insert(body, ends, 0)                # w_1 … w_T, 0
    return np.repeat(np.arange(len(words)), lengths + 1), src, dst


def word_log_prob(P, words):
    """``log P(word)`` (end token included) for one word, or an array of them for a list."""
    P = np.asarray(P, float)
    single = len(words) == 0 or np.ndim(words[0]) == 0
    word_id, src, dst = _flatten([words] if single else words)
    with np.errstate(divide="ignore"):
        out = np.bincount(word_id, weights=np.log(P[src, dst]), minlength=1 if single else len(words))
    return float(out[0]) if single else out


def penalty_gradient_samples(logits, ref, words, batch_size=1):
    r"""Estimates of ``∇_logits KL(π ‖ ref)`` by each practice of :data:`PRACTICES`.

    With ``ℓ_t = log ref(x_t|x_{t−1}) − log π(x_t|x_{t−1})`` (the ``log_ratio`` of
    :mod:`lib.estimators`, samples from ``π``) and ``∇ log π(a|s) = e_a − π(·|s)`` in
    row ``s``, the estimate from one word is

    * ``"k1 as reward"``: ``(Σ_t k1_t) · Σ_t ∇ log π(x_t|x_{t−1})`` (score function, the
      KL treated as a negative reward);
    * ``"k1 as loss"``: ``∇ Σ_t k1_t = Σ_t ∇ log π(x_t|x_{t−1})``;
    * ``"k2 as loss"``: ``∇ Σ_t ½ℓ_t² = Σ_t −ℓ_t ∇ log π``;
    * ``"k3 as loss"``: ``∇ Σ_t (e^{ℓ_t} − 1 − ℓ_t) = Σ_t (1 − e^{ℓ_t}) ∇ log π``.

    Parameters
    ----------
    logits, ref : array_like, shape (S, S)
        The policy's logits and the reference transition matrix.
    words : list of int arrays
        Words sampled from ``softmax_rows(logits)``.
    batch_size : int
        Average the estimates over consecutive batches of this many words (a leftover
        incomplete batch is dropped).

    Returns
    -------
    dict
        practice -> ndarray of shape ``(len(words) // batch_size, S, S)``.
    """
    pi = softmax_rows(logits)
    ref = _check_policy(ref, "ref")
    S = len(pi)
    n_batches = len(words) // batch_size
    word_id, src, dst = _flatten(words[: n_batches * batch_size])
    batch = word_id // batch_size
    ell = np.log(ref[src, dst]) - np.log(pi[src, dst])
    score = -pi[src]
    score[np.arange(len(src)), dst] += 1.0
    cells = ((batch * S + src)[:, None] * S + np.arange(S)[None, :]).ravel()
    size = n_batches * S * S

    def total(weight):
        flat = np.bincount(cells, weights=(weight[:, None] * score).ravel(), minlength=size)
        return flat.reshape(n_batches, S, S) / batch_size

    k1_word = -np.bincount(word_id, weights=ell, minlength=n_batches * batch_size)
    return {"k1 as reward": total(k1_word[word_id]), "k1 as loss": total(np.ones_like(ell)),
            "k2 as loss": total(-ell), "k3 as loss": total(-np.expm1(ell))}


def expected_penalty_gradient(logits, ref, practice):
    r"""The exact expectation, over words from ``π``, of one practice's gradient estimate.

    * ``"k1 as reward"``: ``∇ KL(π ‖ ref)``, the true gradient (unbiased);
    * ``"k1 as loss"``: zero, since ``E_π[∇ log π] = 0``;
    * ``"k2 as loss"``: ``n(s) π(a|s)(log(π/ref)(s,a) − KL_s)``, the gradient of the
      per-token KL with the visit counts held fixed;
    * ``"k3 as loss"``: ``n(s)(π(a|s) − ref(a|s))``, the gradient of
      ``Σ_s n(s) KL(ref(·|s) ‖ π(·|s))`` with ``n`` held fixed: the *forward* per-token KL.
    """
    pi = softmax_rows(logits)
    ref = _check_policy(ref, "ref")
    if practice == "k1 as reward":
        return objective(logits, ref, 0.0, -1.0)[1]
    n = visits(pi)[:, None]
    if practice == "k1 as loss":
        return np.zeros_like(pi)
    if practice == "k2 as loss":
        lr = np.log(pi) - np.log(ref)
        return n * pi * (lr - np.sum(pi * lr, axis=1, keepdims=True))
    if practice == "k3 as loss":
        return n * (pi - ref)
    raise ValueError(f"practice must be one of {PRACTICES}, got {practice!r}")
