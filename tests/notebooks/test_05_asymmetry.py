"""05_asymmetry: the numbers in its prose, lib.fitting, and the figures of lib.plots.asymmetry.

References are independent of lib: the Gaussian KL in closed form with mpmath; KL between a
Gaussian and a mixture by scipy.integrate.quad over the whole real line, with the mixture's
log-density written here in closed form (log cosh); fits by Nelder-Mead (or a 1-D search)
on those quadrature values; moment matching from the mixture's moments by hand.
"""

import functools
import io
import math
import warnings

import mpmath
import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import integrate, optimize

import lib
from lib import fitting
from lib.plots import asymmetry as plots
from nbtools import check_claims

pytestmark = pytest.mark.filterwarnings("error")

mpmath.mp.dps = 30
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


# ------------------------------------------------------------- independent references
def kl_normal_mp(m1, s1, m2, s2):
    """KL(N(m1, s1²) ‖ N(m2, s2²)), textbook closed form at 30 digits."""
    m1, s1, m2, s2 = (mpmath.mpf(v) for v in (m1, s1, m2, s2))
    return mpmath.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - mpmath.mpf(1) / 2


def log_normal(x, m, s):
    return -LOG_SQRT_2PI - math.log(s) - 0.5 * ((x - m) / s) ** 2


def log_mixture(x, a):
    """log(½N(x; -a, 1) + ½N(x; a, 1)) = -½log 2π - (x² + a²)/2 + log cosh(ax)."""
    y = abs(a * x)
    log_cosh = y + math.log1p(math.exp(-2.0 * y)) - math.log(2.0)
    return -LOG_SQRT_2PI - 0.5 * (x * x + a * a) + log_cosh


def log_two_component(x, w, m, s):
    terms = [math.log(wk) + log_normal(x, mk, sk) for wk, mk, sk in zip(w, m, s)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def quad_line(f, points):
    """∫ f over the whole real line, split at ``points``."""
    edges = [-math.inf, *sorted(set(points)), math.inf]
    return sum(integrate.quad(f, lo, hi, epsabs=1e-13, epsrel=1e-12, limit=400)[0]
               for lo, hi in zip(edges[:-1], edges[1:]))


def reverse_quad(a, mu, sigma):
    """KL(N(mu, sigma²) ‖ ½N(-a, 1) + ½N(a, 1)) by adaptive quadrature."""
    def f(x):
        lq = log_normal(x, mu, sigma)
        return math.exp(lq) * (lq - log_mixture(x, a))
    return quad_line(f, (-a, a, mu, mu - 5 * sigma, mu + 5 * sigma))


def forward_quad(a, mu, sigma):
    """KL(½N(-a, 1) + ½N(a, 1) ‖ N(mu, sigma²)) by adaptive quadrature."""
    def f(x):
        lp = log_mixture(x, a)
        return math.exp(lp) * (lp - log_normal(x, mu, sigma))
    return quad_line(f, (-a, a, 0.0))


@functools.lru_cache(maxsize=None)
def reverse_fit_off(a):
    """Off-centre reverse-KL minimum by Nelder-Mead on quadrature, started on the right mode."""
    res = optimize.minimize(lambda th: reverse_quad(a, th[0], math.exp(th[1])), [a, 0.0],
                            method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-13, "maxiter": 4000})
    return float(res.x[0]), math.exp(res.x[1]), float(res.fun)


@functools.lru_cache(maxsize=None)
def reverse_fit_centre(a):
    """Centred reverse-KL minimum: μ = 0 by symmetry, σ by a bounded 1-D search."""
    res = optimize.minimize_scalar(lambda s: reverse_quad(a, 0.0, s), bounds=(0.5, 3.0 + a),
                                   method="bounded", options={"xatol": 1e-9})
    return 0.0, float(res.x), float(res.fun)


def switch_gap(a):
    return reverse_fit_centre(a)[2] - reverse_fit_off(a)[2]


def grid_kl(first, second):
    """Σ f log(f/s) for two arrays of grid values, each rescaled to sum to 1."""
    f, s = first / first.sum(), second / second.sum()
    return float(np.sum(f * np.log(f / s)))


X_GRID = np.linspace(-10.0, 10.0, 300)
P_GRID = np.array([math.exp(log_mixture(x, 3.0)) for x in X_GRID])
A_GRID = np.array([math.exp(log_normal(x, 0.0, 4.0)) for x in X_GRID])


# ---------------------------------------------------------------------- claims
CLAIMS = {
    # section 1: p = N(0, 1), q = N(1.5, 0.7²), and q centred with σ = 0.1 or 3
    "2.460": kl_normal_mp(0, 1, 1.5, 0.7),
    "1.227": kl_normal_mp(1.5, 0.7, 0, 1),
    "2.01": kl_normal_mp(0, 1, 1.5, 0.7) / kl_normal_mp(1.5, 0.7, 0, 1),
    "47.197": kl_normal_mp(0, 1, 0, 0.1),
    "1.808": kl_normal_mp(0, 0.1, 0, 1),
    "0.654": kl_normal_mp(0, 1, 0, 3),
    "2.901": kl_normal_mp(0, 3, 0, 1),
    # section 2: fits to ½N(-a, 1) + ½N(a, 1)
    "1.394": reverse_fit_centre(1.0)[1],
    "2.047": reverse_fit_centre(2.0)[1],
    "2.236": math.sqrt(5.0),
    "0.693": math.log(2.0),
    "1.871": reverse_fit_centre(4.0)[2],
    "2.984": reverse_fit_off(3.0)[0],
    "1.023": reverse_fit_off(3.0)[1],
    "0.689": reverse_fit_off(3.0)[2],
    "0.841": reverse_fit_centre(3.0)[2],
    "2.8": fitting.switch_separation(),  # bracketed by independent fits in a test below
    "5.6": 2 * fitting.switch_separation(),
    # section 3: the two options on the real line and on the grid
    "0.509": forward_quad(3.0, 0.0, 4.0),
    "1.879": forward_quad(3.0, 3.0, 2.0),
    "1.130": reverse_quad(3.0, 3.0, 2.0),
    "1.705": reverse_quad(3.0, 0.0, 4.0),
    "1.7049": reverse_quad(3.0, 0.0, 4.0),
    "1.3625": grid_kl(A_GRID, P_GRID),
    "0.462": forward_quad(3.0, 0.0, math.sqrt(10.0)),
}
GIVEN = {"1.5", "0.7", "0.1", "0.3", "0.5", "2.7"}  # q's parameters, the σ slider's end,
# exercise 3's mixture, exercise 4's separation


def test_claims():
    check_claims("05_asymmetry.ipynb", CLAIMS, GIVEN)


def test_the_one_mode_fit_costs_about_log_2_when_modes_are_far_apart():
    assert f"{reverse_fit_off(4.0)[2]:.3f}" == "0.693"
    assert reverse_fit_off(4.0)[2] < math.log(2.0)
    assert reverse_fit_off(8.0)[2] == pytest.approx(math.log(2.0), abs=1e-9)


# ------------------------------------------------------------ lib.fitting: divergences
# Includes the hardest case the lesson reaches, a = 6 with σ = 8 (the landscape's top edge):
# the module notes promise 1e-12 relative there, and rounding-level agreement for aσ <= 20.
CASES = [(0.0, 0.0, 1.0), (1.0, 0.3, 0.8), (3.0, 0.0, 4.0), (3.0, 3.0, 2.0), (3.0, 2.9, 1.02),
         (2.5, -1.0, 0.3), (5.0, 0.0, 4.2), (6.0, 6.0, 1.0), (6.0, 0.0, 6.1), (4.0, 1.0, 0.1),
         (6.0, 0.0, 8.0), (6.0, -8.5, 0.25), (0.0, 5.0, 0.1)]


@pytest.mark.parametrize("a, mu, sigma", CASES)
def test_kl_reverse_matches_adaptive_quadrature(a, mu, sigma):
    got = fitting.kl_reverse(fitting.symmetric_mixture(a), mu, sigma)
    assert isinstance(got, float)
    tolerance = 2e-12 if a * sigma > 20 else 1e-13
    assert got == pytest.approx(reverse_quad(a, mu, sigma), rel=tolerance, abs=1e-13)


@pytest.mark.parametrize("a, mu, sigma", CASES)
def test_kl_forward_matches_adaptive_quadrature(a, mu, sigma):
    got = fitting.kl_forward(fitting.symmetric_mixture(a), mu, sigma)
    assert got == pytest.approx(forward_quad(a, mu, sigma), rel=1e-12, abs=1e-13)


def test_divergences_match_lib_continuous_and_the_gaussian_closed_form():
    p = fitting.symmetric_mixture(3.0)
    logq = functools.partial(lib.continuous.normal_logpdf, mu=0.5, sigma=2.0)
    assert fitting.kl_reverse(p, 0.5, 2.0) == pytest.approx(
        lib.continuous.kl_quad(logq, p.logpdf, points=(-3, 3)), rel=1e-10)
    single = fitting.Mixture((1.0,), (0.3,), (1.7,))
    assert fitting.kl_forward(single, -0.4, 0.6) == pytest.approx(
        float(kl_normal_mp(0.3, 1.7, -0.4, 0.6)), rel=1e-12)
    assert fitting.kl_reverse(single, -0.4, 0.6) == pytest.approx(
        float(kl_normal_mp(-0.4, 0.6, 0.3, 1.7)), rel=1e-12)


def test_divergences_broadcast_over_mu_and_sigma():
    p = fitting.symmetric_mixture(2.0)
    mus, sigmas = np.array([-1.0, 0.0, 2.0]), np.array([[0.5], [1.5]])
    grid = fitting.kl_reverse(p, mus, sigmas)
    assert grid.shape == (2, 3)
    assert grid[1, 2] == pytest.approx(fitting.kl_reverse(p, 2.0, 1.5), rel=1e-14)
    assert fitting.kl_forward(p, mus, sigmas).shape == (2, 3)


def test_mixture_moments_and_validation():
    m = fitting.Mixture((0.3, 0.7), (-2.0, 1.0), (1.0, 0.5))
    assert m.mean == pytest.approx(0.1)
    assert m.var == pytest.approx(0.3 * (1 + 4) + 0.7 * (0.25 + 1) - 0.01)
    assert fitting.symmetric_mixture(2.5).var == pytest.approx(1 + 2.5 ** 2)
    assert float(m.logpdf(0.4)) == pytest.approx(log_two_component(0.4, (0.3, 0.7), (-2, 1), (1, 0.5)))
    with pytest.raises(ValueError):
        fitting.Mixture((0.5, 0.6), (0.0, 1.0), (1.0, 1.0))
    with pytest.raises(ValueError):
        fitting.symmetric_mixture(-1.0)
    with pytest.raises(ValueError):
        fitting.kl_reverse(fitting.symmetric_mixture(1.0), 0.0, 0.0)
    with pytest.raises(TypeError):
        fitting.kl_forward(lambda x: x, 0.0, 1.0)


# --------------------------------------------------------------- lib.fitting: fits
@pytest.mark.parametrize("a", [0.0, 0.5, 1.0, 2.0, 3.0, 4.5, 6.0])
@pytest.mark.parametrize("start", [(0.0, 1.0), (2.0, 0.5), (-3.0, 5.0)])
def test_forward_fit_is_moment_matching(a, start):
    fit = fitting.fit_normal(fitting.symmetric_mixture(a), "forward", start=start)
    assert fit.converged
    assert fit.mu == pytest.approx(0.0, abs=1e-6)
    assert fit.sigma ** 2 == pytest.approx(1.0 + a * a, rel=1e-7)
    assert fit.kl == pytest.approx(forward_quad(a, 0.0, math.sqrt(1 + a * a)), rel=1e-9, abs=1e-12)


def test_forward_fit_matches_moments_of_a_lopsided_mixture():
    w, m, s = (0.3, 0.7), (-2.0, 1.0), (1.0, 0.5)
    mean = sum(wk * mk for wk, mk in zip(w, m))
    var = sum(wk * (sk ** 2 + (mk - mean) ** 2) for wk, mk, sk in zip(w, m, s))
    fit = fitting.fit_normal(fitting.Mixture(w, m, s), "forward", start=(1.0, 0.3))
    assert fit.mu == pytest.approx(mean, abs=1e-6)
    assert fit.sigma == pytest.approx(math.sqrt(var), rel=1e-6)


@pytest.mark.parametrize("a", [1.0, 2.0, 3.0, 4.0, 5.0])
@pytest.mark.parametrize("start", fitting.STARTS)
def test_reverse_fit_kl_is_rechecked_by_quadrature_and_is_a_local_minimum(a, start):
    fit = fitting.fit_mixture(a, "reverse", start)
    assert fit.converged
    exact = reverse_quad(a, fit.mu, fit.sigma)
    assert fit.kl == pytest.approx(exact, rel=1e-10, abs=1e-12)
    h = 1e-3
    for dmu, dsigma in ((h, 0), (-h, 0), (0, h), (0, -h), (h, h), (-h, -h)):
        assert reverse_quad(a, fit.mu + dmu, fit.sigma + dsigma) > exact


@pytest.mark.parametrize("a", [1.0, 2.0, 3.0, 4.0, 5.0])
def test_reverse_fits_agree_with_independent_optimisation(a):
    centre = fitting.fit_mixture(a, "reverse", "centre")
    assert centre.mu == pytest.approx(0.0, abs=1e-8)
    assert centre.sigma == pytest.approx(reverse_fit_centre(a)[1], rel=1e-6)
    mode = fitting.fit_mixture(a, "reverse", "right mode")
    ref_mu, ref_sigma, ref_kl = reverse_fit_off(a)
    assert mode.mu == pytest.approx(ref_mu, abs=1e-5)
    assert mode.sigma == pytest.approx(ref_sigma, rel=1e-5)
    assert mode.kl == pytest.approx(ref_kl, abs=1e-10)


@pytest.mark.parametrize("a", [1.0, 2.0])
def test_close_modes_have_a_single_reverse_minimum(a):
    """Misconception 4: reverse KL does not always pick a mode."""
    mode = fitting.fit_mixture(a, "reverse", "right mode")
    assert mode.mu == pytest.approx(0.0, abs=1e-6)
    assert reverse_fit_off(a)[0] == pytest.approx(0.0, abs=1e-4)


@pytest.mark.parametrize("a", [3.0, 4.0, 6.0])
def test_the_centred_fit_is_a_genuine_local_minimum(a):
    """Curvature in μ is positive at the centred fit: not a saddle the optimiser sat on."""
    _, sigma, kl = reverse_fit_centre(a)
    h = 0.05
    assert reverse_quad(a, h, sigma) > kl + 1e-6
    assert reverse_quad(a, -h, sigma) > kl + 1e-6


def test_exercise_4_at_2_7_has_a_mode_minimum_but_the_centre_wins():
    """Exercise 4's answer, from the independent fits."""
    mu_off, _, kl_off = reverse_fit_off(2.7)
    assert mu_off > 2.0
    assert reverse_fit_centre(2.7)[2] < kl_off
    assert fitting.fit_mixture(2.7, "reverse", "right mode").mu == pytest.approx(mu_off, abs=1e-5)


def test_switch_separation_is_bracketed_by_independent_fits():
    a_star = fitting.switch_separation()
    assert 2.7 < a_star < 2.9
    assert switch_gap(a_star - 1e-3) < 0 < switch_gap(a_star + 1e-3)


def test_reverse_branches_are_consistent():
    a_star = fitting.switch_separation()
    grid = np.union1d(np.linspace(0.0, 6.0, 31), [a_star])
    b = fitting.reverse_branches(grid)
    np.testing.assert_allclose(b.centre_mu, 0.0, atol=1e-8)
    np.testing.assert_allclose(b.forward_sigma ** 2, 1 + grid ** 2, rtol=1e-7)
    assert np.all(np.isnan(b.off_mu[grid <= 2.4]))
    assert np.all(np.isfinite(b.off_mu[grid >= 2.6]))
    away = np.abs(grid - a_star) > 1e-6
    with np.errstate(invalid="ignore"):
        off_centre_wins = np.isfinite(b.off_kl) & (b.off_kl < b.centre_kl)
    np.testing.assert_array_equal(off_centre_wins[away], (grid > a_star)[away])
    for a in (3.0, 5.0):
        i = int(np.argmin(np.abs(grid - a)))
        assert b.off_mu[i] == pytest.approx(reverse_fit_off(a)[0], abs=1e-5)
        assert b.centre_kl[i] == pytest.approx(reverse_fit_centre(a)[2], abs=1e-10)


def test_the_fit_records_its_path():
    fit = fitting.fit_mixture(1.0, "reverse", "right mode")
    assert fit.path[0].tolist() == [1.0, 1.0]
    assert fit.path[-1] == pytest.approx([fit.mu, fit.sigma])
    assert fit.evaluations > 0 and fit.start == (1.0, 1.0)


def test_the_rule_integrates_a_gaussian_weight():
    t, w = fitting._nodes(fitting.STEP)
    assert np.sum(w) == pytest.approx(1.0, abs=1e-15)
    assert np.sum(w * t * t) == pytest.approx(1.0, abs=1e-14)
    assert np.sum(w * t ** 4) == pytest.approx(3.0, abs=1e-13)


def test_gradients_match_finite_differences():
    p = fitting.symmetric_mixture(2.7)
    for make in (fitting._forward_objective, fitting._reverse_objective):
        objective = make(p, fitting.STEP)
        theta, h = np.array([0.8, 0.2]), 1e-6
        _, grad = objective(theta)
        for i in range(2):
            e = np.zeros(2)
            e[i] = h
            fd = (objective(theta + e)[0] - objective(theta - e)[0]) / (2 * h)
            assert grad[i] == pytest.approx(fd, rel=1e-6, abs=1e-8)


def test_bad_arguments():
    p = fitting.symmetric_mixture(1.0)
    with pytest.raises(ValueError, match="direction"):
        fitting.fit_normal(p, "sideways")
    with pytest.raises(ValueError, match="start"):
        fitting.start_point(1.0, "left mode")
    with pytest.raises(ValueError):
        fitting.fit_normal(p, "reverse", start=(0.0, -1.0))
    with pytest.raises(ValueError, match="off-centre"):
        fitting.switch_separation(bracket=(1.0, 3.4))


# ------------------------------------------------------------------- figures
def figure_problems(fig):
    out = []
    for i, ax in enumerate(fig.axes):
        if hasattr(ax, "_colorbar"):
            continue
        if (ax.lines or ax.collections or ax.patches) and not (ax.get_xlabel() and ax.get_ylabel()):
            out.append(f"axes {i} lacks a label")
        for line in ax.lines:
            if not np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all():
                out.append(f"axes {i}: non-finite line {line.get_label()!r}")
    fig.savefig(io.BytesIO(), format="png")
    return out


def draw(function, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = function(**kwargs)
        assert isinstance(fig, Figure)
        assert not figure_problems(fig)
    return fig


def test_two_gaussians_shows_the_claimed_numbers():
    fig = draw(plots.two_gaussians, mu=1.5, sigma=0.7)
    title = fig.axes[-1].get_title()
    assert "2.460" in title and "1.227" in title and "ratio 2.01" in title


@pytest.mark.parametrize("mu", [-3.0, 0.0, 3.0])
@pytest.mark.parametrize("sigma", [0.1, 1.0, 3.0])
def test_two_gaussians_integrands_integrate_to_the_divergences(mu, sigma):
    fig = draw(plots.two_gaussians, mu=mu, sigma=sigma)
    forward_ax, reverse_ax = fig.axes[0], fig.axes[1]
    for ax, expected in ((forward_ax, kl_normal_mp(0, 1, mu, sigma)),
                         (reverse_ax, kl_normal_mp(mu, sigma, 0, 1))):
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        area = float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)
        assert area == pytest.approx(float(expected), rel=2e-3, abs=1e-6)


def test_two_gaussians_at_p_itself_says_the_ratio_is_undefined():
    fig = draw(plots.two_gaussians, mu=0.0, sigma=1.0)
    assert "undefined" in fig.axes[-1].get_title()


@pytest.mark.parametrize("a, start, verdict", [
    (2.0, "right mode", "the only minimum"),
    (4.0, "centre", "only a local minimum"),
    (4.0, "right mode", "the global minimum"),
    (2.7, "right mode", "only a local minimum"),
    (0.0, "centre", "the only minimum"),
    (6.0, "centre", "only a local minimum"),
])
def test_mixture_fit_names_the_minimum_it_found(a, start, verdict):
    fig = draw(plots.mixture_fit, a=a, start=start)
    left, right = fig.axes[0], fig.axes[1]
    assert verdict in left.get_title()
    fit = fitting.fit_mixture(a, "reverse", start)
    star = [line for line in right.lines if line.get_marker() == "*"][0]
    assert star.get_xdata()[0] == pytest.approx(fit.mu)
    assert star.get_ydata()[0] == pytest.approx(fit.sigma)


def test_mixture_fit_rejects_bad_settings():
    with pytest.raises(ValueError, match="start"):
        plots.mixture_fit(a=2.0, start="left")
    with pytest.raises(ValueError, match="a must"):
        plots.mixture_fit(a=7.0)


def test_the_landscape_is_accurate_enough_to_draw():
    for a in (1.0, 3.0, 6.0):
        p = fitting.symmetric_mixture(a)
        mus, sigmas, kl = plots._landscape(p, a, max(2.5, 1.3 * math.sqrt(1 + a * a)))
        fine = fitting.kl_reverse(p, mus[None, :], sigmas[:, None])
        assert np.max(np.abs(kl - fine)) < 0.02


def test_optimum_against_separation_draws_both_branches():
    a_star = fitting.switch_separation()
    grid = np.union1d(np.linspace(0.0, 6.0, 31), [a_star])
    fig = draw(plots.optimum_against_separation, branches=fitting.reverse_branches(grid),
               a_switch=a_star)
    assert len(fig.axes) == 3
    assert any("2.80" in t.get_text() for t in fig.axes[0].texts)


def test_two_options_shows_real_line_divergences():
    fig = draw(plots.two_options)
    labels = " ".join(line.get_label() for ax in fig.axes for line in ax.lines)
    for number in ("0.509", "1.879", "1.130", "1.705"):
        assert number in labels


@pytest.mark.parametrize("mu", [-3.0, -0.5, 0.7, 2.0])
def test_the_directions_agree_only_for_equal_widths(mu):
    """The prose: the ratio is 1 exactly when σ = 1 (both directions μ²/2)."""
    assert float(kl_normal_mp(0, 1, mu, 1)) == pytest.approx(mu * mu / 2, rel=1e-15)
    assert float(kl_normal_mp(mu, 1, 0, 1)) == pytest.approx(mu * mu / 2, rel=1e-15)
    sigmas = np.linspace(0.1, 3.0, 59)
    gap = [float(kl_normal_mp(0, 1, mu, s) - kl_normal_mp(mu, s, 0, 1)) for s in sigmas]
    assert np.all(np.diff(gap) < 0)  # strictly decreasing in σ, zero only at σ = 1
    assert np.all(np.sign(gap) == np.sign(1.0 - sigmas))
