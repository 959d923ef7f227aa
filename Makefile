# Two commands from a fresh clone (see README.md):
#   make book   # set up .venv if needed, check the data, build the book strictly into _build/html
#   make test   # the same set-up and data check, then the tests (package and notebooks)
# and, for contributors, `make lint` (ruff over the package, tests, scripts and notebooks; no data needed).
# The data come from the mirror named by FLASHCRASH_DATA_MIRROR (a relative path is read from the
# repository root), or are downloaded from their pinned URLs; without data both stop with one message.

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
# the pinned requirements are installed once, and again whenever requirements.txt or pyproject.toml change
INSTALLED := $(VENV)/.installed

.PHONY: book test lint data setup clean

# compiled modules are kept (in __pycache__/, ignored by git) even where the environment says not to
# write them: each of the book's kernels and test workers would otherwise compile the package afresh
unexport PYTHONDONTWRITEBYTECODE

book: data
	$(VENV)/bin/jupyter-book build -W --keep-going .

test: data
	$(VENV)/bin/pytest

# ruff's lint rules and its formatting (pyproject.toml, [tool.ruff]) over everything, notebooks included
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# every registered raw file present and verified (downloaded when no mirror is set); exit 3 with one
# message saying what is missing and how to fix it otherwise
data: setup
	$(PY) -m flashcrash fetch

setup: $(INSTALLED)

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# the pinned requirements, then the package's compiled files as pip makes them for a regular install (the editable install
# makes none, and the build's first processes would each compile the package at the same time), and the test modules'
# (pytest compiles them with their assertions rewritten, about 5 s, as it first imports them: in a fresh clone each test
# worker would otherwise do its share during the first run; an edited test is compiled again when it is next imported)
$(INSTALLED): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m compileall -q src
	$(VENV)/bin/pytest --collect-only -q -n0 tests > /dev/null
	touch $@

clean:
	rm -rf _build _published _cache
