"""06_mle.ipynb: its numbers, its figures, sliders and exercise checkers.

Every number is recomputed here without lib.ngram, lib.mle or lib.corpora: the words are
read from the shipped gzip file directly and counted with collections.Counter; the fits
use scipy.stats, scipy.optimize and mpmath; gradient descent and the simulation are
written out again in plain NumPy with the notebook's seeds.
"""

import gzip
import math
from collections import Counter
from pathlib import Path

import mpmath
import numpy as np
import pytest
from matplotlib import cbook
from scipy import optimize, stats

import lib
from nbtools import check_claims

pytestmark = pytest.mark.filterwarnings("error")

DATA = Path(lib.__file__).resolve().parent / "data" / "pydoc_words.txt.gz"
SYMBOLS = ".abcdefghijklmnopqrstuvwxyz"


# ------------------------------------------------------------------ references
def _words():
    with gzip.open(DATA, "rt") as f:
        return f.read().split()


WORDS = _words()
CUT = int(0.8 * len(WORDS))
TRAIN, HELD = WORDS[:CUT], WORDS[CUT:]


def _pairs(words):
    out = Counter()
    for w in words:
        framed = "." + w + "."
        out.update(zip(framed[:-1], framed[1:]))
    return out


def _table(words):
    t = np.zeros((27, 27))
    for (a, b), n in _pairs(words).items():
        t[SYMBOLS.index(a), SYMBOLS.index(b)] = n
    return t


C, H = _table(TRAIN), _table(HELD)


def _add_alpha(c, alpha):
    return (c + alpha) / (c.sum(axis=1, keepdims=True) + 27 * alpha)


def _score(held, q):
    mask = held > 0
    if np.any(q[mask] == 0):
        return math.inf
    return float(-(held[mask] * np.log(q[mask])).sum() / held.sum())


def _best_alpha(c):
    res = optimize.minimize_scalar(lambda t: _score(H, _add_alpha(c, math.exp(t))),
                                   bounds=(-9, 4), method="bounded", options={"xatol": 1e-9})
    return math.exp(res.x), res.fun


def _loo_alpha(c):
    n = c.sum(axis=1, keepdims=True)

    def loo(alpha):  # each token scored by the counts without it
        m = c > 0
        r = (c - 1 + alpha) / (n - 1 + 27 * alpha)
        return float((c[m] * np.log(r[m])).sum() / c.sum())

    res = optimize.minimize_scalar(lambda t: -loo(math.exp(t)), bounds=(-9, 4), method="bounded",
                                   options={"xatol": 1e-9})
    return math.exp(res.x)


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _descent(c, steps, eta, keep):
    z, out = np.zeros((27, 27)), {}
    rows, target = c.sum(axis=1, keepdims=True) / c.sum(), c / c.sum()
    for s in range(steps + 1):
        if s in keep:
            out[s] = z.copy()
        if s < steps:
            z = z - eta * (rows * _softmax_rows(z) - target)
    return out


def _train_loss(z, c):
    q = _softmax_rows(z)
    return float(-(c * np.log(q)).sum() / c.sum())


H_TRAIN = _score(C, C / C.sum(axis=1, keepdims=True))
CHECKPOINTS = sorted(set(np.round(np.logspace(0, 4, 41)).astype(int)) | {1000})
PATH = _descent(C, 10_000, 50.0, set(CHECKPOINTS))
PATH_HELD = {s: _score(H, _softmax_rows(z)) for s, z in PATH.items()}
ALPHA_BEST, CE_BEST = _best_alpha(C)
ALPHA_200, CE_200 = _best_alpha(_table(TRAIN[:200]))
ALPHA_LOO = _loo_alpha(C)


def _l2_fit(lam):
    total, rows = C.sum(), C.sum(axis=1, keepdims=True)

    def f(flat):
        z = flat.reshape(27, 27)
        q = _softmax_rows(z)
        loss = -(C * np.log(q)).sum() / total + 0.5 * lam * (z * z).sum()
        return loss, ((rows * q - C) / total + lam * z).ravel()

    res = optimize.minimize(f, np.zeros(729), jac=True, method="L-BFGS-B",
                            options={"maxiter": 20_000, "gtol": 1e-13, "ftol": 1e-16})
    return _softmax_rows(res.x.reshape(27, 27))


Q_L2 = _l2_fit(3e-7)
Q_ADD = _add_alpha(C, ALPHA_BEST)

P_PAIRS = C / C.sum()
P_PREV, P_NEXT = P_PAIRS.sum(axis=1), P_PAIRS.sum(axis=0)
M = P_PAIRS > 0
MI = float((P_PAIRS[M] * np.log(P_PAIRS[M] / np.outer(P_PREV, P_NEXT)[M])).sum())
H_NEXT = float(-(P_NEXT * np.log(P_NEXT)).sum())

LENGTHS = np.array([len(w) for w in TRAIN])
P_LEN = np.bincount(LENGTHS)[1:] / LENGTHS.size
L_VALUES = np.arange(1, P_LEN.size + 1)
THETA_HAT = 1 / LENGTHS.mean()
H_LEN = float(-(P_LEN[P_LEN > 0] * np.log(P_LEN[P_LEN > 0])).sum())
KL_LEN = float(-(P_LEN * (np.log(THETA_HAT) + (L_VALUES - 1) * np.log1p(-THETA_HAT))).sum()) - H_LEN

PRICES = cbook.get_sample_data("goog.npz")["price_data"]
RETURNS = np.diff(np.log(PRICES["adj_close"]))
R_TRAIN, R_HELD = RETURNS[: int(2 / 3 * RETURNS.size)], RETURNS[int(2 / 3 * RETURNS.size):]
T_FIT = stats.t.fit(R_TRAIN)


def _kl_t4_normal(var):
    with mpmath.workdps(30):
        def f(x):
            lp = mpmath.log(mpmath.gamma(2.5) / (mpmath.sqrt(4 * mpmath.pi) * mpmath.gamma(2))) \
                - 2.5 * mpmath.log(1 + x**2 / 4)
            lq = -x**2 / (2 * var) - mpmath.log(2 * mpmath.pi * var) / 2
            return mpmath.exp(lp) * (lp - lq)
        return float(mpmath.quad(f, [-mpmath.inf, -10, 0, 10, mpmath.inf]))


def _exact_excess(n):
    with mpmath.workdps(30):
        n = mpmath.mpf(n)
        return float((mpmath.log(2 / n) + mpmath.digamma((n - 1) / 2)) / 2
                     + (n + 1) / (2 * (n - 3)) - mpmath.mpf(1) / 2)


def _simulated_excess():
    rng, out = np.random.default_rng(6), {}
    for n in (10, 30, 100, 1000):
        x = rng.normal(size=(4000, n))
        m, s = x.mean(axis=1), x.std(axis=1)
        out[n] = float(np.mean(np.log(s) + (1 + m**2) / (2 * s**2) - 0.5))
    return out


SIMULATED = _simulated_excess()

CLAIMS = {
    # 1. word lengths and the geometric model
    "0.205": THETA_HAT,
    "2.3079": H_LEN,
    "0.1667": KL_LEN,
    # 2. the bigram, counting and descent
    "2.3044": H_TRAIN,
    "0.0023": _train_loss(PATH[1000], C) - H_TRAIN,
    "0.0321": float(np.abs(_softmax_rows(PATH[1000]) - C / C.sum(axis=1, keepdims=True)).max()),
    "2.29178": PATH_HELD[10_000],
    # 3. smoothing
    "2.2918": CE_BEST,
    "0.241": ALPHA_BEST,
    "3.3064": CE_BEST / math.log(2),
    "9.893": math.exp(CE_BEST),
    "0.108": ALPHA_LOO,
    "0.451": ALPHA_200,
    "2.5859": CE_200,
    "2.2917": _score(H, Q_L2),
    # 4. projection
    "0.5354": MI,
    "0.7724": MI / math.log(2),
    "2.8397": H_NEXT,
    # 5. continuous data
    "7.62": float(stats.kurtosis(RETURNS)),
    "3.47": T_FIT[0],
    "2.1680": float(np.mean(stats.norm(R_TRAIN.mean(), R_TRAIN.std()).logpdf(R_HELD))),
    "2.3392": float(np.mean(stats.t(*T_FIT).logpdf(R_HELD))),
    "1.4142": math.sqrt(2),
    "0.0838": _kl_t4_normal(2.0),
    # 6. how much data
    "0.1733": SIMULATED[10],
    "0.1754": _exact_excess(10),
    "0.1": 2 / (2 * 10),
}

# α = 0.001: the left end of the α slider and of the plotted curve.
GIVEN = {"0.001"}


def test_claims():
    check_claims("06_mle.ipynb", CLAIMS, GIVEN)


def test_whole_numbers_in_the_prose():
    assert (len(WORDS), len(set(WORDS))) == (64_285, 3_118)
    assert (len(TRAIN), len(HELD)) == (51_428, 12_857)
    assert (C.sum(), H.sum()) == (302_335, 73_422)
    unseen = (C == 0) & (H > 0)
    assert (H[unseen].sum(), unseen.sum()) == (15, 11)
    assert LENGTHS.max() == 21
    assert (C == 0).sum() == 247
    q_row = C[SYMBOLS.index("q")]
    assert set(np.nonzero(q_row)[0]) == {SYMBOLS.index("u"), 0}
    # "ten times more steps, ten times less probability" for the unseen held-out pairs
    unseen = (C == 0) & (H > 0)
    mean_q = {s: float((H[unseen] * _softmax_rows(PATH[s])[unseen]).sum() / H[unseen].sum())
              for s in (1000, 10_000)}
    assert 7 < mean_q[1000] / mean_q[10_000] < 13
    assert round(MI / (676 / (2 * C.sum())), -1) == 480
    e, j, z = (SYMBOLS.index(c) for c in "ejz")
    assert round(Q_ADD[j, z] / Q_ADD[e, z]) == 45
    assert round(Q_L2[j, z] / Q_L2[e, z]) == 8
    assert _score(H, _add_alpha(C, 1.0)) > CE_BEST  # "Laplace is a little worse"
    assert round(_score(H, _add_alpha(C, ALPHA_LOO)), 4) == round(CE_BEST, 4)
    # "within about 5 %" at N = 100, "within 1 %" at N = 1000 (exact expectation vs k/2N)
    assert abs(_exact_excess(100) / 0.01 - 1) < 0.055
    assert abs(_exact_excess(1000) / 0.001 - 1) < 0.01
    assert (R_TRAIN.size, R_HELD.size) == (697, 349)


def test_the_shipped_word_list_is_small_and_from_pydoc_data():
    assert DATA.stat().st_size < 300_000
    assert lib.corpora.pydoc_words() == tuple(WORDS)
    current = set(lib.corpora.extract_pydoc_words())
    # The running Python's help pages differ a little from the snapshot's, not a lot.
    assert len(current & set(WORDS)) / len(current | set(WORDS)) > 0.9


# ------------------------------------------------------------------ figures and sliders
FIGURES = [
    lambda: lib.plots.mle.identity(theta=0.2),
    lambda: lib.plots.mle.identity(theta=0.6),
    lib.plots.mle.bigram_table,
    lambda: lib.plots.mle.descent(steps=sorted(PATH), heldout=[PATH_HELD[s] for s in sorted(PATH)],
                                  train_gap=[_train_loss(PATH[s], C) - H_TRAIN + 1e-12 for s in sorted(PATH)],
                                  unseen=[0.01] * len(PATH), best_smoothed=CE_BEST),
    lambda: lib.plots.mle.heldout(alpha=0.3),
    lib.plots.mle.returns,
    lib.plots.mle.projection,
    lambda: lib.plots.mle.excess_kl(n=30),
]


@pytest.mark.parametrize("make", FIGURES)
def test_figures_have_no_problems(make):
    assert lib.plots.problems(make()) == []


def test_sliders_at_both_ends():
    namespace = {
        "heldout_explorer": lib.widgets.explore(
            lib.plots.mle.heldout,
            alpha=lib.widgets.slider("pseudo-count α", 1e-3, 10.0, 0.3, log=True),
            n_words=lib.widgets.slider("training words", 30, 51428, 51428, log=True, fmt=".0f")),
        "excess_explorer": lib.widgets.explore(
            lib.plots.mle.excess_kl, n=lib.widgets.int_slider("sample size N", 5, 1000, 30)),
    }
    report = lib.widgets.sweep(namespace)
    assert report["explorers"] == 2 and report["settings"] >= 10
    assert report["problems"] == []


def test_a_slider_move_only_draws():
    """What a slider figure needs is computed once (cached), not on every move."""
    P = lib.plots.mle
    for alpha, n in [(0.3, 1000), (0.05, 2000), (5.0, 51428)]:
        P.heldout(alpha=alpha, n_words=n)
    for n in (5, 100, 1000):
        P.excess_kl(n=n)
    for cached in (P._streams, P._best_by_size, P._excess_table):
        assert cached.cache_info().misses == 1 and cached.cache_info().hits >= 2


def test_heldout_figure_matches_the_reference_at_all_words():
    fig = lib.plots.mle.heldout(alpha=ALPHA_BEST)
    assert f"held-out {CE_BEST:.3f} nats" in fig.axes[0].get_title()


# ------------------------------------------------------------------ exercises
def _tied_by_optimisation(counts, groups):
    """The tied maximum-likelihood fit found numerically: softmax over one logit per group."""
    counts, groups = np.asarray(counts, float), np.asarray(groups)
    labels = sorted(set(groups.tolist()))
    member = np.array([[g == lab for g in groups] for lab in labels], dtype=float)  # G × K
    sizes, totals = member.sum(axis=1), member @ counts

    def loss(u):  # t_g ∝ exp(u_g), normalised so that Σ_g m_g t_g = 1
        logt = u - np.log((sizes * np.exp(u - u.max())).sum()) - u.max()
        return -(totals * logt).sum()

    res = optimize.minimize(loss, np.zeros(len(labels)), method="BFGS", options={"gtol": 1e-10})
    u = res.x - res.x.max()
    t = np.exp(u) / (sizes * np.exp(u)).sum()
    return member.T @ t


def test_exercise_1_accepts_the_tied_fit_and_names_the_slips():
    counts, groups = np.array([4.0, 1.0, 7.0, 2.0, 6.0]), np.array([2, 0, 2, 1, 0])
    reference = _tied_by_optimisation(counts, groups)
    assert np.isclose(reference.sum(), 1)

    def right(c, g):
        c, g = np.asarray(c, float), np.asarray(g)
        return np.array([c[g == x].sum() / ((g == x).sum() * c.sum()) for x in g])

    assert np.allclose(right(counts, groups), reference, atol=1e-6)
    assert lib.check.exercise("06.1", right).passed
    counting = lambda c, g: np.asarray(c, float) / np.asarray(c, float).sum()
    verdict = lib.check.exercise("06.1", counting)
    assert not verdict.passed and "ties are ignored" in verdict.message

    def unshared(c, g):
        c, g = np.asarray(c, float), np.asarray(g)
        return np.array([c[g == x].sum() / c.sum() for x in g])

    verdict = lib.check.exercise("06.1", unshared)
    assert not verdict.passed and "shared among" in verdict.message
    assert not lib.check.exercise("06.1", ...).passed


def test_exercise_2_needs_leave_one_out_and_the_held_out_words():
    c1000 = _table(TRAIN[:1000])
    right = _score(H, _add_alpha(c1000, _loo_alpha(c1000))) / math.log(2)
    assert lib.check.exercise("06.2", right).passed
    assert not lib.check.exercise("06.2", right * math.log(2)).passed  # nats
    peeked = _best_alpha(c1000)[1] / math.log(2)
    verdict = lib.check.exercise("06.2", peeked)
    assert not verdict.passed and "peeks" in verdict.message
    assert not lib.check.exercise("06.2", _score(H, _add_alpha(c1000, 1.0)) / math.log(2)).passed


def _shuffled_mi(words, seed):
    prev, nxt = [], []
    for w in words:
        framed = "." + w + "."
        prev += [SYMBOLS.index(ch) for ch in framed[:-1]]
        nxt += [SYMBOLS.index(ch) for ch in framed[1:]]
    shuffled = np.random.default_rng(seed).permutation(np.array(nxt))
    t = np.zeros((27, 27))
    np.add.at(t, (np.array(prev), shuffled), 1)
    p = t / t.sum()
    m = p > 0
    return float((p[m] * np.log(p[m] / np.outer(p.sum(1), p.sum(0))[m])).sum())


def test_exercise_3_and_its_reveal():
    assert (H.sum(axis=1) > 0).all() and (H.sum(axis=0) > 0).all()  # r = c = 27
    bias = 26 * 26 / (2 * H.sum())
    assert lib.check.exercise("06.3", bias).passed
    for wrong, words in [(0.0, "true"), (676 / (2 * C.sum()), "training"),
                         (27 * 27 / (2 * H.sum()), "(r − 1)(c − 1)"), (676 / H.sum(), "factor 2")]:
        verdict = lib.check.exercise("06.3", wrong)
        assert not verdict.passed and words in verdict.message
    assert not lib.check.exercise("06.3", bias / math.log(2)).passed  # bits
    # the reveal: the shuffled held-out table's Î is near the bias, far below the real one
    assert abs(_shuffled_mi(HELD, 7) / bias - 1) < 0.05


def test_the_projection_of_t4_has_a_lower_peak():
    """"its density at 0 is only three quarters of the t's"."""
    ratio = stats.norm(0, math.sqrt(2)).pdf(0) / stats.t(4).pdf(0)
    assert round(ratio, 2) == 0.75


def test_exercise_4_is_the_beta_integral():
    assert lib.check.exercise("06.4", 1 / 1320).passed
    assert not lib.check.exercise("06.4", 1.0).passed
    assert not lib.check.exercise("06.4", 0.7**7 * 0.3**3).passed
