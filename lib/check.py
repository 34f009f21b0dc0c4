"""Feedback for exercises: say what is right, and when it is not, what probably went wrong.

Every exercise in the course ends with a cell ``lib.check.exercise("04.2", answer)``: the
checker of exercise 04.2 lives in :mod:`lib.exercises.kl_divergence`, so the notebook holds
no expected value. The checkers are built from the functions here. Each returns a
:class:`Feedback`, which shows as one line: a tick and why the answer is right, or a cross
and a hint. Nothing raises, so a learner can try again.

An answer left as ``...`` (the placeholder in the student edition), or a function whose
body is still ``return ...``, gets "no answer yet".
:func:`number` also recognises the course's most common slips by itself: bits and nats
mixed up (a factor of ln 2), a flipped sign, and a percentage given for a fraction.
"""

import math
from dataclasses import dataclass

import numpy as np

import warnings

__all__ = ["Feedback", "exercise", "number", "array", "choice", "function"]

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
        return _NO_ANSWER
    return None


def exercise(exercise_id, answer):
    """Check ``answer`` to exercise ``exercise_id`` ("NN.k") with its checker in :mod:`lib.exercises`.

    Returns
    -------
    Feedback
    """
    from . import exercises

    try:
        check = exercises.checker(exercise_id)
    except (KeyError, ValueError) as exc:
        return Feedback(False, f"Unknown exercise: {exc}")
    return check(answer)


_NO_ANSWER = Feedback(False, "No answer yet: replace `...` with your answer and run the cell again.")


def _unit(value, unit):
    """' bits' or ' bit' (for exactly one), '' without a unit."""
    if not unit:
        return ""
    if unit.endswith("s") and value == 1:
        return " " + unit[:-1]
    return " " + unit


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
    u = _unit(a, unit)
    if _close(a, e, rtol, atol):
        return Feedback(True, f"{a:.4g}{u} — {why}" if why else f"{a:.4g}{u}.")
    for value, hint in mistakes:
        if _close(a, float(value), rtol, atol):
            return Feedback(False, hint)
    if e != 0 and not math.isinf(e):
        if _close(a, e * _LN2, rtol, atol) or _close(a, e / _LN2, rtol, atol):
            return Feedback(False, f"{a:.4g} is off by a factor of ln 2 ≈ 0.693: bits and nats "
                                   f"mixed up? The answer should be in {unit or 'the asked unit'}.")
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


def function(candidate, reference, cases=(), *, random_cases=None, forbid_warnings=True,
             rtol=1e-9, atol=1e-12, name="your function", why=""):
    """Check a learner's function against ``reference``.

    Parameters
    ----------
    candidate : callable
        The learner's function (a stub whose body is ``return ...`` counts as no answer).
    reference : callable
        The right function.
    cases : sequence
        Argument tuples to try first: the edge cases (0, 1, inf, empty, batches).
    random_cases : callable, optional
        ``random_cases(rng)`` returns a list of argument tuples drawn at random, so that a
        hard-coded table of answers fails; called with a fixed seed and a fresh one.
    forbid_warnings : bool
        A warning printed by the learner's function (``log(0)`` …) fails the check and is
        reported, since the exercise asks for a function that handles the edge by itself.
    rtol, atol : float
        Tolerances of the comparison (``inf`` must match ``inf``).
    name : str
        How to call the function in the feedback.
    why : str
        Shown when every case passes.

    Returns
    -------
    Feedback
    """
    missing = _missing(candidate)
    if missing is not None:
        return missing
    if not callable(candidate):
        return Feedback(False, f"Expected a function, got {type(candidate).__name__}.")
    all_cases = [c if isinstance(c, tuple) else (c,) for c in cases]
    if random_cases is not None:
        for seed in (20240, None):
            all_cases += [c if isinstance(c, tuple) else (c,)
                          for c in random_cases(np.random.default_rng(seed))]
    for args in all_cases:
        shown = ", ".join(_short(x) for x in args)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                raw = candidate(*args)
            except Exception as exc:  # the learner's code may fail in any way; report it
                return Feedback(False, f"{name}({shown}) raised {type(exc).__name__}: {exc}")
        if raw is Ellipsis:
            return _NO_ANSWER
        if forbid_warnings and caught:
            w = caught[0]
            return Feedback(False, f"{name}({shown}) printed a warning ({w.category.__name__}: "
                                   f"{w.message}); handle that case without one.")
        try:
            got = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            return Feedback(False, f"{name}({shown}) returned {type(raw).__name__}, not numbers.")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = np.asarray(reference(*args), dtype=float)
        if got.shape != want.shape:
            return Feedback(False, f"{name}({shown}) returned shape {got.shape}, expected {want.shape}.")
        same = np.isclose(got, want, rtol=rtol, atol=atol) | (np.isinf(got) & (got == want))
        if not same.all():
            return Feedback(False, f"{name}({shown}) gave {np.round(got, 6)}, which is not right "
                                   "for this input.")
    message = f"{name} is right on all {len(all_cases)} cases"
    return Feedback(True, f"{message} — {why}" if why else message + ".")


def _short(x):
    """A short readable form of an argument, for feedback lines."""
    if isinstance(x, np.ndarray) and x.size > 6:
        return f"<array of shape {x.shape}>"
    return repr(x.tolist() if isinstance(x, np.ndarray) else x)
