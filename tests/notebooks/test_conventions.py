"""The notebook conventions of CONTRIBUTING.md, checked on every notebook.

nbval (run by ``make test``) re-executes each notebook and compares outputs, and
``tests/conftest.py`` sweeps its explorers and checks its exercises and student edition in
that same kernel. These tests check the files themselves: the shape of a lesson, exercises,
slider cells, navigation, and that every number in the prose has a test behind it.
"""

import importlib.util
import re

import pytest

from nbtools import NOTEBOOKS, ROOT, course, decimals, load, markdown

LESSONS = [p.name for p in course.lessons()]


def test_the_course_has_its_notebooks():
    assert LESSONS[:2] == ["00_index.ipynb", "01_surprise.ipynb"]
    assert [name[:2] for name in LESSONS] == [f"{i:02d}" for i in range(len(LESSONS))]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def tagged(nb, tag):
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


@pytest.mark.parametrize("name", LESSONS)
def test_shape_of_a_lesson(name):
    nb = load(name)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {name[:2]} · "), \
        "first cell: '# NN · Title'"
    intro = first.source
    for part in ("Learning objectives", "Time", "Prerequisites"):
        assert part in intro, f"the opening cell needs a '{part}' part"
    text = markdown(nb)
    for heading in ("## Summary", "## Common mistakes", "## Exercises"):
        assert re.search(rf"^{heading}", text, re.M), f"missing section '{heading}'"
    setup = code_cells(nb)[0].source
    assert re.search(r"^import lib$", setup, re.M), "the first code cell imports lib"
    assert "lib.plots.use_style()" in setup and "%matplotlib inline" in setup
    assert "sys.path" not in "".join(c.source for c in code_cells(nb)), "lib is installed, not path-hacked"


@pytest.mark.parametrize("name", LESSONS)
def test_navigation_is_generated(name):
    last = load(name).cells[-1]
    assert "navigation" in last.metadata.get("tags", []), "last cell must be the navigation cell"
    assert last.source == course.navigation(NOTEBOOKS / name), "run `make nav`"


@pytest.mark.parametrize("name", LESSONS + ["../README.md", "../CONTRIBUTING.md"])
def test_links_resolve(name):
    path = NOTEBOOKS / name
    text = path.read_text() if name.endswith(".md") else "\n".join(c.source for c in load(name).cells)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        assert (path.parent / target).exists(), f"{name}: dead link to {target}"


@pytest.mark.parametrize("name", LESSONS)
def test_committed_outputs_are_clean(name):
    nb = load(name)
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run `make execute`: cells not run in order"
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.outputs:
            assert out.output_type != "error", f"code cell {i} has an error output"
            assert out.get("name") != "stderr", f"code cell {i} printed to stderr: {out.text[:200]}"
            text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            assert "Warning" not in text, f"code cell {i} shows a warning: {text[:200]}"
    assert set(nb.metadata) == {"kernelspec", "language_info"}, "run `make execute` (stable metadata)"
    assert "version" not in nb.metadata["language_info"]


@pytest.mark.parametrize("name", LESSONS)
def test_exercises_have_solutions_and_feedback(name):
    nb = load(name)
    solutions = tagged(nb, "solution")
    calls = course.exercise_calls(nb)
    assert len(solutions) >= 3, "at least three exercises, each with a `solution` cell"
    assert len({i for i, _, _ in calls}) >= 3, "each exercise is checked by lib.check.exercise"
    assert all(i.startswith(name[:2] + ".") for i, _, _ in calls), "exercise ids are 'NN.k'"
    for _, _, j in calls:
        shown = "".join(str(o.get("data", {}).get("text/plain", "")) for o in nb.cells[j].outputs)
        assert shown.startswith("✔"), f"the solution does not pass its own check: {shown[:200]}"
    student = course.student_edition(nb)
    allowed = re.compile(r"#.*|\w+ = \.\.\.|def \w+\(.*\):|    return \.\.\.|    \"\"\"[\s\S]*|")
    for original, stub in zip(nb.cells, student.cells):
        if "solution" in original.metadata.get("tags", []):
            body = re.sub(r'    """[\s\S]*?"""', "", stub.source)  # docstrings are kept
            kept = [line for line in body.splitlines() if not allowed.fullmatch(line)]
            assert not kept, f"the student edition keeps solution code: {kept}"
            assert not stub.outputs


@pytest.mark.parametrize("name", LESSONS)
def test_slider_cells(name):
    nb = load(name)
    boxes = [c for c in code_cells(nb) if "lib.widgets.explore(" in c.source]
    assert boxes, "at least one slider, made with lib.widgets.explore"
    for cell in boxes:
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), \
            "slider cells are tagged nbval-ignore-output (widget ids change every run)"
        assert re.match(r"\w+ = lib\.widgets\.explore\(", cell.source), \
            "assign the explorer to a variable, so the sweep in tests/conftest.py finds it"


@pytest.mark.parametrize("name", LESSONS)
def test_every_number_in_the_prose_is_tested(name):
    """Each notebook's own test module declares CLAIMS (and GIVEN) and checks them."""
    stem = name.removesuffix(".ipynb")
    path = ROOT / "tests" / "notebooks" / f"test_{stem}.py"
    assert path.exists(), f"{path.name} must test the numbers in {name}'s prose"
    spec = importlib.util.spec_from_file_location(f"claims_{stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    covered = set(module.CLAIMS) | set(getattr(module, "GIVEN", ()))
    missing = decimals(load(name)) - covered
    assert not missing, f"numbers in {name} with no test behind them: {sorted(missing)}"


@pytest.mark.parametrize("name", LESSONS)
def test_committed_figures_fit_the_output_area(name):
    """Every figure a reader sees is at most 960 px wide (JupyterLab beside its file browser)."""
    import base64
    import struct

    for i, cell in enumerate(code_cells(load(name))):
        for out in cell.outputs:
            png = out.get("data", {}).get("image/png")
            if png:
                width, height = struct.unpack(">II", base64.b64decode(png)[16:24])
                assert width <= 960, f"code cell {i} shows a figure {width} px wide"
