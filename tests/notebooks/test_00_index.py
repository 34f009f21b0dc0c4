"""00_index: its numbers, its exercises, its figure, and that the course map agrees with the
notebooks it lists."""

import math
import re
import warnings

import mpmath
import numpy as np
import pytest

import lib
from lib.check import exercise
from lib.plots.style import problems
from nbtools import NOTEBOOKS, check_claims, course, load

CLAIMS = {}
# The warm-up's inputs (0.5 and 0.2), the models of the picture's "try this" (0.4) and of
# exercise 5 (a fair coin, 0.5, coded with 0.99).
GIVEN = {"0.5", "0.2", "0.4", "0.99"}


def test_claims():
    check_claims("00_index.ipynb", CLAIMS, GIVEN)


def test_map_lists_every_lesson_with_its_title_and_time():
    table = load("00_index.ipynb").cells[2].source
    for path in course.lessons()[1:]:
        row = next((line for line in table.splitlines() if f"]({path.name})" in line), None)
        assert row, f"the course map does not link {path.name}"
        assert f"[{course.title(path)}]" in row, f"{path.name}: link text should be its title"
        intro = load(path.name).cells[0].source
        minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", intro)
        assert minutes, f"{path.name}: opening cell needs '**Time:** about N minutes'"
        assert f"| {minutes[1]} min |" in row, f"{path.name}: the map's time differs from the notebook's"


def test_map_links_only_existing_notebooks():
    table = load("00_index.ipynb").cells[2].source
    for target in re.findall(r"\]\(([^)]+\.ipynb)\)", table):
        assert (NOTEBOOKS / target).exists(), target


def test_total_time_in_the_prose_matches_the_table():
    """Each "notebooks 01 to NN ... about N hours" adds up the map's rows 01 to NN."""
    nb = load("00_index.ipynb")
    rows = {int(n): int(m) for n, m in
            re.findall(r"^\| \[?(\d\d) [^\n]*\| (\d+) min \|", nb.cells[2].source, re.M)}
    words = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
             10: "ten", 11: "eleven", 12: "twelve"}
    text = re.sub(r"\s+", " ", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    totals = re.findall(r"[Nn]otebooks 01 to (\d\d)[^.]*?about (\w+) hours", text)
    assert len(totals) == 2, "the map's prose and its summary each give the total time"
    for last, hours in totals:
        minutes = sum(m for n, m in rows.items() if n <= int(last))
        assert set(range(1, int(last) + 1)) <= set(rows), f"the map has no time for some of 01 to {last}"
        assert hours == words[round(minutes / 60)], f"notebooks 01 to {last} add up to {minutes} minutes"


def test_exercise_5_is_above_one_bit():
    """KL(0.5 || 0.99) in bits, by mpmath: the prediction "above" is right."""
    half = mpmath.mpf("0.5")
    kl = half * mpmath.log(half / mpmath.mpf("0.99"), 2) + half * mpmath.log(half / mpmath.mpf("0.01"), 2)
    assert kl > 1
    assert exercise("00.5", "above").passed and not exercise("00.5", "below").passed
    assert "2.3 bits" in exercise("00.5", "above").message and f"{float(kl):.1f}" == "2.3"


def test_warm_up_checkers_name_the_likely_slips():
    assert exercise("00.1", 0.1).passed and "multiply" in exercise("00.1", 0.7).message
    assert exercise("00.2", -3).passed and "sign" in exercise("00.2", 3).message
    assert exercise("00.3", 3.5).passed and not exercise("00.3", 3).passed
    assert exercise("00.4", lambda x: np.log(x) / np.log(2)).passed
    assert not exercise("00.4", lambda x: np.log(x)).passed  # nats, not bits
    assert not exercise("00.4", lambda x: 3.0).passed  # hard-coded


@pytest.mark.parametrize("p,q", [(0.0, 0.01), (1.0, 0.99), (0.7, 0.4), (0.5, 0.99)])
def test_course_picture_draws_cleanly(p, q):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = lib.plots.index.coin_code(p=p, q=q)
        assert problems(fig) == []
    assert math.isfinite(fig.axes[0].get_ylim()[1])
