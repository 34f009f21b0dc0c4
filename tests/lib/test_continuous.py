"""lib.continuous: log-densities, mixtures, KL and entropy by quadrature.

References: closed forms (lib.gaussian is itself tested against mpmath) and scipy.stats.
"""

import math

import numpy as np
import pytest
from scipy import stats

import lib
import reference as R

pytestmark = pytest.mark.filterwarnings("error")
C = lib.continuous


def test_normal_logpdf_against_scipy():
    x = np.linspace(-40.0, 40.0, 17)
    np.testing.assert_allclose(C.normal_logpdf(x, 1.5, 2.0), stats.norm(1.5, 2.0).logpdf(x), rtol=1e-14)
    assert isinstance(C.normal_logpdf(0.0, 0.0, 1.0), float)
    with pytest.raises(ValueError, match="sigma"):
        C.normal_logpdf(0.0, 0.0, 0.0)


def test_mixture_logpdf_against_scipy_and_far_tails():
    w, m, s = [0.3, 0.7], [-2.0, 3.0], [0.5, 1.5]
    x = np.linspace(-6, 8, 29)
    ref = np.log(0.3 * stats.norm(-2, 0.5).pdf(x) + 0.7 * stats.norm(3, 1.5).pdf(x))
    np.testing.assert_allclose(C.mixture_logpdf(x, w, m, s), ref, rtol=1e-13)
    far = C.mixture_logpdf(-1e3, w, m, s)  # both pdfs underflow; the log stays finite
    assert np.isfinite(far)
    assert far == pytest.approx(math.log(0.7) + stats.norm(3, 1.5).logpdf(-1e3), rel=1e-14)  # wide one wins


def test_mixture_weights_use_the_shared_validation():
    # one error type per fault: weights are a probability vector, like everywhere else
    with pytest.raises(lib.ProbabilityError, match="sums to"):
        C.mixture_logpdf(0.0, [0.3, 0.6], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(lib.ProbabilityError, match=r"\[0, 1\]"):
        C.mixture_logpdf(0.0, [-0.3, 1.3], [0.0, 1.0], [1.0, 1.0])
    # within SUM_TOL is accepted, as in lib.measures
    assert np.isfinite(C.mixture_logpdf(0.0, [0.3, 0.7 + 5e-10], [0.0, 1.0], [1.0, 1.0]))
    with pytest.raises(ValueError, match="same length"):
        C.mixture_logpdf(0.0, [0.5, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0])


def test_kl_quad_and_entropy_quad_against_closed_forms():
    lp = lambda x: C.normal_logpdf(x, 0.3, 1.2)  # noqa: E731
    lq = lambda x: C.normal_logpdf(x, -0.5, 2.0)  # noqa: E731
    R.assert_rel(C.kl_quad(lp, lq, points=[0.3]), R.kl_normal(0.3, 1.2, -0.5, 2.0), 1e-10)
    R.assert_rel(C.entropy_quad(lp, points=[0.3]), R.entropy_normal(1.2), 1e-10)


def test_kl_quad_of_a_mixture_is_non_negative_and_zero_for_itself():
    lm = lambda x: C.mixture_logpdf(x, [0.5, 0.5], [-3.0, 3.0], [1.0, 1.0])  # noqa: E731
    ln = lambda x: C.normal_logpdf(x, 0.0, 3.0)  # noqa: E731
    assert C.kl_quad(lm, ln, points=[-3.0, 3.0]) > 0
    assert abs(C.kl_quad(lm, lm, points=[-3.0, 3.0])) < 1e-12
