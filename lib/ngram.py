r"""Character bigram models of words: counting, add-α smoothing, and logits fitted by descent.

A *bigram model* predicts each character of a word from the one before it. Every word is
framed by a boundary symbol ``.``, which stands for "start" when it is the previous symbol
and for "end" when it is the next one, so ``"if"`` is the four bigram tokens
``(. i) (i f) (f .)``: the model also learns how words begin and when they stop, and the
probabilities of all words (of every length) sum to 1. With ``K`` symbols the model is a
``K × K`` table of conditional probabilities ``q(next | previous)``, one distribution per row.

Maximum likelihood is counting: ``q(b | a) = c_ab / n_a`` (:func:`smoothed` with ``alpha = 0``).
The same model as a softmax over a table of logits, fitted by gradient descent on the
average cross-entropy, is :func:`fit_logits`. A model is scored on new words by the average
cross-entropy per bigram token, :func:`cross_entropy`. Taught in ``06_mle.ipynb``; the model
itself, :class:`Bigram`, is reused by ``08_trust_regions.ipynb``.
"""

import math

import numpy as np
from scipy import optimize

from ._validate import as_float_array, log_base
from .logits import log_softmax
from .perplexity import additive_smoothing

__all__ = [
    "ALPHABET",
    "BOUNDARY",
    "encode",
    "bigram_counts",
    "smoothed",
    "cross_entropy",
    "leave_one_out_log_likelihood",
    "leave_one_out_alpha",
    "average_loss",
    "fit_logits",
    "penalised_logits",
    "Bigram",
]

BOUNDARY = "."
"""The start / end symbol framing every word."""

ALPHABET = BOUNDARY + "abcdefghijklmnopqrstuvwxyz"
"""The 27 symbols of the bigram models: the boundary (index 0) and ``a`` to ``z``."""


def encode(words, alphabet=ALPHABET):
    """The bigram tokens of ``words``: two integer arrays, previous and next symbol.

    Each word ``w`` becomes ``len(w) + 1`` tokens, from ``(boundary, w[0])`` to
    ``(w[-1], boundary)``; the boundary is ``alphabet[0]``. Taught in ``06_mle.ipynb``.

    Parameters
    ----------
    words : iterable of str
        Non-empty words over ``alphabet[1:]``.
    alphabet : str
        The symbols, boundary first.

    Returns
    -------
    previous, following : ndarray of int, shape (T,)

    Raises
    ------
    ValueError
        An empty word, or a character outside ``alphabet[1:]``.
    """
    index = {c: i for i, c in enumerate(alphabet)}
    boundary = alphabet[0]
    stream = []
    for w in words:
        if not w or boundary in w:
            raise ValueError(f"words must be non-empty and must not contain the boundary "
                             f"{boundary!r}, got {w!r}")
        stream.append(boundary + w)
    stream.append(boundary)
    text = "".join(stream)
    try:
        codes = np.fromiter((index[c] for c in text), dtype=np.intp, count=len(text))
    except KeyError as exc:
        raise ValueError(f"the character {exc.args[0]!r} is not in the alphabet {alphabet!r}") from None
    if codes.size < 2:
        raise ValueError("no words given")
    return codes[:-1], codes[1:]


def bigram_counts(words, alphabet=ALPHABET):
    """The table of bigram counts ``c[a, b]``: how often symbol ``b`` follows symbol ``a``.

    Row 0 counts first letters (after the start), column 0 counts last letters (before the
    end). Taught in ``06_mle.ipynb``.

    Returns
    -------
    ndarray of float, shape (K, K)
    """
    prev, nxt = encode(words, alphabet)
    k = len(alphabet)
    return np.bincount(prev * k + nxt, minlength=k * k).reshape(k, k).astype(np.float64)


def _counts(counts, name="counts"):
    c = as_float_array(counts, name, error=ValueError)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ValueError(f"{name} must be a square table (K, K), got shape {c.shape}")
    if not (np.isfinite(c).all() and (c >= 0).all()):
        raise ValueError(f"{name} must be finite and non-negative")
    return c


def smoothed(counts, alpha=0.0):
    r"""Conditional probabilities from bigram counts, with ``alpha`` added to every count.

    .. math:: q(b \mid a) = \frac{c_{ab} + \alpha}{n_a + K\alpha}, \qquad n_a = \sum_b c_{ab}

    ``alpha = 0`` is maximum likelihood (each row's relative frequencies); a row never seen
    then has no estimate, and is given the uniform distribution. Taught in ``06_mle.ipynb``
    (the unigram version, :func:`lib.perplexity.additive_smoothing`, in ``03_cross_entropy``).

    Returns
    -------
    ndarray, shape (K, K)
        Each row sums to 1.
    """
    c = _counts(counts)
    empty = c.sum(axis=1) == 0
    if float(alpha) == 0.0 and empty.any():
        c = c.copy()
        c[empty] = 1.0
    return additive_smoothing(c, alpha)


def cross_entropy(counts, probs, *, base=None):
    r"""Average cross-entropy per bigram token of a model ``probs`` on data with ``counts``.

    .. math:: H = -\frac{1}{T} \sum_{a, b} c_{ab} \log q(b \mid a), \qquad T = \sum_{a,b} c_{ab}

    This is ``H(p̂, q)`` for the empirical distribution ``p̂`` of the tokens, minus the
    average log-likelihood. It is ``inf`` (without a warning) as soon as one token with
    ``c_ab > 0`` has ``q(b | a) = 0``. Taught in ``06_mle.ipynb``.

    Parameters
    ----------
    counts : array_like, shape (K, K)
        Bigram counts of the data scored (for example held-out words).
    probs : array_like, shape (K, K)
        The model's conditional probabilities, rows summing to 1.
    base : float, optional
        Nats if omitted, ``base=2`` for bits.
    """
    scale = log_base(base)
    c = _counts(counts)
    q = as_float_array(probs, "probs", error=ValueError)
    if q.shape != c.shape:
        raise ValueError(f"probs has shape {q.shape}, counts {c.shape}")
    if not (np.all((q >= 0) & (q <= 1)) and np.allclose(q.sum(axis=1), 1.0, atol=1e-9)):
        raise ValueError("probs must hold probabilities whose rows sum to 1")
    total = c.sum()
    if total == 0:
        raise ValueError("counts are all 0: no data to score")
    seen = c > 0
    if np.any(seen & (q == 0)):
        return math.inf
    return float(-np.sum(c[seen] * np.log(q[seen])) / total / scale)


def leave_one_out_log_likelihood(counts, alpha):
    r"""Average log-probability of each training token under add-α fitted *without* it.

    .. math::
        \mathrm{LOO}(\alpha) = \frac{1}{T} \sum_{a,b} c_{ab}
        \log \frac{c_{ab} - 1 + \alpha}{n_a - 1 + K\alpha}

    A closed form: removing one token ``(a, b)`` lowers ``c_ab`` and ``n_a`` by one. It
    scores ``alpha`` on the training data as if each token were new, so it can choose
    ``alpha`` without held-out data. Needs ``alpha > 0``. Taught in ``06_mle.ipynb``.
    """
    c = _counts(counts)
    a = float(alpha)
    if not (math.isfinite(a) and a > 0):
        raise ValueError(f"alpha must be a finite number > 0, got {alpha!r}")
    k = c.shape[1]
    n = c.sum(axis=1, keepdims=True)
    seen = c > 0
    ratio = (c - 1.0 + a) / np.maximum(n - 1.0 + k * a, 1e-300)
    return float(np.sum(c[seen] * np.log(ratio[seen])) / c.sum())


def leave_one_out_alpha(counts, *, bounds=(1e-4, 1e3)):
    """The ``alpha`` that maximises :func:`leave_one_out_log_likelihood` (bounded search in log α).

    Taught in ``06_mle.ipynb``.
    """
    lo, hi = (math.log(b) for b in bounds)
    res = optimize.minimize_scalar(lambda t: -leave_one_out_log_likelihood(counts, math.exp(t)),
                                   bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-8})
    return math.exp(res.x)


def average_loss(logits, counts, *, l2=0.0):
    r"""The training objective of :func:`fit_logits` and its gradient in the logits.

    .. math::
        L(Z) = -\frac{1}{T}\sum_{a,b} c_{ab}\,\log\operatorname{softmax}(Z_a)_b
               + \frac{\lambda}{2}\lVert Z\rVert^2,
        \qquad
        \frac{\partial L}{\partial Z_{ab}} = \frac{n_a\,q(b\mid a) - c_{ab}}{T} + \lambda Z_{ab}

    Returns
    -------
    loss : float
    gradient : ndarray, shape (K, K)
    """
    c = _counts(counts)
    z = np.asarray(logits, dtype=np.float64)
    total = c.sum()
    logq = log_softmax(z, axis=1)
    loss = -np.sum(c * logq) / total + 0.5 * l2 * np.sum(z * z)
    grad = (c.sum(axis=1, keepdims=True) * np.exp(logq) - c) / total + l2 * z
    return float(loss), grad


def fit_logits(counts, *, steps=1000, learning_rate=20.0, l2=0.0, logits=None, checkpoints=()):
    r"""Fit a table of logits ``Z`` (``q(· | a) = softmax(Z_a)``) by plain gradient descent.

    Minimises :func:`average_loss`, starting from ``logits`` (default all zeros: every row
    uniform) with ``Z ← Z − η ∇L``. Without ``l2`` its minimum is the counted maximum
    likelihood; no finite ``Z`` reaches a probability of exactly 0, so unseen bigrams keep a
    small probability that shrinks as the descent goes on. Deterministic (no sampling).
    Taught in ``06_mle.ipynb``.

    Parameters
    ----------
    counts : array_like, shape (K, K)
    steps : int
        Number of descent steps.
    learning_rate : float
        Step size η. The loss's curvature is at most ``max_a n_a / (2T) + λ``, so ``η``
        below the inverse of that is stable.
    l2 : float
        Weight λ of the penalty ``λ/2 ‖Z‖²``.
    logits : array_like, optional
        Starting logits.
    checkpoints : sequence of int
        Steps after which to keep a copy of the logits (0 is the start).

    Returns
    -------
    logits : ndarray, shape (K, K)
    kept : ndarray, shape (len(checkpoints), K, K)
        The logits at each checkpoint, in the order given.
    """
    c = _counts(counts)
    z = np.zeros_like(c) if logits is None else np.array(logits, dtype=np.float64)
    if z.shape != c.shape:
        raise ValueError(f"logits have shape {z.shape}, counts {c.shape}")
    steps = int(steps)
    if steps < 0 or not (learning_rate > 0) or l2 < 0:
        raise ValueError("need steps >= 0, learning_rate > 0 and l2 >= 0")
    wanted = {int(s): i for i, s in enumerate(checkpoints)}
    if any(s < 0 or s > steps for s in wanted):
        raise ValueError(f"checkpoints must lie in 0..{steps}")
    kept = np.empty((len(checkpoints),) + c.shape)
    total = c.sum()
    rows = c.sum(axis=1, keepdims=True) / total
    target = c / total
    for step in range(steps + 1):
        if step in wanted:
            kept[[i for i, s in enumerate(checkpoints) if int(s) == step]] = z
        if step == steps:
            break
        e = np.exp(z - z.max(axis=1, keepdims=True))  # softmax of each row, inlined for speed
        grad = rows * (e / e.sum(axis=1, keepdims=True)) - target
        if l2:
            grad = grad + l2 * z
        z = z - learning_rate * grad
    return z, kept


class Bigram:
    """A character bigram model of words: the table ``q(next | previous)`` and its logs.

    Made from counts (:meth:`from_words`) with add-``alpha`` smoothing. Taught in
    ``06_mle.ipynb``; ``08_trust_regions.ipynb`` uses it as a tiny language model.

    Attributes
    ----------
    alphabet : str
        The ``K`` symbols, the boundary ``.`` first (start when previous, end when next).
    counts : ndarray, shape (K, K)
        The training counts ``c[previous, next]``.
    alpha : float
        The pseudo-count added to every entry.
    probs : ndarray, shape (K, K)
        ``q(next | previous)``; each row sums to 1.
    log_probs : ndarray, shape (K, K)
        ``log q`` (``-inf`` where ``q = 0``, which only ``alpha = 0`` allows); usable as
        logits, since ``softmax(log_probs[a]) = probs[a]``.
    """

    def __init__(self, counts, alpha=0.0, alphabet=ALPHABET):
        c = _counts(counts)
        if c.shape[0] != len(alphabet):
            raise ValueError(f"counts of shape {c.shape} do not fit an alphabet of {len(alphabet)}")
        self.alphabet = alphabet
        self.counts = c
        self.alpha = float(alpha)
        self.probs = smoothed(c, self.alpha)
        with np.errstate(divide="ignore"):
            self.log_probs = np.log(self.probs)

    @classmethod
    def from_words(cls, words, alpha=0.0, alphabet=ALPHABET):
        """Count the bigrams of ``words`` and smooth them with ``alpha``."""
        return cls(bigram_counts(words, alphabet), alpha, alphabet)

    def cross_entropy(self, words, *, base=None):
        """Average cross-entropy per bigram token on ``words`` (nats; ``base=2`` for bits)."""
        return cross_entropy(bigram_counts(words, self.alphabet), self.probs, base=base)

    def log_prob(self, word):
        """``log q(word)``: the sum of the log-probabilities of its bigram tokens, end included."""
        prev, nxt = encode([word], self.alphabet)
        return float(np.sum(self.log_probs[prev, nxt]))

    def sample(self, rng, n=1, *, max_length=50):
        """``n`` words drawn from the model with the generator ``rng`` (at most ``max_length`` letters)."""
        words = []
        for _ in range(int(n)):
            a, letters = 0, []
            while len(letters) < max_length:
                a = int(rng.choice(len(self.alphabet), p=self.probs[a]))
                if a == 0:
                    break
                letters.append(self.alphabet[a])
            words.append("".join(letters))
        return words

    def __repr__(self):
        return f"Bigram(alpha={self.alpha:g}, tokens={int(self.counts.sum())})"


def penalised_logits(counts, l2):
    r"""The minimiser of :func:`average_loss` with the penalty ``l2 / 2 ‖Z‖²``, by L-BFGS.

    With ``l2 > 0`` the objective is strictly convex, so the minimiser is unique and finite:
    every probability stays positive, as with add-α, but it is a different estimator (its
    stationarity condition is ``n_a q(b | a) − c_ab + T λ Z_ab = 0``, not a pseudo-count).
    Taught in ``06_mle.ipynb``.

    Returns
    -------
    ndarray, shape (K, K)
        The logits.
    """
    c = _counts(counts)
    lam = float(l2)
    if not (math.isfinite(lam) and lam > 0):
        raise ValueError(f"l2 must be a finite number > 0, got {l2!r}")

    def objective(flat):
        loss, grad = average_loss(flat.reshape(c.shape), c, l2=lam)
        return loss, grad.ravel()

    res = optimize.minimize(objective, np.zeros(c.size), jac=True, method="L-BFGS-B",
                            options={"maxiter": 20_000, "gtol": 1e-13, "ftol": 1e-16})
    return res.x.reshape(c.shape)
