"""Feedback for exercises: say what is right, and when it is not, what probably went wrong.

Every exercise in the course ends with a cell that calls one of these functions on the
learner's answer. Each returns a :class:`Feedback`, which shows as one line: a tick and
why the answer is right, or a cross and a hint. Nothing raises, so a learner can try again.

An answer left as ``...`` (the placeholder in the student edition) gets "no answer yet".
:func:`number` also recognises the course's most common slips by itself: bits and nats
mixed up (a factor of ln 2), a flipped sign, and a percentage given for a fraction.
"""

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "number", "array", "choice", "function"]

_LN2 = math.log(2.0)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``passed`` and a message for the learner."""

    passed: bool
    message: str

    def __str__(self):
        return ("✔ " if self.passed else "✘ ") + self.message

    __repr__ = __str__

    def _repr_markdown_(self):
        return ("**✔ Correct.** " if self.passed else "**✘ Not yet.** ") + self.message

    def __bool__(self):
        return self.passed


def _missing(answer):
    if answer is Ellipsis:
        return Feedback(False, "No answer yet: replace `...` with your answer and run the cell again.")
    return None


def _close(a, b, rtol, atol):
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol) or (math.isinf(a) and a == b)


def number(answer, expected, *, rtol=1e-3, atol=1e-9, unit="", why="", mistakes=()):
    """Check a numeric answer against ``expected``.

    Parameters
    ----------
    answer : float
        The learner's answer.
    expected : float
        The right value (``inf`` allowed: an infinite KL is an answer).
    rtol, atol : float
        Relative and absolute tolerance.
    unit : str
        Unit to print after numbers (``"bits"``, ``"nats"``).
    why : str
        One sentence on why the right answer is right, shown when it is.
    mistakes : sequence of (value, hint)
        Known wrong answers and what each one means, checked before the generic ones.

    Returns
    -------
    Feedback
    """
    missing = _missing(answer)
    if missing is not None:
        return missing
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number, got {type(answer).__name__} {answer!r}.")
    if math.isnan(a):
        return Feedback(False, "Your answer is NaN: somewhere a 0·log 0 or ∞ − ∞ slipped in.")
    e = float(expected)
    u = f" {unit}" if unit else ""
    if _close(a, e, rtol, atol):
        return Feedback(True, f"{a:.4g}{u} — {why}" if why else f"{a:.4g}{u}.")
    for value, hint in mistakes:
        if _close(a, float(value), rtol, atol):
            return Feedback(False, hint)
    if e != 0 and not math.isinf(e):
        if _close(a, e * _LN2, rtol, atol) or _close(a, e / _LN2, rtol, atol):
            return Feedback(False, f"{a:.4g} is off by a factor of ln 2 ≈ 0.693: bits and nats "
                                   f"mixed up? The answer should be in{u or ' the asked unit'}.")
        if _close(a, -e, rtol, atol):
            return Feedback(False, f"{a:.4g} has the wrong sign: check the minus in −log p.")
        if _close(a, 100 * e, rtol, atol):
            return Feedback(False, "That looks like a percentage; give a fraction.")
    return Feedback(False, f"{a:.4g}{u} is not it yet. Work it through once more on paper, "
                           "then compare each step with the lesson above.")


def array(answer, expected, *, rtol=1e-6, atol=1e-12, what="values", why=""):
    """Check an array answer elementwise against ``expected`` (shape first, then values)."""
    missing = _missing(answer)
    if missing is not None:
        return missing
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected an array of numbers, got {type(answer).__name__}.")
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return Feedback(False, f"Expected {what} of shape {e.shape}, got shape {a.shape}.")
    ok = np.isclose(a, e, rtol=rtol, atol=atol) | (np.isinf(a) & (a == e))
    if ok.all():
        return Feedback(True, f"all {a.size} {what} match — {why}" if why else f"all {a.size} {what} match.")
    bad = int(np.argwhere(~ok.reshape(-1))[0][0])
    return Feedback(False, f"{int((~ok).sum())} of {a.size} {what} differ; the first is at "
                           f"flat index {bad}: you have {a.reshape(-1)[bad]:.4g}.")


def choice(answer, correct, *, explanations=None):
    """Check a multiple-choice answer; ``explanations`` maps each option to why it is (not) right."""
    missing = _missing(answer)
    if missing is not None:
        return missing
    explanations = explanations or {}
    if answer == correct:
        return Feedback(True, explanations.get(answer, f"{answer!r} is right."))
    if answer in explanations:
        return Feedback(False, explanations[answer])
    options = ", ".join(repr(k) for k in explanations) if explanations else "the listed options"
    return Feedback(False, f"{answer!r} is not one of the options; choose from {options}.")


def function(candidate, reference, cases, *, rtol=1e-9, atol=1e-12, name="your function"):
    """Check a learner's function against ``reference`` on each argument tuple in ``cases``."""
    missing = _missing(candidate)
    if missing is not None:
        return missing
    if not callable(candidate):
        return Feedback(False, f"Expected a function, got {type(candidate).__name__}.")
    for args in cases:
        args = args if isinstance(args, tuple) else (args,)
        shown = ", ".join(repr(x) for x in args)
        try:
            got = np.asarray(candidate(*args), dtype=float)
        except Exception as exc:  # the learner's code may fail in any way; report it
            return Feedback(False, f"{name}({shown}) raised {type(exc).__name__}: {exc}")
        want = np.asarray(reference(*args), dtype=float)
        if got.shape != want.shape:
            return Feedback(False, f"{name}({shown}) returned shape {got.shape}, expected {want.shape}.")
        same = np.isclose(got, want, rtol=rtol, atol=atol) | (np.isinf(got) & (got == want))
        if not same.all():
            return Feedback(False, f"{name}({shown}) gave {np.round(got, 6)}, "
                                   f"expected {np.round(want, 6)}.")
    return Feedback(True, f"{name} agrees with the reference on all {len(cases)} cases.")
