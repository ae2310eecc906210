# `make run` and `make test` set up everything they need, and skip what is already done.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test coverage lint bench llm llm-rebuild golden adapter train-env clean

MODEL := models/SmolLM2-135M-Instruct.Q4_1.gguf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record what is installed; they are remade when the packaging files change.
$(VENV)/.run-installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[openai]'
	touch $@

$(VENV)/.test-installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[openai,test,bench]'
	touch $@

# The llama engine: llama-cpp-python, compiled for one fixed instruction-set level, x86-64-v3
# (AVX2, FMA, F16C, BMI2), never for the building CPU (GGML_NATIVE). The same machine code on
# every x86-64 CPU with AVX2 runs, and sums, the same way: no crash in AVX-512 or AMX kernels
# (AMX faults on some virtual machines), and the same seed gives the same interview everywhere.
# Chosen by measurement: bench/llama_builds.py, figures in the README.
LLAMA_VERSION    := $(shell sed -n "s/^ *llama-cpp-python==//p" setup.cfg)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
                    -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF \
                    -DLLAVA_BUILD=OFF
# The build's identity. Another version, other flags or another compiler is another wheel and
# another stamp, so a wheel built another way (pip's own cache holds those) is never picked up.
LLAMA_BUILD_ID   := $(shell printf '%s|%s|%s' '$(LLAMA_VERSION)' '$(LLAMA_CMAKE_ARGS)' "$$(cc --version 2>/dev/null | head -n 1)" | sha256sum | cut -c1-16)
LLAMA_WHEELS     := $(HOME)/.cache/deeptalk/llama-wheels/$(LLAMA_BUILD_ID)
LLAMA_STAMP      := $(VENV)/.llama-$(LLAMA_BUILD_ID)
# The smoke check's stamp (a test points it elsewhere to run the check through `make llm`).
LLM_READY        ?= $(VENV)/.llm-ready

$(LLAMA_STAMP): | $(BIN)/python
	@rm -f $(VENV)/.llama-* $(VENV)/.llm-ready
	@if ! ls $(LLAMA_WHEELS)/*.whl >/dev/null 2>&1; then \
	  echo "Installing llama-cpp-python $(LLAMA_VERSION): compiling it from source for x86-64-v3 (the first time only: 4-6 minutes on 2 cores)..."; \
	  rm -rf $(LLAMA_WHEELS) $(LLAMA_WHEELS).partial && \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --quiet --no-cache-dir --no-deps --no-binary llama-cpp-python \
	    -w $(LLAMA_WHEELS).partial llama-cpp-python==$(LLAMA_VERSION) && \
	  mv $(LLAMA_WHEELS).partial $(LLAMA_WHEELS); \
	fi
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(LLAMA_WHEELS)/*.whl
	touch $@

$(VENV)/.llm-installed: setup.cfg pyproject.toml $(LLAMA_STAMP) | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[llm]'
	touch $@

$(MODEL): | $(VENV)/.run-installed
	$(BIN)/deeptalk models fetch

# The smoke check: one real chat completion in a model process. If that process dies, make stops here.
$(LLM_READY): $(VENV)/.llm-installed $(MODEL)
	@$(BIN)/deeptalk models check || { echo "make llm: the smoke check failed (above): this llama.cpp build does not run here. Nothing was marked ready; see the README, 'When the model process crashes'." >&2; exit 1; }
	touch $@

llm: $(LLM_READY)

# Compile llama-cpp-python again (after a failed smoke check, or to be sure of the build).
llm-rebuild:
	rm -rf $(LLAMA_WHEELS) $(VENV)/.llama-* $(VENV)/.llm-ready
	$(MAKE) llm

# Rewrite the golden interviews (tests/golden/) after a deliberate change to the templates or
# the strategy; commit the diff with the change.
golden: $(VENV)/.test-installed llm
	$(BIN)/python tests/golden.py --write

# Training the adapter (training/, not needed to run): its own environment, since torch and
# transformers are 1-6 GB. torch is pinned to 2.13.0, whose CPU build this machine's pip finds on
# disk (elsewhere PyPI's build, with CUDA libraries, does the same on the CPU); llama.cpp's LoRA converter comes
# from llama-cpp-python's own source release, the version the engine runs.
TRAIN_VENV   ?= .venv-train
TRAIN_BIN    := $(TRAIN_VENV)/bin
LLAMA_SOURCE := $(HOME)/.cache/deeptalk/llama-source/$(LLAMA_VERSION)
ADAPTER_ARGS ?=

$(TRAIN_BIN)/python:
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_BIN)/python -m pip install --quiet --upgrade pip

$(TRAIN_VENV)/.train-installed: setup.cfg pyproject.toml | $(TRAIN_BIN)/python
	$(TRAIN_BIN)/pip install --quiet 'torch==2.13.0'
	$(TRAIN_BIN)/pip install --quiet -e '.[train]'
	touch $@

$(LLAMA_SOURCE)/convert_lora_to_gguf.py: | $(TRAIN_VENV)/.train-installed
	@rm -rf $(LLAMA_SOURCE).partial && mkdir -p $(LLAMA_SOURCE).partial
	$(TRAIN_BIN)/pip download --quiet --no-deps --no-binary :all: --no-build-isolation -d $(LLAMA_SOURCE).partial llama-cpp-python==$(LLAMA_VERSION)
	tar -xzf $(LLAMA_SOURCE).partial/llama_cpp_python-$(LLAMA_VERSION).tar.gz -C $(LLAMA_SOURCE).partial --strip-components=3 \
	  llama_cpp_python-$(LLAMA_VERSION)/vendor/llama.cpp/convert_lora_to_gguf.py \
	  llama_cpp_python-$(LLAMA_VERSION)/vendor/llama.cpp/convert_hf_to_gguf.py \
	  llama_cpp_python-$(LLAMA_VERSION)/vendor/llama.cpp/conversion \
	  llama_cpp_python-$(LLAMA_VERSION)/vendor/llama.cpp/gguf-py
	rm -f $(LLAMA_SOURCE).partial/*.tar.gz && rm -rf $(LLAMA_SOURCE) && mv $(LLAMA_SOURCE).partial $(LLAMA_SOURCE)

train-env: $(TRAIN_VENV)/.train-installed $(LLAMA_SOURCE)/convert_lora_to_gguf.py

# Train the adapter from the corpus and write models/adapter/ (adapter.gguf + manifest.json).
adapter: train-env $(MODEL)
	$(TRAIN_BIN)/python training/validate.py
	$(TRAIN_BIN)/python training/train.py --llama-cpp $(LLAMA_SOURCE) $(ADAPTER_ARGS)

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

# Lint and format checks first (seconds), then the whole suite.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# -n auto: parallel only without the model tests (tests/conftest.py says why).
# The training pipeline's test needs the training environment (TRAINING_PYTHON, LLAMA_CPP_SOURCE).
test: lint $(VENV)/.browser-installed llm train-env
	TRAINING_PYTHON=$(abspath $(TRAIN_BIN))/python LLAMA_CPP_SOURCE=$(LLAMA_SOURCE) \
	  $(BIN)/python -m pytest -n auto --dist loadgroup $(ARGS)

# The suite without the model tests, with the coverage of the package (servers in child processes included).
coverage: $(VENV)/.test-installed $(VENV)/.browser-installed
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not model" --cov --cov-report=term-missing:skip-covered $(ARGS)

bench: $(VENV)/.test-installed llm
	$(BIN)/python bench/stream_load.py
	$(BIN)/python bench/append_cost.py
	$(BIN)/python bench/churn.py
	$(BIN)/python bench/llama_engine.py
	$(BIN)/python bench/llama_builds.py
	$(BIN)/python bench/adapter_cost.py
	$(BIN)/python bench/panel.py
	$(BIN)/python bench/model_backends.py $$(bash bench/build_llama_server.sh >/dev/null && echo --llama-server $(HOME)/.cache/deeptalk/llama-server/bin/llama-server)

clean:
	rm -rf $(VENV) $(TRAIN_VENV) *.egg-info .pytest_cache .hypothesis .ruff_cache .coverage .coverage.*
