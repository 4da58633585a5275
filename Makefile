# One task runner for people and CI: `make run` serves the dashboard, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# `make serve`: HAProxy listens on SERVE_HOST:PORT (every address by default, so venue laptops reach it) in front of WORKERS
# Streamlit processes (default: one per core, as nproc counts them) and nginx for the static files. docs/deploy.md.
SERVE_HOST ?= 0.0.0.0
WORKERS ?=

.PHONY: run serve serve-stop test lint bench sample system-deps clean

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

# The sample snapshots go into the local data folder; with WEGO_SNAPSHOTS set (a bucket) nothing is published there.
sample: $(VENV)/.runtime
	@if [ -n "$$WEGO_SNAPSHOTS" ]; then echo "WEGO_SNAPSHOTS is set ($$WEGO_SNAPSHOTS): no sample snapshot published"; \
	else $(BIN)/python -m wego_data build-sample; fi

run: sample
	$(BIN)/streamlit run app.py --server.port $(PORT)

serve: sample
	$(BIN)/python tools/serve.py start --host $(SERVE_HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

# Stops a `tools/serve.py start --detach`; needs only the standard library, so any python3 does.
serve-stop:
	@$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) tools/serve.py stop

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
