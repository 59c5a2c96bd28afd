#!/usr/bin/env bash
# Runs Model Lens's benchmarks on a machine with an NVIDIA GPU, from the repository root of a checkout where
# `npm ci` has run:
#   1. checks that nvidia-smi sees a GPU (exit 2 if not);
#   2. installs onnxruntime-node's CUDA 12 provider if it is missing (ONNXRUNTIME_NODE_INSTALL=cuda12, which overrides
#      the `onnxruntime-node-install=skip` of .npmrc; this one step downloads from onnxruntime's package feed);
#   3. scores the sample file on cuda through the CLI and prints the device the model actually ran on;
#   4. runs `npm run bench -- --device cuda`, then the model benchmarks with `--device webgpu`, keeping each summary
#      in bench/gpu-summary-<device>.md.
# The PyTorch peers run on the CPU (Debian's python3-torch has no CUDA), so a ratio compares the GPU run of
# onnxruntime with PyTorch on the CPU; each row's note says which device each side used.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; then
  echo "bench-gpu: nvidia-smi found no NVIDIA GPU; run this script on a machine with one." >&2
  exit 2
fi

bin=node_modules/onnxruntime-node/bin/napi-v6/linux/x64
if ! ls "$bin"/libonnxruntime_providers_cuda.so >/dev/null 2>&1; then
  echo "bench-gpu: installing onnxruntime-node's CUDA 12 provider into $bin"
  (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js)
fi

npm run build >/dev/null
echo "bench-gpu: surprisal of test/fixtures/sample.ts with --device cuda:"
node dist/cli.js surprisal test/fixtures/sample.ts --device cuda --json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const r = JSON.parse(s);
    console.log(`  ran on ${r.device}: ${r.tokens.length} tokens, ${r.bitsPerByte.toFixed(4)} bits/byte`);
  });'

for device in cuda webgpu; do
  if [ "$device" = cuda ]; then names=(); else names=(surprisal copying cancel); fi
  npm run bench -- --device "$device" "${names[@]}" || echo "bench-gpu: some benchmarks failed on $device"
  cp bench/last-summary.md "bench/gpu-summary-$device.md"
done
echo "bench-gpu: summaries in bench/gpu-summary-cuda.md and bench/gpu-summary-webgpu.md"
