// Exposes the public API to headless-Chromium tests: load a model from bytes and classify MNIST pixels.
import { loadModel } from '../../src/index.js';
import { evalMnist } from '../../src/cli/mnist.js';

async function classify(modelBytes: Uint8Array, pixels: Uint8Array, labels: Uint8Array, backend: 'auto' | 'cpu' | 'webgpu') {
  const model = await loadModel(modelBytes, { backend });
  try {
    const r = await evalMnist(model, pixels, labels, { batch: 100 });
    return { backend: model.backend, adapter: model.adapter, fallbackReason: model.fallbackReason, predictions: r.predictions, correct: r.correct };
  } finally {
    model.dispose();
  }
}

declare global {
  interface Window { tflite: { classify: typeof classify; ready: boolean } }
}
window.tflite = { classify, ready: true };
