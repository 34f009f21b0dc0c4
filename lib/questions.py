"""Twenty questions: bits counted as yes/no answers.

A secret number is drawn uniformly from 1..n. You ask questions of one kind, "is it at most
k?", until one candidate is left. Each answer carries surprise ``-log2 P(answer)``, where
``P(answer)`` is the fraction of the remaining candidates that give it. Whatever you ask,
those surprises add up to exactly ``log2 n`` bits when the number is found. A question
whose answer is "yes" with probability ``s`` yields on average
``H(s) = -s log2 s - (1 - s) log2(1 - s)`` bits, at most 1 and exactly 1 only for
``s = 1/2``: that is why halving needs the fewest questions, about ``log2 n``.
Taught in ``01_surprise.ipynb``.
"""

import math

import numpy as np

__all__ = ["GuessingGame", "average_questions"]


class GuessingGame:
    """A secret number in ``1..n``, found by asking "is it at most k?".

    Parameters
    ----------
    n : int
        How many equally likely numbers (at least 2).
    secret : int, optional
        The number to find; drawn with ``seed`` if omitted.
    seed : int, optional
        Seed for drawing the secret.

    Attributes
    ----------
    lo, hi : int
        The smallest and largest numbers still possible.
    log : list of (int, bool, float)
        Each question's ``k``, its answer, and the answer's surprise in bits.

    Examples
    --------
    >>> game = GuessingGame(100, secret=37)
    >>> game.ask(50)
    True
    >>> round(game.bits, 3)   # a 50/50 answer: one bit
    1.0
    """

    def __init__(self, n, secret=None, seed=None):
        if int(n) != n or n < 2:
            raise ValueError(f"n must be a whole number >= 2, got {n!r}")
        self.n = int(n)
        if secret is None:
            secret = int(np.random.default_rng(seed).integers(1, self.n + 1))
        if not 1 <= secret <= self.n:
            raise ValueError(f"secret must lie in 1..{self.n}, got {secret!r}")
        self._secret = int(secret)
        self.lo, self.hi = 1, self.n
        self.log = []

    @property
    def candidates(self):
        """How many numbers are still possible."""
        return self.hi - self.lo + 1

    @property
    def found(self):
        """True once a single candidate is left."""
        return self.candidates == 1

    @property
    def bits(self):
        """Total surprise of the answers so far, in bits."""
        return sum(s for _, _, s in self.log)

    def ask(self, k):
        """Answer "is the secret at most ``k``?" and record the answer's surprise in bits.

        The surprise is ``-log2 P(answer)``, with ``P(answer)`` the share of the remaining
        candidates that would give the same answer (a certain answer is worth 0 bits).
        """
        below = min(max(int(k), self.lo - 1), self.hi) - self.lo + 1  # candidates <= k
        answer = self._secret <= k
        agreeing = below if answer else self.candidates - below
        self.log.append((int(k), answer, math.log2(self.candidates / agreeing)))
        if answer:
            self.hi = min(self.hi, int(k))
        else:
            self.lo = max(self.lo, int(k) + 1)
        return answer

    def reveal(self):
        """The secret, once it is found."""
        if not self.found:
            raise RuntimeError(f"{self.candidates} candidates are left; keep asking")
        return self._secret


def average_questions(n, split=0.5):
    """Average number of questions to find a secret in ``1..n`` with a fixed splitting rule.

    Each question asks about the lowest ``max(1, round(split·r))`` of the ``r`` remaining
    candidates (``split = 0.5`` is halving). With ``T(r)`` the total number of questions
    over all ``r`` equally likely secrets, ``T(1) = 0`` and ``T(r) = r + T(k) + T(r - k)``.

    Parameters
    ----------
    n : int or array_like of int
        Sizes of the range (each >= 1).
    split : float
        Fraction of the remaining range asked about, in (0, 0.5].

    Returns
    -------
    ndarray or float
        ``T(n) / n`` for each ``n``. At least ``log2 n`` (one bit per answer at best).
    """
    if not 0 < split <= 0.5:
        raise ValueError(f"split must lie in (0, 0.5], got {split!r}")
    sizes = np.atleast_1d(np.asarray(n, dtype=np.int64))
    if sizes.min() < 1:
        raise ValueError("every n must be at least 1")
    top = int(sizes.max())
    total = np.zeros(top + 1)
    for r in range(2, top + 1):
        k = min(r - 1, max(1, round(split * r)))
        total[r] = r + total[k] + total[r - k]
    out = total[sizes] / sizes
    return out[0] if np.ndim(n) == 0 else out
