// Shared by the Node and browser benchmarks: median batch-1 latency (including readback) and batched throughput.
import type { Model } from '../src/api/model.js';
import { allocTyped } from '../src/graph/dtype.js';

export interface LatencyResult {
  backend: string;
  precision: string;
  adapter: string | null;
  /** load + compile + first inference, ms */
  coldStartMs?: number;
  medianMs: number;
  p90Ms: number;
  runs: number;
  throughputPerS: number;
  batch: number;
}

function inputsFor(model: Model, batch: number) {
  return model.inputs.map((i) => {
    const shape = i.shapeSignature[0] === -1 ? [batch, ...i.shape.slice(1)] : i.shape;
    const n = shape.reduce((a, b) => a * b, 1);
    const data = allocTyped(i.dtype, n);
    // deterministic non-trivial contents
    for (let k = 0; k < n; k++) (data as Float32Array)[k] = i.dtype === 'float32' ? ((k * 2654435761) % 1000) / 1000 : (k * 7) % 100;
    return { data, shape };
  });
}

export async function measure(model: Model, opts: { warmup?: number; runs?: number; batch?: number; budgetMs?: number } = {}): Promise<LatencyResult> {
  const warmup = opts.warmup ?? 3, budget = opts.budgetMs ?? 3000;
  const one = inputsFor(model, 1);
  for (let i = 0; i < warmup; i++) await model.run(one);
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < (opts.runs ?? 50) && (times.length < 5 || performance.now() - t0 < budget)) {
    const s = performance.now();
    await model.run(one);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const dynamic = model.inputs.every((i) => i.shapeSignature[0] === -1);
  const batch = dynamic ? opts.batch ?? 100 : 1;
  const many = inputsFor(model, batch);
  await model.run(many);
  const reps = 3, s = performance.now();
  for (let i = 0; i < reps; i++) await model.run(many);
  const per = (performance.now() - s) / reps;
  return { backend: model.backend, precision: model.precision, adapter: model.adapter, medianMs: times[times.length >> 1]!,
    p90Ms: times[Math.floor(times.length * 0.9)]!, runs: times.length, throughputPerS: (1000 * batch) / per, batch };
}
