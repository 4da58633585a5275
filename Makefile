# One task runner for people and CI: `make run` serves the dashboard, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench sample system-deps clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

sample: $(VENV)/.runtime
	$(BIN)/python -m wego_data build-sample

run: sample
	$(BIN)/streamlit run app.py --server.port $(PORT)

system-deps:
	@tools/system-deps.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.dev system-deps lint
	$(BIN)/python -m pytest

bench: $(VENV)/.dev sample
	$(BIN)/python tools/bench.py

clean:
	rm -rf $(VENV) data/snapshots artifacts .pytest_cache .ruff_cache
