"""05_asymmetry: the numbers in its prose and the figures of lib.plots.asymmetry.

(lib.fitting itself is tested in tests/lib/test_fitting.py.)

References are independent of lib: the Gaussian KL in closed form with mpmath; KL between a
Gaussian and a mixture by scipy.integrate.quad over the whole real line, with the mixture's
log-density written here in closed form (log cosh); fits by Nelder-Mead (or a 1-D search)
on those quadrature values; moment matching from the mixture's moments by hand.
"""

import math
import warnings

import mpmath
import numpy as np
import pytest
from matplotlib.figure import Figure

import lib
from lib import fitting
from lib.plots import asymmetry as plots
from nbtools import check_claims

pytestmark = pytest.mark.filterwarnings("error")

mpmath.mp.dps = 30
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


from reference_mixture import (  # independent references, shared with the other test module
    kl_normal_mp,
    reverse_quad,
    forward_quad,
    reverse_fit_off,
    reverse_fit_centre,
)


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
    # where the off-centre minimum appears: bracketed by independent fits below
    "2.41": fitting.off_centre_onset(),
    # section 3: factorised fits to N(0, [[1, ρ], [ρ, 1]]) at ρ = 0.9 (Bishop's closed forms)
    "0.19": 1 - 0.9 ** 2,
    "0.830": -0.5 * math.log(1 - 0.9 ** 2),
    # section 4: the two options on the real line
    "0.509": forward_quad(3.0, 0.0, 4.0),
    "1.879": forward_quad(3.0, 3.0, 2.0),
    "1.130": reverse_quad(3.0, 3.0, 2.0),
    "1.705": reverse_quad(3.0, 0.0, 4.0),
    "0.462": forward_quad(3.0, 0.0, math.sqrt(10.0)),
}
# q's parameters, the σ slider's end, the explorer's separations, ρ and the slider's end,
# exercise 3's mixture, exercise 4's separation, exercise 5's covariance
GIVEN = {"1.5", "0.7", "0.1", "0.3", "0.5", "2.7", "2.5", "0.9", "0.99", "1.2",
         "10.2"}  # ... and Bishop's figure number


def test_claims():
    check_claims("05_asymmetry.ipynb", CLAIMS, GIVEN)


def test_the_onset_is_bracketed_by_independent_fits():
    """"Started on the right mode, the fit walks back to the centre for every a below 2.41"."""
    onset = fitting.off_centre_onset()
    assert reverse_fit_off(onset + 5e-3)[0] > 2.0
    assert abs(reverse_fit_off(onset - 0.02)[0]) < 1e-3


def test_factorised_claims_against_the_closed_forms():
    """Section 3: optimiser = closed forms; the reverse variances are 1 − ρ², both KLs equal."""
    S = np.array([[1.0, 0.9], [0.9, 1.0]])
    forward = fitting.fit_factorised([0.0, 0.0], S, "forward")
    reverse = fitting.fit_factorised([0.0, 0.0], S, "reverse")
    np.testing.assert_allclose(forward.variances, [1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(reverse.variances, [0.19, 0.19], rtol=1e-6)
    assert forward.kl == pytest.approx(CLAIMS["0.830"], rel=1e-8)
    assert reverse.kl == pytest.approx(CLAIMS["0.830"], rel=1e-8)
    # exercise 5: 1/Λ11 = Σ11 − Σ12²/Σ22
    assert 1 / np.linalg.inv([[2.0, 1.2], [1.2, 1.0]])[0, 0] == pytest.approx(2.0 - 1.44)


def test_the_one_mode_fit_costs_about_log_2_when_modes_are_far_apart():
    assert f"{reverse_fit_off(4.0)[2]:.3f}" == "0.693"
    assert reverse_fit_off(4.0)[2] < math.log(2.0)
    assert reverse_fit_off(8.0)[2] == pytest.approx(math.log(2.0), abs=1e-9)


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


# ------------------------------------------------------------------- figures
def draw(function, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = function(**kwargs)
        assert isinstance(fig, Figure)
        assert not lib.plots.problems(fig)
    return fig


def test_two_gaussians_shows_the_claimed_numbers():
    fig = draw(plots.two_gaussians, mu=1.5, sigma=0.7)
    title = fig.axes[0].get_title()
    assert "2.460" in title and "1.227" in title and "ratio 2.01" in title


@pytest.mark.parametrize("mu", [-3.0, 0.0, 3.0])
@pytest.mark.parametrize("sigma", [0.1, 1.0, 3.0])
def test_two_gaussians_integrands_integrate_to_the_divergences(mu, sigma):
    fig = draw(plots.two_gaussians, mu=mu, sigma=sigma)
    forward_ax, reverse_ax = fig.axes[1], fig.axes[2]
    for ax, expected in ((forward_ax, kl_normal_mp(0, 1, mu, sigma)),
                         (reverse_ax, kl_normal_mp(mu, sigma, 0, 1))):
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        area = float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)
        assert area == pytest.approx(float(expected), rel=2e-3, abs=1e-6)


def test_two_gaussians_at_p_itself_says_the_ratio_is_undefined():
    fig = draw(plots.two_gaussians, mu=0.0, sigma=1.0)
    assert "undefined" in fig.axes[0].get_title()


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
        mus, sigmas, kl = plots._landscape(a, max(2.5, 1.3 * math.sqrt(1 + a * a)))
        fine = fitting.kl_reverse(p, mus[None, :], sigmas[:, None])
        assert np.max(np.abs(kl - fine)) < 0.02


def test_optimum_against_separation_draws_both_branches():
    a_star, onset = fitting.switch_separation(), fitting.off_centre_onset()
    grid = np.union1d(np.linspace(0.0, 6.0, 31), [onset, a_star])
    branches = fitting.reverse_branches(grid)
    assert np.isfinite(branches.off_mu[grid == onset]).all()  # the branch is drawn from its onset
    fig = draw(plots.optimum_against_separation, branches=branches, a_switch=a_star, a_onset=onset)
    assert len(fig.axes) == 3
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "2.80" in texts and "2.41" in texts


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


@pytest.mark.parametrize("rho", [-0.99, -0.5, 0.0, 0.9, 0.99])
def test_factorised_figure_draws_the_fits(rho):
    fig = draw(plots.factorised, rho=rho)
    labels = " ".join(t.get_text() for ax in fig.axes for t in ax.get_legend().get_texts())
    assert f"{1 - rho * rho:.3f}" in labels and "1.000" in labels


def test_mixture_fit_never_prints_a_negative_zero():
    fig = draw(plots.mixture_fit, a=0.0, start="centre")
    text = " ".join([fig.axes[0].get_title()] + [t.get_text() for t in fig.axes[0].get_legend().get_texts()])
    assert "-0.000" not in text and "−0.000" not in text


def test_figures_fit_the_output_area():
    for fig in (plots.two_gaussians(), plots.mixture_fit(), plots.two_options(), plots.factorised()):
        assert fig.get_figwidth() * fig.dpi <= 960
