"""02_entropy.ipynb: the numbers and facts in its prose, its exercises, and its figures.

Reference values are computed here independently of ``lib``: closed forms with mpmath,
brute-force searches over codes, direct counting with ``collections.Counter``, and the
standard library's compressors called directly. The unit tests of ``lib.coding`` are in
tests/lib/test_coding.py.
"""

import bz2
import math
import warnings
import zlib
from collections import Counter
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from nbtools import check_claims
from scipy import optimize, stats

import lib
from lib import coding
from lib.check import exercise
from lib.plots import entropy as figs
from lib.plots.style import problems
from reference import (block_rate_bruteforce, h_bits, h_counts, hb, huffman_cost,
                       optimal_length)

mpmath.mp.dps = 30








RAIN = [[0.60, 0.15], [0.05, 0.20]]






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

def zen_rate_without_overhead(compress):
    """Bits per character of the Zen, less the cost of a one-byte input minus its byte."""
    data = ZEN.encode()
    return 8 * (len(compress(data)) - (len(compress(b"\x00")) - 1)) / len(ZEN)


def block_excess(p, n):
    """Huffman block rate minus the entropy, with the merge-cost identity (not lib.coding)."""
    probs = [p ** (n - k) * (1 - p) ** k for k in range(n + 1) for _ in range(math.comb(n, k))]
    return huffman_cost(probs) / n - hb(p)


HEAD = float(-mpmath.log(mpmath.mpf("0.99"), 2))  # one head of the 0.99 coin
CLAIMS = {
    "0.469": hb(0.9),
    "0.316": hb_inverse(mpmath.mpf("0.9")),  # H_b(p) >= 0.9 bits for p in [0.316, 0.684]
    "0.684": 1 - hb_inverse(mpmath.mpf("0.9")),
    "0.152": float(-mpmath.log(mpmath.mpf("0.9"), 2)),
    "3.32": float(-mpmath.log(mpmath.mpf("0.1"), 2)),
    "0.325": hb(0.9) * float(mpmath.log(2)),
    "1.5": h_bits([0.5, 0.25, 0.25]),
    "1.75": 1.75,  # dyadic (1/2, 1/4, 1/8, 1/8): H = 1/2 + 2/4 + 3/8 + 3/8
    "0.3": 0.2 + 0.1,  # the first Huffman merge of (0.4, 0.3, 0.2, 0.1)
    "1.9": optimal_length([0.4, 0.3, 0.2, 0.1]),
    "1.846": h_bits([0.4, 0.3, 0.2, 0.1]),
    "0.645": block_rate_bruteforce(0.9, 2),
    "0.493": huffman_cost([0.9 ** (4 - k) * 0.1 ** k for k in range(5)
                           for _ in range(math.comb(4, k))]) / 4,
    "0.001": block_excess(0.9, 6),  # the smallest excess up to n = 11
    "8.08": 100 * hb(0.99),
    "0.0145": HEAD,
    # 99 heads together, and also -log2 P(K = 1): P(K = 1) = 100 * 0.01 * 0.99**99 = 0.99**99
    "1.44": float(-mpmath.log(100 * mpmath.mpf("0.01") * mpmath.mpf("0.99") ** 99, 2)),
    "1.45": 100 * HEAD,  # the run of 100 heads
    "6.64": math.log2(100),
    "4.49": h_counts(list(Counter(ZEN).values())),
    "4.08": zen_rate_without_overhead(lambda d: zlib.compress(d, 9)),
    "4.28": zen_rate_without_overhead(lambda d: bz2.compress(d, 9)),
    "4.57": zen_rate_without_overhead(lambda d: __import__("lzma").compress(d, preset=9)),
    "0.722": HXY - HX,  # H(Y|X) = H(X, Y) - H(X)
    "0.934": HY,
    "0.242": float(1 / mpmath.sqrt(2 * mpmath.pi * mpmath.e)),
}
GIVEN = {"0.9", "0.1", "0.4", "0.2", "0.99", "0.01"}


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
    rates = [coding.block_rate(0.9, n) for n in range(1, 13)]
    h = hb(0.9)
    assert rates[0] == 1.0
    assert rates[3] - h < 0.05  # "within a few hundredths of a bit"
    excess = [block_excess(0.9, n) for n in range(1, 13)]
    assert excess == pytest.approx([r - h for r in rates], abs=1e-12)
    # falls to its smallest at n = 6, rises for the next few (7, 8, 10), back down at 12
    assert min(excess[:11]) == excess[5]
    assert excess[6] > excess[5] and excess[7] > excess[6] and excess[9] > excess[8]
    assert excess[11] < excess[10] and excess[11] < 0.0011
    assert all(0 < e < 1 / n for n, e in enumerate(excess, start=1))


def test_one_run_costs_its_own_surprise():
    """The run with one tail costs the entropy; all heads and three tails bracket it."""
    tail = math.log2(100)
    assert 99 * HEAD + tail == pytest.approx(100 * hb(0.99), rel=1e-12)  # one tail, the expected count
    assert f"{99 * HEAD:.2f}" == "1.44" and f"{100 * HEAD:.2f}" == "1.45"
    assert round(97 * HEAD + 3 * tail) == 21  # "a run with three tails about 21"


def test_position_code_sends_about_a_third_of_the_runs():
    p_one = float(100 * mpmath.mpf("0.01") * mpmath.mpf("0.99") ** 99)
    assert 0.3 < p_one < 0.4  # "about a third"; the other runs cannot be sent


def test_text_claims():
    assert len(ZEN) == 856
    h1 = coding.char_entropy(ZEN)
    zen_code = coding.huffman_code(*reversed(coding.char_distribution(ZEN)))
    per_char = len(coding.encode(ZEN, zen_code)) / len(ZEN)
    assert 0 < per_char - h1 < 0.05  # "within a few hundredths of a bit"
    rates = coding.compressed_bits_per_char(ZEN)
    assert rates["zlib"] < h1  # zlib beats the single-character entropy
    assert coding.conditional_char_entropy(ZEN) < h1 - 1  # "far below"
    sizes = {"zlib": len(zlib.compress(b"\x00", 9)) - 1, "bz2": len(bz2.compress(b"\x00", 9)) - 1}
    assert sizes == {"zlib": 8, "bz2": 36}
    bare = coding.compressed_bits_per_char(ZEN, overhead=False)
    assert bare["zlib"] < bare["bz2"]  # on a short text bz2 and lzma "still trail zlib"
    if "lzma" in rates:
        import lzma
        assert len(lzma.compress(b"\x00", preset=9)) - 1 == 59
        assert bare["zlib"] < bare["lzma"]
    help_text = coding.python_help_text(100_000)
    long_rates = coding.compressed_bits_per_char(help_text)
    pair = coding.conditional_char_entropy(help_text)
    assert max(long_rates.values()) < pair < coding.char_entropy(help_text)


def test_rain_claims():
    table = np.array(RAIN)
    assert lib.conditional_entropy(table, base=2) == pytest.approx(HXY - HX, rel=1e-12)
    assert lib.mutual_information(table, base=2) == pytest.approx(HX + HY - HXY, rel=1e-12)


def test_differential_claims():
    assert float(lib.entropy_normal(1.0, base=2)) == pytest.approx(
        float(0.5 * mpmath.log(2 * mpmath.pi * mpmath.e, 2)), rel=1e-14)
    quad = lib.continuous.entropy_quad(lambda x: -math.log(0.5), lower=0, upper=0.5) / math.log(2)
    assert quad == pytest.approx(-1.0, abs=1e-12)
    # Centimetres instead of metres add log2 100.
    shift = lib.entropy_normal(100.0, base=2) - lib.entropy_normal(1.0, base=2)
    assert shift == pytest.approx(math.log2(100), rel=1e-13)


def test_the_inequality_behind_the_three_bounds():
    """ln x <= x - 1, and (star): sum p ln(r/p) <= sum r - 1, on random inputs."""
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.uniform(1e-6, 50, 1000), [1.0]])
    assert np.all(np.log(x) <= x - 1 + 1e-15)
    for _ in range(100):
        p = rng.dirichlet(np.ones(6))
        r = rng.uniform(size=6)
        assert np.sum(p * np.log(r / p)) <= r.sum() - 1 + 1e-12


# ---------------------------------------------------------------------- the exercises

def test_exercise_checkers_reject_the_likely_slips():
    assert exercise("02.1", "about a third").passed
    assert not exercise("02.1", "about two thirds").passed
    assert exercise("02.2", h_counts([4, 4, 2, 1])).passed
    assert not exercise("02.2", 2.0).passed  # four letters as if equally likely
    assert exercise("02.3", 2.2).passed
    assert not exercise("02.3", h_bits([0.4, 0.2, 0.2, 0.1, 0.1])).passed
    gap = float(mpmath.log(2 * mpmath.pi * mpmath.e / 12, 2) / 2)
    assert exercise("02.5", gap).passed
    assert not exercise("02.5", gap * math.log(2)).passed  # nats


@pytest.mark.parametrize("table,ok", [
    ([[0.70, 0.05], [0.125, 0.125]], True),
    ([[0.25, 0.25], [0.25, 0.25]], False),  # independent: equal, not larger
    ([[0.5, 0.0], [0.0, 0.5]], False),  # X determines Y
    ([[0.5, 0.5], [0.1, 0.1]], False),  # not a distribution
])
def test_counterexample_checker(table, ok):
    assert exercise("02.4", table).passed is ok
    if ok:  # it is a counterexample, computed here by hand
        t = np.array(table)
        hy = h_bits(t.sum(axis=0))
        assert h_bits(t[1] / t[1].sum()) > hy


# ---------------------------------------------------------------------- the figures

FIGURES = [
    (figs.binary_curve, dict(p=0.0)), (figs.binary_curve, dict(p=1.0)),
    (figs.binary_curve, dict(p=0.9)),
    (figs.log_inequality, dict()), (figs.log_inequality, dict(x=0.05)),
    (figs.categorical, dict(w1=0, w2=0, w3=0, w4=0)), (figs.categorical, dict(w1=1, w2=1, w3=1, w4=1)),
    (figs.categorical, dict(w1=1, w2=0, w3=0, w4=0)), (figs.categorical, dict()),
    (figs.code_space, dict()), (figs.code_space, dict(probs=(0.5, 0.25, 0.125, 0.125))),
    (figs.huffman_tree, dict()), (figs.huffman_tree, dict(probs=(0.5, 0.5))),
    (figs.huffman_tree, dict(probs=[0.05] * 20, labels=[f"s{i}" for i in range(20)])),
    (figs.block_coding, dict(p=0.9, max_block=12)), (figs.block_coding, dict(p=0.999, max_block=12)),
    (figs.block_coding, dict(p=0.6, max_block=1)),
    (figs.compression, dict(rates={"a": {"x": 1.0, "y": 2.0}, "b": {"x": 3.0, "y": 9.0}})),
    (figs.joint_table, dict(px=0.05, py=0.05, dependence=-1.0)),
    (figs.joint_table, dict(px=0.95, py=0.95, dependence=1.0)),
    (figs.joint_table, dict(px=0.5, py=0.5, dependence=0.1)),
    (figs.joint_table, dict(px=0.0, py=1.0, dependence=0.3)),
    (figs.differential, dict(sigma=0.01)), (figs.differential, dict(sigma=10.0)),
]


@pytest.mark.parametrize("func,kwargs", FIGURES)
def test_figures_draw_cleanly(func, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert problems(func(**kwargs)) == []


def test_figure_arguments_are_checked():
    with pytest.raises(ValueError):
        figs.block_coding(p=0.9, max_block=13)
    with pytest.raises(ValueError, match="reaches the entropy"):
        figs.block_coding(p=0.5)
    with pytest.raises(ValueError):
        figs.differential(sigma=0.0)
    with pytest.raises(ValueError):
        figs.compression(rates={})
    with pytest.raises(ValueError):
        figs.log_inequality(x=0.0)


def test_code_space_shares_are_the_codewords():
    fig = figs.code_space(probs=(0.4, 0.3, 0.2, 0.1))
    ax = fig.axes[0]
    code_row = sorted(p.get_width() for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - 2) < 1e-9)
    assert code_row == [0.125, 0.125, 0.25, 0.5]  # 2^-len of 0, 10, 110, 111
    assert "Kraft sum 1" in ax.get_title()


def test_joint_figure_colours_follow_the_course():
    from lib.plots.style import COLORS
    fig = figs.joint_table(px=0.5, py=0.5, dependence=0.5)
    colours = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in fig.axes[1].patches}
    as_rgb = lambda c: tuple(np.round(np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)]) / 255, 3))
    assert as_rgb(COLORS["p"]) not in colours and as_rgb(COLORS["q"]) not in colours
    assert as_rgb(COLORS["kl"]) in colours and as_rgb(COLORS["entropy"]) in colours


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
