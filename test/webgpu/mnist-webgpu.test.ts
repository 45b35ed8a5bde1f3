// MNIST 10k on WebGPU (SwiftShader): predictions and accuracy equal the CPU backend's for every shared MNIST model
// the engine runs (batched 500 images per inference).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadModelFromBytes, UnsupportedOpError } from '../../src/index.js';
import { evalMnist, type PixelMode } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { goldenFiles, readGolden, readShared, sharedPath } from '../helpers/shared.js';
import { gpuContext } from '../helpers/gpu.js';

const goldens = goldenFiles().map((f) => readGolden(f)).filter((g) => g.predictions_10k);

describe('MNIST 10k: WebGPU equals CPU', () => {
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
      const cpu = await evalMnist(loadModelFromBytes(bytes, g.model), images, labels, { pixels, batch: 500 });
      const model = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
      const gpu = await evalMnist(model, images, labels, { pixels, batch: 500 });
      model.dispose();
      expect(gpu.total).toBe(10000);
      expect(gpu.correct, 'correct on WebGPU vs CPU').toBe(cpu.correct);
      let diff = 0;
      gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) diff++; });
      expect(diff, 'predictions differing from the CPU backend').toBe(0);
    });
  }
});
