# The course in two commands:  make lab  (open it)   make test  (check it).
# Everything is installed into .venv from the locks; python3 (3.10 to 3.13, with venv) and
# make are all a fresh machine needs. Use another interpreter with  make PYTHON=python3.12 lab
#
#   binder/requirements.in  the course's direct dependencies (hand-edited)
#   binder/requirements.txt its full lock (what make lab, plain pip and Binder install)
#   requirements-test.in    the test tools, on top of the course
#   requirements-test.txt   its full lock (what make test installs)
#   make lock               recompiles both locks (uv); tests/test_delivery.py fails on a stale one

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
COURSE := $(VENV)/.installed-course
TESTS  := $(VENV)/.installed-tests
LATEST := build/latest-venv

# The course multiplies small matrices: on a few cores one BLAS thread is several times
# faster than many (benchmarks/blas_threads.py measures it). Exported to every recipe, so
# to JupyterLab, nbval and every kernel they start; binder/start does the same on Binder.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

PYTEST_NOTEBOOKS := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

.PHONY: install lab test test-lib test-notebooks check-binder test-browser test-latest lock \
        execute nav student benchmark clean

# The supported Pythons: the locks are resolved for exactly this range.
define CHECK_PYTHON
import sys
v = sys.version_info[:2]
if not (3, 10) <= v <= (3, 13):
    sys.exit("The course needs Python 3.10 to 3.13; %s is %d.%d.\n"
             "Use another one, e.g.  make PYTHON=python3.12 lab  (or delete .venv and retry)."
             % (sys.executable, *v))
try:
    import venv, ensurepip
except ImportError:
    sys.exit("Python needs venv and ensurepip (Debian/Ubuntu: apt-get install python3-venv)")
endef
export CHECK_PYTHON

$(PY):
	@$(PYTHON) -c "$$CHECK_PYTHON"
	$(PYTHON) -m venv $(VENV)

$(COURSE): binder/requirements.txt pyproject.toml | $(PY)
	@$(PY) -c "$$CHECK_PYTHON"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r binder/requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(TESTS): requirements-test.txt $(COURSE)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

## install: the course's packages and lib only (what make lab needs)
install: $(COURSE)

# Jupyter refuses to start as root unless told to (containers often run as root).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

## lab: open the course in JupyterLab, at the course map
lab: $(COURSE)
	$(VENV)/bin/jupyter lab $(LAB_ARGS) --LabApp.default_url=/lab/tree/notebooks/00_index.ipynb

## test: lib tests, notebook checks, nbval (strict) over every notebook, then the Binder check
test: $(TESTS)
	$(PY) -m pytest tests notebooks --ignore=tests/browser $(PYTEST_NOTEBOOKS)
	$(PY) scripts/check_binder.py

test-lib: $(TESTS)
	$(PY) -m pytest tests --ignore=tests/browser

# (tests/notebooks/test_conventions.py brings in tests/conftest.py, whose sweep and exercise
# checks run in nbval's kernel after each notebook.)
test-notebooks: $(TESTS)
	$(PY) -m pytest tests/notebooks/test_conventions.py notebooks $(PYTEST_NOTEBOOKS)

check-binder: $(TESTS)
	$(PY) scripts/check_binder.py

## test-browser: every notebook in JupyterLab in headless Chromium (needs /usr/bin/chromium)
test-browser: $(TESTS)
	@test -x /usr/bin/chromium || { echo "make test-browser needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"; exit 1; }
	$(PY) -m pytest tests/browser/browser_notebooks.py -v

## test-latest: the suite in a fresh venv with the newest release of every direct dependency
test-latest:
	@$(PYTHON) -c "$$CHECK_PYTHON"
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet \
	  $$(sed -e 's/#.*//' -e 's/[=<>~!; ].*//' -e '/^-/d' binder/requirements.in) \
	  pytest nbval nbclient nbformat hypothesis mpmath "chardet<7"
	$(LATEST)/bin/python -m pip install --quiet --no-deps -e .
	$(LATEST)/bin/python -m pip list --format=freeze > build/latest-freeze.txt
	$(LATEST)/bin/python -m pytest tests notebooks --ignore=tests/browser $(PYTEST_NOTEBOOKS)

## lock: recompile both locks from their .in files (for Python 3.10-3.13)
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.10 \
             --custom-compile-command "make lock"
lock: $(TESTS)
	$(UV_COMPILE) binder/requirements.in -o binder/requirements.txt
	$(UV_COMPILE) requirements-test.in -o requirements-test.txt

## execute: regenerate navigation links and every notebook's committed outputs
execute: $(COURSE)
	$(PY) scripts/notebooks.py nav
	$(PY) scripts/notebooks.py execute

nav: $(COURSE)
	$(PY) scripts/notebooks.py nav

## student: write the student edition (solutions replaced by stubs) to student/
student: $(COURSE)
	$(PY) scripts/notebooks.py student student

## benchmark: time every notebook, the numeric core, and BLAS with one thread against two
benchmark: $(COURSE)
	$(PY) benchmarks/course_runtime.py
	$(PY) benchmarks/lib_core.py
	$(PY) benchmarks/blas_threads.py

clean:
	rm -rf $(VENV) student build
