"""04_kl_divergence.ipynb: its numbers, its figures, and lib.transport.

References are independent of the code under test: 50-digit mpmath (tests/reference.py and
mpmath.quad), plain NumPy sums, the CDF formula for W1, and a linear program over transport
plans (the definition of W1) solved with scipy.optimize.linprog.
"""

import math
import warnings

import mpmath
import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import stats

import lib
import reference as R
from lib.plots import kl_divergence as D
from nbtools import check_claims

pytestmark = pytest.mark.filterwarnings("error")

LN2 = math.log(2.0)


# ------------------------------------------------------------------ references
def _mixture_kl_reference(lower=-mpmath.inf, upper=mpmath.inf):
    """∫ q log(q/p) over [lower, upper], Q = N(0, 4²), P = ½N(−3, 1) + ½N(3, 1), in mpmath."""
    with mpmath.workdps(30):
        def log_q(x):
            return -x**2 / 32 - mpmath.log(4) - mpmath.log(2 * mpmath.pi) / 2

        def log_p(x):
            dens = (mpmath.exp(-(x + 3) ** 2 / 2) + mpmath.exp(-(x - 3) ** 2 / 2)) / (2 * mpmath.sqrt(2 * mpmath.pi))
            return mpmath.log(dens)

        def f(x):
            lq = log_q(x)
            return mpmath.exp(lq) * (lq - log_p(x))

        cuts = [c for c in (-10, -3, 0, 3, 10) if lower < c < upper]
        return float(mpmath.quad(f, [lower, *cuts, upper]))


def _grid_kl_reference():
    """KL(Q‖P) from densities on 300 points over [-10, 10], renormalised (plain NumPy)."""
    x = np.linspace(-10, 10, 300)
    p = (np.exp(-(x + 3) ** 2 / 2) + np.exp(-(x - 3) ** 2 / 2)) / (2 * np.sqrt(2 * np.pi))
    q = np.exp(-x**2 / 32) / (4 * np.sqrt(2 * np.pi))
    p, q = p / p.sum(), q / q.sum()
    return float(np.sum(q * np.log(q / p)))


def _conditioned_kl_reference():
    """KL between Q and P both conditioned on [-10, 10] (renormalised there), in mpmath.

    ∫ (q/Z_Q) log((q/Z_Q) / (p/Z_P)) = (∫ q log(q/p)) / Z_Q + log(Z_P / Z_Q) over the window.
    """
    with mpmath.workdps(30):
        z_q = mpmath.erf(mpmath.mpf(10) / (4 * mpmath.sqrt(2)))
        z_p = mpmath.ncdf(13) - mpmath.ncdf(-7)  # each mode's mass in the window (symmetry)
        inside = mpmath.mpf(_mixture_kl_reference(-10, 10))
        return float(inside / z_q + mpmath.log(z_p / z_q)), float(z_q)


def _bumps_kl_bits(shift):
    """KL(p‖q_shift) for lib.transport.bumps, written out in mpmath from the bump's formula.

    The bumps are raised cosines on the integer grid 0..50: p centred at 10 with half-width
    4, q centred at 10 + shift with half-width 8, each normalised (tests/…/test_bumps checks
    lib.transport.bumps against this description).
    """
    with mpmath.workdps(40):
        def bump(centre, half):
            w = [mpmath.cos(mpmath.pi * (x - centre) / (2 * half)) ** 2 if abs(x - centre) < half else 0
                 for x in range(51)]
            total = sum(w)
            return [v / total for v in w]
        p, q = bump(10, 4), bump(10 + mpmath.mpf(shift), 8)
        if any(pi > 0 and qi == 0 for pi, qi in zip(p, q)):
            return math.inf
        return float(sum(pi * mpmath.log(pi / qi, 2) for pi, qi in zip(p, q) if pi > 0))


REAL_LINE = _mixture_kl_reference()
TAILS = 2 * _mixture_kl_reference(lower=10)
INSIDE = _mixture_kl_reference(-10, 10)
CONDITIONED, Z_Q = _conditioned_kl_reference()
GRID = _grid_kl_reference()

CLAIMS = {
    "0.737": float(R.kl([0.5, 0.5], [0.9, 0.1])) / LN2,
    "0.848": float(mpmath.log(mpmath.mpf(9) / 5, 2)),
    "2.322": float(mpmath.log(5, 2)),
    "0.0294": float(R.kl_bernoulli(0.5, 0.6)) / LN2,
    "0.0290": float(R.kl_bernoulli(0.6, 0.5)) / LN2,
    "0.3499": float(R.kl_normal(0.0, 1.0, 1.0, 1.5)),
    "0.8181": float(R.kl_vae([1.0], [math.log(0.25)])),
    "6.64": math.log2(100),
    "1.3625": GRID,
    "1.7049": REAL_LINE,
    "0.342": REAL_LINE - GRID,
    "0.377": TAILS,                  # step 1: the tails beyond ±10
    "0.029": CONDITIONED - INSIDE,   # step 2: renormalising to the window
    "0.988": Z_Q,                    # Q's mass inside the window
    "0.005": GRID - CONDITIONED,     # step 3: the 300-point sum for the integral
    "1.2": 100 * float(mpmath.erfc(mpmath.mpf(10) / (4 * mpmath.sqrt(2)))),
    "1.758": float(R.kl_bernoulli(0.1, 0.9)),
    "0.879": float(R.kl_bernoulli(0.1, 0.5) + R.kl_bernoulli(0.5, 0.9)),
    # the sliding bumps: KL is continuous and unbounded as the shift nears 5 (see below)
    "2.66": _bumps_kl_bits(4.9),
    "3.73": _bumps_kl_bits("4.99999"),
}

# Inputs of the examples: probabilities of coins and distributions, a standard deviation.
GIVEN = {"0.5", "0.9", "0.1", "0.6", "0.4", "0.2", "0.7", "0.3", "0.75", "0.05",
         "0.99", "0.01", "1.5", "4.9", "4.99999"}


def test_claims():
    check_claims("04_kl_divergence.ipynb", CLAIMS, GIVEN)


def test_whole_numbers_in_the_prose():
    # "about 74 % longer"; "about 20 % low"
    assert round(100 * CLAIMS["0.737"] / 1.0) == 74
    assert round(100 * (REAL_LINE - GRID) / REAL_LINE) == 20
    # the three steps from the real line to the grid add up, and the tails are
    # "more than the whole shortfall" and "more than a fifth of the divergence"
    assert REAL_LINE - TAILS == pytest.approx(INSIDE, abs=1e-12)
    assert INSIDE + (CONDITIONED - INSIDE) + (GRID - CONDITIONED) == pytest.approx(GRID)
    assert TAILS > REAL_LINE - GRID and TAILS > REAL_LINE / 5
    assert 0 < GRID - CONDITIONED < CONDITIONED - INSIDE  # spacing: the smallest effect
    # "in the other direction, KL(P‖Q), the damage is small" (under 3 %)
    x = np.linspace(-10, 10, 300)
    p = 0.5 * stats.norm.pdf(x, -3, 1) + 0.5 * stats.norm.pdf(x, 3, 1)
    forward_line = lib.continuous.kl_quad(
        lambda t: lib.continuous.mixture_logpdf(t, [0.5, 0.5], [-3.0, 3.0], [1.0, 1.0]),
        lambda t: lib.continuous.normal_logpdf(t, 0.0, 4.0), points=(-3.0, 0.0, 3.0))
    assert abs(stats.entropy(p, stats.norm.pdf(x, 0, 4)) - forward_line) < 0.03 * forward_line
    # "starving the likely outcome costs almost ten times as much" (section 2)
    p3 = [0.7, 0.2, 0.1]
    ratio = float(R.kl(p3, [0.4, 0.3, 0.3]) / R.kl(p3, [0.75, 0.2, 0.05]))
    assert 9 < ratio < 10
    # the grid value is what scipy.stats.entropy returns, as the notebook says
    x = np.linspace(-10, 10, 300)
    p = 0.5 * stats.norm.pdf(x, -3, 1) + 0.5 * stats.norm.pdf(x, 3, 1)
    assert stats.entropy(stats.norm.pdf(x, 0, 4), p) == pytest.approx(GRID, rel=1e-12)
    # the grid sees the real-line value once it is wide enough (±25, as the prose says)
    wide = np.linspace(-25, 25, 300)
    pw = 0.5 * stats.norm.pdf(wide, -3, 1) + 0.5 * stats.norm.pdf(wide, 3, 1)
    assert stats.entropy(stats.norm.pdf(wide, 0, 4), pw) == pytest.approx(REAL_LINE, abs=5e-5)


def test_sliding_example_thresholds():
    """KL is infinite from a shift of 5, supports separate at 11, then JS = 1 bit, W1 = shift."""
    bumps = lib.transport.bumps
    x, p, _ = bumps(0.0)
    # the mpmath description of the bumps is lib's bumps, and KL grows without bound towards 5
    for s in (3.0, 4.9):
        assert lib.kl_divergence(p, bumps(s)[2], base=2) == pytest.approx(_bumps_kl_bits(s), rel=1e-9)
    values = [_bumps_kl_bits(5 - d) for d in (1e-1, 1e-3, 1e-5, 1e-7)]
    assert all(b > a + 0.3 for a, b in zip(values, values[1:]))
    assert math.isinf(_bumps_kl_bits(5.0))
    assert np.isfinite(lib.kl_divergence(p, bumps(4.99)[2]))
    assert np.isinf(lib.kl_divergence(p, bumps(5.0)[2]))
    assert float(R.js(p, bumps(10.99)[2])) < LN2
    # "at shift 0 neither KL nor W1 is zero"
    assert lib.kl_divergence(p, bumps(0.0)[2]) > 0.1 and _w1_cdf(p, bumps(0.0)[2], x) > 1.0
    for s in (11.0, 12.0, 20.0, 25.0):
        q = bumps(s)[2]
        assert not np.any((p > 0) & (q > 0))
        assert float(R.js(p, q)) / LN2 == pytest.approx(1.0, abs=1e-15)
        assert _w1_cdf(p, q, x) == pytest.approx(s, rel=1e-12)


def test_smoothing_plateau_formula():
    x, p, _ = lib.transport.bumps(0.0)
    far = lib.transport.bumps(20.0)[2]
    for eps in (1e-2, 1e-4, 1e-8):
        qe = lib.transport.mix_uniform(far, eps)
        assert qe.sum() == pytest.approx(1.0, abs=1e-15)
        expected = math.log2(len(x) / eps) - float(R.entropy(p)) / LN2
        assert float(R.kl(p, qe)) / LN2 == pytest.approx(expected, rel=1e-12)


def test_correlated_gaussian_split():
    """KL(N(m, S) ‖ N(0, I)) = Σ KL of the marginals + the mutual information −½ log(1 − ρ²)."""
    m = [1.0, 0.0]
    S = [[1.0, 0.5], [0.5, 2.0]]
    rho = 0.5 / math.sqrt(2.0)
    marginals = R.kl_normal(1.0, 1.0, 0.0, 1.0) + R.kl_normal(0.0, math.sqrt(2.0), 0.0, 1.0)
    total = R.kl_mvn(m, S, [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    assert float(total) == pytest.approx(float(marginals) - 0.5 * math.log(1 - rho**2), rel=1e-14)


def test_kldivloss_reductions_as_the_prose_says():
    """'mean' is the batch mean divided by the number of classes; 'batchmean' is the mean KL."""
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    q = np.array([[0.5, 0.3, 0.2], [0.3, 0.3, 0.4]])
    per_example = [float(R.kl(a, b)) for a, b in zip(p, q)]
    pointwise = p * (np.log(p) - np.log(q))
    assert pointwise.sum() / 2 == pytest.approx(np.mean(per_example), rel=1e-12)
    assert pointwise.mean() == pytest.approx(np.mean(per_example) / 3, rel=1e-12)


def test_exercise_3_sqrt_kl_breaks_the_triangle():
    with mpmath.workdps(30):
        root = [mpmath.sqrt(R.kl_bernoulli(a, b)) for a, b in ((0.1, 0.9), (0.1, 0.5), (0.5, 0.9))]
        assert root[0] - root[1] - root[2] > 0.004
    # the worked example: the direct KL is exactly twice the detour ("twice")
    assert float(R.kl_bernoulli(0.1, 0.9) / (R.kl_bernoulli(0.1, 0.5) + R.kl_bernoulli(0.5, 0.9))) \
        == pytest.approx(2.0, rel=1e-14)


def _w1_cdf(p, q, x):
    """W1 as the area between the CDFs, on the sorted support (plain NumPy)."""
    order = np.argsort(x, kind="stable")
    xs, ps, qs = np.asarray(x, float)[order], np.asarray(p, float)[order], np.asarray(q, float)[order]
    gap = np.abs(np.cumsum(ps) - np.cumsum(qs))[:-1]
    return float(np.sum(gap * np.diff(xs)))


def test_the_scipy_trap_the_notebook_shows():
    """scipy.stats.wasserstein_distance(p, q) reads p and q as samples, not weights."""
    x = np.arange(10.0)
    p = lib.normalize(np.r_[1.0, 2.0, 3.0, np.zeros(7)])
    q = np.roll(p, 4)
    assert stats.wasserstein_distance(p, q) == 0.0  # the same multiset of numbers
    assert stats.wasserstein_distance(x, x, p, q) == pytest.approx(4.0, rel=1e-14)


# -------------------------------------------------------------------- figures
def _check_figure(fig):
    assert isinstance(fig, Figure)
    assert not lib.plots.problems(fig)


def _texts(fig):
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out.append(ax.get_title())
        out += [t.get_text() for t in ax.texts]
    return " ".join(out)


FIGURES = [
    (D.code_lengths, {}),
    (D.code_lengths, {"p": 0.01, "q": 0.99}),
    (D.code_lengths, {"p": 0.99, "q": 0.99}),
    (D.code_lengths, {"p": 0.01, "q": 0.01}),
    (D.jensen, {}),
    (D.jensen, {"p": 0.01, "q": 0.99}),
    (D.jensen, {"p": 0.99, "q": 0.01}),
    (D.jensen, {"p": 0.3, "q": 0.3}),
    (D.bernoulli, {}),
    (D.bernoulli, {"p": 0.01, "q": 0.999}),
    (D.bernoulli, {"p": 0.99, "q": 0.001}),
    (D.gaussian_integrand, {}),
    (D.gaussian_integrand, {"mu1": -3, "sigma1": 0.25, "mu2": 3, "sigma2": 3}),
    (D.gaussian_integrand, {"mu1": 3, "sigma1": 3, "mu2": -3, "sigma2": 0.25}),
    (D.gaussian_integrand, {"mu1": 1, "sigma1": 2, "mu2": 1, "sigma2": 2}),
    (D.sliding, {}),
    (D.sliding, {"shift": 0.0}),
    (D.sliding, {"shift": 5.0}),
    (D.sliding, {"shift": 25.0}),
    (D.smoothing, {}),
    (D.pointwise_terms, {}),
    (D.truncation, {}),
    (D.truncation, {"half_width": 4.0}),
    (D.truncation, {"half_width": 25.0}),
]


@pytest.mark.parametrize("function, kwargs", FIGURES,
                         ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(FIGURES)])
def test_figures_are_finite_and_labelled(function, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _check_figure(function(**kwargs))


def test_figures_show_the_right_numbers():
    assert "0.737" in _texts(D.code_lengths(p=0.5, q=0.9))
    assert "0.737" in _texts(D.jensen(p=0.5, q=0.9))
    assert "0.0294" in _texts(D.bernoulli(p=0.5, q=0.6))
    # the reverse direction's limits at r = 0 and 1, drawn and labelled: 1 bit each for p = 0.5
    fig = D.bernoulli(p=0.5, q=0.6)
    labels = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert "1.00 and 1.00 bits" in labels
    forward = fig.axes[0].lines[0]
    assert forward.get_ydata().max() > fig.axes[0].get_ylim()[1]  # runs off the top: unbounded
    assert f"{CLAIMS['0.3499']:.4f}" in _texts(D.gaussian_integrand())
    text = _texts(D.truncation(half_width=10.0))
    assert f"{GRID:.4f}" in text and f"{REAL_LINE:.4f}" in text
    assert "KL(p‖q) = ∞" in _texts(D.sliding(shift=8.0))
    x, p, q = lib.transport.bumps(3.0)
    assert f"{_w1_cdf(p, q, x):.2f}" in _texts(D.sliding(shift=3.0))
    # kl_div and rel_entr agree when summed over normalised vectors
    xs = np.linspace(-10, 10, 300)
    pg = (np.exp(-(xs + 3) ** 2 / 2) + np.exp(-(xs - 3) ** 2 / 2))
    qg = np.exp(-xs**2 / 32)
    pg, qg = pg / pg.sum(), qg / qg.sum()
    assert f"{np.sum(pg * np.log(pg / qg)):.4f}" in _texts(D.pointwise_terms())


def test_sliding_never_draws_infinity():
    for shift in np.linspace(0.0, 25.0, 11):
        fig = D.sliding(shift=float(shift))
        for ax in fig.axes:
            for line in ax.lines:
                assert np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all()
