"""02_entropy.ipynb: the numbers in its prose, lib.coding, and its figures.

Reference values are computed here independently of ``lib``: closed forms with mpmath,
brute-force searches over codes, direct counting with ``collections.Counter``, and the
standard library's compressors called directly.
"""

import bz2
import itertools
import math
import warnings
import zlib
from collections import Counter

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from nbtools import check_claims
from scipy import optimize, stats

import lib
from lib import coding
from lib.plots import entropy as figs

mpmath.mp.dps = 30
PROP = settings(max_examples=80, deadline=None, database=None)


def hb(p):
    """Binary entropy in bits, at 30 digits."""
    p = mpmath.mpf(p)
    return float(-(p * mpmath.log(p, 2) + (1 - p) * mpmath.log(1 - p, 2)))


def h_bits(p):
    """Entropy in bits of a list of probabilities, at 30 digits (0 log 0 = 0)."""
    return float(-sum(mpmath.mpf(x) * mpmath.log(mpmath.mpf(x), 2) for x in p if x > 0))


def h_counts(counts):
    """Entropy in bits of the frequencies given by counts."""
    n = sum(counts)
    return h_bits([mpmath.mpf(c) / n for c in counts])


RAIN = [[0.60, 0.15], [0.05, 0.20]]
WEATHER = [  # outlook, temperature, humidity, windy, play
    ("sunny", "hot", "high", False, "no"), ("sunny", "hot", "high", True, "no"),
    ("overcast", "hot", "high", False, "yes"), ("rain", "mild", "high", False, "yes"),
    ("rain", "cool", "normal", False, "yes"), ("rain", "cool", "normal", True, "no"),
    ("overcast", "cool", "normal", True, "yes"), ("sunny", "mild", "high", False, "no"),
    ("sunny", "cool", "normal", False, "yes"), ("rain", "mild", "normal", False, "yes"),
    ("sunny", "mild", "normal", True, "yes"), ("overcast", "mild", "high", True, "yes"),
    ("overcast", "hot", "normal", False, "yes"), ("rain", "mild", "high", True, "no"),
]


def gain(col):
    """Information gain of column ``col`` of WEATHER for the label, by counting."""
    labels = [d[-1] for d in WEATHER]
    before = h_counts(list(Counter(labels).values()))
    after = 0.0
    for v in {d[col] for d in WEATHER}:
        sub = [d[-1] for d in WEATHER if d[col] == v]
        after += len(sub) / len(WEATHER) * h_counts(list(Counter(sub).values()))
    return before - after


def block_rate_bruteforce(p, n):
    """Optimal block-code rate for n <= 2, by searching all complete codeword-length profiles."""
    probs = sorted((p ** k * (1 - p) ** (n - k) for k in range(n + 1)
                    for _ in range(math.comb(n, k))), reverse=True)
    return optimal_length(probs) / n


def optimal_length(probs):
    """Smallest average length of a prefix-free code, by brute force over length profiles."""
    probs = sorted(probs, reverse=True)
    k = len(probs)
    best = math.inf
    for lengths in itertools.combinations_with_replacement(range(1, k), k):
        if sum(2.0 ** -l for l in lengths) <= 1.0:  # Kraft: a prefix-free code exists
            best = min(best, sum(p * l for p, l in zip(probs, lengths)))  # lengths ascending
    return best


def huffman_cost(probs):
    """Average Huffman length by the identity L = sum of the weights of all merged nodes,
    with a sorted list instead of a heap (an implementation independent of lib.coding)."""
    nodes = sorted(probs)
    cost = 0.0
    while len(nodes) > 1:
        merged = nodes.pop(0) + nodes.pop(0)
        cost += merged
        nodes.append(merged)
        nodes.sort()
    return cost


def hb_inverse(h):
    """The p < 1/2 with H_b(p) = h bits, by root-finding at 30 digits."""
    return float(mpmath.findroot(lambda p: -(p * mpmath.log(p, 2) + (1 - p) * mpmath.log(1 - p, 2)) - h,
                                 (mpmath.mpf("1e-9"), mpmath.mpf("0.5")), solver="bisect"))


def rain_entropies():
    px = [0.75, 0.25]
    py = [0.65, 0.35]
    hxy = h_bits([x for row in RAIN for x in row])
    return h_bits(px), h_bits(py), hxy


HX, HY, HXY = rain_entropies()
ZEN = coding.zen_of_python()

CLAIMS = {
    "0.469": hb(0.9),
    "0.316": hb_inverse(mpmath.mpf("0.9")),  # H_b(p) >= 0.9 bits for p in [0.316, 0.684]
    "0.684": 1 - hb_inverse(mpmath.mpf("0.9")),
    "0.152": float(-mpmath.log(mpmath.mpf("0.9"), 2)),
    "3.32": float(-mpmath.log(mpmath.mpf("0.1"), 2)),
    "0.693": float(mpmath.log(2)),
    "1.443": float(1 / mpmath.log(2)),
    "0.325": hb(0.9) * float(mpmath.log(2)),
    "1.5": h_bits([0.5, 0.25, 0.25]),
    "1.75": 1.75,  # dyadic (1/2, 1/4, 1/8, 1/8): H = 1/2 + 2/4 + 3/8 + 3/8
    "0.3": 0.2 + 0.1,  # the first Huffman merge of (0.4, 0.3, 0.2, 0.1)
    "1.9": optimal_length([0.4, 0.3, 0.2, 0.1]),
    "1.846": h_bits([0.4, 0.3, 0.2, 0.1]),
    "0.645": block_rate_bruteforce(0.9, 2),
    "0.493": huffman_cost([0.9 ** (4 - k) * 0.1 ** k for k in range(5)
                           for _ in range(math.comb(4, k))]) / 4,
    "8.08": 100 * hb(0.99),
    "0.0145": float(-mpmath.log(mpmath.mpf("0.99"), 2)),  # one head of the 0.99 coin
    # 99 heads together, and also -log2 P(K = 1): P(K = 1) = 100 * 0.01 * 0.99**99 = 0.99**99
    "1.44": float(-mpmath.log(100 * mpmath.mpf("0.01") * mpmath.mpf("0.99") ** 99, 2)),
    "6.64": math.log2(100),
    "4.49": h_counts(list(Counter(ZEN).values())),
    "0.722": HXY - HX,  # H(Y|X) = H(X, Y) - H(X)
    "0.934": HY,
    "0.247": gain(0),
    "0.940": h_counts([9, 5]),
    "0.242": float(1 / mpmath.sqrt(2 * mpmath.pi * mpmath.e)),
}
GIVEN = {"0.9", "0.1", "0.4", "0.2", "0.8", "0.99", "0.01", "0.999"}


def test_claims():
    check_claims("02_entropy.ipynb", CLAIMS, GIVEN)


# ----------------------------------------------------- the prose's other facts, checked

def test_ninety_nine_heads_cost_53_bits_wherever_the_tail_is():
    code = {"HH": "1", "H": "01", "T": "00"}
    for k in range(100):
        flips = "H" * k + "T" + "H" * (99 - k)
        bits = coding.encode(flips, code)
        assert len(bits) == 98 // 2 + 2 + 2 == 53
        assert "".join(coding.decode(bits, code)) == flips


def test_tail_counting_identity():
    """100 H_b(0.99) = H(K) + E[log2 C(100, K)] for K ~ Binomial(100, 0.01)."""
    k = np.arange(101)
    pk = [mpmath.binomial(100, int(i)) * mpmath.mpf("0.01") ** int(i) * mpmath.mpf("0.99") ** int(100 - i)
          for i in k]
    hk = -sum(p * mpmath.log(p, 2) for p in pk)
    where = sum(p * mpmath.log(mpmath.binomial(100, int(i)), 2) for p, i in zip(pk, k))
    assert float(hk + where) == pytest.approx(100 * hb(0.99), rel=1e-12)
    assert float(1 - pk[1]) == pytest.approx(1 - stats.binom.pmf(1, 100, 0.01), rel=1e-12)
    assert float(1 - pk[1]) > 0.5  # "most runs" cannot be sent by the position code
    # Saying "K = 1" costs what the 99 heads carry, and with the position it adds to 8.08.
    say_one = -mpmath.log(pk[1], 2)
    assert float(say_one) == pytest.approx(float(-99 * mpmath.log(mpmath.mpf("0.99"), 2)), rel=1e-20)
    assert f"{float(say_one):.2f}" == "1.44" and f"{math.log2(100):.2f}" == "6.64"
    assert f"{1.44 + 6.64:.2f}" == f"{100 * hb(0.99):.2f}" == "8.08"


def test_huffman_tree_of_the_example():
    code = coding.huffman_code([0.4, 0.3, 0.2, 0.1], "ABCD")
    assert [len(code[s]) for s in "ABCD"] == [1, 2, 3, 3]


def test_block_code_claims():
    rates = [coding.block_rate(0.9, n) for n in range(1, 11)]
    h = hb(0.9)
    assert rates[0] == 1.0
    assert rates[3] - h < 0.05  # "within a few hundredths of a bit"
    assert any(b > a for a, b in zip(rates, rates[1:]))  # "not perfectly smooth"
    assert all(h <= r < h + 1 / n for n, r in enumerate(rates, start=1))


def test_text_claims():
    assert len(ZEN) == 856
    h1 = coding.char_entropy(ZEN)
    zen_code = coding.huffman_code(*reversed(coding.char_distribution(ZEN)))
    per_char = len(coding.encode(ZEN, zen_code)) / len(ZEN)
    assert 0 < per_char - h1 < 0.05  # "within a few hundredths of a bit"
    rates = coding.compressed_bits_per_char(ZEN)
    assert rates["zlib"] < h1  # zlib beats the single-character entropy
    assert rates["bz2"] > rates["zlib"]
    assert coding.conditional_char_entropy(ZEN) < h1 - 1  # "far below"
    if "lzma" in rates:
        assert rates["lzma"] > rates["zlib"]
        sizes = {m: coding.compressed_size(b"", m) for m in coding.COMPRESSORS}
        assert sizes["lzma"] == max(sizes.values())  # lzma's header is the largest
    help_text = coding.python_help_text(100_000)
    long_rates = coding.compressed_bits_per_char(help_text)
    pair = coding.conditional_char_entropy(help_text)
    assert max(long_rates.values()) < pair < coding.char_entropy(help_text)


def test_rain_and_weather_claims():
    table = np.array(RAIN)
    assert lib.conditional_entropy(table, base=2) == pytest.approx(HXY - HX, rel=1e-12)
    assert lib.mutual_information(table, base=2) == pytest.approx(HX + HY - HXY, rel=1e-12)
    gains = [gain(c) for c in range(4)]
    assert max(gains) == gains[0]  # outlook first
    overcast = [d[-1] for d in WEATHER if d[0] == "overcast"]
    assert set(overcast) == {"yes"}  # a pure branch


def test_differential_claims():
    assert float(lib.entropy_normal(1.0, base=2)) == pytest.approx(
        float(0.5 * mpmath.log(2 * mpmath.pi * mpmath.e, 2)), rel=1e-14)
    quad = lib.continuous.entropy_quad(lambda x: -math.log(0.5), lower=0, upper=0.5) / math.log(2)
    assert quad == pytest.approx(-1.0, abs=1e-12)
    # Centimetres instead of metres add log2 100.
    shift = lib.entropy_normal(100.0, base=2) - lib.entropy_normal(1.0, base=2)
    assert shift == pytest.approx(math.log2(100), rel=1e-13)


# ------------------------------------------------------------------------ lib.coding

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
    assert bare["zlib"] == 8 * (len(zlib.compress(data, 9)) - len(zlib.compress(b"", 9))) / len(text)
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


# ---------------------------------------------------------------------- the figures

def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        if not ax.axison:
            continue
        has_data = ax.lines or ax.collections or ax.patches or ax.images
        if has_data:
            assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
        for line in ax.lines:
            assert np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all()
    fig.canvas.draw()  # draws without error (mathtext, layout)


FIGURES = [
    (figs.binary_curve, dict(p=0.0)), (figs.binary_curve, dict(p=1.0)),
    (figs.binary_curve, dict(p=0.9)),
    (figs.categorical, dict(w1=0, w2=0, w3=0, w4=0)), (figs.categorical, dict(w1=1, w2=1, w3=1, w4=1)),
    (figs.categorical, dict(w1=1, w2=0, w3=0, w4=0)), (figs.categorical, dict()),
    (figs.huffman_tree, dict()), (figs.huffman_tree, dict(probs=(0.5, 0.5))),
    (figs.huffman_tree, dict(probs=[0.05] * 20, labels=[f"s{i}" for i in range(20)])),
    (figs.huffman_lengths, dict()), (figs.huffman_lengths, dict(probs=(0.9, 0.1))),
    (figs.block_coding, dict(p=0.5, max_block=1)), (figs.block_coding, dict(p=0.999, max_block=12)),
    (figs.block_coding, dict(p=0.999, max_block=1)),
    (figs.compression, dict(rates={"a": {"x": 1.0, "y": 2.0}, "b": {"x": 3.0, "y": 9.0}})),
    (figs.joint_table, dict(px=0.05, py=0.05, dependence=-1.0)),
    (figs.joint_table, dict(px=0.95, py=0.95, dependence=1.0)),
    (figs.joint_table, dict(px=0.0, py=1.0, dependence=0.3)),
    (figs.differential, dict(sigma=0.05)), (figs.differential, dict(sigma=5.0)),
]


@pytest.mark.parametrize("func,kwargs", FIGURES)
def test_figures_draw_cleanly(func, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _labelled(func(**kwargs))


def test_figure_arguments_are_checked():
    with pytest.raises(ValueError):
        figs.block_coding(p=0.9, max_block=13)
    with pytest.raises(ValueError):
        figs.differential(sigma=0.0)
    with pytest.raises(ValueError):
        figs.compression(rates={})


@pytest.mark.parametrize("px", [0.0, 0.05, 0.3, 0.5, 0.95, 1.0])
@pytest.mark.parametrize("py", [0.0, 0.2, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("t", [-1.0, -0.4, 0.0, 0.5, 1.0])
def test_joint_2x2_is_valid_with_the_given_marginals(px, py, t):
    table = figs.joint_2x2(px, py, t)
    assert table.shape == (2, 2) and np.all(table >= 0)
    assert table.sum() == pytest.approx(1.0, abs=1e-12)
    assert table[1].sum() == pytest.approx(px, abs=1e-12)
    assert table[:, 1].sum() == pytest.approx(py, abs=1e-12)
    mi = lib.mutual_information(table, base=2)
    if t == 0.0:
        assert mi == pytest.approx(0.0, abs=1e-12)


def _joint_reference(px, py, t):
    """The same table built independently, in exact fractions, as independence plus a covariance:
    p(x, y) = p(x) p(y) + (-1)^(x+y) c, with c = t (c_max) for t >= 0 and t (-c_min) for t < 0,
    where c_max and c_min are the largest and smallest covariances whose table stays >= 0."""
    a, b, t = Fraction(px), Fraction(py), Fraction(t)
    independent = [[(1 - a) * (1 - b), (1 - a) * b], [a * (1 - b), a * b]]
    # Each cell p_xy +- c must stay >= 0: c <= min of the cells that lose c, -c <= min of the others.
    c_max = min(independent[0][1], independent[1][0])
    c_min = -min(independent[0][0], independent[1][1])
    c = t * c_max if t >= 0 else -t * c_min
    return [[independent[x][y] + (c if x == y else -c) for y in range(2)] for x in range(2)]


def _corner_range_by_lp(px, py):
    """Smallest and largest P(X=1, Y=1) over all 2x2 tables with these marginals (a linear program)."""
    equalities = np.array([[1, 1, 1, 1], [0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)  # cells 00 01 10 11
    values = np.array([1.0, px, py])
    lo = optimize.linprog([0, 0, 0, 1], A_eq=equalities, b_eq=values, bounds=[(0, None)] * 4)
    hi = optimize.linprog([0, 0, 0, -1], A_eq=equalities, b_eq=values, bounds=[(0, None)] * 4)
    return lo.x[3], hi.x[3]


@pytest.mark.parametrize("px", [0.0, 0.05, 0.3, 0.5, 0.7, 0.95, 1.0])
@pytest.mark.parametrize("py", [0.0, 0.2, 0.5, 0.6, 0.9, 1.0])
@pytest.mark.parametrize("t", [-1.0, -0.75, -0.4, 0.0, 0.25, 0.5, 1.0])
def test_joint_2x2_against_an_independent_construction(px, py, t):
    reference = np.array(_joint_reference(px, py, t), dtype=float)
    assert figs.joint_2x2(px, py, t) == pytest.approx(reference, abs=1e-15)
    if t in (-1.0, 1.0):  # the knob's ends are the extreme tables these marginals allow
        lo, hi = _corner_range_by_lp(px, py)
        assert figs.joint_2x2(px, py, t)[1, 1] == pytest.approx(hi if t == 1.0 else lo, abs=1e-9)


def test_joint_2x2_extremes():
    assert figs.joint_2x2(0.5, 0.5, 1.0) == pytest.approx(np.array([[0.5, 0.0], [0.0, 0.5]]))
    assert figs.joint_2x2(0.5, 0.5, -1.0) == pytest.approx(np.array([[0.0, 0.5], [0.5, 0.0]]))
    assert lib.mutual_information(figs.joint_2x2(0.5, 0.5, 1.0), base=2) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        figs.joint_2x2(0.5, 0.5, 1.5)
    with pytest.raises(lib.ProbabilityError):
        figs.joint_2x2(1.5, 0.5, 0.0)
