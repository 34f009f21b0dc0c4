"""Independent high-precision references for the numeric-core tests.

Every function here takes ordinary Python/NumPy floats, converts each one
*exactly* to an mpmath number (``mpf(float(x))`` is exact), and evaluates the
textbook formula at 50 significant digits.  Nothing here imports ``lib``: the
values are references, not copies of the implementation's output.

Results are returned as ``mpmath.mpf`` (or plain ``float`` via ``to_float``);
``rel_err`` compares a float64 result against an mpf reference.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import math
import string

import mpmath
import numpy as np
from mpmath import mp, mpf

DPS = 50
# Working precision inside the reference functions: 50 digits plus guard
# digits, so that the *result* is good to (at least) 50 digits even where the
# formula cancels.  Where cancellation would eat more than the guard digits
# (1 - 1e-300, e^r - 1 - r at r = 1e-300, log(1 + e^-100) ...) the formula is
# rearranged instead: exact float subtraction, log1p, and power series.
GUARD = 40
mp.dps = DPS


def _wp():
    return mp.workdps(DPS + GUARD)

__all__ = [
    "DPS",
    "mpf_exact",
    "rel_err",
    "assert_rel",
    "entropy",
    "cross_entropy",
    "kl",
    "kl_textbook",
    "js",
    "binary_entropy",
    "kl_bernoulli",
    "surprise",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "log_softmax",
    "softmax",
    "ce_logits",
    "entropy_logits",
    "kl_logits",
    "soft_ce_logits",
    "bce_logits",
    "wasserstein1",
    "entropy_mvn",
    "entropy_normal",
    "kl_normal",
    "kl_mvn",
    "kl_vae",
    "k1",
    "k2",
    "k3",
    "expm1_minus_x",
    "x_minus_log1p",
]


def mpf_exact(x) -> mpf:
    """The exact value of a float64 as an mpf (floats are dyadic rationals)."""
    x = float(x)
    if math.isinf(x):
        return mpmath.inf if x > 0 else -mpmath.inf
    return mpf(x)


def _sub(a, b):
    """a - b exactly (mpf operands)."""
    return mpmath.fsub(a, b, exact=True)


def _add(a, b):
    """a + b exactly (mpf operands)."""
    return mpmath.fadd(a, b, exact=True)


def _vec(a):
    return [mpf_exact(v) for v in np.asarray(a, dtype=float).ravel()]


# ----------------------------------------------------------------- comparison
def rel_err(got, ref) -> float:
    """Relative error of float ``got`` w.r.t. the mpf reference ``ref``.

    * ``ref`` infinite: 0 if ``got`` is the same infinity, else inf.
    * ``ref`` exactly 0: 0 if ``got == 0`` else inf.
    * ``ref`` beyond the float64 range: 0 if ``got`` is the matching infinity.
    * ``ref`` non-zero but below the float64 normal range (it underflows):
      the correctly rounded answer is 0 or a subnormal, so 0 if
      ``|got| < 2.3e-308`` else inf.
    """
    a = np.asarray(got)
    assert a.size == 1, f"expected one value, got shape {a.shape}"
    got = float(a.reshape(()))
    with mp.workdps(DPS):
        if mpmath.isinf(ref):
            return 0.0 if got == float(ref) else math.inf
        if math.isnan(got):
            return math.inf
        if ref == 0:
            return 0.0 if got == 0.0 else math.inf
        if abs(ref) > mpf("1.7976931348623157e308"):
            # overflows float64: the correctly rounded answer is +-inf
            return 0.0 if got == float(mpmath.sign(ref)) * math.inf else math.inf
        if math.isinf(got):
            return math.inf
        if abs(ref) < mpf("2.2250738585072014e-308"):
            return 0.0 if abs(got) < 2.3e-308 else math.inf
        return float(abs((mpf_exact(got) - ref) / ref))


def assert_rel(got, ref, tol, what="", abs_tol=0.0):
    """|got - ref| <= tol*|ref|, or <= abs_tol when an absolute floor is justified."""
    err = rel_err(got, ref)
    if err <= tol:
        return
    if abs_tol and math.isfinite(float(np.asarray(got).reshape(()))) and not mpmath.isinf(ref):
        with mp.workdps(DPS):
            if abs(mpf_exact(float(np.asarray(got).reshape(()))) - ref) <= abs_tol:
                return
    raise AssertionError(
        f"{what}: got {float(np.asarray(got).reshape(()))!r}, reference {mpmath.nstr(ref, 20)} "
        f"(as float {float(ref)!r}), relative error {err:.3e} > {tol:.0e}"
        + (f" and absolute error > {abs_tol:.0e}" if abs_tol else "")
    )


# ------------------------------------------------------------ series helpers
def expm1_minus_x(x):
    """e^x - 1 - x for an mpf x, with no cancellation for small |x|."""
    with _wp():
        if abs(x) < mpf("0.5"):
            total, term, n = mpf(0), x, 1
            while True:
                n += 1
                term = term * x / n
                total += term
                if abs(term) <= abs(total) * mpf(10) ** (-(DPS + GUARD)):
                    return total
        return mpmath.expm1(x) - x


def x_minus_log1p(w):
    """w - log(1 + w) for an mpf w > -1, with no cancellation for small |w|."""
    with _wp():
        if abs(w) < mpf("0.5"):
            total, term, n = mpf(0), -w, 1  # sum_{n>=2} (-1)^n w^n / n; term = (-1)^n w^n
            while True:
                n += 1
                term = -term * w
                add = term / n
                total += add
                if abs(add) <= abs(total) * mpf(10) ** (-(DPS + GUARD)):
                    return total
        return w - mpmath.log1p(w)


# ------------------------------------------------------------------ discrete
def _xlogx(x):
    return mpf(0) if x == 0 else x * mpmath.log(x)


def _xlogy(x, y):
    if x == 0:
        return mpf(0)
    if y == 0:
        return -mpmath.inf
    return x * mpmath.log(y)


def surprise(p):
    with _wp():
        p = mpf_exact(p)
        return mpmath.inf if p == 0 else -mpmath.log(p)


def entropy(p):
    """-sum p log p over a 1-D distribution (no renormalisation)."""
    with _wp():
        return -mpmath.fsum(_xlogx(v) for v in _vec(p))


def cross_entropy(p, q):
    with _wp():
        terms = [_xlogy(a, b) for a, b in zip(_vec(p), _vec(q))]
        if any(mpmath.isinf(t) for t in terms):
            return mpmath.inf
        return -mpmath.fsum(terms)


def _kl_exact(pv, qv):
    total = mpf(0)
    for a, b in zip(pv, qv):
        if a == 0:
            continue
        if b == 0:
            return mpmath.inf
        total += a * mpmath.log(a / b)
    return total


def _kl_measure(pv, qv):
    """sum p log(p/q) - p + q: the KL of two vectors taken as measures (each term >= 0)."""
    total = mpf(0)
    for a, b in zip(pv, qv):
        if a == 0:
            total += b
            continue
        if b == 0:
            return mpmath.inf
        total += a * mpmath.log(a / b) - a + b
    return total


def kl(p, q):
    """sum p log(p/q) - p + q over a 1-D pair (no renormalisation).

    For distributions the extra -p + q sums to 0; for float vectors that sum to 1 only up
    to rounding it is the KL of the vectors taken as measures, the quantity lib computes.
    """
    with _wp():
        return _kl_measure(_vec(p), _vec(q))


def kl_textbook(p, q):
    """sum p log(p/q) alone (can be negative for vectors that do not sum to exactly 1)."""
    with _wp():
        return _kl_exact(_vec(p), _vec(q))


def js(p, q):
    with _wp():
        pv, qv = _vec(p), _vec(q)
        m = [_add(a, b) / 2 for a, b in zip(pv, qv)]  # exact
        return (_kl_exact(pv, m) + _kl_exact(qv, m)) / 2


def binary_entropy(p):
    """H(p, 1-p) with 1-p formed exactly from the float p."""
    with _wp():
        p = mpf_exact(p)
        return -(_xlogx(p) + _xlogx(_sub(1, p)))


def kl_bernoulli(p, q):
    """KL(Bern(p) || Bern(q)) with 1-p, 1-q formed exactly."""
    with _wp():
        p, q = mpf_exact(p), mpf_exact(q)
        return _kl_exact([p, _sub(1, p)], [q, _sub(1, q)])


def joint_entropy(pxy):
    return entropy(np.asarray(pxy, dtype=float).ravel())


def _table(pxy):
    a = np.asarray(pxy, dtype=float)
    return [[mpf_exact(v) for v in row] for row in a]


def conditional_entropy(pxy):
    """H(Y|X) = H(X,Y) - H(X), X along axis 0."""
    with _wp():
        t = _table(pxy)
        hxy = -mpmath.fsum(_xlogx(v) for row in t for v in row)
        px = [mpmath.fsum(row) for row in t]
        hx = -mpmath.fsum(_xlogx(v) for v in px)
        return hxy - hx


def mutual_information(pxy):
    """KL(pxy || px py) as measures: sum pxy log(pxy / (px py)) - pxy + px py.

    Equal to the textbook sum for a table summing to exactly 1.
    """
    with _wp():
        t = _table(pxy)
        px = [mpmath.fsum(row) for row in t]
        py = [mpmath.fsum(col) for col in zip(*t)]
        return _kl_measure([v for row in t for v in row], [a * b for a in px for b in py])


# -------------------------------------------------------------------- logits
def _lse_parts(zs):
    """(m, s) with logsumexp(z) = m + log1p(s); m = max z, s = sum_{j != argmax} e^(z_j - m)."""
    m = max(zs)
    if mpmath.isinf(m):
        raise ValueError("reference: max logit must be finite")
    i_max = zs.index(m)
    s = mpmath.fsum(mpmath.exp(_sub(z, m)) for j, z in enumerate(zs) if j != i_max and not mpmath.isinf(z))
    return m, s


def log_softmax(z):
    """List of mpf: z_i - logsumexp(z), formed as (z_i - m) - log1p(s)."""
    with _wp():
        zs = _vec(z)
        m, s = _lse_parts(zs)
        l1p = mpmath.log1p(s)
        return [(-mpmath.inf if mpmath.isinf(v) else _sub(v, m) - l1p) for v in zs]


def softmax(z):
    with _wp():
        return [mpmath.exp(v) for v in log_softmax(z)]


def ce_logits(z, y):
    """-log softmax(z)[y] = (m - z_y) + log1p(s)."""
    with _wp():
        zs = _vec(z)
        m, s = _lse_parts(zs)
        zy = zs[int(y)]
        if mpmath.isinf(zy):
            return mpmath.inf
        return _sub(m, zy) + mpmath.log1p(s)


def entropy_logits(z):
    """-sum p log p with log p from the reference log_softmax."""
    with _wp():
        return -mpmath.fsum(mpmath.exp(v) * v for v in log_softmax(z) if not mpmath.isinf(v))


def kl_logits(zp, zq):
    """sum p (log p - log q) for p = softmax(zp), q = softmax(zq), at 90 digits."""
    with _wp():
        lp, lq = log_softmax(zp), log_softmax(zq)
        total = mpf(0)
        for a, b in zip(lp, lq):
            if mpmath.isinf(a):
                continue
            if mpmath.isinf(b):
                return mpmath.inf
            total += mpmath.exp(a) * (a - b)
        return total


def soft_ce_logits(p, z):
    """-sum p_i log softmax(z)_i."""
    with _wp():
        total = mpf(0)
        for a, b in zip(_vec(p), log_softmax(z)):
            if a == 0:
                continue
            if mpmath.isinf(b):
                return mpmath.inf
            total -= a * b
        return total


def bce_logits(z, y):
    """-y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)), with 1 - y formed exactly."""
    with _wp():
        z, y = mpf_exact(z), mpf_exact(y)
        log_sig = -mpmath.log1p(mpmath.exp(-z))   # log sigmoid(z)
        log_one_minus = -mpmath.log1p(mpmath.exp(z))  # log sigmoid(-z)
        return -(y * log_sig + _sub(1, y) * log_one_minus)


def wasserstein1(p, q, x):
    """integral |F_p - F_q| over the sorted support, in exact rational arithmetic."""
    with _wp():
        order = sorted(range(len(x)), key=lambda i: float(x[i]))
        pv, qv, xv = _vec(p), _vec(q), _vec(x)
        total, gap = mpf(0), mpf(0)
        for a, b in zip(order[:-1], order[1:]):
            gap = _add(gap, _sub(pv[a], qv[a]))
            total += abs(gap) * _sub(xv[b], xv[a])
        return total


# ----------------------------------------------------------------- Gaussians
def entropy_normal(sigma):
    with _wp():
        s = mpf_exact(sigma)
        return (mpmath.log(2 * mpmath.pi * mpmath.e) + 2 * mpmath.log(s)) / 2


def kl_normal(mu1, s1, mu2, s2):
    """KL(N(mu1,s1^2) || N(mu2,s2^2)) = 0.5*[(w - log1p(w)) + (mu1-mu2)^2/s2^2],
    w = s1^2/s2^2 - 1 = (s1-s2)(s1+s2)/s2^2 -- algebraically the textbook
    log(s2/s1) + (s1^2 + (mu1-mu2)^2)/(2 s2^2) - 1/2, without its cancellation."""
    with _wp():
        mu1, s1, mu2, s2 = map(mpf_exact, (mu1, s1, mu2, s2))
        w = _sub(s1, s2) * _add(s1, s2) / (s2 * s2)
        d = _sub(mu1, mu2) / s2
        return (x_minus_log1p(w) + d * d) / 2


def kl_normal_textbook(mu1, s1, mu2, s2, dps):
    """The textbook formula at `dps` digits (for cross-checking the reference)."""
    with mp.workdps(dps):
        mu1, s1, mu2, s2 = map(mpf_exact, (mu1, s1, mu2, s2))
        return mpmath.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - mpf(1) / 2


def kl_mvn(m1, S1, m2, S2):
    """0.5*(tr(S2^-1 S1) + d' S2^-1 d - k + log det S2 - log det S1), d = m2 - m1,
    at 50 + 60 digits (near-equal covariances cancel ~20 digits)."""
    with mp.workdps(DPS + GUARD + 60):
        m1 = mpmath.matrix(_vec(m1))
        m2 = mpmath.matrix(_vec(m2))
        A1 = np.asarray(S1, dtype=float)
        A2 = np.asarray(S2, dtype=float)
        k = A1.shape[0]
        S1m = mpmath.matrix([[mpf_exact(v) for v in row] for row in A1])
        S2m = mpmath.matrix([[mpf_exact(v) for v in row] for row in A2])
        S2inv = mpmath.inverse(S2m)
        d = m2 - m1
        tr = mpmath.fsum((S2inv * S1m)[i, i] for i in range(k))
        quad = (d.T * S2inv * d)[0, 0]
        logdet = mpmath.log(mpmath.det(S2m)) - mpmath.log(mpmath.det(S1m))
        return (tr + quad - k + logdet) / 2


def entropy_mvn(S):
    """0.5 * log det(2 pi e S)."""
    with mp.workdps(DPS + GUARD):
        A = np.asarray(S, dtype=float)
        k = A.shape[0]
        Sm = mpmath.matrix([[mpf_exact(v) for v in row] for row in A])
        return (k * mpmath.log(2 * mpmath.pi * mpmath.e) + mpmath.log(mpmath.det(Sm))) / 2


def kl_vae(mu, logvar):
    """0.5 * sum(exp(lv) + mu^2 - 1 - lv) = 0.5 * sum(mu^2 + (e^lv - 1 - lv))."""
    with _wp():
        return mpmath.fsum((m * m + expm1_minus_x(lv)) / 2 for m, lv in zip(_vec(mu), _vec(logvar)))


# ---------------------------------------------------------------- estimators
def k1(r):
    with _wp():
        return -mpf_exact(r)


def k2(r):
    with _wp():
        r = mpf_exact(r)
        return r * r / 2


def k3(r):
    """e^r - 1 - r without cancellation."""
    with _wp():
        return expm1_minus_x(mpf_exact(r))


# -- shared by the lib tests and the notebook tests of 02 and 03
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


def zen_halves():
    """The two halves of the Zen as lists of the 27 symbols, counted without lib."""
    with contextlib.redirect_stdout(io.StringIO()):
        import this
    text = codecs.decode(this.s, "rot13")
    aphorisms = text.split("\n")[2:]
    assert len(aphorisms) == 19

    def clean(s):
        out, space = [], False
        for ch in s.lower():
            if ch in string.ascii_lowercase:
                out.append(ch)
                space = False
            elif not space:
                out.append(" ")
                space = True
        return "".join(out).strip()

    return clean(" ".join(aphorisms[:10])), clean(" ".join(aphorisms[10:]))


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


def optimal_length(probs):
    """Smallest average length of a prefix-free code, by brute force over length profiles."""
    probs = sorted(probs, reverse=True)
    k = len(probs)
    best = math.inf
    for lengths in itertools.combinations_with_replacement(range(1, k), k):
        if sum(2.0 ** -l for l in lengths) <= 1.0:  # Kraft: a prefix-free code exists
            best = min(best, sum(p * l for p, l in zip(probs, lengths)))  # lengths ascending
    return best


def block_rate_bruteforce(p, n):
    """Optimal block-code rate for n <= 2, by searching all complete codeword-length profiles."""
    probs = sorted((p ** k * (1 - p) ** (n - k) for k in range(n + 1)
                    for _ in range(math.comb(n, k))), reverse=True)
    return optimal_length(probs) / n
