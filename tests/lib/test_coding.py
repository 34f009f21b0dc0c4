"""lib.coding: Huffman codes, Kraft sums, block codes, text statistics and compressors.

Reference values are computed here independently of ``lib``: closed forms with mpmath,
brute-force searches over codes, direct counting with ``collections.Counter``, and the
standard library's compressors called directly. (The numbers that 02_entropy.ipynb's prose
states are checked in tests/notebooks/test_02_entropy.py.)
"""

import bz2
import math
import zlib
from collections import Counter

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lib
from lib import coding
from reference import (block_rate_bruteforce, h_bits, h_counts, hb, huffman_cost,
                       optimal_length)

mpmath.mp.dps = 30
PROP = settings(max_examples=80, deadline=None, database=None)
ZEN = coding.zen_of_python()














distributions = st.lists(st.floats(1e-6, 1.0), min_size=2, max_size=12).map(
    lambda w: list(np.asarray(w) / np.sum(w)))


@PROP
@given(distributions)
def test_huffman_is_prefix_free_complete_and_within_one_bit(p):
    code = coding.huffman_code(p)
    assert coding.is_prefix_free(code)
    assert coding.kraft_sum(code) == 1.0  # exact: a full binary tree
    L = coding.average_length(code, lib.normalize(p))
    H = h_bits(p)
    assert H - 1e-9 <= L < H + 1


@PROP
@given(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=6).map(lambda w: list(np.asarray(w) / np.sum(w))))
def test_huffman_is_optimal(p):
    code = coding.huffman_code(p)
    assert coding.average_length(code, lib.normalize(p)) == pytest.approx(optimal_length(p), abs=1e-12)


@pytest.mark.parametrize("p", [[0.5, 0.5], [0.5, 0.25, 0.125, 0.125], [0.25] * 4,
                               [2.0 ** -k for k in range(1, 12)] + [2.0 ** -11]])
def test_huffman_reaches_the_entropy_for_dyadic_probabilities(p):
    code = coding.huffman_code(p)
    assert coding.average_length(code, p) == pytest.approx(h_bits(p), abs=1e-12)
    assert list(coding.code_lengths(code)) == [round(-math.log2(x)) for x in p]


def test_huffman_is_deterministic_and_breaks_ties_by_order():
    p = [0.25] * 4
    assert coding.huffman_code(p) == coding.huffman_code(p) == {0: "00", 1: "01", 2: "10", 3: "11"}
    assert coding.huffman_code({"x": 1, "y": 1}) == {"x": "0", "y": "1"}
    # Counts work as well as probabilities.
    assert coding.huffman_code([4, 3, 2, 1]) == coding.huffman_code([0.4, 0.3, 0.2, 0.1])


def test_huffman_handles_zero_weights_and_deep_trees():
    code = coding.huffman_code([0.5, 0.5, 0.0])
    assert coding.is_prefix_free(code) and coding.kraft_sum(code) == 1.0
    deep = [2.0 ** -k for k in range(1, 1061)] + [2.0 ** -1060]  # deeper than Python's recursion limit
    code = coding.huffman_code(deep)
    assert max(coding.code_lengths(code)) == 1060
    assert coding.is_prefix_free(code)


def test_huffman_refuses_bad_input():
    with pytest.raises(ValueError, match="at least two"):
        coding.huffman_code([1.0])
    with pytest.raises(lib.ProbabilityError):
        coding.huffman_code([0.5, -0.5])
    with pytest.raises(ValueError, match="distinct"):
        coding.huffman_code([0.5, 0.5], ["a", "a"])
    with pytest.raises(ValueError, match="2 symbols but 3"):
        coding.huffman_code([0.2, 0.3, 0.5], ["a", "b"])


@PROP
@given(st.text(alphabet="abcde", min_size=1, max_size=200))
def test_encode_decode_round_trip(text):
    counts = Counter(text)
    if len(counts) < 2:
        counts["z"] = 1
    code = coding.huffman_code(dict(counts))
    bits = coding.encode(text, code)
    assert set(bits) <= {"0", "1"}
    assert len(bits) == sum(len(code[c]) for c in text)
    assert "".join(coding.decode(bits, code)) == text


def test_encode_and_decode_errors():
    code = {"a": "0", "b": "10", "c": "11"}
    with pytest.raises(ValueError, match="position 1"):
        coding.encode("ax", code)
    with pytest.raises(ValueError, match="inside a codeword"):
        coding.decode("01", code)
    with pytest.raises(ValueError, match="not prefix-free"):
        coding.decode("0", {"a": "0", "b": "01"})
    assert coding.encode(["b", "a"], code) == "100"  # any iterable of symbols


def test_kraft_and_prefix_free():
    assert coding.kraft_sum([1, 2, 3, 3]) == 1.0
    assert coding.kraft_sum([2, 2, 3, 4]) == 0.6875
    assert coding.kraft_sum({"a": "0", "b": "1"}) == 1.0
    assert coding.is_prefix_free(["0", "10", "11"])
    assert not coding.is_prefix_free(["0", "01"])
    assert not coding.is_prefix_free(["1", "1"])
    assert not coding.is_prefix_free(["", "1"])
    assert not coding.is_prefix_free({"HH": "1", "H": "10"})


@PROP
@given(distributions)
def test_shannon_lengths_satisfy_kraft_and_the_one_bit_bound(p):
    lengths = coding.shannon_lengths(p)
    assert coding.kraft_sum(lengths) <= 1.0
    ideal = -np.log2(p)
    assert np.all(lengths >= ideal - 1e-9) and np.all(lengths < ideal + 1)


def test_shannon_lengths_exact_for_powers_of_half():
    assert list(coding.shannon_lengths([0.5, 0.25, 0.125, 0.125])) == [1, 2, 3, 3]
    with pytest.raises(ValueError):
        coding.shannon_lengths([1.0, 0.0])


def test_average_length_checks_its_input():
    code = {"a": "0", "b": "1"}
    assert coding.average_length(code, {"b": 0.25, "a": 0.75}) == 1.0
    with pytest.raises(ValueError, match="not 1"):
        coding.average_length(code, [0.5, 0.6])
    with pytest.raises(ValueError, match="2 codewords"):
        coding.average_length(code, [0.2, 0.3, 0.5])


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_block_distribution(n):
    blocks, q = coding.block_distribution([0.7, 0.3], n)
    assert len(blocks) == len(q) == 2 ** n
    assert blocks[0] == "H" * n and blocks[-1] == "T" * n
    for b, qb in zip(blocks, q):
        assert qb == pytest.approx(0.7 ** b.count("H") * 0.3 ** b.count("T"), rel=1e-13)
    assert h_bits(q) == pytest.approx(n * hb(0.7), rel=1e-12)


def test_block_distribution_of_a_certain_coin_and_errors():
    blocks, q = coding.block_distribution([1.0, 0.0], 3)
    assert q[0] == 1.0 and q[1:].sum() == 0.0
    with pytest.raises(ValueError):
        coding.block_distribution([0.5, 0.5], 0)
    with pytest.raises(ValueError):
        coding.block_distribution([0.5, 0.6], 2)


@pytest.mark.parametrize("p", [0.5, 0.6, 0.8, 0.9, 0.99])
def test_block_rate_bounds_and_optimality(p):
    h = hb(p)
    for n in range(1, 9):
        r = coding.block_rate(p, n)
        assert h - 1e-12 <= r < h + 1 / n
    for n in (1, 2):
        assert coding.block_rate(p, n) == pytest.approx(block_rate_bruteforce(p, n), abs=1e-12)
    for n in range(3, 9):
        _, q = coding.block_distribution([p, 1 - p], n)
        assert coding.block_rate(p, n) == pytest.approx(huffman_cost(list(q)) / n, rel=1e-12)


def test_zen_of_python_prints_nothing(capsys):
    text = coding.zen_of_python()
    assert text.startswith("The Zen of Python, by Tim Peters")
    assert "Namespaces are one honking great idea" in text
    assert capsys.readouterr().out == ""


def test_char_entropy_against_counting():
    text = "abracadabra"
    chars, p = coding.char_distribution(text)
    assert chars == ["a", "b", "r", "c", "d"]  # by count, ties alphabetically
    assert list(p) == pytest.approx([5 / 11, 2 / 11, 2 / 11, 1 / 11, 1 / 11])
    assert coding.char_entropy(text) == pytest.approx(h_counts([5, 2, 2, 1, 1]), rel=1e-13)
    assert coding.char_entropy(text, base=math.e) == pytest.approx(
        h_counts([5, 2, 2, 1, 1]) * math.log(2), rel=1e-13)
    with pytest.raises(ValueError):
        coding.char_distribution("")


@pytest.mark.parametrize("text", ["abracadabra", "aaaa", "ab" * 20, ZEN])
def test_conditional_char_entropy_against_counting(text):
    pairs = Counter(zip(text, text[1:]))
    firsts = Counter(text[:-1])
    expected = h_counts(list(pairs.values())) - h_counts(list(firsts.values()))
    assert coding.conditional_char_entropy(text) == pytest.approx(expected, abs=1e-12)


def test_conditional_entropy_of_a_periodic_text_is_zero():
    assert coding.conditional_char_entropy("abc" * 30) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError):
        coding.conditional_char_entropy("a")


def test_compressors_against_the_standard_library():
    text = "to be or not to be " * 20
    data = text.encode()
    rates = coding.compressed_bits_per_char(text)
    assert rates["zlib"] == 8 * len(zlib.compress(data, 9)) / len(text)
    assert rates["bz2"] == 8 * len(bz2.compress(data, 9)) / len(text)
    bare = coding.compressed_bits_per_char(text, overhead=False)
    assert bare["zlib"] == 8 * (len(zlib.compress(data, 9)) - (len(zlib.compress(b"x", 9)) - 1)) / len(text)
    assert bare["bz2"] == 8 * (len(bz2.compress(data, 9)) - (len(bz2.compress(b"x", 9)) - 1)) / len(text)
    try:
        import lzma
    except ImportError:
        assert "lzma" not in coding.COMPRESSORS
    else:
        assert rates["lzma"] == 8 * len(lzma.compress(data, preset=9)) / len(text)
    with pytest.raises(ValueError):
        coding.compressed_size(data, "gzip")
    with pytest.raises(ValueError):
        coding.compressed_bits_per_char("")


def test_python_help_text():
    text = coding.python_help_text(5000)
    assert len(text) == 5000
    assert " the " in text


def test_format_overhead_is_what_a_one_byte_input_costs():
    """The fixed cost is measured on real input: an empty stream leaves out a block."""
    assert coding.format_overhead("zlib") == len(zlib.compress(b"\x00", 9)) - 1 == 8
    assert coding.format_overhead("bz2") == len(bz2.compress(b"\x00", 9)) - 1
    assert coding.format_overhead("bz2") > len(bz2.compress(b"", 9))  # 36 > 14
    # zlib's wrapper is 6 bytes (2 header, 4 Adler-32) around a raw deflate stream; a
    # one-byte deflate block adds the remaining 2 bytes of framing, whatever the byte.
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert len(zlib.compress(b"\x00", 9)) - len(raw.compress(b"\x00") + raw.flush()) == 6
    try:
        import lzma
    except ImportError:
        return
    assert coding.format_overhead("lzma") == len(lzma.compress(b"\x00", preset=9)) - 1
    assert coding.format_overhead("lzma") > len(lzma.compress(b"", preset=9))  # 59 > 32
