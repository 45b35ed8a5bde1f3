// Smoke test of the model suite (npm run bench:models -- --quick): every engine runs in one headless Chromium page
// on two small models and reports sane numbers and outputs that agree with our CPU backend. No timing assertions.
import { beforeAll, describe, expect, it } from 'vitest';
import { runChromiumModelSuite } from '../../bench/models-suite/chromium.js';
import { ALL_ENGINES, engineId } from '../../bench/models-suite/engines-list.js';
import { QUICK } from '../../bench/models-suite/catalog.js';
import type { EngineResult, ModelSuiteResult } from '../../bench/models-suite/types.js';
import { adapterLabel, formatRate } from '../../bench/models-suite/table.js';
import { knownDefect } from '../../bench/models-suite/known-defects.js';
import { dequantizesInt8Weights, staticShapeCopy } from '../../bench/models-suite/static-copy.js';
import { readModel } from '../../src/format/read-model.js';
import { loadModelFromBytes } from '../../src/index.js';
import { readShared } from '../helpers/shared.js';

/** Every engine must run both quick models (LiteRT WebGPU on a static copy of the dynamic-batch one, see browser.ts). */
const MUST_RUN = ['ours-webgpu-fp32', 'ours-webgpu-fp16', 'ours-cpu', 'litert-webgpu', 'litert-wasm', 'tfjs-tflite-wasm'];

function sane(e: EngineResult): void {
  expect(e.error, `${e.id}: ${e.error}`).toBeUndefined();
  for (const v of [e.coldStartMs, e.medianMs, e.throughput?.itemsPerS]) {
    expect(Number.isFinite(v) && v! > 0, `${e.id}: ${JSON.stringify(e)}`).toBe(true);
  }
  expect(e.latency!.p10Ms).toBeLessThanOrEqual(e.latency!.medianMs);
  expect(e.latency!.medianMs).toBeLessThanOrEqual(e.latency!.p90Ms);
  expect(e.latency!.samples).toBeGreaterThanOrEqual(3);
  expect(e.correctness!.elements).toBeGreaterThan(0);
  expect(e.correctness!.argmaxAgrees, `${e.id} prediction differs from ours-cpu`).toBe(true);
  expect(e.correctness!.ok, `${e.id} outputs: ${JSON.stringify(e.correctness)}`).toBe(true);
}

describe('model suite in headless Chromium (--quick)', () => {
  let res: ModelSuiteResult;
  beforeAll(async () => { res = await runChromiumModelSuite({ quick: true }); }, 170_000);

  it('runs every quick model on every engine, with the environment recorded', () => {
    expect(res.models.map((m) => m.model)).toEqual(QUICK);
    expect(res.environment.browser).toMatch(/Chrome/);
    expect(res.environment.crossOriginIsolated).toBe(true);
    expect(res.environment.packages['@litertjs/core']).toMatch(/^\d+\.\d+/);
    expect(res.environment.packages['@tensorflow/tfjs-tflite']).toMatch(/^\d+\.\d+/);
    expect(res.adapter?.slug).toBeTruthy();
    for (const m of res.models) expect(m.engines.map((e) => e.id)).toEqual(ALL_ENGINES.map(engineId));
  });

  it('reports finite positive latencies and outputs agreeing with our CPU backend', () => {
    for (const m of res.models) {
      for (const id of MUST_RUN) sane(m.engines.find((e) => e.id === id)!);
      // Only dmuiruri's model (Keras' run-time reshape shape) needs an altered copy, and it says so.
      const note = m.engines.find((e) => e.id === 'litert-webgpu')!.note;
      if (m.model.includes('dmuiruri')) expect(note).toMatch(/RESHAPE shape\(s\) folded/);
      else expect(note).toBeUndefined();
    }
  });

  it('measures what each engine can: batches on our dynamic-batch model, GPU memory on WebGPU, self-agreement', () => {
    const dyn = res.models.find((m) => m.dynamicBatch)!;
    expect(dyn.engines.find((e) => e.id === 'ours-cpu')!.throughput!.perBatch.map((p) => p.batch)).toEqual([1, 8]);
    expect(dyn.engines.find((e) => e.id === 'tfjs-tflite-wasm')!.throughput!.perBatch.map((p) => p.batch)).toEqual([1]);
    for (const m of res.models) {
      expect(m.engines.find((e) => e.id === 'ours-cpu')!.correctness!.maxAbsDiff).toBe(0);
      expect(m.engines.find((e) => e.id === 'ours-webgpu-fp32')!.peakGpuBytes).toBeGreaterThan(m.bytes / 4);
      const r = m.ratios.find((x) => x.ours === 'ours-cpu' && x.them === 'tfjs-tflite-wasm')!;
      const cpu = m.engines.find((e) => e.id === 'ours-cpu')!.medianMs!, tfl = m.engines.find((e) => e.id === 'tfjs-tflite-wasm')!.medianMs!;
      expect(r.ratio).toBeCloseTo(cpu / tfl, 10);
    }
  });
});

describe('model suite helpers', () => {
  it('prints slow throughputs with significant digits and names the adapter from its non-empty fields', () => {
    expect(formatRate(0.3108)).toBe('0.31');
    expect(formatRate(16.31)).toBe('16.3');
    expect(formatRate(2388.9)).toBe('2389');
    expect(adapterLabel({ vendor: 'google', architecture: 'swiftshader', description: '', features: [], slug: '' })).toBe('google swiftshader');
  });

  it('explains a reference engine\'s disagreement only where a defect is documented and the outputs really disagree', () => {
    const bad = { maxAbsDiff: 0.5, relDiff: 0.8, elements: 10, differing: 10, argmaxAgrees: false, ok: false };
    const e: EngineResult = { id: 'tfjs-tflite-wasm', engine: 'tfjs-tflite', backend: 'wasm', precision: 'fp32', correctness: bad };
    expect(knownDefect('mnist/aeq/partly_quantized_mnist.tflite', e)).toMatch(/per-channel/);
    expect(knownDefect('mnist/aeq/partly_quantized_mnist.tflite', { ...e, correctness: { ...bad, ok: true, argmaxAgrees: true } })).toBeNull();
    expect(knownDefect('mnist/aeq/conv_fc_mnist.tflite', e)).toBeNull();
    expect(knownDefect('mnist/aeq/partly_quantized_mnist.tflite', { ...e, id: 'litert-wasm' })).toBeNull();
  });

  it('folds Keras\' run-time reshape shape into a constant without changing the outputs at batch 1', async () => {
    const bytes = readShared('models', 'mnist', 'dmuiruri', 'mnist_cnn_float32.tflite');
    const folded = staticShapeCopy(bytes, { foldReshapeShapes: true });
    expect(folded.foldedReshapes).toBe(1);
    const ops = readModel(folded.bytes, 'm').subgraphs[0]!.operators.map((o) => o.opcode);
    expect(ops).not.toContain('SHAPE');
    expect(ops).not.toContain('PACK');
    const input = new Float32Array(784).map((_, i) => (i % 17) / 17);
    const run = async (b: Uint8Array): Promise<number[]> =>
      Array.from((await loadModelFromBytes(b, 'm').run([{ data: input, shape: [1, 28, 28] }]))[0]!.data as Float32Array);
    const out = await run(bytes);
    expect(out).toHaveLength(10);
    expect(await run(folded.bytes)).toEqual(out);
    expect(dequantizesInt8Weights(readShared('models', 'mnist', 'aeq', 'mnist_weightonly_int8.tflite'))).toBe(true);
    expect(dequantizesInt8Weights(bytes)).toBe(false);
  });
});
