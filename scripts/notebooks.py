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


def _assigned_names(source):
    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        if isinstance(node, (ast.FunctionDef,)):
            names.append(node.name)
        for t in targets:
            names += [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


def student_edition(nb):
    """A copy of ``nb`` whose ``solution`` cells are replaced by ``name = ...`` stubs.

    Outputs of solution cells and of the ``lib.check`` cells are cleared, so nothing
    gives the answers away; ``lib.check`` answers a ``...`` with "no answer yet".
    """
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "solution" in cell.metadata.get("tags", []):
            stub = ["# Your turn: replace each ... with your answer."]
            stub += [f"{name} = ..." for name in _assigned_names(cell.source)]
            cell.source = "\n".join(stub)
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != "solution"]
            cell.outputs, cell.execution_count = [], None
        elif re.search(r"\blib\.check\.", cell.source):
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
