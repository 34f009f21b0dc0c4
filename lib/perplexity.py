"""Letter models of real text: counting, additive smoothing, perplexity.

The running example of ``03_cross_entropy.ipynb``: a *unigram letter model* predicts each
symbol of a text (the 26 letters and the space) from fixed probabilities, fitted on one
part of a text and scored on another. The text is the Zen of Python, which ships with
every Python (``import this``; read by :func:`lib.coding.zen_of_python`) and reads the
same in every version, so every number computed from it is the same on every machine.

Scoring a model ``q`` on a text is cross-entropy: if the text's symbols have frequencies
``p̂``, the average code length per symbol is ``H(p̂, q)``. An unsmoothed model gives
probability 0 to symbols it never saw, and a single such symbol in the new text makes
the cross-entropy infinite; additive smoothing fixes that. Perplexity turns a
cross-entropy back into "how many equally likely choices".
"""

import math
import re

import numpy as np

from ._validate import as_float_array, log_base, result
from .coding import zen_of_python

__all__ = [
    "ALPHABET",
    "zen_split",
    "letters",
    "letter_counts",
    "additive_smoothing",
    "perplexity",
]

ALPHABET = "abcdefghijklmnopqrstuvwxyz "
"""The 27 symbols of the letter models: ``a`` to ``z`` and the space."""


def zen_split(n_train=10):
    """The Zen of Python's aphorisms split into a training part and a held-out part.

    Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    n_train : int
        How many of the 19 aphorisms (in order, title left out) go into the training text.

    Returns
    -------
    train, test : str
        The first ``n_train`` aphorisms and the remaining ones, each joined by spaces.
    """
    aphorisms = zen_of_python().splitlines()[2:]
    if not 1 <= n_train < len(aphorisms):
        raise ValueError(f"n_train must lie in 1..{len(aphorisms) - 1}, got {n_train!r}")
    return " ".join(aphorisms[:n_train]), " ".join(aphorisms[n_train:])


def letters(text):
    """``text`` reduced to the 27-symbol alphabet of :data:`ALPHABET`.

    Letters are lower-cased (only ``a``–``z`` are kept), every run of other characters
    (punctuation, digits, line breaks) becomes one space, and the ends are stripped.
    Taught in ``03_cross_entropy.ipynb``.

    Examples
    --------
    >>> letters("Beautiful is better than ugly.\\nExplicit...")
    'beautiful is better than ugly explicit'
    """
    return re.sub(r"[^a-z]+", " ", str(text).lower()).strip()


def letter_counts(text):
    """How often each symbol of :data:`ALPHABET` occurs in ``letters(text)``.

    Taught in ``03_cross_entropy.ipynb``.

    Returns
    -------
    ndarray of float, shape (27,)
        Counts in the order of :data:`ALPHABET`.
    """
    clean = letters(text)
    return np.array([clean.count(c) for c in ALPHABET], dtype=np.float64)


def additive_smoothing(counts, alpha=1.0):
    r"""Probabilities from counts with ``alpha`` pseudo-counts added to every outcome.

    .. math:: q_i = \frac{c_i + \alpha}{N + K\alpha}, \qquad N = \sum_i c_i

    ``alpha = 0`` is maximum likelihood (the relative frequencies, with 0 for every
    outcome never seen); ``alpha = 1`` is Laplace's rule of succession. Any
    ``alpha > 0`` gives every outcome a positive probability, which keeps the
    cross-entropy on new data finite. Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    counts : array_like
        Non-negative counts along the last axis (``K`` outcomes).
    alpha : float
        Pseudo-count added to each outcome, ``>= 0``.

    Returns
    -------
    ndarray
        Same shape as ``counts``; sums to 1 along the last axis.

    Raises
    ------
    ValueError
        Negative or non-finite counts or ``alpha``; empty input; all counts 0 with
        ``alpha = 0`` (nothing to estimate from).
    """
    c = as_float_array(counts, "counts", error=ValueError)
    if c.ndim == 0:
        raise ValueError("counts must be a vector, got a scalar")
    if not (np.isfinite(c).all() and (c >= 0).all()):
        raise ValueError("counts must be finite and non-negative")
    a = float(alpha)
    if not (math.isfinite(a) and a >= 0.0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    total = c.sum(axis=-1, keepdims=True) + a * c.shape[-1]
    if np.any(total == 0.0):
        raise ValueError("all counts are 0 and alpha is 0: there is nothing to estimate from")
    return (c + a) / total


def perplexity(cross_entropy, *, base=None):
    r"""Perplexity: the number of equally likely choices with the same cross-entropy.

    .. math:: \mathrm{PP} = b^{H} \qquad (= 2^{H_\text{bits}} = e^{H_\text{nats}})

    A uniform distribution over ``K`` outcomes has entropy ``log K`` and so perplexity
    ``K``. The same model gets the same perplexity whichever unit its cross-entropy was
    measured in. Taught in ``03_cross_entropy.ipynb``.

    Parameters
    ----------
    cross_entropy : array_like
        Cross-entropy (or entropy) per symbol, ``>= 0``; ``inf`` gives ``inf``.
    base : float, optional
        The unit of ``cross_entropy``: nats if omitted, ``base=2`` for bits.

    Returns
    -------
    ndarray or float
        ``base ** cross_entropy``, at least 1.

    Raises
    ------
    ValueError
        Negative or NaN cross-entropy; invalid ``base``.
    """
    scale = log_base(base)
    h = as_float_array(cross_entropy, "cross_entropy", error=ValueError)
    if np.isnan(h).any() or (h < 0).any():
        raise ValueError("cross_entropy must be >= 0 (and not NaN)")
    with np.errstate(over="ignore"):
        out = np.exp(h * scale)
    return result(out)
