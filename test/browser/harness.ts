// Exposes the public API to headless-Chromium tests: load a model from bytes and classify MNIST pixels.
import { loadModel } from '../../src/index.js';
import { evalMnist } from '../../src/cli/mnist.js';
import { measure } from '../../bench/latency.js';

async function classify(modelBytes: Uint8Array, pixels: Uint8Array, labels: Uint8Array, backend: 'auto' | 'cpu' | 'webgpu') {
  const model = await loadModel(modelBytes, { backend });
  try {
    const r = await evalMnist(model, pixels, labels, { batch: 100 });
    return { backend: model.backend, adapter: model.adapter, fallbackReason: model.fallbackReason, predictions: r.predictions, correct: r.correct };
  } finally {
    model.dispose();
  }
}

/** Latency benchmark in the page (bench/browser.ts drives it): cold start, median batch-1 latency, throughput. */
async function bench(modelBytes: Uint8Array, backend: 'cpu' | 'webgpu', precision: 'fp32' | 'fp16') {
  const t0 = performance.now();
  const model = await loadModel(modelBytes, { backend, precision });
  await model.run(model.inputs.map((i) => ({ data: new (i.dtype === 'float32' ? Float32Array : i.dtype === 'int8' ? Int8Array : Uint8Array)(i.shape.reduce((a, b) => a * b, 1)), shape: i.shape })));
  const coldStartMs = performance.now() - t0;
  try {
    return { ...(await measure(model, { budgetMs: 2000 })), coldStartMs };
  } finally {
    model.dispose();
  }
}

declare global {
  interface Window { tflite: { classify: typeof classify; bench: typeof bench; ready: boolean } }
}
window.tflite = { classify, bench, ready: true };
