"""03_cross_entropy.ipynb: the numbers in its prose, its helper module lib.perplexity, and
its figures (lib.plots.cross_entropy).

Every claimed number is recomputed here independently of the notebook: closed forms,
mpmath, and the Zen of Python counted with collections.Counter and math.log, not lib.
"""

import collections
import io
import math
import re
import string
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from matplotlib.figure import Figure
from nbtools import check_claims

import lib
import lib.perplexity as P
from lib.plots import cross_entropy as figs
from reference import zen_halves

pytestmark = pytest.mark.filterwarnings("error")

mpmath.mp.dps = 30


# ----------------------------------------------------------- independent references


def _cross_entropy_bits(p_counts, q_probs):
    n = sum(p_counts.values())
    return -sum(c / n * math.log2(q_probs[s]) for s, c in p_counts.items() if c)


def _zen_numbers():
    train, test = zen_halves()
    symbols = string.ascii_lowercase + " "
    ctrain, ctest = collections.Counter(train), collections.Counter(test)
    n = len(train)
    laplace = {s: (ctrain[s] + 1) / (n + 27) for s in symbols}
    uniform = {s: 1 / 27 for s in symbols}
    own = {s: ctest[s] / len(test) for s in symbols}
    return {
        "laplace": _cross_entropy_bits(ctest, laplace),
        "uniform": _cross_entropy_bits(ctest, uniform),
        "floor": _cross_entropy_bits(ctest, own),
        "ctrain": ctrain,
        "ctest": ctest,
    }


ZEN = _zen_numbers()
LN = lambda x: float(mpmath.log(mpmath.mpf(x)))  # noqa: E731

CLAIMS = {
    # section 1: p = (1/2, 1/4, 1/8, 1/8), q uniform, lengths -log2 of exact fractions
    "1.75": sum(Fraction(1, 2 ** k) * k for k in (1, 2, 3)) + Fraction(3, 8),
    "2.25": Fraction(1 + 2 + 3 + 3, 4),
    # section 4: one-hot target against (0.9, 0.1), and against (0.1, 0.9)
    "0.105": -LN("0.9"),
    "2.303": -LN("0.1"),
    "0.394": -(0.9 * LN("0.9") + 2 * 0.05 * LN("0.05")),
    # section 6: units
    "1.443": 1 / LN(2),
    "0.152": -LN("0.9") / LN(2),
    "0.693": LN(2),
    "4.755": math.log2(27),
    # the Zen letter model
    "4.165": ZEN["laplace"],
    "17.9": 2 ** ZEN["laplace"],
    "4.034": ZEN["floor"],
    "16.4": 2 ** ZEN["floor"],
    # held-out slope as alpha -> 0: each factor of ten costs log2(10) bits on every unseen `w`
    "0.029": ZEN["ctest"]["w"] / sum(ZEN["ctest"].values()) * math.log2(10),
}
GIVEN = {"0.0", "0.01", "0.02", "0.05", "0.1", "0.2", "0.3", "0.5", "0.7", "0.82", "0.9", "0.99",
         "2.5", "3.5"}


def test_claims():
    check_claims("03_cross_entropy.ipynb", CLAIMS, GIVEN)


def test_framework_loss_facts():
    """Label smoothing ε over K classes: the target (1 − ε) one-hot + ε/K, a loss with floor H > 0."""
    eps, k = 0.2, 10
    target = (1 - eps) * np.eye(k)[0] + eps / k
    assert target[0] == pytest.approx(0.82) and target[1] == pytest.approx(0.02)  # exercise 4's target
    floor = -sum(t * math.log(t) for t in target)
    assert floor > 0.5
    # the mean over a batch of -log softmax(z)_y, written with mpmath
    z, y = [[2.0, 1.0, -1.0], [0.5, 2.5, 0.0]], [0, 2]
    losses = [mpmath.log(sum(mpmath.exp(v) for v in row)) - row[label] for row, label in zip(z, y)]
    assert float(sum(losses) / 2) == pytest.approx(
        float(lib.cross_entropy_logits(np.array(z), np.array(y)).mean()), rel=1e-12)


def test_zen_claims_in_words():
    # "Four ws in the held-out aphorisms", none in the first ten
    assert ZEN["ctrain"]["w"] == 0 and ZEN["ctest"]["w"] == 4
    # "j, q, w and z" are the letters the training text lacks
    assert sorted(c for c in string.ascii_lowercase if ZEN["ctrain"][c] == 0) == list("jqwz")
    # "4 in 465 symbols": w is the only one of them in the held-out text, so it alone sets
    # the slope of the held-out curve as alpha -> 0
    assert sum(ZEN["ctest"].values()) == 465 and all(ZEN["ctest"][c] == 0 for c in "jqz")
    # "as unsure as a fair choice among about 18 symbols"
    assert round(2 ** ZEN["laplace"]) == 18
    # uniform model: perplexity 27
    assert math.isclose(2 ** ZEN["uniform"], 27.0)
    # "close to the best any alpha achieves here": within 0.001 bits of the best alpha
    train, test = map(P.letter_counts, P.zen_split())
    alphas = np.geomspace(1e-3, 10, 400)
    best = min(lib.cross_entropy(test / test.sum(), P.additive_smoothing(train, a), base=2)
               for a in alphas)
    assert ZEN["laplace"] - best < 1e-3


def test_example_cross_entropies_are_asymmetric():
    p = np.array([1 / 2, 1 / 4, 1 / 8, 1 / 8])
    u = np.full(4, 1 / 4)
    assert lib.cross_entropy(p, u, base=2) == pytest.approx(2.0, abs=1e-15)
    assert lib.cross_entropy(u, p, base=2) == pytest.approx(2.25, abs=1e-15)
    # "the engineer's belief costs a quarter of a bit on every symbol"
    assert lib.kl_divergence(p, u, base=2) == pytest.approx(0.25, abs=1e-15)


# ------------------------------------------------------------ the notebook's figures
def _check_figure(fig):
    assert isinstance(fig, Figure)
    assert not lib.plots.problems(fig)
    return fig


def _title_numbers(text):
    return [float(x) for x in re.findall(r"\d+\.\d+", text)]


def test_code_areas_default_is_the_worked_example():
    fig = _check_figure(figs.code_areas())
    area = fig.axes[1]
    assert _title_numbers(area.get_title()) == [2.0, 1.75, 0.25]
    # the green bars' total area is H(p); every bar spans a width p_i
    green = [r for r in area.patches
             if np.allclose(r.get_facecolor()[:3], _rgb(lib.plots.COLORS["entropy"]))]
    assert len(green) == 4
    assert sum(r.get_width() * r.get_height() for r in green) == pytest.approx(1.75)
    assert sorted(r.get_width() for r in green) == pytest.approx([1 / 8, 1 / 8, 1 / 4, 1 / 2])
    # C and D's green bars are drawn to their full 3 bits: the hatch over them is see-through
    assert sorted(r.get_height() for r in green)[-2:] == pytest.approx([3.0, 3.0])
    hatched = [r for r in area.patches if r.get_hatch()]
    assert len(hatched) == 2 and all(r.get_facecolor()[3] == 0 for r in hatched)


def test_code_areas_outline_area_is_cross_entropy():
    fig = figs.code_areas(3, 1, 0.5, 0.05, 0.2, 2, 2, 1)
    p = lib.normalize([3, 1, 0.5, 0.05])
    q = lib.normalize([0.2, 2, 2, 1])
    outline = [ln.get_xydata() for ln in fig.axes[1].lines]
    area = sum((xy[2, 0] - xy[0, 0]) * xy[1, 1] for xy in outline)
    assert area == pytest.approx(float(-(p * np.log2(q)).sum()), rel=1e-12)
    hpq, hp, kl = _title_numbers(fig.axes[1].get_title())
    assert hpq == pytest.approx(hp + kl, abs=2e-3)


def _rgb(hex_color):
    return [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]


@pytest.mark.parametrize("weights", [(0.05,) * 8, (8,) * 8, (8, 0.05, 0.05, 8, 0.05, 8, 8, 0.05)])
def test_code_areas_at_slider_ends(weights):
    _check_figure(figs.code_areas(*weights))


def test_code_areas_refuses_zero_weight():
    with pytest.raises(ValueError):
        figs.code_areas(q_a=0.0)


@pytest.mark.parametrize("p, q", [(0.3, 0.7), (0.0, 0.01), (0.0, 0.99), (1.0, 0.01), (1.0, 0.99),
                                  (0.5, 0.5)])
def test_versus_q(p, q):
    fig = _check_figure(figs.versus_q(p=p, q=q))
    title = fig.axes[0].get_title()
    hpq = -(p * math.log2(q) + (1 - p) * math.log2(1 - q)) if 0 < p < 1 else \
        -math.log2(q if p == 1 else 1 - q)
    assert _title_numbers(title)[-1] == pytest.approx(hpq, abs=5e-4)
    # the curve never dips below the entropy floor
    curve = fig.axes[0].lines[0].get_ydata()
    floor = float(lib.binary_entropy(p, base=2))
    assert curve.min() >= floor - 1e-12


def test_versus_q_refuses_bad_input():
    with pytest.raises(ValueError):
        figs.versus_q(p=1.2)
    with pytest.raises(ValueError):
        figs.versus_q(q=0.0)


@pytest.mark.parametrize("z, label", [((2.0, 1.0, -1.0), 0), ((-10.0, -10.0, -10.0), 2),
                                      ((10.0, 10.0, 10.0), 1), ((-10.0, 10.0, 10.0), 0)])
def test_softmax_loss(z, label):
    fig = _check_figure(figs.softmax_loss(*z, label=label))
    zs = [mpmath.mpf(v) for v in z]
    exact = float(mpmath.log(sum(mpmath.exp(v) for v in zs)) - zs[label])
    assert fig.axes[1].get_title().endswith(f"{exact:.3f} nats")
    # the marker on the loss curve sits at the true logit and the exact loss
    marker = fig.axes[2].lines[1].get_xydata()[0]
    assert marker == pytest.approx([z[label], exact], rel=1e-12)


def test_softmax_loss_refuses_bad_label():
    with pytest.raises(ValueError):
        figs.softmax_loss(label=3)


@pytest.mark.parametrize("alpha", [0.0, 1e-9, 0.025, 1.0, 5.0, 10.0])
def test_held_out(alpha):
    fig = _check_figure(figs.held_out(alpha=alpha))
    title = fig.get_suptitle()
    if alpha == 0:
        assert "infinite" in title
    else:
        counts_train = ZEN["ctrain"]
        n = sum(counts_train.values())
        q = {s: (counts_train[s] + alpha) / (n + 27 * alpha) for s in P.ALPHABET}
        h = _cross_entropy_bits(ZEN["ctest"], q)
        assert f"held-out {h:.3f} bits" in title
        assert f"perplexity {2 ** h:.1f}" in title


def test_held_out_marks_unseen_letters_without_the_model_colours():
    fig = figs.held_out(alpha=1.0)
    bars = fig.axes[0]
    marks = [ln for ln in bars.lines if ln.get_marker() == "x"]
    assert len(marks) == 1
    shown = [bars.get_xticklabels()[int(round(x))].get_text() for x in marks[0].get_xdata()]
    assert shown == list("jqwz")
    for tick in bars.get_xticklabels():
        assert tick.get_color() not in (lib.plots.COLORS["highlight"], lib.plots.COLORS["q"])


def test_held_out_refuses_negative_alpha():
    with pytest.raises(ValueError):
        figs.held_out(alpha=-1.0)


def test_figures_draw_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fig in (figs.code_areas(), figs.versus_q(), figs.softmax_loss(), figs.held_out(0.0)):
            fig.savefig(io.BytesIO(), format="png")
