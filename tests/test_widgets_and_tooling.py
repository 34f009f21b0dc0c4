"""lib.widgets, lib.plots' helpers and scripts/notebooks.py (navigation, cleaning, student edition)."""

import ipywidgets
import nbformat
import pytest
from matplotlib.figure import Figure

import lib
from nbtools import NOTEBOOKS, course


def test_sliders_refuse_a_default_outside_their_range():
    with pytest.raises(ValueError, match="lo <= value <= hi"):
        lib.widgets.slider("p", 0.0, 1.0, 1.5)
    with pytest.raises(ValueError, match="lo < hi"):
        lib.widgets.int_slider("n", 5, 5, 5)
    s = lib.widgets.slider("p", 0.0, 1.0, 0.25)
    assert (s.min, s.max, s.value, s.continuous_update) == (0.0, 1.0, 0.25, False)


def test_explore_makes_widgets_only_for_named_controls():
    def figure(a=1.0, b=2, label="x"):
        fig, ax = lib.plots.new_figure()
        ax.plot([0, 1], [a, b])
        return fig

    box = lib.widgets.explore(figure, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
    assert [type(w) for w in box.kwargs_widgets].count(ipywidgets.FloatSlider) == 1
    assert box.kwargs == {"a": 1.0, "b": 2, "label": "x"}
    assert isinstance(box.result, Figure)
    box.kwargs_widgets[0].value = 2.0  # moving the slider redraws
    assert box.result.axes[0].lines[0].get_ydata()[0] == 2.0


def test_new_figure_is_not_a_pyplot_figure():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig, axes = lib.plots.new_figure(1, 2, width=6, height=3)
    assert isinstance(fig, Figure) and len(axes) == 2 and plt.get_fignums() == before
    assert tuple(fig.get_size_inches()) == (6.0, 3.0)


def test_navigation_links_previous_contents_next():
    order = course.lessons()
    middle = order[2]
    text = course.navigation(middle, order)
    assert f"]({order[1].name})" in text and f"]({order[0].name})" in text and f"]({order[3].name})" in text
    first = course.navigation(order[0], order)
    assert "Previous" not in first and "Contents" not in first and f"]({order[1].name})" in first
    last = course.navigation(order[-1], order)
    assert "Next" not in last


def test_clean_drops_slider_outputs_and_run_metadata():
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}, "language_info": {"name": "python", "version": "3.11"}})
    widget = nbformat.v4.new_output("display_data", data={course.WIDGET_VIEW: {"model_id": "x"}})
    plain = nbformat.v4.new_output("stream", name="stdout", text="1\n")
    nb.cells = [nbformat.v4.new_code_cell("box", outputs=[widget, plain]),
                nbformat.v4.new_code_cell("1", outputs=[plain], metadata={"execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"}, "tags": ["a"]})]
    course.clean(nb)
    assert nb.cells[0].outputs == [] and nb.cells[1].outputs == [plain]
    assert nb.cells[1].metadata == {"tags": ["a"]}
    assert "version" not in nb.metadata["language_info"] and "widgets" not in nb.metadata


def test_student_edition_stubs_solutions_and_hides_answers():
    nb = nbformat.v4.new_notebook()
    solution = nbformat.v4.new_code_cell("import math\nanswer = -math.log2(1 / 6)\ndef f(x):\n    return x",
                                         metadata={"tags": ["solution"]})
    checker = nbformat.v4.new_code_cell("lib.check.number(answer, 2.585)",
                                        outputs=[nbformat.v4.new_output("stream", name="stdout", text="✔")])
    nb.cells = [solution, checker]
    student = course.student_edition(nb)
    assert student.cells[0].source.splitlines()[1:] == ["answer = ...", "f = ..."]
    assert "log2" not in student.cells[0].source and student.cells[1].outputs == []
    assert nb.cells[0].source.startswith("import math")  # the original is untouched


def test_titles_come_from_each_notebooks_first_heading():
    for path in course.lessons():
        assert course.title(path).startswith(path.name[:2] + " · ")
    assert (NOTEBOOKS / "00_index.ipynb") == course.lessons()[0]
