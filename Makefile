# The course in two commands:  make lab  (open it)   make test  (check it).
# Everything is installed into .venv from the pinned requirements; python3 (3.10+) and make
# are all a fresh machine needs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: lab test test-lib test-notebooks check-binder execute nav student benchmark clean

$(STAMP): requirements.txt binder/requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 10), "Python 3.10+ needed"' \
	  || { echo "Need Python 3.10+ with venv and ensurepip (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Jupyter refuses to start as root unless told to (containers often run as root).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

## lab: open the course in JupyterLab, at the course map
lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(LAB_ARGS) --LabApp.default_url=/lab/tree/notebooks/00_index.ipynb

## test: lib tests, notebook checks, nbval (strict) over every notebook, then the Binder check
test: $(STAMP)
	$(PY) -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
	$(PY) scripts/check_binder.py

test-lib: $(STAMP)
	$(PY) -m pytest tests

test-notebooks: $(STAMP)
	$(PY) -m pytest notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

check-binder: $(STAMP)
	$(PY) scripts/check_binder.py

## execute: regenerate navigation links and every notebook's committed outputs
execute: $(STAMP)
	$(PY) scripts/notebooks.py nav
	$(PY) scripts/notebooks.py execute

nav: $(STAMP)
	$(PY) scripts/notebooks.py nav

## student: write the student edition (solutions replaced by stubs) to student/
student: $(STAMP)
	$(PY) scripts/notebooks.py student student

## benchmark: time every notebook and the numeric core
benchmark: $(STAMP)
	$(PY) benchmarks/course_runtime.py
	$(PY) benchmarks/lib_core.py

clean:
	rm -rf $(VENV) student
