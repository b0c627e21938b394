# Hidden Math — the course's commands.
#
#   make lab                  start JupyterLab on lesson 00 (creates .venv on first use)
#   make test                 unit tests + every lesson (nbval) + the browser suite
#   make test-portable        every lesson under every CPU kernel this machine runs, and 2 threads
#   make test-lesson L=01     nbval on lessons/01_*.ipynb only
#   make check-outputs FILES=lessons/01_neuron.ipynb   stored outputs still current? (pre-commit)
#   make lint                 ruff check + ruff format --check
#   make regen [L=01]         re-execute lessons in place and store their outputs
#   make bench                nnmath against hand NumPy, PyTorch, micrograd, scikit-learn
#   make student              build/student/: the lessons with the solutions taken out
#   make assignments          build/nbgrader/: an nbgrader course, every lesson released
#   make hub                  a classroom JupyterHub on 127.0.0.1:8000 to try (HUB_PORT=8010)
#   make test-hub             the hub test alone (part of `make test`)
#   make html                 build/html/: the executed course as a static site (offline)
#   make lock [UPGRADE=1]     rewrite requirements.lock from pyproject.toml (UPGRADE: newest releases)
#
# Only a Python >= 3.11 is needed: the first command creates .venv and installs
# the project into it with the exact versions of requirements.lock (again
# whenever pyproject.toml or the lock changes). NEWEST=1 ignores the lock and
# takes the newest releases pyproject.toml allows (CI's early warning job).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hidden-math-installed
LOCK := requirements.lock
PIN := $(if $(NEWEST),--upgrade --upgrade-strategy eager,--constraint $(LOCK))
SANITIZE := tests/nbval_sanitize.cfg
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with $(SANITIZE)
# lessons/ may not exist yet (git keeps no empty folders)
LESSONS_DIR := $(wildcard lessons)
LINT_PATHS := nnmath tests benchmarks tools deploy/hub $(LESSONS_DIR)

# The reproducible environment of `make test` and `make regen`, in a fresh
# build/<target>/ per run (nothing written to the repo or to $HOME):
# one BLAS thread (more threads change the last digits of a matmul), Agg for
# the pytest process, an IPYTHONDIR whose startup file makes warnings that
# signal a math problem errors inside the kernel (tests/ipython), and private
# Matplotlib and Jupyter config/data/runtime dirs (a learner's own settings
# cannot change the outputs).
run_dir = $(CURDIR)/build/$(1)
prepare_run = rm -rf "$(call run_dir,$(1))" && mkdir -p "$(call run_dir,$(1))" \
	&& cp -R tests/ipython "$(call run_dir,$(1))/ipython"
run_env = env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1 \
	MPLBACKEND=Agg \
	IPYTHONDIR="$(call run_dir,$(1))/ipython" \
	MPLCONFIGDIR="$(call run_dir,$(1))/matplotlib" \
	JUPYTER_CONFIG_DIR="$(call run_dir,$(1))/jupyter/config" \
	JUPYTER_DATA_DIR="$(call run_dir,$(1))/jupyter/data" \
	JUPYTER_RUNTIME_DIR="$(call run_dir,$(1))/jupyter/runtime" \
	JUPYTER_PLATFORM_DIRS=1 PYDEVD_DISABLE_FILE_VALIDATION=1

# `make test-lesson L=01` / `make regen L=01`: lessons/01_*.ipynb
ifdef L
LESSON_FILES := $(wildcard lessons/$(L)_*.ipynb)
else
LESSON_FILES := $(wildcard lessons/*.ipynb)
endif

.PHONY: help lab test test-portable test-lesson check-outputs lint regen bench student assignments hub hub-proxy test-hub html lock

help:
	@sed -n '3,16p' Makefile | sed 's/^# *//'

# --- environment -------------------------------------------------------------

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' not found. Install Python >= 3.11, or run: make PYTHON=/path/to/python3 $(MAKECMDGOALS)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: Hidden Math needs Python >= 3.11, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "       Install a newer Python, then run: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) --version 2>&1)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: sudo apt-get install python3-venv)." >&2; exit 1; }

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install $(PIN) -e ".[course,test,teach]"
	@touch $@

# --- learner -----------------------------------------------------------------

# The lessons folder is the root; the browser (and the printed URL, for a
# machine without one) opens lesson 00. Token authentication stays on.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=lessons \
	  $(if $(wildcard lessons/00_welcome.ipynb),--LabApp.default_url=/lab/tree/00_welcome.ipynb) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

# --- checks ------------------------------------------------------------------

# Extra pytest options, e.g. make test PYTEST_ARGS="-x -k neuron"
PYTEST_ARGS ?=

test: $(STAMP) hub-proxy
	@$(call prepare_run,test)
	$(call run_env,test) $(BIN)/python -m pytest tests $(LESSONS_DIR) $(NBVAL) $(PYTEST_ARGS)

# The same lessons, strict nbval, once per OpenBLAS kernel the CPU can run (NumPy's
# own SIMD capped to match), twice with nudged random draws, once with 2 BLAS
# threads: a table of kernel × failures (tools/portable.py, about 4 min).
test-portable: $(STAMP)
	@$(call prepare_run,portable$(L))
	$(call run_env,portable$(L)) $(BIN)/python -m tools.portable --run-dir build/portable$(L) \
	  --json build/portable$(L).json $(LESSON_FILES)

test-lesson: $(STAMP)
	@test -n "$(L)" || { echo "usage: make test-lesson L=01" >&2; exit 2; }
	@test -n "$(LESSON_FILES)" || { echo "error: no lesson matches lessons/$(L)_*.ipynb (two digits: L=01)" >&2; exit 2; }
	@$(call prepare_run,test-lesson$(L))
	$(call run_env,test-lesson$(L)) $(BIN)/python -m pytest $(LESSON_FILES) $(NBVAL) $(PYTEST_ARGS)

# The pre-commit hook (.pre-commit-config.yaml) on the staged lessons: refuses a
# lesson whose stored outputs are stale, i.e. a re-run differs beyond the
# sanitize file (nbval, as in `make test`) or a code cell was never run (nbval
# does not compare a cell without an execution count, tools/unrun_cells.py).
check-outputs: $(STAMP)
	@test -n "$(FILES)" || { echo 'usage: make check-outputs FILES="lessons/01_neuron.ipynb ..."' >&2; exit 2; }
	$(BIN)/python tools/unrun_cells.py $(FILES)
	@$(call prepare_run,check-outputs)
	$(call run_env,check-outputs) $(BIN)/python -m pytest $(FILES) $(NBVAL) $(PYTEST_ARGS)

lint: $(STAMP)
	@status=0; \
	$(BIN)/ruff check $(LINT_PATHS) || status=1; \
	$(BIN)/ruff format --check $(LINT_PATHS) || status=1; \
	exit $$status

# --- teacher -----------------------------------------------------------------

# To hand out: each solution becomes raise NotImplementedError("your turn"),
# checking cells are locked, outputs are cleared (tools/student.py).
student: $(STAMP)
	$(BIN)/python -m tools.student --out build/student

# To grade: an nbgrader course folder, build/nbgrader/ (nbgrader_config.py,
# source/lessonNN/, and release/lessonNN/ by nbgrader generate_assignment; see
# tools/grading.py and README's "Teachers"). Submissions go to
# submitted/<student>/lessonNN/; then `nbgrader autograde lessonNN` in that folder.
assignments: $(STAMP)
	$(BIN)/python -m tools.grading --out build/nbgrader

# configurable-http-proxy from the npm registry into deploy/hub/node_modules,
# exactly as deploy/hub/package-lock.json pins it (npm ci; nothing when it is
# already there). Without npm it only says so: the hub test then skips, or
# fails under HIDDEN_MATH_REQUIRE_BROWSER=1 (CI).
hub-proxy: $(STAMP)
	@$(BIN)/python -m tools.hub install-proxy --optional

# A classroom JupyterHub on http://127.0.0.1:8000 for a teacher to try
# (deploy/hub, tools/hub.py): students sign up, and the printed nbgitpuller
# link clones the course into their home and opens lesson 00. State, homes and
# logs in build/hub/; Ctrl-C stops it all. HUB_PORT=8010, HUB_ADMIN=name,
# HUB_REPO=https://github.com/you/hidden-math HUB_BRANCH=main (the copy the
# link hands out; default this checkout and its branch), HUB_OPEN_SIGNUP=0.
hub: $(STAMP)
	$(BIN)/python -m tools.hub

# The hub test alone, in the environment of `make test` (tests/hub).
test-hub: $(STAMP) hub-proxy
	@$(call prepare_run,test-hub)
	$(call run_env,test-hub) $(BIN)/python -m pytest tests/hub tests/test_hub_link.py $(PYTEST_ARGS)

# To browse: every lesson as it was last run, widgets as stills, MathJax
# copied in; open build/html/index.html (tools/site.py).
html: $(STAMP)
	$(BIN)/python -m tools.site --out build/html

# --- maintainer --------------------------------------------------------------

# Speed and cost, with ratios measured in the same run: prints tables and writes
# build/bench.json. PyTorch's rows need `.venv/bin/pip install torch==2.13.0`.
# BENCH_ARGS="--lesson-runs 3 --deploy-cost deploy/lesson_cost.json" re-measures
# what deploy/ sizes each student's limits from (tests/test_deploy.py reads it).
bench: $(STAMP)
	$(BIN)/python -m pip install -q $(PIN) -e ".[bench]"
	@$(call prepare_run,bench)
	$(call run_env,bench) $(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# Re-execute lessons (all, or L=01) in place, in the test environment (a run
# dir per L, so two lessons can be regenerated at once), with
# the venv's Python as the kernel, and store the outputs (tools/regen.py).
# Review the diff.
regen: $(STAMP)
	@test -n "$(LESSON_FILES)" || { echo "error: no lesson matches lessons/$(or $(L),*)_*.ipynb" >&2; exit 2; }
	@$(call prepare_run,regen$(L))
	$(call run_env,regen$(L)) $(BIN)/python -m tools.regen $(LESSON_FILES)

# requirements.lock: exact versions of everything `make lab`, `make test` and
# `make bench` install, for every platform and Python >= 3.11 (uv's universal
# resolution, one version per package where it can). Without UPGRADE=1, pins that
# still fit pyproject.toml are kept. environment.yml installs the same file.
lock: | $(BIN)/python
	$(BIN)/python -m pip install -q "uv==0.13.9"
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	  --fork-strategy fewest --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) \
	  --quiet -o $(LOCK)
