// MNIST on WebGPU (SwiftShader): predictions and accuracy equal the CPU backend's for every shared MNIST model the
// engine runs. Dynamic-batch models run all 10,000 test images (1,000 per inference). The two batch-1 models
// (tflite_rs MNISTnet*) check the first 500 only: one inference per image costs ~28 ms (MNISTnet) and ~90 ms
// (MNISTnet_v2) of CPU time on SwiftShader, most of it per-dispatch work of 9-15 tiny dispatches, and the CPU
// oracle itself needs 3-9 ms per image, so 10,000 would add ~6 and ~16 minutes to npm test on CI's 2 cores.
// `npm run check:webgpu-10k` (bench/mnist-webgpu-10k.ts) runs all 10,000 images for every model, those two too.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadModelFromBytes, UnsupportedOpError } from '../../src/index.js';
import { evalMnist, type PixelMode } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { goldenFiles, readGolden, readShared, sharedPath } from '../helpers/shared.js';
import { gpuContext } from '../helpers/gpu.js';

const goldens = goldenFiles().map((f) => readGolden(f)).filter((g) => g.predictions_10k);

describe('MNIST on WebGPU equals the CPU backend', () => {
  let images: Uint8Array, labels: Uint8Array;
  beforeAll(async () => {
    ({ images, labels } = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz')));
  });
  for (const g of goldens) {
    const bytes = readShared('models', g.model);
    let cpuOk = true;
    try { loadModelFromBytes(bytes, g.model).dispose(); } catch (e) { if (e instanceof UnsupportedOpError) cpuOk = false; else throw e; }
    if (!cpuOk) continue;
    it(g.model, async () => {
      const pixels = (g.inputs?.[0]?.pre ?? 'unit') as PixelMode;
      const model = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
      expect(model.placement().filter((p) => p.on === 'gpu').length).toBeGreaterThan(0);
      const limit = model.inputs[0]!.shapeSignature[0] === -1 ? 10_000 : 500;
      const cpu = await evalMnist(loadModelFromBytes(bytes, g.model), images, labels, { pixels, batch: 1000, limit });
      const gpu = await evalMnist(model, images, labels, { pixels, batch: 1000, limit });
      model.dispose();
      expect(gpu.total).toBe(limit);
      // TFLite's own accuracy on these images, as a sanity check that the pixels convention is right
      expect(gpu.correct / limit).toBeGreaterThan(0.9);
      expect(gpu.correct, 'correct on WebGPU vs CPU').toBe(cpu.correct);
      let diff = 0;
      gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) diff++; });
      expect(diff, 'predictions differing from the CPU backend').toBe(0);
    }, 600_000);
  }
});
