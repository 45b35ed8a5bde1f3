// The kernel throughput suite, independent of the runtime (Node's Dawn or a browser's navigator.gpu): per problem
// and variant, bind the engine's real kernel, verify its output against the CPU kernel, then time it (GPU
// timestamps and submit-to-done wall time over back-to-back runs, and the engine's run() as a user sees it).
import type { GpuContext } from '../../src/backends/webgpu/device.js';
import { WebGpuBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { GPU_KERNELS } from '../../src/backends/webgpu/op-table.js';
import { PipelineCache } from '../../src/backends/webgpu/pipelines.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import { BoundOp, type Sample } from './dispatch.js';
import { elementCounts, macs, modelFor, sizeId, sizeLabel, SWEEPS, type Family, type OneOpModel } from './problems.js';
import { timingStats } from './stats.js';
import { forcedKernel, passesFor, passNames, unavailable, variantSpec } from './variants.js';
import { compare, reference, type Reference } from './verify.js';
import {
  KERNEL_VARIANTS, type AdapterReport, type EnvironmentReport, type KernelEntry, type KernelRatio, type KernelSize,
  type KernelSuiteResult, type KernelVariant, type SweepName, type TilingChoice,
} from './types.js';

export interface KernelSuiteOptions {
  sweep?: SweepName;
  /** Problems to run instead of the sweep's. */
  sizes?: KernelSize[];
  variants?: readonly KernelVariant[];
  tiling?: TilingChoice;
  /** Timed samples per entry (each `repsPerSample` runs long). */
  samples?: number;
  /** Timed engine run() calls per entry. */
  runSamples?: number;
  /** Untimed samples after calibration (caches, clocks). */
  warmup?: number;
  /** Reps per sample are chosen so one sample lasts about this long. */
  targetSampleMs?: number;
  /** Test hook: changes a variant's GPU output before it is verified (the smoke test corrupts one on purpose). */
  corruptOutput?: (entry: { id: string; variant: KernelVariant }, output: TypedArray) => void;
  /** Called after each entry (progress output). */
  onEntry?: (e: KernelEntry) => void;
}

const DEFAULTS: Record<SweepName, { samples: number; runSamples: number; warmup: number; targetSampleMs: number }> = {
  tiny: { samples: 3, runSamples: 2, warmup: 0, targetSampleMs: 5 },
  quick: { samples: 7, runSamples: 5, warmup: 1, targetSampleMs: 25 },
  full: { samples: 9, runSamples: 9, warmup: 2, targetSampleMs: 20 },
};
const MAX_REPS = 512;
/** Float error bounds, as a fraction of sum|x*w| + |b|: summation order (fp32); weights rounded to fp16 (2^-11). */
const FLOAT_TOL: Record<'fp32' | 'fp16', number> = { fp32: 1e-5, fp16: 2e-3 };

const WEIGHT_BYTES: Record<KernelVariant, number> = { fp32: 4, 'fp16-packed': 2, 'fp16-native': 2, 'int8-dot4': 1, 'int8-portable': 1 };

async function adapterReport(ctx: GpuContext): Promise<AdapterReport> {
  const i = ctx.info;
  const adapter = await ctx.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  return {
    vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description,
    features: adapter ? [...adapter.features].map(String).sort() : i.features,
    deviceFeatures: [...ctx.device.features].map(String).sort(), wgslFeatures: i.wgslFeatures,
    timestampQuery: ctx.device.features.has('timestamp-query'),
  };
}

export async function runSuite(ctx: GpuContext, environment: EnvironmentReport, opts: KernelSuiteOptions = {}): Promise<KernelSuiteResult> {
  const t0 = performance.now();
  const sweep = opts.sweep ?? 'quick';
  const def = DEFAULTS[sweep];
  const d: Settings = {
    samples: opts.samples ?? def.samples, runSamples: opts.runSamples ?? def.runSamples,
    warmup: opts.warmup ?? def.warmup, targetSampleMs: opts.targetSampleMs ?? def.targetSampleMs,
  };
  const tiling = opts.tiling ?? 'auto';
  const variants = opts.variants ?? KERNEL_VARIANTS;
  const pipelines = new PipelineCache(ctx.device);
  const entries: KernelEntry[] = [];
  const sizes = opts.sizes ?? SWEEPS[sweep];
  for (const [si, size] of sizes.entries()) {
    const seed = 1000 + si;
    const models = new Map<Family, OneOpModel>();
    const refs = new Map<Family, Promise<Reference>>();
    const model = (f: Family): OneOpModel => { let m = models.get(f); if (!m) { m = modelFor(size, f, seed); models.set(f, m); } return m; };
    const ref = (f: Family): Promise<Reference> => { let r = refs.get(f); if (!r) { r = reference(size, model(f), seed); refs.set(f, r); } return r; };
    for (const v of variants) {
      const e = await runEntry(ctx, pipelines, size, v, tiling, model, ref, d, opts.corruptOutput);
      entries.push(e);
      opts.onEntry?.(e);
    }
  }
  return {
    suite: 'kernels', schemaVersion: 1, date: new Date().toISOString(), sweep, tiling, environment,
    adapter: await adapterReport(ctx), entries, ratios: ratios(entries), totalSeconds: (performance.now() - t0) / 1000,
  };
}

type Settings = (typeof DEFAULTS)['tiny'];

async function runEntry(ctx: GpuContext, pipelines: PipelineCache, size: KernelSize, v: KernelVariant, tiling: TilingChoice,
  model: (f: Family) => OneOpModel, ref: (f: Family) => Promise<Reference>, d: Settings,
  corrupt: KernelSuiteOptions['corruptOutput']): Promise<KernelEntry> {
  const spec = variantSpec(v, tiling);
  const id = sizeId(size);
  const c = elementCounts(size);
  const entry: KernelEntry = {
    id, label: sizeLabel(size), size, variant: v, status: 'skipped', ops: 2 * macs(size),
    bytes: c.weights * WEIGHT_BYTES[v] + 4 * (c.input + c.output), passes: [],
  };
  const m = model(spec.family);
  const why = unavailable(v, m, ctx, tiling);
  if (why) return { ...entry, reason: why };
  let bound: BoundOp | null = null;
  let backend: WebGpuBackend | null = null;
  try {
    const passes = passesFor(m, ctx, spec);
    entry.passes = passNames(passes);
    bound = new BoundOp(ctx, m, passes, pipelines);
    const first = await bound.sample(1);
    const out = await bound.readOutput();
    corrupt?.({ id, variant: v }, out);
    const r = await ref(spec.family);
    const tol = FLOAT_TOL[spec.precision];
    entry.verify = compare(out, r, tol);
    if (entry.verify.mismatches) return fail(entry, `output differs from the CPU kernel at ${entry.verify.mismatches} of ${entry.verify.checked} values`);
    // The engine's own path (a one-op model through WebGpuBackend) must agree as well before its run() is timed.
    backend = new WebGpuBackend(m.graph, ctx, spec.precision, { ...GPU_KERNELS, [m.op.opcode]: forcedKernel(m.op.opcode, spec.caps) });
    const placed = backend.placement()[0];
    if (placed?.on !== 'gpu') return fail(entry, `the engine placed ${m.op.opcode} on the CPU: ${placed?.reason ?? '?'}`);
    const input = [{ shape: m.input.shape, dtype: m.input.dtype, data: m.input.data }];
    const [y] = await backend.run(input);
    const engineCheck = compare(y!.data, r, tol);
    if (engineCheck.mismatches) return fail(entry, `the engine's run() output differs from the CPU kernel at ${engineCheck.mismatches} values`);

    // Calibration: runs per sample so a sample lasts about targetSampleMs (the first runs may still pay for
    // lazy compilation, so the estimate is refined once from a full sample).
    const time = (s: Sample): number => Math.max(1e-3, s.kernelMs ?? s.wallMs);
    const clampReps = (n: number): number => Math.max(1, Math.min(MAX_REPS, Math.round(n)));
    // Without warm-up (the tiny smoke sweep) one probe is enough.
    const refine = d.warmup > 0;
    const probes = [first, await bound.sample(1), ...(refine ? [await bound.sample(1)] : [])];
    let reps = clampReps(d.targetSampleMs / Math.min(...probes.map(time)));
    if (refine) {
      const check = time(await bound.sample(reps));
      if (check < d.targetSampleMs / 2) reps = clampReps((reps * d.targetSampleMs) / check);
    }
    for (let i = 0; i < d.warmup; i++) await bound.sample(reps);
    const samples: Sample[] = [];
    for (let i = 0; i < d.samples; i++) samples.push(await bound.sample(reps));
    const runs: number[] = [];
    for (let i = 0; i < d.runSamples; i++) {
      const s = performance.now();
      await backend.run(input);
      runs.push(performance.now() - s);
    }
    const kernelTimes = samples.map((s) => s.kernelMs);
    const kernel = kernelTimes.every((k): k is number => k !== null) ? timingStats(kernelTimes.map((k) => k / reps)) : null;
    const dispatch = timingStats(samples.map((s) => s.wallMs / reps));
    const ms = kernel?.medianMs ?? dispatch.medianMs;
    return {
      ...entry, status: 'ok', repsPerSample: reps, kernel, dispatch, run: timingStats(runs),
      timeSource: kernel ? 'timestamp' : 'dispatch-wall', gops: entry.ops / (ms * 1e6), gbps: entry.bytes / (ms * 1e6),
    };
  } catch (e) {
    return fail(entry, (e as Error).message);
  } finally {
    bound?.destroy();
    backend?.dispose();
  }
}

function fail(e: KernelEntry, reason: string): KernelEntry {
  return { ...e, status: 'failed', reason };
}

/** Per problem, each variant's throughput over fp32's (both verified and timed). */
export function ratios(entries: readonly KernelEntry[]): KernelRatio[] {
  const out: KernelRatio[] = [];
  for (const base of entries.filter((e) => e.variant === 'fp32' && e.status === 'ok' && e.gops)) {
    const r: KernelRatio = { id: base.id, label: base.label, ratios: {} };
    for (const e of entries) {
      if (e.id === base.id && e.variant !== 'fp32' && e.status === 'ok' && e.gops) r.ratios[e.variant] = e.gops / base.gops!;
    }
    out.push(r);
  }
  return out;
}
