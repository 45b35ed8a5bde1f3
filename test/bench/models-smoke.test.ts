// Smoke test of the model suite (npm run bench:models -- --quick): every engine runs in one headless Chromium page
// on two small models and reports sane numbers and outputs that agree with our CPU backend. No timing assertions.
import { beforeAll, describe, expect, it } from 'vitest';
import { runChromiumModelSuite } from '../../bench/models-suite/chromium.js';
import { ALL_ENGINES, engineId } from '../../bench/models-suite/engines-list.js';
import { QUICK } from '../../bench/models-suite/catalog.js';
import type { EngineResult, ModelSuiteResult } from '../../bench/models-suite/types.js';

/** Engines that must run every quick model; LiteRT's WebGPU delegate is allowed to refuse one (reported as an error). */
const MUST_RUN = ['ours-webgpu-fp32', 'ours-webgpu-fp16', 'ours-cpu', 'litert-wasm', 'tfjs-tflite-wasm'];

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
      const litertGpu = m.engines.find((e) => e.id === 'litert-webgpu')!;
      if (litertGpu.error) expect(litertGpu.error).toMatch(/LiteRT/);
      else sane(litertGpu);
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
