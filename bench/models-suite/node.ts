// Node-side model suite, our engine only (CPU backend and WebGPU through Dawn): what the GPU-machine entry runs
// where there is no browser. Same measuring loop and JSON as the in-browser suite.
import { openGpu, type GpuContext } from '../../src/backends/webgpu/device.js';
import { loadOurs } from '../engines/ours.js';
import { adapterSlug, defaultVulkanDriver, nodeEnvironment } from '../kernels/node-env.js';
import { REPO, readModelBytes, selectModels } from './catalog.js';
import { DEFAULTS, runModels, type SuiteHooks } from './suite.js';
import type { EngineSpec, ModelSuiteResult, SuiteOptions } from './types.js';

export interface NodeRunOptions extends Omit<SuiteOptions, 'versions' | 'wasm'> {
  quick?: boolean;
  /** Substrings of model ids (default: the whole catalog, or the quick set). */
  models?: string[] | null;
  /** An opened device to use (default: openGpu() through the `webgpu` package; none: CPU only). */
  gpu?: GpuContext | null;
}

export async function runModelSuiteNode(o: NodeRunOptions = {}): Promise<ModelSuiteResult> {
  const t0 = performance.now();
  defaultVulkanDriver();
  const quick = o.quick ?? false;
  const env = nodeEnvironment(REPO);
  const gpu = o.gpu !== undefined ? o.gpu : await openGpu().catch(() => null);
  const engines: EngineSpec[] = [
    ...(gpu ? [{ engine: 'ours', backend: 'webgpu', precision: 'fp32' }, { engine: 'ours', backend: 'webgpu', precision: 'fp16' }] as const : []),
    { engine: 'ours', backend: 'cpu', precision: 'fp32' },
  ];
  const version = env.packages['tflite-webgpu'] ?? 'unknown';
  const hooks: SuiteHooks = {
    open: async (spec, bytes) => ({ model: await loadOurs(bytes, { backend: spec.backend === 'webgpu' ? 'webgpu' : 'cpu', precision: spec.precision,
      version, ...(spec.backend === 'webgpu' && gpu ? { gpuContext: gpu } : {}) }) }),
    reference: async (bytes) => { const m = await loadOurs(bytes, { backend: 'cpu' }); return Object.assign(m, { dynamicBatch: m.resizableBatch }); },
    loadBytes: async (m) => readModelBytes(m.id),
  };
  const opts: SuiteOptions = { ...(quick ? { warmup: 1, reps: 5, minReps: 3, budgetMs: 3000, batches: [1, 8], throughputReps: 2 } : {}),
    ...Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && !['quick', 'models', 'gpu'].includes(k))), versions: { ours: version } };
  const models = await runModels(selectModels(o.models ?? null, quick), engines, opts, hooks);
  const info = gpu?.info;
  return {
    suite: 'models', schemaVersion: 1, date: new Date().toISOString(), environment: env,
    adapter: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, features: info.features, slug: adapterSlug(info) } : null,
    options: { warmup: opts.warmup ?? DEFAULTS.warmup, reps: opts.reps ?? DEFAULTS.reps, batches: opts.batches ?? DEFAULTS.batches, quick },
    totalSeconds: (performance.now() - t0) / 1000, models,
  };
}
