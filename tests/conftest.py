"""Checks that ride on nbval's one run of each notebook.

nbval executes each notebook once, cell by cell, in one kernel and compares the outputs
with the committed ones. Right after a notebook's last cell this plugin adds two more
items that run in that same kernel, so no notebook is executed twice:

- ``explorers``: :func:`lib.widgets.sweep` moves every control of every explorer to both
  ends and the middle and checks each figure with :func:`lib.plots.problems` (the one
  figure checker, which the notebooks' own tests call too: labelled axes, finite data,
  legends inside, ≤ 960 px wide) and for warnings;
- ``exercises``: every exercise's solution passes its check; the student edition
  (``scripts/notebooks.py``) shows none of the answers, its stubs run without error, and
  every check then says "No answer yet".

No time limit is fixed here: both items wait as long as nbval's cell timeout.
"""

import json
import re
from queue import Empty

import pytest

import notebooks as course  # scripts/notebooks.py


def run_in_kernel(kernel, code, timeout):
    """Run ``code`` in nbval's kernel; return ``(stdout, [text/plain outputs], [errors])``."""
    msg_id = kernel.execute_cell_input(code, allow_stdin=False)
    kernel.await_reply(msg_id, timeout=timeout)
    stdout, shown, errors = [], [], []
    while True:
        try:
            msg = kernel.get_message(stream="iopub", timeout=timeout)
        except Empty:
            errors.append("no idle message from the kernel")
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind == "stream":
            (stdout if content["name"] == "stdout" else errors).append(content["text"])
        elif kind in ("execute_result", "display_data"):
            shown.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")
    return "".join(stdout), shown, errors


class KernelItem(pytest.Item):
    """A check run in the kernel nbval used for this notebook, after its last cell."""

    def __init__(self, *, check, **kwargs):
        super().__init__(**kwargs)
        self.check = check

    def runtest(self):
        kernel = self.parent.kernel
        if kernel is None or not kernel.is_alive():
            raise RuntimeError("the notebook's kernel is not running (a cell failed?)")
        timeout = float(self.config.option.nbval_cell_timeout)
        self.check(self, lambda code: run_in_kernel(kernel, code, timeout))

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


SWEEP = "import json as _j, lib.widgets as _w\nprint(_j.dumps(_w.sweep(globals())))"


def check_explorers(item, run):
    nb = course.read(item.path)
    cells = [c for c in nb.cells if c.cell_type == "code" and "lib.widgets.explore(" in c.source]
    assert cells, "every lesson has at least one explorer (lib.widgets.explore)"
    stdout, _, errors = run(SWEEP)
    assert not errors, errors
    report = json.loads(stdout.strip().splitlines()[-1])
    assert report["explorers"] == sum(c.source.count("lib.widgets.explore(") for c in cells), \
        "assign every explore(...) to a variable so the sweep can reach it"
    assert not report["problems"], "\n".join(report["problems"])


# Run in the kernel: does each solution pass, and what would its answer look like in print?
ANSWERS = r'''
import json as _j, numbers as _n
def _forms(x):
    if isinstance(x, bool) or x is None:
        return []
    if isinstance(x, str):
        return [x]
    if isinstance(x, _n.Real) and x == x and abs(x) != float("inf"):
        x = float(x)
        forms = {f"{x:.{d}f}" for d in (2, 3, 4)} | {f"{x:.{d}g}" for d in (3, 4, 6)} | {repr(x)}
        return sorted(f for f in forms if "." in f)  # "2" is everywhere; "2.00" is an answer
    return []
print(_j.dumps({_id: [bool(lib.check.exercise(_id, _v)), _forms(_v)] for _id, _v in [%s]}))
'''


def check_exercises(item, run):
    nb = course.read(item.path)
    calls = course.exercise_calls(nb)
    assert len({i for i, _, _ in calls}) >= 3, "at least three exercises checked by lib.check.exercise"
    for cell in nb.cells:
        if cell.cell_type == "code" and "lib.check." in cell.source:
            rest = course.EXERCISE_CALL.sub("", cell.source).strip()
            assert not rest, f"a check cell holds only lib.check.exercise(id, name), not: {rest!r}"
    stdout, _, errors = run(ANSWERS % ", ".join(f"({i!r}, {name})" for i, name, _ in calls))
    assert not errors, errors
    answers = json.loads(stdout.strip().splitlines()[-1])
    failing = [i for i, (passed, _) in answers.items() if not passed]
    assert not failing, f"the solutions to {failing} do not pass their own checks"

    student = course.student_edition(nb)
    section = set(course.exercise_section(student))
    visible = "\n".join(student.cells[i].source for i in section)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    for i, (_, forms) in answers.items():
        for form in forms:
            token = re.compile(rf"(?<![\w.]){re.escape(form)}(?![\w])")
            quoted = f'"{form}"' in code or f"'{form}'" in code
            assert not quoted and not token.search(visible if "." in form else ""), \
                f"the student edition shows the answer to {i}: {form!r}"
    stubs = {j for j, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])}
    checks = {j for _, _, j in calls}
    order = sorted(section | stubs | checks)
    for j in order:
        cell = student.cells[j]
        if cell.cell_type != "code":
            continue
        _, shown, errors = run(cell.source)
        assert not errors, f"student edition, cell {j}:\n{cell.source}\n-> {errors}"
        if j in checks:
            assert shown and all(s.startswith("✘ No answer yet") for s in shown), \
                f"student edition, cell {j} should say 'No answer yet', says {shown}"


def pytest_collection_modifyitems(session, config, items):
    """After the last nbval cell of each notebook, add the two kernel checks."""
    last = {}
    for index, item in enumerate(items):
        if type(item).__name__ == "IPyNbCell":
            last[item.parent] = index
    for parent, index in sorted(last.items(), key=lambda kv: -kv[1]):
        extra = [KernelItem.from_parent(parent, name="explorers", check=check_explorers),
                 KernelItem.from_parent(parent, name="exercises", check=check_exercises)]
        items[index + 1:index + 1] = extra
