"""Check that the course opens and runs on Binder, without Docker.

Binder builds the image with repo2docker from the files in binder/ only:
runtime.txt (Python version), requirements.txt (the full lock of requirements.in),
postBuild (installs `lib`) and start (the environment every kernel inherits). This
script checks, in order:

1. Pins: binder/requirements.txt pins every package with `==` (an environment marker
   may follow), and the top-level requirements.txt includes it.
2. repo2docker: `jupyter-repo2docker --no-build --debug .` prints the Dockerfile
   Binder would build (no Docker daemon is needed for that); it must use the Python
   version of runtime.txt in a single notebook+kernel environment, install
   binder/requirements.txt, run binder/postBuild and start through binder/start.
3. A clean environment on Binder's Python (3.12: found on PATH or among pyenv's
   versions; under CI=true a missing one fails instead of falling back): a fresh
   virtualenv gets only `pip install -r binder/requirements.txt`, then binder/postBuild
   runs in a copy of the working tree (tracked and untracked, not ignored files).
   `pip check` must pass, `pip freeze` must equal the lock (so the lock is complete),
   the installed `lib` must hold every file of lib/ and import outside the tree, and
   binder/start must set one BLAS thread. Then the course map (the notebook the Binder
   link opens) runs through binder/start on that environment's kernel, by the course's
   own runner (scripts/notebooks.py execute, on the copy).

`make test` runs every notebook in the main environment just before this, with the same
pins, so the clean environment runs only the course map; --all runs every notebook.

So a notebook that imports something Binder does not install, a lock that misses a
package, or a postBuild that breaks fails here rather than in a learner's browser.

Run from the repository root:  .venv/bin/python scripts/check_binder.py
Options: --python PY (interpreter for the clean venv; default: Python X.Y of runtime.txt,
         from PATH or pyenv), --all (run every notebook, not only the course map),
         --notebooks DIR (default: notebooks/ of the copy; an absolute DIR is used in place).
"""

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
BINDER = ROOT / "binder"
failures = []


def fail(message):
    failures.append(message)
    print(f"  FAIL: {message}")


def ok(message):
    print(f"  ok: {message}")


def run(cmd, **kwargs):
    """Run cmd, return the CompletedProcess; output is captured as text."""
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)


def tail(text, lines=15):
    """The last lines of a command's output, without terminal colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def check_pins():
    print("[1/3] requirements pins")
    pin = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[^=\s;#]+(\s*;.*)?$")
    for n, line in enumerate((BINDER / "requirements.txt").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line and not pin.match(line):
            fail(f"binder/requirements.txt:{n}: {line!r} is not pinned as name==version")
    top = ROOT / "requirements.txt"
    top = [line.strip() for line in top.read_text().splitlines()] if top.exists() else []
    if "-r binder/requirements.txt" not in top:
        fail("requirements.txt does not include `-r binder/requirements.txt`")
    if not failures:
        ok("binder/requirements.txt is pinned with ==; requirements.txt includes it")


def python_version_wanted():
    path = BINDER / "runtime.txt"
    runtime = path.read_text().strip() if path.exists() else "missing"
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    if not match:
        fail(f"binder/runtime.txt is {runtime!r}, expected python-X.Y")
        return None
    return match.group(1)


def check_repo2docker(tree):
    """Check the Dockerfile repo2docker would build; return runtime.txt's Python version."""
    print("[2/3] repo2docker --no-build --debug")
    version = python_version_wanted()
    if not version:
        return None
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    if not r2d.exists():
        fail(f"{r2d} not found: install requirements.txt into this environment")
        return version
    # (requirements.txt pins chardet 5: repo2docker 2025.8.0 fails with chardet >= 7.)
    proc = run([r2d, "--no-build", "--debug", "."], cwd=tree)
    if proc.returncode != 0:
        fail(f"repo2docker exited {proc.returncode}:\n{tail(proc.stderr)}")
        return version
    dockerfile = proc.stdout
    # Files the Dockerfile copies are named build_script_files/<path escaped as -XX hex>;
    # the base environment's lock file among them names the Python version.
    copied = [re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
              for name in re.findall(r"build_script_files/(\S+)", dockerfile)]
    checks = {
        f"uses Python {version}": any(f"/environment.py-{version}-" in name for name in copied),
        # else requirements.txt (and so jupyterlab, ipywidgets) would go to a separate
        # kernel environment, not the one JupyterLab runs from
        "kernel and JupyterLab share one environment":
            "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile,
        "installs binder/requirements.txt":
            re.search(r'pip install .*-r "?binder/requirements\.txt', dockerfile),
        "runs binder/postBuild": "RUN ./binder/postBuild" in dockerfile,
        "starts through binder/start": 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile,
    }
    for what, passed in checks.items():
        if passed:
            ok(f"Dockerfile {what}")
        else:
            fail(f"Dockerfile does not show that it {what}")
    return version


def copy_tree(dest):
    """Copy tracked and untracked-but-not-ignored files (never .git or .venv) to dest."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 cwd=ROOT, check=True)
    for name in sorted(set(filter(None, listed.stdout.split("\0")))):
        parts = Path(name).parts
        src = ROOT / name
        if parts[0] in (".git", ".venv") or "__pycache__" in parts or not src.is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name)


# lib itself, and what `python -m venv` seeds (kept unless the lock pins them)
VENV_OWN = {"infotheory-course-lib", "pip", "setuptools", "wheel"}


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(path, environment):
    """{name: version} of the lock's lines whose environment marker holds in ``environment``."""
    from packaging.requirements import Requirement

    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(environment):
            pins[normalize(req.name)] = str(req.specifier).removeprefix("==")
    return pins


def check_freeze(python, tree, env):
    """`pip freeze` of the clean venv must be the lock, package for package."""
    marker_env = run([python, "-c", "import json; from packaging.markers import "
                      "default_environment as d; print(json.dumps(d()))"], env=env)
    if marker_env.returncode != 0:
        fail(f"cannot read the venv's marker environment:\n{tail(marker_env.stderr)}")
        return
    wanted = lock_pins(tree / "binder" / "requirements.txt", json.loads(marker_env.stdout))
    freeze = run([python, "-m", "pip", "freeze", "--all"], env=env).stdout
    got = {}
    for line in freeze.splitlines():
        name, sep, version = line.partition("==")
        if sep:
            got[normalize(name)] = version
    extra = sorted(f"{n}=={v}" for n, v in got.items() if n not in wanted and n not in VENV_OWN)
    missing = sorted(f"{n}=={v}" for n, v in wanted.items() if n not in got)
    differ = sorted(f"{n}: lock {v}, installed {got[n]}" for n, v in wanted.items()
                    if n in got and got[n] != v)
    if extra:
        fail(f"installed but not in binder/requirements.txt (run make lock): {', '.join(extra)}")
    if missing:
        fail(f"in binder/requirements.txt but not installed: {', '.join(missing)}")
    if differ:
        fail(f"installed versions differ from the lock: {'; '.join(differ)}")
    if not (extra or missing or differ):
        ok(f"pip freeze equals binder/requirements.txt ({len(wanted)} packages)")


INSTALLED_LIB = """
import json, pathlib, sys
import lib
root = pathlib.Path(lib.__file__).parent
print(json.dumps(sorted(str(p.relative_to(root)) for p in root.rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)))
"""


def check_installed_lib(python, tree, tmp, env):
    """lib, installed by postBuild, imports outside the tree and holds every file of lib/."""
    proc = run([python, "-c", INSTALLED_LIB], cwd=tmp, env=env)
    if proc.returncode != 0:
        fail(f"import lib (installed by postBuild) failed:\n{tail(proc.stderr)}")
        return
    installed = set(json.loads(proc.stdout))
    source = {str(p.relative_to(tree / "lib")) for p in (tree / "lib").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    missing = sorted(source - installed)
    if missing:
        fail(f"postBuild's lib lacks {', '.join(missing)} (pyproject.toml [tool.setuptools])")
    else:
        ok(f"import lib works outside the tree; the installed lib has all {len(source)} files")


def check_clean_env(tree, tmp, python, notebooks_option, run_all, version):
    print("[3/3] clean venv from binder/ only, postBuild, lock, lib, start, course map")
    got = run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).stdout.strip()
    if version and got != version:
        print(f"  note: clean venv uses Python {got}, Binder {version} (--python PY to match)")
    else:
        ok(f"Python {got} ({python})")
    venv = tmp / "venv"
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME") and not k.endswith("_NUM_THREADS")}
    env.update(PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),  # ignore the user's Jupyter setup
               JUPYTER_DATA_DIR=str(tmp / "jupyter-data"))
    pip = [bin_ / "python", "-m", "pip"]
    steps = [  # --no-compile only saves time: bytecode is then compiled on first import
        ("create venv", [python, "-m", "venv", venv]),
        ("pip install -r binder/requirements.txt",
         pip + ["install", "-q", "--no-compile", "-r", "binder/requirements.txt"]),
        ("binder/postBuild", ["./binder/postBuild"]),
        ("pip check", pip + ["check"]),
    ]
    for script in ("postBuild", "start"):
        if not (tree / "binder" / script).is_file():
            fail(f"binder/{script} is missing")
            return
        (tree / "binder" / script).chmod(0o755)  # repo2docker does the same before using it
    for what, cmd in steps:
        start = time.monotonic()
        proc = run(cmd, cwd=tree, env=env)
        if proc.returncode != 0:
            fail(f"{what} exited {proc.returncode}:\n{tail(proc.stdout + proc.stderr)}")
            return
        ok(f"{what} ({time.monotonic() - start:.0f}s)")
    check_freeze(bin_ / "python", tree, env)
    check_installed_lib(bin_ / "python", tree, tmp, env)

    start_script = tree / "binder" / "start"
    threads = run([start_script, bin_ / "python", "-c", "import os; print(*(os.environ.get("
                   "k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')))"],
                  cwd=tree, env=env)
    if threads.stdout.split() == ["1", "1", "1"]:
        ok("binder/start sets OPENBLAS/OMP/MKL_NUM_THREADS=1 and runs its arguments")
    else:
        fail(f"binder/start did not set one BLAS thread: {threads.stdout!r} {threads.stderr!r}")

    notebooks_dir = Path(notebooks_option)
    if not notebooks_dir.is_absolute():
        notebooks_dir = tree / notebooks_dir
    if not (notebooks_dir / "00_index.ipynb").exists():
        fail(f"{notebooks_option}/00_index.ipynb (the notebook the Binder link opens) is missing")
        return
    notebooks = sorted(notebooks_dir.glob("*.ipynb")) if run_all else [notebooks_dir / "00_index.ipynb"]
    for nb in notebooks:
        start = time.monotonic()
        # The course's own runner (scripts/notebooks.py), through binder/start, on this
        # venv's Python and kernel; it writes the outputs back into the temporary copy only.
        proc = run([start_script, bin_ / "python", tree / "scripts" / "notebooks.py", "execute", nb],
                   cwd=tree, env=env)
        if proc.returncode != 0:
            fail(f"notebook {nb.name} failed:\n{tail(proc.stderr)}")
        else:
            ok(f"notebook {nb.name} ran ({time.monotonic() - start:.0f}s)")


def runs(python):
    try:
        return run([python, "-c", "import venv, ensurepip"]).returncode == 0
    except (FileNotFoundError, PermissionError):
        return False


def binder_python(version):
    """An interpreter of Binder's Python version: on PATH, else among pyenv's versions.

    A pyenv shim on PATH may exist and still fail (no such version selected), so each
    candidate must run. Without one, fall back to this interpreter with a note, except
    under CI=true, where that would check the wrong Python: return None (a failure).
    """
    if version:
        pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
        candidates = [shutil.which(f"python{version}")]
        candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", f"{version}.*",
                                                    "bin", f"python{version}")), reverse=True)
        for candidate in filter(None, candidates):
            if runs(candidate) and run([candidate, "-c", "import sys; print('%d.%d' % "
                                        "sys.version_info[:2])"]).stdout.strip() == version:
                return candidate
        if os.environ.get("CI") == "true":
            return None
    return sys.executable


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=None,
                        help="interpreter for the clean venv (default: Python X.Y of "
                             "runtime.txt, from PATH or pyenv)")
    parser.add_argument("--all", action="store_true",
                        help="run every notebook in the clean venv, not only the course map")
    parser.add_argument("--notebooks", default="notebooks",
                        help="notebook directory (default: notebooks)")
    args = parser.parse_args()
    if not (BINDER / "requirements.txt").exists():
        sys.exit("check_binder: run from the repository root (no binder/requirements.txt here)")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("check_binder: terminated"))  # clean up tmp
    start = time.monotonic()
    check_pins()
    with tempfile.TemporaryDirectory(prefix="check-binder-") as tmp:
        tmp = Path(tmp)
        tree = tmp / "repo"
        copy_tree(tree)
        version = check_repo2docker(tree)
        python = args.python or binder_python(version)
        if python is None:
            fail(f"no Python {version} (binder/runtime.txt) on PATH or in pyenv; "
                 f"under CI=true the check does not fall back to another Python")
        else:
            check_clean_env(tree, tmp, python, args.notebooks, args.all, version)

    took = time.monotonic() - start
    if failures:
        print(f"check_binder: {len(failures)} failure(s) in {took:.0f}s")
        sys.exit(1)
    print(f"check_binder: all Binder checks passed in {took:.0f}s")


if __name__ == "__main__":
    main()
