"""Check that the course opens and runs on Binder, without Docker.

Binder builds the image with repo2docker from the files in binder/ only:
runtime.txt (Python version), requirements.txt (the course's pins) and postBuild
(installs `lib`). This script checks, in order:

1. Pins: binder/requirements.txt pins every package with `==`, and the top-level
   requirements.txt includes it with `-r binder/requirements.txt`.
2. repo2docker: `jupyter-repo2docker --no-build --debug .` prints the Dockerfile
   Binder would build (no Docker daemon is needed for that); it must use the Python
   version of runtime.txt in a single notebook+kernel environment, install
   binder/requirements.txt and run binder/postBuild.
3. A clean run: a fresh virtualenv gets only `pip install -r binder/requirements.txt`,
   then binder/postBuild runs in a copy of the working tree (tracked and untracked,
   not ignored files), `pip check` must pass, and every notebook must execute
   without error on that environment's kernel, run by the course's own runner
   (scripts/notebooks.py execute, on the copy).

So a notebook that imports something Binder does not install, or a postBuild that
breaks, fails here rather than in a learner's browser.

Run from the repository root:  .venv/bin/python scripts/check_binder.py
Options: --python PY (interpreter for the clean venv; default: python3.X of runtime.txt
         if this machine can run it, else this one),
         --notebooks DIR (default: notebooks/ of the copy; an absolute DIR is used in place).
"""

import argparse
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


def check_clean_env(tree, tmp, python, notebooks_option, version):
    print("[3/3] clean venv from binder/ only, postBuild, notebooks")
    got = run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).stdout.strip()
    if version and got != version:
        print(f"  note: clean venv uses Python {got}, Binder {version} (--python PY to match)")
    venv = tmp / "venv"
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
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
    if not (tree / "binder" / "postBuild").is_file():
        fail("binder/postBuild is missing: nothing would install lib on Binder")
        return
    (tree / "binder" / "postBuild").chmod(0o755)  # repo2docker does the same before running it
    for what, cmd in steps:
        start = time.monotonic()
        proc = run(cmd, cwd=tree, env=env)
        if proc.returncode != 0:
            fail(f"{what} exited {proc.returncode}:\n{tail(proc.stdout + proc.stderr)}")
            return
        ok(f"{what} ({time.monotonic() - start:.0f}s)")

    notebooks_dir = Path(notebooks_option)
    if not notebooks_dir.is_absolute():
        notebooks_dir = tree / notebooks_dir
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if not (notebooks_dir / "00_index.ipynb").exists():
        fail(f"{notebooks_option}/00_index.ipynb (the notebook the Binder link opens) is missing")
    for nb in notebooks:
        start = time.monotonic()
        # The course's own runner (scripts/notebooks.py), on this venv's Python and kernel;
        # it writes the outputs back into the temporary copy only.
        proc = run([bin_ / "python", tree / "scripts" / "notebooks.py", "execute", nb],
                   cwd=tree, env=env)
        if proc.returncode != 0:
            fail(f"notebook {nb.name} failed:\n{tail(proc.stderr)}")
        else:
            ok(f"notebook {nb.name} ran ({time.monotonic() - start:.0f}s)")


def binder_python(version):
    """The interpreter Binder uses (``python3.12``) if this machine can run it, else this one."""
    try:
        if version and run([f"python{version}", "-c", "import venv, ensurepip"]).returncode == 0:
            return f"python{version}"
    except FileNotFoundError:
        pass
    return sys.executable


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=None,
                        help="interpreter for the clean venv (default: python3.X as in "
                             "runtime.txt if it runs here, else this one)")
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
        check_clean_env(tree, tmp, args.python or binder_python(version), args.notebooks, version)

    took = time.monotonic() - start
    if failures:
        print(f"check_binder: {len(failures)} failure(s) in {took:.0f}s")
        sys.exit(1)
    print(f"check_binder: all Binder checks passed in {took:.0f}s")


if __name__ == "__main__":
    main()
