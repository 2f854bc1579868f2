# The two commands of the README do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PHONEHOME := $(VENV)/bin/phonehome
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint types unit system-deps bench fuzz clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(PHONEHOME) study examples/mibrowser/study.toml --html out/mibrowser-report.html --json out/mibrowser-report.json || [ $$? -eq 1 ]
	@echo "Reports written to out/mibrowser-report.html and out/mibrowser-report.json"

system-deps:
	bash scripts/install-test-deps.sh

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check src tests scripts bench examples

types: $(DEVSTAMP)
	$(VENV)/bin/mypy

unit: $(DEVSTAMP) system-deps
	$(VENV)/bin/pytest -q -m "not slow"

test: lint types unit

bench: $(STAMP)
	$(PY) bench/run.py

FUZZ_MINUTES ?= 10
fuzz: $(DEVSTAMP)
	$(PY) scripts/fuzz.py --minutes $(FUZZ_MINUTES)

clean:
	rm -rf $(VENV) out build *.egg-info
