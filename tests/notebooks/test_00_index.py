"""00_index: its numbers, and that the course map agrees with the notebooks it lists."""

import re

from nbtools import NOTEBOOKS, check_claims, course, load

CLAIMS = {}
GIVEN = {"0.5", "0.2"}  # the warm-up exercise's inputs


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
    nb = load("00_index.ipynb")
    minutes = sum(int(m) for m in re.findall(r"\| (\d+) min \|", nb.cells[2].source))
    words = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    hours = words[round(minutes / 60)]
    text = re.sub(r"\s+", " ", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    assert text.count(f"about {hours} hours") == 2, f"the table adds up to {minutes} minutes"
