// Entry point for the lent GPU machine (no Node install, no network; see bench/README.md): the kernel suite
// (--full by default) and our engine's model latencies (WebGPU fp32/fp16 and the CPU backend) through Dawn, as
// one JSON on stdout, or as the two suite files under --out-dir. Bundled into dist/bench/gpu-machine.mjs by
// `npm run bench:gpu-prepare`; progress goes to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { openGpu, type GpuContext } from '../src/backends/webgpu/device.js';
import { UsageError } from '../src/errors.js';
import { loadOurs } from './engines/ours.js';
import { runModels, DEFAULTS as MODEL_DEFAULTS, type SuiteHooks } from './models-suite/suite.js';
import type { EngineSpec, ModelSpec, ModelSuiteResult, SuiteOptions } from './models-suite/types.js';
import { parseKernelArgs } from './kernels/args.js';
import { adapterSlug, defaultVulkanDriver, nodeEnvironment } from './kernels/node-env.js';
import { runSuite } from './kernels/suite.js';
import { entryRow, renderSummary } from './kernels/table.js';
import type { EnvironmentReport, KernelSuiteResult } from './kernels/types.js';

/** Where models may be: the demo models (committed) and the shared ones packed into .device/models at prepare time. */
const MODEL_DIRS: { dir: string; id: (file: string) => string }[] = [
  { dir: 'examples/models', id: (f) => `examples/${f}` },
  // Packed as <path under ../shared/models with / as __>, so ids match the model suite's.
  { dir: '.device/models', id: (f) => f.replace(/__/g, '/') },
];
const ENGINES: EngineSpec[] = [
  { engine: 'ours', backend: 'webgpu', precision: 'fp32' },
  { engine: 'ours', backend: 'webgpu', precision: 'fp16' },
  { engine: 'ours', backend: 'cpu', precision: 'fp32' },
];
/** Fewer rounds than the model suite's defaults: the machine is lent for 15 minutes, start-up included. */
const MODEL_OPTS: SuiteOptions = { warmup: 3, reps: 20, minReps: 5, budgetMs: 6000, batches: [1, 32], throughputReps: 3 };

export interface GpuMachineResult { kernels: KernelSuiteResult; models: ModelSuiteResult | null }

function parse(argv: string[]): { kernelArgs: string[]; models: boolean; outDir: string | null } {
  const rest: string[] = [];
  let models = true, outDir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-models') models = false;
    else if (argv[i] === '--out-dir') {
      outDir = argv[++i] ?? null;
      if (!outDir) throw new UsageError('--out-dir needs a folder');
    } else rest.push(argv[i]!);
  }
  return { kernelArgs: rest, models, outDir };
}

function findModels(): ModelSpec[] {
  const out: ModelSpec[] = [];
  for (const { dir, id } of MODEL_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tflite')).sort()) {
      const file = path.join(dir, f);
      const group = dir.startsWith('examples') ? 'demo' : f.startsWith('mobilenet') ? 'mobilenet' : 'shared-mnist';
      out.push({ id: id(f), group, bytes: fs.statSync(file).size, url: file });
    }
  }
  return out;
}

async function runModelSuite(gpu: GpuContext, env: EnvironmentReport, log: (s: string) => void): Promise<ModelSuiteResult> {
  const t0 = performance.now();
  const version = env.packages['tflite-webgpu'];
  const hooks: SuiteHooks = {
    open: async (spec, bytes) => ({ model: await loadOurs(bytes, { backend: spec.backend === 'webgpu' ? 'webgpu' : 'cpu', precision: spec.precision,
      ...(spec.backend === 'webgpu' ? { gpuContext: gpu } : {}), ...(version ? { version } : {}) }) }),
    reference: async (bytes) => {
      const m = await loadOurs(bytes, { backend: 'cpu' });
      return Object.assign(m, { dynamicBatch: m.resizableBatch });
    },
    loadBytes: async (m) => new Uint8Array(fs.readFileSync(m.url!)),
  };
  const models = await runModels(findModels(), ENGINES, { ...MODEL_OPTS, ...(version ? { versions: { ours: version } } : {}), log }, hooks);
  const i = gpu.info;
  return {
    suite: 'models', schemaVersion: 1, date: new Date().toISOString(), environment: env,
    adapter: { vendor: i.vendor, architecture: i.architecture, description: i.description, features: i.features, slug: adapterSlug(i) },
    options: { warmup: MODEL_OPTS.warmup ?? MODEL_DEFAULTS.warmup, reps: MODEL_OPTS.reps ?? MODEL_DEFAULTS.reps,
      batches: MODEL_OPTS.batches ?? MODEL_DEFAULTS.batches, quick: false },
    totalSeconds: (performance.now() - t0) / 1000, models,
  };
}

async function main(): Promise<void> {
  defaultVulkanDriver();
  const a = parse(process.argv.slice(2));
  const k = parseKernelArgs(a.kernelArgs, 'full');
  const log = (s: string): void => { process.stderr.write(`${s}\n`); };
  const gpu = await openGpu();
  const env = nodeEnvironment();
  log(`adapter: ${gpu.info.vendor} ${gpu.info.architecture} (${gpu.info.description}); features ${gpu.info.features.join(', ')}`);
  const kernels = await runSuite(gpu, env, { sweep: k.sweep, tiling: k.tiling, variants: k.variants, onEntry: (e) => log(entryRow(e)) });
  log(renderSummary(kernels));
  const models = a.models ? await runModelSuite(gpu, env, log) : null;
  const result: GpuMachineResult = { kernels, models };
  const slug = adapterSlug(gpu.info);
  if (a.outDir) {
    fs.mkdirSync(a.outDir, { recursive: true });
    fs.writeFileSync(path.join(a.outDir, `kernels-node-${slug}${k.sweep === 'quick' ? '' : `-${k.sweep}`}.json`), `${JSON.stringify(kernels, null, 1)}\n`);
    if (models) fs.writeFileSync(path.join(a.outDir, `models-node-${slug}.json`), `${JSON.stringify(models, null, 1)}\n`);
    log(`wrote ${a.outDir}`);
  } else {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`gpu-machine: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
