#!/bin/bash
# `npm run bench:gpu-prepare`: bundles bench/gpu-machine.ts into dist/bench/gpu-machine.mjs (only `webgpu` stays
# external), packs the shared models it times into .device/models (git-ignored, never committed), and runs
# ../shared/device/prepare.sh with every node_modules package but `webgpu` excluded (the payload limit is 64 MiB).
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
shared=${TFLITE_SHARED:-$root/../shared}
node_modules/.bin/tsx scripts/gen-shaders.ts --check
node_modules/.bin/esbuild bench/gpu-machine.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --outfile=dist/bench/gpu-machine.mjs --log-level=warning
excludes=()
for p in node_modules/* node_modules/.[!.]*; do
  [ -e "$p" ] || continue
  [ "$p" = node_modules/webgpu ] || excludes+=("--exclude=$p")
done
bash "$shared/device/prepare.sh" "${excludes[@]}"
# prepare.sh recreates .device/, so the models go in afterwards.
mkdir -p .device/models
for m in mobilenet/mobilenet_v1_0.25_128_quant.tflite mobilenet/mobilenet_v2_1.0_224_quant.tflite \
         mnist/dmuiruri/mnist_cnn_float32.tflite mnist/dmuiruri/mnist_cnn_int8_floatio.tflite; do
  cp "$shared/models/$m" ".device/models/${m//\//__}"
done
du -sh .device/models dist/bench | sed 's/^/  /'
total=$(du -smc .device dist/bench | tail -1 | cut -f1)
echo "  carried total ${total} MiB (.device + dist/bench; the working tree adds about $(git ls-files -co --exclude-standard -z | du -cm --files0-from=- | tail -1 | cut -f1) MiB)"
[ "$total" -lt 60 ] || { echo "too big for the device tool's 64 MiB" >&2; exit 1; }
