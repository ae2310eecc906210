# `make run` and `make test` set up everything they need, and skip what is already done.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record what is installed; they are remade when the packaging files change.
$(VENV)/.run-installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

run: $(VENV)/.run-installed
	$(BIN)/deeptalk serve $(ARGS)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.test-installed
	$(BIN)/python bench/stream_load.py
	$(BIN)/python bench/append_cost.py
	$(BIN)/python bench/churn.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
