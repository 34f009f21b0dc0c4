"""scripts/notebooks.py: navigation, cleaning, the student edition."""

import nbformat

from nbtools import NOTEBOOKS, course


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
    solution = nbformat.v4.new_code_cell(
        'import math\nanswer = -math.log2(1 / 6)\ndef f(x, *, base=2):\n    """Doc."""\n    return x',
        metadata={"tags": ["solution"]})
    checker = nbformat.v4.new_code_cell('lib.check.exercise("01.1", answer)',
                                        outputs=[nbformat.v4.new_output("stream", name="stdout", text="✔")])
    reveal = nbformat.v4.new_code_cell("print(2.585)", metadata={"tags": ["reveal"]},
                                       outputs=[nbformat.v4.new_output("stream", name="stdout", text="2.585")])
    nb.cells = [solution, checker, reveal]
    student = course.student_edition(nb)
    assert student.cells[0].source.splitlines()[1:] == [
        "answer = ...", "def f(x, *, base=2):", '    """Doc."""', "    return ..."]
    assert "log2" not in student.cells[0].source
    assert student.cells[1].outputs == [] and student.cells[2].outputs == []
    assert nb.cells[0].source.startswith("import math")  # the original is untouched
    assert course.exercise_calls(nb) == [("01.1", "answer", 1)]


def test_the_stub_of_a_function_is_read_as_no_answer():
    import lib

    namespace = {}
    exec(course.stub('def f(p):\n    """Doc."""\n    return -p'), namespace)
    feedback = lib.check.function(namespace["f"], lambda p: -p, [1.0])
    assert not feedback and "No answer yet" in str(feedback)


def test_titles_come_from_each_notebooks_first_heading():
    for path in course.lessons():
        assert course.title(path).startswith(path.name[:2] + " · ")
    assert (NOTEBOOKS / "00_index.ipynb") == course.lessons()[0]
