"""The checkers of the course's exercises, one module per notebook.

A notebook's exercise cell holds only the learner's answer; the cell below it calls
``lib.check.exercise("04.2", answer)``. The checker for ``"04.2"`` lives here, in the module
named after the notebook (``04_kl_divergence.ipynb`` → :mod:`lib.exercises.kl_divergence`),
so that the student edition of a notebook contains no expected value, no reference formula
and no hint that names the answer. (A student may of course open these files; the answer
just does not sit one cell below the question.)

A checker is a function of the answer that returns a :class:`lib.check.Feedback`::

    from ..check import number
    from . import exercise

    @exercise("01.1")
    def _(answer):
        return number(answer, 2.584962500721156, unit="bits", why="log2 6: six equally likely faces.")
"""

import importlib

__all__ = ["exercise", "checker", "MODULES"]

# Notebook number -> the module holding its checkers (named after the notebook).
MODULES = {
    "00": "index",
    "01": "surprise",
    "02": "entropy",
    "03": "cross_entropy",
    "04": "kl_divergence",
    "05": "asymmetry",
    "06": "mle",
    "07": "vae",
    "08": "trust_regions",
}

_CHECKERS = {}


def exercise(exercise_id):
    """Register the decorated function as the checker of exercise ``exercise_id`` ("NN.k")."""
    _split(exercise_id)

    def register(function):
        if exercise_id in _CHECKERS and _CHECKERS[exercise_id] is not function:
            raise ValueError(f"exercise {exercise_id!r} has two checkers")
        _CHECKERS[exercise_id] = function
        return function

    return register


def _split(exercise_id):
    notebook, sep, number = str(exercise_id).partition(".")
    if not (sep and notebook in MODULES and number.isdigit()):
        raise ValueError(f"an exercise id is 'NN.k' with NN one of {sorted(MODULES)}, "
                         f"got {exercise_id!r}")
    return notebook


def checker(exercise_id):
    """The checker of exercise ``exercise_id``, importing its notebook's module on first use."""
    notebook = _split(exercise_id)
    if exercise_id not in _CHECKERS:
        importlib.import_module(f"{__name__}.{MODULES[notebook]}")
    if exercise_id not in _CHECKERS:
        raise KeyError(f"no checker for exercise {exercise_id!r} in "
                       f"lib/exercises/{MODULES[notebook]}.py")
    return _CHECKERS[exercise_id]


def ids(notebook):
    """Every registered exercise id of notebook ``notebook`` ("04"), in order."""
    importlib.import_module(f"{__name__}.{MODULES[notebook]}")
    return sorted((k for k in _CHECKERS if k.startswith(notebook + ".")),
                  key=lambda k: int(k.partition(".")[2]))
