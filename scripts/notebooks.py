"""Maintain the course notebooks: navigation links, executed outputs, the student edition.

    python scripts/notebooks.py nav               # regenerate every notebook's navigation cell
    python scripts/notebooks.py execute [NB ...]  # re-run notebooks in place (default: all)
    python scripts/notebooks.py student OUTDIR    # write copies without the solutions

``make execute`` runs ``nav`` and then ``execute``. Executed notebooks are written with
stable metadata (no timings, no Python version, no widget state), so re-running an
unchanged notebook leaves its file unchanged apart from the figures' pixels.
"""

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def lessons():
    """The course notebooks, in order: ``notebooks/NN_name.ipynb``."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def read(path):
    return nbformat.read(path, as_version=4)


def write(nb, path):
    Path(path).write_text(nbformat.writes(nb) + "\n")


def title(path):
    """The notebook's H1 (its first markdown line), e.g. ``02 · Entropy``."""
    first = read(path).cells[0]
    line = first.source.splitlines()[0] if first.source else ""
    if first.cell_type != "markdown" or not line.startswith("# "):
        raise ValueError(f"{path.name}: the first cell must be markdown starting with '# Title'")
    return line[2:].strip()


def navigation(path, order=None):
    """The markdown of ``path``'s navigation cell: previous · contents · next."""
    order = order or lessons()
    names = [p.name for p in order]
    i = names.index(Path(path).name)
    parts = []
    if i > 0:
        parts.append(f"**← Previous:** [{title(order[i - 1])}]({names[i - 1]})")
    if names[0] != Path(path).name:
        parts.append(f"**Contents:** [{title(order[0])}]({names[0]})")
    if i + 1 < len(order):
        parts.append(f"**Next →** [{title(order[i + 1])}]({names[i + 1]})")
    return "---\n\n" + " · ".join(parts)


def update_navigation():
    """Rewrite the last cell (tagged ``navigation``) of every notebook."""
    order = lessons()
    for path in order:
        nb = read(path)
        cell = nbformat.v4.new_markdown_cell(navigation(path, order))
        cell.metadata["tags"] = ["navigation"]
        last = nb.cells[-1]
        if "navigation" in last.metadata.get("tags", []):
            cell.id = last.id
            nb.cells[-1] = cell
        else:
            nb.cells.append(cell)
        write(nb, path)


def clean(nb):
    """Stable metadata, and no outputs in slider cells.

    A slider cell's outputs are a widget view (its model id changes on every run, and it
    shows nothing without a live kernel) and the figure the widget drew, which the cell
    before it already shows.
    """
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        cell.metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs):
            cell.outputs = []
    return nb


def run(nb, timeout=300):
    """Execute the notebook ``nb`` in place, top to bottom, in a fresh kernel.

    nbclient's imitation of the Output widget (the box a slider draws into) is switched
    off: it sends on the kernel's shell channel while nbclient waits there for the cell's
    reply, and at random the reply is then only seen when the timeout runs out
    (jupyter/nbclient#312). Nothing here needs the widgets' outputs.
    """
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            coalesce_streams=True,  # one output per stream, however it was flushed
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.widget_registry = {}
    client.execute()
    return nb


def execute(path):
    """Run ``path`` top to bottom in a fresh kernel and write it back, cleaned."""
    write(clean(run(read(path))), path)


# A check cell: lib.check.exercise("04.2", answer) and nothing else.
EXERCISE_CALL = re.compile(r"""lib\.check\.exercise\(\s*["'](\d\d\.\d+)["']\s*,\s*([A-Za-z_]\w*)\s*\)""")


def exercise_calls(nb):
    """``[(exercise_id, answer_name, cell_index), ...]`` for every check cell of ``nb``."""
    return [(m.group(1), m.group(2), i) for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" for m in EXERCISE_CALL.finditer(cell.source)]


def stub(source):
    """The student's version of a solution cell: the names to fill in, nothing computed.

    A value becomes ``name = ...``; a function keeps its signature and docstring and its
    body becomes ``return ...`` (which :mod:`lib.check` reads as "no answer yet"); any
    other statement, which would compute the answer, is left out.
    """
    lines = ["# Your turn: replace each ... with your answer."]
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            lines.append(f"def {node.name}({ast.unparse(node.args)}):")
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                lines.append(f'    """{doc}"""')
            lines.append("    return ...")
            lines.append("")
            continue
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and f"{name.id} = ..." not in lines:
                    lines.append(f"{name.id} = ...")
    return "\n".join(lines).rstrip()


def exercise_section(nb):
    """Indices of the cells from the ``## Exercises`` heading to the next ``##`` heading."""
    inside, out = False, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.match(r"## ", cell.source):
            inside = cell.source.startswith("## Exercises")
        if inside:
            out.append(i)
    return out


def student_edition(nb):
    """A copy of ``nb`` for students: no solution, and no output that gives one away.

    ``solution`` cells become stubs (:func:`stub`). Outputs are cleared in every code cell
    of the Exercises section, in every check cell, and in every cell tagged ``reveal`` (the
    cell that answers a "predict, then run" question), so nothing shows an answer before
    the student has one.
    Check cells name only the exercise (their checker lives in :mod:`lib.exercises`).
    """
    nb = nbformat.from_dict(nb)
    clear = set(exercise_section(nb))
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            cell.source = stub(cell.source)
            cell.metadata["tags"] = [t for t in tags if t != "solution"]
            clear.add(i)
        if i in clear or "reveal" in tags or "lib.check." in cell.source:
            cell.outputs, cell.execution_count = [], None
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("nav", help="regenerate navigation cells")
    run = sub.add_parser("execute", help="re-execute notebooks in place")
    run.add_argument("notebooks", nargs="*", type=Path)
    student = sub.add_parser("student", help="write the student edition")
    student.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)

    if args.command == "nav":
        update_navigation()
    elif args.command == "execute":
        for path in args.notebooks or lessons():
            print(f"executing {path.name}", flush=True)
            execute(path)
    else:
        args.outdir.mkdir(parents=True, exist_ok=True)
        for path in lessons():
            write(student_edition(read(path)), args.outdir / path.name)
        print(f"wrote {len(lessons())} notebooks to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
