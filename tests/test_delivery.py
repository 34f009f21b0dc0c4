"""How the course is delivered: the locks, the Python range, the BLAS setting, the test split.

binder/requirements.in lists the course's direct dependencies; `make lock` compiles it
(uv, --universal for Python 3.10-3.13) into binder/requirements.txt, and
requirements-test.in (the test tools on top) into requirements-test.txt. These tests
read the files only (no network): a lock is stale when a package was added to or removed
from its .in, or a pin changed, without `make lock`. scripts/check_binder.py checks the
other half, that an environment built from the lock is exactly the lock.
"""

import re
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
COURSE_IN, COURSE_LOCK = ROOT / "binder" / "requirements.in", ROOT / "binder" / "requirements.txt"
TEST_IN, TEST_LOCK = ROOT / "requirements-test.in", ROOT / "requirements-test.txt"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")  # the supported range
BLAS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def read_in(path):
    """The requirements of an .in file, following ``-r`` (not ``-c``): {name: Requirement}."""
    reqs = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            reqs.update(read_in(ROOT / line[2:].strip()))
        elif line and not line.startswith("-"):
            req = Requirement(line)
            reqs[canonicalize_name(req.name)] = req
    return reqs


def read_lock(path):
    """The lock's entries: [(name, version, marker or None, [the "via" sources])]."""
    entries = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):  # "    # via x" or "    #   x" under the last entry
            source = line.strip().lstrip("#").strip()
            source = source.removeprefix("via").strip()
            if source and entries:
                entries[-1][3].append(source)
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: {line!r} is not name==version"
        entries.append((canonicalize_name(req.name), specs[0].version, req.marker, []))
    return entries


def staleness(in_path, lock_path):
    """What makes the lock disagree with its .in file (empty when it is fresh)."""
    wanted = read_in(in_path)
    entries = read_lock(lock_path)
    problems = []
    direct = {name for name, _, _, via in entries
              if any(v.startswith("-r ") for v in via)}
    for name in sorted(set(wanted) - {n for n, *_ in entries}):
        problems.append(f"{name} is in {in_path.name} but not in the lock")
    for name in sorted(direct - set(wanted)):
        problems.append(f"{name} is locked as a direct requirement but is no longer in {in_path.name}")
    for name, version, _, _ in entries:
        if name in wanted and not wanted[name].specifier.contains(version, prereleases=True):
            problems.append(f"{name}=={version} in the lock does not satisfy {wanted[name]}")
    return problems


def environment(python):
    env = default_environment()
    env.update(python_version=python, python_full_version=f"{python}.0",
               sys_platform="linux", os_name="posix", platform_system="Linux",
               implementation_name="cpython", platform_python_implementation="CPython")
    return env


@pytest.mark.parametrize("in_path, lock_path", [(COURSE_IN, COURSE_LOCK), (TEST_IN, TEST_LOCK)],
                         ids=["course", "tests"])
def test_lock_is_fresh(in_path, lock_path):
    problems = staleness(in_path, lock_path)
    assert not problems, f"{lock_path.name} is stale, run `make lock`:\n" + "\n".join(problems)


def test_a_changed_pin_or_package_makes_the_lock_stale(tmp_path):
    text = COURSE_IN.read_text()
    numpy = re.search(r"^numpy==(\S+)", text, re.M)
    changed = tmp_path / "requirements.in"
    changed.write_text(text.replace(numpy.group(0), "numpy==1.0.0") + "\nrequests==2.0\n")
    problems = staleness(changed, COURSE_LOCK)
    assert any("numpy" in p for p in problems) and any("requests" in p for p in problems)
    removed = tmp_path / "removed.in"
    removed.write_text(re.sub(r"^scipy==.*$", "", text, flags=re.M))
    assert any("scipy" in p for p in staleness(removed, COURSE_LOCK))


@pytest.mark.parametrize("lock_path", [COURSE_LOCK, TEST_LOCK], ids=["course", "tests"])
@pytest.mark.parametrize("python", PYTHONS)
def test_lock_gives_one_version_of_each_package_on_every_supported_python(lock_path, python):
    chosen = {}
    for name, version, marker, _ in read_lock(lock_path):
        if marker is None or marker.evaluate(environment(python)):
            assert name not in chosen, f"{name}: two versions for Python {python}"
            chosen[name] = version
    assert {"numpy", "scipy", "jupyterlab", "ipykernel", "scikit-learn", "gymnasium"} <= set(chosen)


def test_the_test_lock_keeps_every_pin_of_the_course_lock():
    course = {(n, v, str(m)) for n, v, m, _ in read_lock(COURSE_LOCK)}
    tests = {(n, v, str(m)) for n, v, m, _ in read_lock(TEST_LOCK)}
    assert course <= tests, f"differ: {sorted(course - tests)[:10]}"


def test_jupyterlab_widgets_is_built_for_the_pinned_jupyterlab():
    """3.0.17 requires JupyterLab ^4.6.2; the browser test sees the warning otherwise."""
    pins = {n: v for n, v, m, _ in read_lock(COURSE_LOCK) if m is None}
    lab = tuple(int(x) for x in pins["jupyterlab"].split(".")[:2])
    if lab < (4, 6):
        assert pins["jupyterlab-widgets"] in ("3.0.15", "3.0.16"), pins["jupyterlab-widgets"]


def test_python_range_is_the_same_in_pyproject_makefile_and_lock():
    pyproject = (ROOT / "pyproject.toml").read_text()
    spec = SpecifierSet(re.search(r'^requires-python = "([^"]+)"', pyproject, re.M).group(1))
    makefile = (ROOT / "Makefile").read_text()
    lo, hi = re.search(r"if not \((3, \d+)\) <= v <= \((3, \d+)\):", makefile).groups()
    lo, hi = (tuple(map(int, x.split(", "))) for x in (lo, hi))
    for minor in range(6, 16):
        assert (f"3.{minor}" in spec) == (lo <= (3, minor) <= hi), f"Python 3.{minor}"
    assert f"--python-version {lo[0]}.{lo[1]}" in makefile  # the locks start at the lower bound
    assert f"{PYTHONS[0]}" == f"{lo[0]}.{lo[1]}" and PYTHONS[-1] == f"{hi[0]}.{hi[1]}"


def test_kernels_run_blas_on_one_thread():
    makefile = (ROOT / "Makefile").read_text()
    start = (ROOT / "binder" / "start").read_text()
    for name in BLAS:
        assert re.search(rf"^export {name} := 1$", makefile, re.M), name
        assert f"{name}=1" in start, name
    assert start.rstrip().endswith('exec "$@"')


def test_make_test_does_not_collect_the_browser_test():
    browser = sorted(p.name for p in (ROOT / "tests" / "browser").glob("*.py"))
    assert browser and not [n for n in browser if n.startswith("test_") or n.endswith("_test.py")]
    makefile = (ROOT / "Makefile").read_text()
    assert "pytest tests notebooks --ignore=tests/browser" in makefile
    assert re.search(r"^test-browser:.*\n(\t.*\n)*\t\$\(PY\) -m pytest tests/browser/\S+\.py",
                     makefile, re.M)
