#!/usr/bin/env bash
# llama.cpp's llama-server, built from the llama.cpp sources inside llama-cpp-python's sdist
# (the registries ship no llama-server binary), with the same x86-64-v3 flags as `make llm`.
# For bench/model_backends.py's batching figure:  bench/build_llama_server.sh [OUT_DIR]
set -euo pipefail
out=${1:-$HOME/.cache/deeptalk/llama-server}
version=$(sed -n "s/^ *llama-cpp-python==//p" "$(dirname "$0")/../setup.cfg")
if [ -x "$out/bin/llama-server" ]; then echo "$out/bin/llama-server"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" -d "$work" >&2
tar xzf "$work"/llama_cpp_python-"$version".tar.gz -C "$work"
src="$work/llama_cpp_python-$version/vendor/llama.cpp"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
  -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
  -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF >&2
cmake --build "$work/build" --target llama-server -j "$(nproc)" >&2
mkdir -p "$out/bin"
cp "$work/build/bin/llama-server" "$out/bin/"
echo "$out/bin/llama-server"
