// MNIST on WebGPU (SwiftShader): predictions and accuracy equal the CPU backend's for every shared MNIST model the
// engine runs. SwiftShader emulates the GPU on this machine's 2 CPU cores (a CNN takes ~8 s per 1,000 images, a
// batch-1 model ~19 s), so CI checks the first 2,000 images of dynamic-batch models and 500 of batch-1 models;
// `eval-mnist --backend webgpu` runs all 10,000 (see the README's benchmark notes).
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
      const limit = model.inputs[0]!.shapeSignature[0] === -1 ? 2000 : 500;
      const cpu = await evalMnist(loadModelFromBytes(bytes, g.model), images, labels, { pixels, batch: 500, limit });
      const gpu = await evalMnist(model, images, labels, { pixels, batch: 500, limit });
      model.dispose();
      expect(gpu.total).toBe(limit);
      // TFLite's own accuracy on these images, as a sanity check that the pixels convention is right
      expect(gpu.correct / limit).toBeGreaterThan(0.9);
      expect(gpu.correct, 'correct on WebGPU vs CPU').toBe(cpu.correct);
      let diff = 0;
      gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) diff++; });
      expect(diff, 'predictions differing from the CPU backend').toBe(0);
    });
  }
});
