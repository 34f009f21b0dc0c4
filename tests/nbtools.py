"""Shared helpers for the notebook tests: reading notebooks, their numbers, running them."""

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

import notebooks as course  # noqa: F401  (scripts/notebooks.py, for the notebook tests)

# A decimal number in prose: 0.469, 2.005, −1.5 (not parts of words, versions or links).
DECIMAL = re.compile(r"(?<![\w.\-/])(\d+\.\d+)(?![\w.]*\.ipynb)(?!\.\d)")


def load(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def markdown(nb):
    """All markdown of a notebook as one string, links' targets removed."""
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"\]\([^)]*\)", "]()", text)


def decimals(nb):
    """Every decimal number written in the notebook's markdown."""
    return set(DECIMAL.findall(markdown(nb)))


def check_claims(name, claims, given=()):
    """Tie the notebook's prose to its computations.

    ``claims`` maps a number as printed in the markdown (``"0.469"``) to the value the
    code computes for it; each must appear in the markdown and round to the printed
    digits. ``given`` lists numbers that are inputs (a probability chosen for an example),
    not results. Every decimal in the markdown must be one or the other.
    """
    nb = load(name)
    found = decimals(nb)
    problems = []
    for text, value in claims.items():
        digits = len(text.split(".")[1]) if "." in text else 0
        shown = f"{float(value):.{digits}f}"
        if shown != text:
            problems.append(f"markdown says {text} but the code gives {float(value)!r} ({shown})")
        if text not in found:
            problems.append(f"claimed number {text} does not appear in the markdown")
    unclaimed = found - set(claims) - set(given)
    if unclaimed:
        problems.append(f"numbers in the markdown with no test behind them: {sorted(unclaimed)}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
