"""Codes and compression: Huffman codes, block codes, code lengths, text statistics.

Entropy is the floor on the average length of a code; this module builds real codes and
real compressed files so the floor can be compared with what is actually achieved.
Taught in ``02_entropy.ipynb``.

* :func:`huffman_code` builds an optimal prefix-free binary code (Huffman's algorithm).
* :func:`encode` / :func:`decode` turn a message into bits and back, so a code length
  is counted, never assumed.
* :func:`kraft_sum`, :func:`is_prefix_free`, :func:`average_length`,
  :func:`shannon_lengths` describe a code.
* :func:`block_distribution` and :func:`block_rate` code ``n`` outcomes at a time.
* :func:`char_distribution`, :func:`char_entropy`, :func:`conditional_char_entropy`,
  :func:`compressed_bits_per_char`, :func:`format_overhead`, :func:`zen_of_python` and
  :func:`python_help_text` measure real text.

Codewords are strings of ``"0"`` and ``"1"``; a code is a ``dict`` from symbol to codeword.
"""

import bz2
import codecs
import contextlib
import heapq
import io
import itertools
import zlib
from collections import Counter
from collections.abc import Mapping

import numpy as np

from . import measures
from ._validate import as_distribution, as_probabilities, as_weights

try:  # lzma is optional in CPython builds (missing when liblzma was absent at build time)
    import lzma
except ImportError:  # pragma: no cover - depends on how Python was built
    lzma = None

__all__ = [
    "huffman_code",
    "code_lengths",
    "average_length",
    "kraft_sum",
    "is_prefix_free",
    "shannon_lengths",
    "encode",
    "decode",
    "block_distribution",
    "block_rate",
    "zen_of_python",
    "python_help_text",
    "char_distribution",
    "char_entropy",
    "conditional_char_entropy",
    "COMPRESSORS",
    "compressed_size",
    "format_overhead",
    "compressed_bits_per_char",
]


def _symbols_and_weights(probs, symbols):
    """Split ``probs`` (a mapping, or a sequence with optional ``symbols``) into two lists."""
    if isinstance(probs, Mapping):
        if symbols is not None:
            raise ValueError("give symbols either as the keys of a mapping or as `symbols`, not both")
        symbols = list(probs)
        weights = as_weights([probs[s] for s in symbols], "probs")
    else:
        weights = as_weights(probs, "probs")
        if weights.ndim != 1:
            raise ValueError(f"probs must be a vector, got shape {weights.shape}")
        symbols = list(range(len(weights))) if symbols is None else list(symbols)
        if len(symbols) != len(weights):
            raise ValueError(f"{len(symbols)} symbols but {len(weights)} probabilities")
    if len(set(symbols)) != len(symbols):
        raise ValueError("symbols must be distinct")
    return symbols, weights


def huffman_code(probs, symbols=None):
    r"""Huffman's optimal prefix-free binary code for a distribution.

    Repeatedly merge the two least likely nodes into one whose probability is their sum;
    the codeword of a symbol is the path from the root of the resulting tree to its leaf
    (``"0"`` for the first-merged, less likely branch, ``"1"`` for the other). The average
    length :math:`L = \sum_i p_i \ell_i` is the smallest of any prefix-free code, and

    .. math:: H(p) \le L < H(p) + 1 \quad\text{(bits)},

    with :math:`L = H(p)` exactly when every :math:`p_i` is a power of 1/2.
    Taught in ``02_entropy.ipynb``.

    Ties are broken deterministically: among equal weights, original symbols come before
    merged nodes and earlier symbols before later ones, so the same input always gives the
    same code.

    Parameters
    ----------
    probs : mapping or array_like
        Probabilities (or any non-negative weights, such as counts): a mapping
        ``symbol -> weight``, or a vector whose symbols are ``symbols``.
    symbols : sequence, optional
        Names of the entries of a vector ``probs``; default ``0, 1, ..., k-1``.

    Returns
    -------
    dict
        ``symbol -> codeword`` (a string of ``"0"``/``"1"``), in the order of the input.
        The code is complete: its Kraft sum is exactly 1.

    Raises
    ------
    ValueError
        Fewer than two symbols (one certain symbol needs no bits at all), repeated symbols,
        or negative, NaN or infinite weights.
    """
    symbols, w = _symbols_and_weights(probs, symbols)
    k = len(symbols)
    if k < 2:
        raise ValueError("a code needs at least two symbols; a single certain symbol costs 0 bits")
    # Heap entries: (weight, tie-break rank, node). Leaves get ranks 0..k-1 and merged
    # nodes k, k+1, ...: equal weights pop leaves first, then older merges.
    heap = [(float(w[i]), i, i) for i in range(k)]
    heapq.heapify(heap)
    children = {}
    rank = k
    while len(heap) > 1:
        w0, _, a = heapq.heappop(heap)
        w1, _, b = heapq.heappop(heap)
        children[rank] = (a, b)
        heapq.heappush(heap, (w0 + w1, rank, rank))
        rank += 1
    codewords = [""] * k
    stack = [(heap[0][2], "")]
    while stack:  # iterative walk: a skewed tree can be deeper than Python's recursion limit
        node, prefix = stack.pop()
        if node < k:
            codewords[node] = prefix
        else:
            a, b = children[node]
            stack.append((a, prefix + "0"))
            stack.append((b, prefix + "1"))
    return dict(zip(symbols, codewords))


def code_lengths(code):
    """Lengths (in bits) of the codewords of ``code``, in its order, as an int array.

    Taught in ``02_entropy.ipynb``.
    """
    return np.array([len(c) for c in code.values()], dtype=np.int64)


def average_length(code, probs):
    r"""Average codeword length of ``code`` when symbols follow ``probs``.

    .. math:: L = \sum_i p_i\, \ell_i \quad\text{(bits per symbol)}

    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    code : dict
        ``symbol -> codeword``.
    probs : mapping or array_like
        A mapping ``symbol -> probability`` with the same symbols, or a vector in the
        order of ``code``. Must sum to 1.

    Returns
    -------
    float
    """
    p = np.array([probs[s] for s in code]) if isinstance(probs, Mapping) else probs
    p = as_probabilities(p, "probs")
    if p.shape != (len(code),):
        raise ValueError(f"{len(code)} codewords but probs has shape {p.shape}")
    p = as_distribution(p, "probs", -1)
    return float(p @ code_lengths(code))


def kraft_sum(lengths):
    r"""Kraft sum of codeword lengths.

    .. math:: K = \sum_i 2^{-\ell_i}

    A prefix-free binary code with these lengths exists if and only if :math:`K \le 1`;
    a code whose tree has no unused branch (a Huffman code) has :math:`K = 1`.
    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    lengths : array_like of int, or dict
        Codeword lengths, or a code (``symbol -> codeword``).

    Returns
    -------
    float
        Exact for lengths up to 1023 (sums of powers of two are exact in float64 while the
        range of lengths is below 53).
    """
    if isinstance(lengths, Mapping):
        lengths = code_lengths(lengths)
    return float(np.sum(np.ldexp(1.0, -np.asarray(lengths, dtype=np.int64))))


def is_prefix_free(codewords):
    """True if no codeword is a prefix of another (a stream of them decodes uniquely).

    Parameters
    ----------
    codewords : iterable of str, or dict
        The codewords, or a code (``symbol -> codeword``).

    Returns
    -------
    bool
        False also when two symbols share a codeword or a codeword is empty.

    Notes
    -----
    Taught in ``02_entropy.ipynb``.
    """
    words = sorted(codewords.values() if isinstance(codewords, Mapping) else codewords)
    if not words or words[0] == "":
        return False
    # After sorting, a word that is a prefix of another sits right before one it prefixes.
    return all(not b.startswith(a) for a, b in zip(words, words[1:]))


def shannon_lengths(probs):
    r"""Shannon's codeword lengths, the ideal lengths rounded up.

    .. math:: \ell_i = \lceil -\log_2 p_i \rceil

    They satisfy Kraft's inequality, so a prefix-free code with these lengths exists, and
    its average length is below :math:`H(p) + 1`. This is the "within one bit" argument;
    Huffman's code is never longer on average. Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    probs : array_like
        Probabilities, all > 0.

    Returns
    -------
    ndarray of int
    """
    p = as_probabilities(probs, "probs")
    if np.any(p == 0):
        raise ValueError("an outcome of probability 0 needs no codeword; drop it first")
    ideal = -np.log2(p)
    # Exact powers of 1/2 give exact integers; guard against a ulp above an integer.
    return np.ceil(ideal - 1e-12).astype(np.int64)


def _parse(message, symbols):
    """Split ``message`` into symbols: each token is the longest symbol that matches."""
    if not isinstance(message, str):
        return list(message)
    if not all(isinstance(s, str) and s for s in symbols):
        raise TypeError("to encode a string, the code's symbols must be non-empty strings")
    by_length = sorted(set(symbols), key=len, reverse=True)
    tokens, i = [], 0
    while i < len(message):
        for s in by_length:
            if message.startswith(s, i):
                tokens.append(s)
                i += len(s)
                break
        else:
            raise ValueError(f"no symbol of the code matches the message at position {i}: "
                             f"{message[i:i + 10]!r}")
    return tokens


def encode(message, code):
    """Encode ``message`` with ``code`` and return the bits as a string of ``"0"``/``"1"``.

    A string message is split greedily into the code's symbols, longest first, so the
    symbols may be blocks: with ``{"HH": "1", "H": "01", "T": "00"}``, ``"HHHT"`` is read as
    ``HH, H, T`` and becomes ``"10100"``. Any other iterable is encoded item by item.
    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    message : str or iterable
        The message.
    code : dict
        ``symbol -> codeword``.

    Returns
    -------
    str
        The bits; ``len(encode(m, code))`` is the message's code length.

    Raises
    ------
    ValueError, KeyError
        A part of the message the code has no codeword for.
    """
    return "".join(code[t] for t in _parse(message, list(code)))


def decode(bits, code):
    """Decode a string of bits produced by :func:`encode` with a prefix-free ``code``.

    Reads bits until they spell a codeword, emits its symbol, and starts again; this is
    unambiguous exactly because no codeword is a prefix of another. Taught in
    ``02_entropy.ipynb``.

    Returns
    -------
    list
        The symbols, in order (join them with ``"".join`` for a string message).

    Raises
    ------
    ValueError
        The code is not prefix-free, or the bits end in the middle of a codeword.
    """
    if not is_prefix_free(code):
        raise ValueError("the code is not prefix-free, so the bits cannot be split uniquely")
    lookup = {c: s for s, c in code.items()}
    out, word = [], ""
    for bit in bits:
        word += bit
        if word in lookup:
            out.append(lookup[word])
            word = ""
    if word:
        raise ValueError(f"the bits end inside a codeword (left over: {word!r})")
    return out


def block_distribution(probs, n, symbols=None):
    r"""Distribution of blocks of ``n`` independent draws from ``probs``.

    .. math:: P(x_1 x_2 \dots x_n) = \prod_{t=1}^n p_{x_t}, \qquad H(X^n) = n\, H(X)

    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    probs : array_like
        One draw's distribution.
    n : int
        Block length, >= 1.
    symbols : sequence of str, optional
        One-character names of the outcomes; default ``"H", "T"`` for two outcomes,
        otherwise ``"0", "1", ...``.

    Returns
    -------
    blocks : list of str
        All ``k**n`` blocks, in lexicographic order of the symbols.
    p : ndarray
        Their probabilities.
    """
    p = as_probabilities(probs, "probs")
    if p.ndim != 1:
        raise ValueError(f"probs must be one probability vector, got shape {p.shape}")
    p = as_distribution(p, "probs", -1)
    n = int(n)
    if n < 1:
        raise ValueError(f"block length must be at least 1, got {n}")
    if symbols is None:
        symbols = ["H", "T"] if len(p) == 2 else [str(i) for i in range(len(p))]
    blocks = ["".join(t) for t in itertools.product(symbols, repeat=n)]
    logp = np.zeros(1)
    with np.errstate(divide="ignore"):
        for _ in range(n):
            logp = np.add.outer(logp, np.log(p)).ravel()
    return blocks, np.exp(logp)


def block_rate(p, n):
    r"""Bits per flip of a Huffman code over blocks of ``n`` flips of a coin.

    .. math:: \frac{L_n}{n}, \qquad H_b(p) \le \frac{L_n}{n} < H_b(p) + \frac1n

    where :math:`L_n` is the Huffman code's average length for the :math:`2^n` blocks.
    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    p : float
        Probability of heads, in [0, 1].
    n : int
        Block length, >= 1 (``2**n`` codewords are built: keep ``n`` small).

    Returns
    -------
    float
    """
    blocks, q = block_distribution([p, 1.0 - p], n)
    code = huffman_code(q, blocks)
    return float(q @ code_lengths(code)) / n


# ------------------------------------------------------------------------------ text

def zen_of_python():
    """The Zen of Python (PEP 20), the text ``import this`` prints, without printing it.

    The module ``this`` stores the text ROT13-encoded in ``this.s``; the first import
    prints it, so the import runs with standard output captured. Taught in
    ``02_entropy.ipynb``.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        import this
    return codecs.decode(this.s, "rot13")


def python_help_text(n_chars=100_000):
    """The first ``n_chars`` characters of Python's own help pages (module ``pydoc_data``).

    The text behind ``help("if")``, ``help("lambda")`` and the other keywords and topics,
    joined in alphabetical order of the topic names: a longer English text that ships with
    every standard Python. Its exact wording changes a little between Python versions.
    Taught in ``02_entropy.ipynb``.
    """
    from pydoc_data.topics import topics

    text = "\n".join(topics[name] for name in sorted(topics))
    return text[: int(n_chars)]


def char_distribution(text):
    """The characters of ``text`` and their relative frequencies, most frequent first.

    Ties are ordered by character, so the result does not depend on dict order.
    Taught in ``02_entropy.ipynb``.

    Returns
    -------
    chars : list of str
    p : ndarray
        Frequencies, summing to 1.
    """
    if not text:
        raise ValueError("text is empty")
    counts = sorted(Counter(text).items(), key=lambda kv: (-kv[1], kv[0]))
    chars = [c for c, _ in counts]
    return chars, measures.normalize([n for _, n in counts])


def char_entropy(text, *, base=2):
    r"""Entropy of the single-character frequencies of ``text`` (bits by default).

    .. math:: H_1 = -\sum_c \hat p(c) \log \hat p(c)

    The floor for any code that codes each character separately, using only how often
    each occurs. Taught in ``02_entropy.ipynb``.
    """
    return float(measures.entropy(char_distribution(text)[1], base=base))


def conditional_char_entropy(text, *, base=2):
    r"""Entropy of a character given the one before it, from the text's pair frequencies.

    .. math:: H(X_{t+1} \mid X_t) = H(X_t, X_{t+1}) - H(X_t)

    estimated by plugging in the frequencies of adjacent pairs. It is below
    :func:`char_entropy` because letters are not independent. On a short text it is also
    biased low: many pairs are seen only once and look more predictable than they are.
    Taught in ``02_entropy.ipynb``.
    """
    if len(text) < 2:
        raise ValueError("need at least two characters to count pairs")
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    counts = np.zeros((len(chars), len(chars)))
    np.add.at(counts, ([index[c] for c in text[:-1]], [index[c] for c in text[1:]]), 1.0)
    return measures.conditional_entropy(measures.normalize(counts.ravel()).reshape(counts.shape),
                                        base=base)


def _lzma(data):
    return lzma.compress(data, preset=9)


COMPRESSORS = {
    "zlib": lambda data: zlib.compress(data, 9),
    "bz2": lambda data: bz2.compress(data, 9),
}
"""The standard library's compressors, at their strongest setting (``lzma`` only where
this Python has it)."""
if lzma is not None:
    COMPRESSORS["lzma"] = _lzma


def compressed_size(data, method):
    """Size in bytes of ``data`` (bytes, or str encoded as UTF-8) compressed by ``method``.

    ``method`` is a key of :data:`COMPRESSORS`. The size includes the format's fixed
    overhead (see :func:`format_overhead`). Taught in ``02_entropy.ipynb``.
    """
    if method not in COMPRESSORS:
        raise ValueError(f"method must be one of {sorted(COMPRESSORS)}, got {method!r}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return len(COMPRESSORS[method](data))


def format_overhead(method):
    """The fixed cost, in bytes, that ``method`` adds to any non-empty input.

    Measured as the compressed size of a one-byte input minus that byte: the format's
    header, its block header and tables, its index and its checksum. Compressing the
    empty string is *not* a measure of it: an empty ``bz2`` or ``xz`` stream leaves out the
    block and its checksum that every real input carries (``bz2``: 14 bytes empty, 37 for
    one byte; ``xz``: 32 and 60). Taught in ``02_entropy.ipynb``.
    """
    return compressed_size(b"\x00", method) - 1


def compressed_bits_per_char(text, *, overhead=True):
    r"""Bits per character of ``text`` after each standard-library compressor.

    .. math:: \text{rate} = \frac{8 \times \text{compressed bytes}}{\text{characters}}

    Taught in ``02_entropy.ipynb``.

    Parameters
    ----------
    text : str
        The text (encoded as UTF-8 before compressing).
    overhead : bool, optional
        Count the format's fixed cost (default). ``False`` subtracts
        :func:`format_overhead`, leaving what the text itself costs.

    Returns
    -------
    dict
        ``method -> bits per character``, for each method in :data:`COMPRESSORS`.
    """
    if not text:
        raise ValueError("text is empty")
    out = {}
    for method in COMPRESSORS:
        size = compressed_size(text, method)
        if not overhead:
            size -= format_overhead(method)
        out[method] = 8.0 * size / len(text)
    return out
