// The model suite's measuring loop, shared by the page (all engines) and Node (ours only): per model, every engine
// is loaded (cold start), checked against our CPU backend, then timed in interleaved rounds so drift hits all alike.
import type { EngineTypedArray, ReferenceModel } from '../engines/engine.js';
import { timingStats } from '../kernels/stats.js';
import { compareOutputs } from './compare.js';
import { seededInputs, tiled } from './inputs.js';
import { engineId } from './engines-list.js';
import { knownDefect } from './known-defects.js';
import type { EngineResult, EngineSpec, ModelResult, ModelSpec, SuiteOptions } from './types.js';

/** Opens one engine on a model; `note` says when the engine got an altered copy of the model. */
export type EngineOpener = (spec: EngineSpec, bytes: Uint8Array, dynamicBatch: boolean) => Promise<{ model: ReferenceModel; note?: string }>;

export interface SuiteHooks {
  open: EngineOpener;
  /** Our CPU backend on the model: the correctness oracle. */
  reference: (bytes: Uint8Array) => Promise<ReferenceModel & { dynamicBatch: boolean }>;
  loadBytes: (m: ModelSpec) => Promise<Uint8Array>;
}

export const DEFAULTS = { warmup: 3, reps: 30, minReps: 5, budgetMs: 20_000, batches: [1, 8, 32, 100], throughputReps: 3 };

/** A stalled asynchronous call (a lost GPU device, a hung delegate) fails its engine instead of the whole run. */
const STALL_MS = 120_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} stalled for ${STALL_MS / 1000} s`)), STALL_MS); });
  return Promise.race([p, stall]).finally(() => clearTimeout(timer));
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!.slice(0, 300);

interface Live {
  result: EngineResult;
  model: ReferenceModel;
  memory: (() => number) | null;
  samples: number[];
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

function trackMemory(l: Live): void {
  if (l.memory) l.result.peakGpuBytes = Math.max(l.result.peakGpuBytes ?? 0, l.memory());
}

async function coldStart(modelId: string, spec: EngineSpec, bytes: Uint8Array, dynamicBatch: boolean, one: readonly EngineTypedArray[],
  ref: readonly EngineTypedArray[], hooks: SuiteHooks, versions: SuiteOptions['versions']): Promise<{ live: Live | null; result: EngineResult }> {
  const result: EngineResult = { id: engineId(spec), engine: spec.engine, backend: spec.backend, precision: spec.precision };
  const version = versions?.[spec.engine];
  if (version) result.version = version;
  let model: ReferenceModel | null = null;
  try {
    const t0 = performance.now();
    const opened = await withTimeout(hooks.open(spec, bytes, dynamicBatch), `${result.id} load`);
    model = opened.model;
    const outs = await withTimeout(model.run(one), `${result.id} first run`);
    result.coldStartMs = performance.now() - t0;
    result.variant = model.variant;
    if (model.version && model.version !== 'unknown') result.version = model.version;
    if (opened.note) result.note = opened.note;
    result.correctness = compareOutputs(ref, outs);
    const defect = knownDefect(modelId, result);
    if (defect) result.knownDefect = defect;
    const memory = 'memoryBytes' in model && spec.backend === 'webgpu' ? (model as { memoryBytes(): number }).memoryBytes.bind(model) : null;
    const live: Live = { result, model, memory, samples: [] };
    trackMemory(live);
    return { live, result };
  } catch (e) {
    result.error = describe(e);
    try { model?.dispose(); } catch { /* already broken */ }
    return { live: null, result };
  }
}

/** Batch-1 latency rounds: round r starts at engine r mod n, so no engine always runs first or last. */
async function latencyRounds(live: Live[], one: readonly EngineTypedArray[], o: typeof DEFAULTS): Promise<void> {
  for (const l of live) for (let i = 0; i < o.warmup && !l.result.error; i++) {
    await withTimeout(l.model.run(one), `${l.result.id} warm-up`).catch((e: unknown) => { l.result.error = describe(e); });
  }
  const t0 = performance.now();
  for (let r = 0; r < o.reps && (r < o.minReps || performance.now() - t0 < o.budgetMs); r++) {
    for (let k = 0; k < live.length; k++) {
      const l = live[(r + k) % live.length]!;
      if (l.result.error) continue;
      try {
        l.samples.push(await withTimeout(timed(() => l.model.run(one)), `${l.result.id} run`));
        trackMemory(l);
      } catch (e) {
        l.result.error = describe(e);
      }
    }
  }
  for (const l of live) {
    if (l.samples.length === 0) continue;
    l.result.latency = timingStats(l.samples);
    l.result.medianMs = l.result.latency.medianMs;
  }
}

/** Throughput per batch size (engines that resize a dynamic batch try every size; others batch 1), interleaved too. */
async function throughputRounds(live: Live[], one: readonly EngineTypedArray[], o: typeof DEFAULTS): Promise<void> {
  const dtypes = live[0]?.model.inputs.map((i) => i.dtype) ?? [];
  const sizes = [...new Set(o.batches)].sort((a, b) => a - b);
  const perBatch = new Map<Live, { batch: number; itemsPerS: number }[]>(live.map((l) => [l, []]));
  // Batch 1 is the latency measurement: its many interleaved samples give the steadier rate.
  for (const l of live) if (l.result.medianMs) perBatch.get(l)!.push({ batch: 1, itemsPerS: 1000 / l.result.medianMs });
  for (const batch of sizes.filter((b) => b > 1)) {
    const inputs = tiled(one, dtypes, batch);
    const takers = live.filter((l) => !l.result.error && l.model.resizableBatch);
    const ms = new Map<Live, number[]>(takers.map((l) => [l, []]));
    // One untimed run per size: a new batch size means a new plan (and buffers) for engines that resize.
    for (const l of takers) await withTimeout(l.model.run(inputs), `${l.result.id} batch ${batch}`).then(() => trackMemory(l), () => ms.delete(l));
    for (let r = 0; r < o.throughputReps; r++) {
      for (let k = 0; k < takers.length; k++) {
        const l = takers[(r + k) % takers.length]!;
        const list = ms.get(l);
        if (!list) continue;
        try { list.push(await withTimeout(timed(() => l.model.run(inputs)), `${l.result.id} batch ${batch}`)); } catch { ms.delete(l); }
      }
    }
    for (const [l, list] of ms) {
      if (list.length) perBatch.get(l)!.push({ batch, itemsPerS: (1000 * batch) / timingStats(list).medianMs });
    }
  }
  for (const [l, list] of perBatch) {
    if (list.length === 0) continue;
    const best = list.reduce((a, b) => (b.itemsPerS > a.itemsPerS ? b : a));
    l.result.throughput = { batch: best.batch, itemsPerS: best.itemsPerS, perBatch: list };
  }
}

/** us/them median-latency ratios for every ours configuration against every other engine that ran. */
export function ratiosOf(engines: readonly EngineResult[]): ModelResult['ratios'] {
  const ran = engines.filter((e) => e.medianMs !== undefined);
  return ran.filter((e) => e.engine === 'ours').flatMap((us) => ran.filter((t) => t.engine !== 'ours')
    .map((them) => ({ ours: us.id, them: them.id, ratio: us.medianMs! / them.medianMs! })));
}

export async function runOneModel(m: ModelSpec, engines: readonly EngineSpec[], opts: SuiteOptions, hooks: SuiteHooks): Promise<ModelResult> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  const bytes = await hooks.loadBytes(m);
  const base: ModelResult = { model: m.id, group: m.group, bytes: bytes.byteLength, inputs: [], dynamicBatch: false, engines: [], ratios: [] };
  let ref: (ReferenceModel & { dynamicBatch: boolean }) | null = null;
  try {
    ref = await hooks.reference(bytes);
  } catch (e) {
    // Our CPU backend refuses the model (e.g. an unsupported operator): no oracle and no ours; nothing to compare.
    base.engines = engines.map((s) => ({ id: engineId(s), engine: s.engine, backend: s.backend, precision: s.precision, error: `reference (ours-cpu): ${describe(e)}` }));
    return base;
  }
  const one = seededInputs(ref.inputs);
  const refOut = await ref.run(one);
  ref.dispose();
  base.inputs = ref.inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape.slice() }));
  base.dynamicBatch = ref.dynamicBatch;
  const live: Live[] = [];
  for (const spec of engines) {
    const { live: l, result } = await coldStart(m.id, spec, bytes, ref.dynamicBatch, one, refOut, hooks, opts.versions);
    base.engines.push(result);
    if (l) live.push(l);
    opts.log?.(`  ${result.id}: ${result.error ? `error ${result.error}` : `cold ${result.coldStartMs!.toFixed(1)} ms`}`);
  }
  try {
    await latencyRounds(live, one, o);
    await throughputRounds(live, one, o);
  } finally {
    for (const l of live) { try { l.model.dispose(); } catch { /* best effort */ } }
  }
  base.ratios = ratiosOf(base.engines);
  return base;
}

export async function runModels(models: readonly ModelSpec[], engines: readonly EngineSpec[], opts: SuiteOptions, hooks: SuiteHooks): Promise<ModelResult[]> {
  const out: ModelResult[] = [];
  for (const m of models) {
    opts.log?.(`${m.id}`);
    out.push(await runOneModel(m, engines, opts, hooks));
  }
  return out;
}
