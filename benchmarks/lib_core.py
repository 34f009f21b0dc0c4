"""Accuracy and speed of lib's numeric core.

    python benchmarks/lib_core.py

(a) relative error against a 50-digit mpmath reference (tests/reference.py) on
    hard cases, for lib, the naive NumPy formula, and SciPy where SciPy has a
    function for it ("—" where it has none);
(b) timings of lib.entropy / lib.kl_divergence (validation on and check=False)
    against scipy.stats.entropy on a 1000x1000 batch and on length-4 vectors, and of the
    vectorised lib.transport.wasserstein1 against a loop of scipy.stats.wasserstein_distance
    on 10,000 pairs of 50-point distributions.

Timings are interleaved (every implementation once per round, in turn) and the median over
the rounds is reported, with the median of the per-round ratios: the machine is shared, so
a single best-of run would mostly measure the neighbours. Runs in about two minutes.
"""

from __future__ import annotations

import math
import os
import sys
import timeit
import warnings

sys.dont_write_bytecode = True  # keep tests/ free of __pycache__
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.special as sp  # noqa: E402
import scipy.stats as st  # noqa: E402
from scipy.spatial.distance import jensenshannon  # noqa: E402

import lib  # noqa: E402
from tests import reference as R  # noqa: E402

NA = "—"


# ============================================================ (a) accuracy
def _err(fn):
    """Relative error string of fn() (a float) against the reference set by the caller."""
    if fn is None:
        return NA
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = float(np.asarray(fn()).reshape(()))
    except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not crash
        return f"ERR:{type(e).__name__}"
    if math.isnan(got):
        return "nan"
    e = R.rel_err(got, _err.ref)
    if e == 0:
        return "0"
    if math.isinf(e):
        return f"got {got:.3g}" if math.isfinite(got) else f"got {got}"
    return f"{e:.1e}"


def _naive_ce(z, y):
    z = np.asarray(z, float)
    e = np.exp(z - z.max())
    return -np.log(e[y] / e.sum())


def _naive_kl_mvn(m1, S1, m2, S2):
    S2i = np.linalg.inv(S2)
    d = np.asarray(m2) - np.asarray(m1)
    k = len(m1)
    return 0.5 * (np.trace(S2i @ S1) + d @ S2i @ d - k + np.log(np.linalg.det(S2) / np.linalg.det(S1)))


def _naive_kl_normal(m1, s1, m2, s2):
    return math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


def _naive_mi(t):
    px, py = t.sum(1, keepdims=True), t.sum(0, keepdims=True)
    m = t > 0
    return np.sum(t[m] * np.log((t / (px * py))[m]))


def hard_cases():
    """(label, reference mpf, lib thunk, naive thunk, scipy thunk or None)."""
    c = []
    for label, p in (("entropy([1-1e-15, 1e-15])", [1 - 1e-15, 1e-15]), ("entropy([1e-300, 1-1e-300])", [1e-300, 1 - 1e-300])):
        a = np.array(p)
        c.append(
            (label, R.entropy(a), lambda a=a: lib.entropy(a),
             lambda a=a: -np.sum(a * np.log(a)), lambda a=a: st.entropy(a))
        )
    for p in (1e-12, 1 - 1e-9, 1e-300):
        c.append(
            (f"binary_entropy({p:.10g})", R.binary_entropy(p), lambda p=p: lib.binary_entropy(p),
             lambda p=p: -p * math.log(p) - (1 - p) * math.log(1 - p),
             lambda p=p: sp.entr(p) + sp.entr(1 - p))
        )
    for p, q in ((1e-12, 2e-12), (1e-10, 1.0000001e-10), (1 - 1e-9, 1 - 2e-9)):
        c.append(
            (f"kl_bernoulli({p:.10g}, {q:.10g})", R.kl_bernoulli(p, q), lambda p=p, q=q: lib.kl_bernoulli(p, q),
             lambda p=p, q=q: p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q)),
             lambda p=p, q=q: sp.rel_entr(p, q) + sp.rel_entr(1 - p, 1 - q))
        )
    for args in ((0.0, 1.0, 0.0, 1 + 1e-8), (0.0, 1.0, 1e-9, 1.0), (-2.0, 0.1, 4.0, 10.0), (0.0, 1e200, 1e200, 1e200)):
        c.append(
            (f"kl_normal{tuple(float(f'{v:.10g}') for v in args)}", R.kl_normal(*args),
             lambda a=args: lib.kl_normal(*a), lambda a=args: _naive_kl_normal(*a), None)
        )
    for mu, lv in ((1e-9, 1e-9), (1e-9, -1e-9)):
        c.append(
            (f"kl_vae(mu={mu:g}, logvar={lv:g})", R.kl_vae([mu], [lv]),
             lambda mu=mu, lv=lv: lib.kl_vae(np.array([mu]), np.array([lv])),
             lambda mu=mu, lv=lv: 0.5 * (math.exp(lv) + mu * mu - 1 - lv), None)
        )
    for z, y in (([1e4, -1e4, 0.0], 0), ([1e4, -1e4, 0.0], 2), ([1e4, 1e4 - 1e-3], 0),
                 ([1e4, 1e4 - 1e-3], 1), ([0.0, -50.0], 0), ([84.0, 0.0], 0)):
        za = np.array(z)
        c.append(
            (f"cross_entropy_logits({[float(f'{v:.10g}') for v in z]}, {y})", R.ce_logits(z, y),
             lambda za=za, y=y: lib.cross_entropy_logits(za, y), lambda za=za, y=y: _naive_ce(za, y),
             lambda za=za, y=y: -sp.log_softmax(za)[y])
        )
    za = np.array([0.0, -100.0])
    c.append(
        ("log_softmax([0, -100])[0]", R.log_softmax(za)[0], lambda: lib.log_softmax(za)[0],
         lambda: np.log(np.exp(za) / np.exp(za).sum())[0], lambda: sp.log_softmax(za)[0])
    )
    for r in (1e-8, -1e-10, 1e-5):
        c.append((f"kl_k3({r:g})", R.k3(r), lambda r=r: lib.kl_k3(r), lambda r=r: np.exp(r) - 1 - r, None))
    S1 = np.array([[1.0, 0.3], [0.3, 1.0]])
    m1 = np.array([0.1, -0.2])
    for eps in (1e-9, 1e-6):
        S2 = S1 + eps * np.array([[2.0, 1.0], [1.0, 3.0]])
        m2 = m1 + eps * np.array([1.0, -2.0])
        c.append(
            (f"kl_mvn 2-D, perturbation {eps:g}", R.kl_mvn(m1, S1, m2, S2),
             lambda S2=S2, m2=m2: lib.kl_mvn(m1, S1, m2, S2), lambda S2=S2, m2=m2: _naive_kl_mvn(m1, S1, m2, S2), None)
        )
    t = np.array([[1.0 - 1e-200, 0.0], [0.0, 1e-200]])
    c.append(
        ("mutual_information(diag(1, 1e-200))", R.mutual_information(t), lambda: lib.mutual_information(t),
         lambda: _naive_mi(t), None)
    )
    c.append(
        ("entropy_normal(1e300)", R.entropy_normal(1e300), lambda: lib.entropy_normal(1e300),
         lambda: 0.5 * math.log(2 * math.pi * math.e * 1e300**2), lambda: st.norm(scale=1e300).entropy())
    )
    # issue 9: KL and JS of nearly equal distributions (scipy gh-20710 and relative gaps d)
    a, b = 0.9456657713430001, 0.9456657713430094
    pa, pb = np.array([a, 1 - a]), np.array([b, 1 - b])
    c.append(
        ("kl_divergence gh-20710", R.kl(pa, pb), lambda: lib.kl_divergence(pa, pb),
         lambda: np.sum(pa * np.log(pa / pb)), lambda: st.entropy(pa, pb))
    )
    for d in (1e-10, 1e-12, 1e-15):
        q = np.array([0.3, 0.7])
        p = np.array([0.3 * (1 + d), 0.7 - 0.3 * d])
        c.append(
            (f"kl_divergence, relative gap {d:g}", R.kl(p, q), lambda p=p, q=q: lib.kl_divergence(p, q),
             lambda p=p, q=q: np.sum(p * np.log(p / q)), lambda p=p, q=q: st.entropy(p, q))
        )
        c.append(
            (f"js_divergence, relative gap {d:g}", R.js(p, q), lambda p=p, q=q: lib.js_divergence(p, q),
             lambda p=p, q=q: 0.5 * np.sum(p * np.log(2 * p / (p + q))) + 0.5 * np.sum(q * np.log(2 * q / (p + q))),
             lambda p=p, q=q: jensenshannon(p, q) ** 2)
        )
    # the logits family
    for z in ([0.0, -40.0, -40.0, -40.0], [1e4, 1e4 - 1e-10, -1e4]):
        zl = np.array(z)
        c.append(
            (f"entropy_logits({[float(f'{v:.12g}') for v in z]})", R.entropy_logits(z),
             lambda zl=zl: lib.entropy_logits(zl), lambda zl=zl: st.entropy(lib.softmax(zl)),
             lambda zl=zl: st.entropy(sp.softmax(zl)))
        )
    for zp, zq in (([0.0, -700.0], [0.0, -800.0]), ([1e4, 1e4 - 1e-10, 1e4 - 2e-10], [1e4, 1e4, 1e4 - 2e-10])):
        zp, zq = np.array(zp), np.array(zq)
        c.append(
            (f"kl_logits({[float(f'{v:.12g}') for v in zp]}, ...)", R.kl_logits(zp, zq),
             lambda zp=zp, zq=zq: lib.kl_logits(zp, zq),
             lambda zp=zp, zq=zq: np.sum(np.exp(_log_sm(zp)) * (_log_sm(zp) - _log_sm(zq))),
             lambda zp=zp, zq=zq: st.entropy(sp.softmax(zp), sp.softmax(zq)))
        )
    tgt, zs = np.array([0.5, 0.5]), np.array([0.0, -800.0])
    c.append(
        ("soft_cross_entropy_logits([.5, .5], [0, -800])", R.soft_ce_logits(tgt, zs),
         lambda: lib.soft_cross_entropy_logits(tgt, zs), lambda: -np.sum(tgt * np.log(sp.softmax(zs))),
         lambda: -np.sum(tgt * sp.log_softmax(zs)))
    )
    for z, y in ((-40.0, 0.0), (1e4, 0.0), (1e-10, 1.0)):
        c.append(
            (f"binary_cross_entropy_logits({z:g}, {y:g})", R.bce_logits(z, y),
             lambda z=z, y=y: lib.binary_cross_entropy_logits(z, y),
             lambda z=z, y=y: -(y * np.log(sp.expit(z)) + (1 - y) * np.log(1 - sp.expit(z))),
             lambda z=z, y=y: y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))
        )
    S = np.array([[2.0, 0.3], [0.3, 0.5]])
    c.append(
        ("entropy_mvn 2-D", R.entropy_mvn(S), lambda: lib.entropy_mvn(S),
         lambda: 0.5 * math.log(np.linalg.det(2 * math.pi * math.e * S)),
         lambda: st.multivariate_normal(cov=S).entropy())
    )
    return c


def _log_sm(z):
    e = np.exp(z - z.max())
    return np.log(e / e.sum())


def random_rows():
    """Worst relative error over 50 random Dirichlet pairs (k = 2..11)."""
    rng = np.random.default_rng(20240601)
    pairs = []
    for _ in range(50):
        k = int(rng.integers(2, 12))
        pairs.append((rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))))
    rows = []
    specs = [
        ("entropy", R.entropy, lambda p, q: lib.entropy(p), lambda p, q: -np.sum(p * np.log(p)),
         lambda p, q: st.entropy(p)),
        ("kl_divergence", R.kl, lambda p, q: lib.kl_divergence(p, q), lambda p, q: np.sum(p * np.log(p / q)),
         lambda p, q: st.entropy(p, q)),
        ("js_divergence", R.js, lambda p, q: lib.js_divergence(p, q),
         lambda p, q: 0.5 * np.sum(p * np.log(2 * p / (p + q))) + 0.5 * np.sum(q * np.log(2 * q / (p + q))),
         lambda p, q: jensenshannon(p, q) ** 2),
    ]
    for name, ref_fn, fl, fn, fs in specs:
        worst = {"lib": 0.0, "naive": 0.0, "scipy": 0.0}
        for p, q in pairs:
            ref = ref_fn(p, q) if name != "entropy" else ref_fn(p)
            for key, fun in (("lib", fl), ("naive", fn), ("scipy", fs)):
                try:
                    e = R.rel_err(float(fun(p, q)), ref)
                except Exception:  # noqa: BLE001
                    e = math.inf
                worst[key] = max(worst[key], e)
        rows.append((f"{name}: worst of 50 random (Dirichlet)", None, worst))
    return rows


def print_accuracy():
    header = ("case", "reference", "lib", "naive numpy", "scipy")
    lines = []
    for label, ref, fl, fn, fs in hard_cases():
        _err.ref = ref
        lines.append((label, R.mpmath.nstr(ref, 6), _err(fl), _err(fn), _err(fs)))
    for label, _, worst in random_rows():
        lines.append((label, "", *(f"{worst[k]:.1e}" for k in ("lib", "naive", "scipy"))))
    widths = [max(len(str(r[i])) for r in [header] + lines) for i in range(len(header))]
    print("(a) Relative error vs the 50-digit mpmath reference")
    print('    ("got X": the answer X is completely wrong, e.g. inf for a finite reference; "ERR": it raised)')
    print("    lib =", os.path.relpath(os.path.dirname(lib.__file__), ROOT), "| numpy", np.__version__,
          "| scipy", scipy.__version__)
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in lines:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)))
    print()


# ============================================================== (b) timings
ROUNDS = 15


def interleaved(thunks, number, rounds=ROUNDS):
    """Per implementation, the seconds per call of each round; all run in turn per round."""
    times = {key: [] for key in thunks}
    for _ in range(rounds):
        for key, thunk in thunks.items():
            times[key].append(timeit.timeit(thunk, number=number) / number)
    return times


def _report(times, rows, ref, unit, scale):
    header = ("function", "implementation", f"median {unit}", "ratio to scipy (median of rounds)")
    lines = []
    for fn, who in rows:
        t = np.median(times[(fn, who)]) * scale
        ratios = np.array(times[(fn, who)]) / np.array(times[ref[fn]])
        lines.append((fn, who, f"{t:.2f}", f"{np.median(ratios):.2f}"))
    widths = [max(len(r[i]) for r in [header] + lines) for i in range(len(header))]
    print("    " + "  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("    " + "  ".join("-" * w for w in widths))
    for r in lines:
        print("    " + "  ".join(v.ljust(w) for v, w in zip(r, widths)))


def print_timings():
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(1000), size=1000)
    Q = rng.dirichlet(np.ones(1000), size=1000)
    p4 = np.array([0.1, 0.2, 0.3, 0.4])
    q4 = np.array([0.25, 0.25, 0.25, 0.25])

    # sanity: the implementations compute the same thing
    np.testing.assert_allclose(lib.entropy(P), st.entropy(P, axis=1), rtol=1e-12)
    np.testing.assert_allclose(lib.kl_divergence(P, Q), st.entropy(P, Q, axis=1), rtol=1e-10)
    np.testing.assert_allclose(lib.entropy(p4), st.entropy(p4), rtol=1e-14)
    np.testing.assert_allclose(lib.kl_divergence(p4, q4), st.entropy(p4, q4), rtol=1e-14)

    scipy_name = "scipy.stats.entropy"
    ref = {"entropy": ("entropy", scipy_name), "kl_divergence": ("kl_divergence", scipy_name)}
    batch = {
        ("entropy", "lib (validated)"): lambda: lib.entropy(P),
        ("entropy", "lib check=False"): lambda: lib.entropy(P, check=False),
        ("entropy", scipy_name): lambda: st.entropy(P, axis=1),
        ("kl_divergence", "lib (validated)"): lambda: lib.kl_divergence(P, Q),
        ("kl_divergence", "lib check=False"): lambda: lib.kl_divergence(P, Q, check=False),
        ("kl_divergence", scipy_name): lambda: st.entropy(P, Q, axis=1),
    }
    small = {
        ("entropy", "lib (validated)"): lambda: lib.entropy(p4),
        ("entropy", "lib check=False"): lambda: lib.entropy(p4, check=False),
        ("entropy", scipy_name): lambda: st.entropy(p4),
        ("kl_divergence", "lib (validated)"): lambda: lib.kl_divergence(p4, q4),
        ("kl_divergence", "lib check=False"): lambda: lib.kl_divergence(p4, q4, check=False),
        ("kl_divergence", scipy_name): lambda: st.entropy(p4, q4),
    }
    print("(b) Timings: interleaved rounds, median over rounds")
    print()
    print(f"    1000 x 1000 batch (rows are distributions; lib axis=-1, scipy axis=1), {ROUNDS} rounds x 3 calls")
    _report(interleaved(batch, number=3), list(batch), ref, "ms", 1e3)
    print()
    print(f"    length-4 vectors, {ROUNDS} rounds x 2000 calls")
    _report(interleaved(small, number=2000), list(small), ref, "µs/call", 1e6)
    print()

    x = rng.normal(size=50)
    PW = rng.dirichlet(np.ones(50), size=10_000)
    QW = rng.dirichlet(np.ones(50), size=10_000)
    loop = np.array([st.wasserstein_distance(x, x, PW[i], QW[i]) for i in range(10_000)])
    vec = lib.transport.wasserstein1(PW, QW, x)
    agree = float(np.max(np.abs(vec - loop) / loop))
    scipy_loop = "scipy.stats.wasserstein_distance, loop"
    w = {("wasserstein1", "lib (vectorised, validated)"): lambda: lib.transport.wasserstein1(PW, QW, x),
         ("wasserstein1", scipy_loop): lambda: [st.wasserstein_distance(x, x, PW[i], QW[i]) for i in range(10_000)]}
    print(f"    10,000 pairs of 50-point distributions, 3 rounds x 1 call "
          f"(largest relative difference {agree:.1e})")
    _report(interleaved(w, number=1, rounds=3), list(w), {"wasserstein1": ("wasserstein1", scipy_loop)}, "ms", 1e3)
    print()


if __name__ == "__main__":
    print_accuracy()
    print_timings()
