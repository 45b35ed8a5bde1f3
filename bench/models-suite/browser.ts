// Page-side model suite: our engine (WebGPU via navigator.gpu, and CPU), LiteRT.js (wasm, webgpu) and tfjs-tflite
// (TFLite's WASM build) on the same models in one page, interleaved; used by the Node driver and examples/bench.
import { loadTfjsTflite } from '../engines/tfjs-tflite.js';
import { loadLiteRtModel, type LiteRtOptions } from '../engines/litert.js';
import { dequantizesInt8Weights, staticShapeCopy } from './static-copy.js';
import { loadOurs } from '../engines/ours.js';
import type { ReferenceModel } from '../engines/engine.js';
import { openGpu, type GpuContext } from '../../src/backends/webgpu/device.js';
import { DEFAULTS, runModels, type EngineOpener, type SuiteHooks } from './suite.js';
import type { EngineSpec, ModelSpec, ModelSuiteResult, SuiteOptions } from './types.js';
import { ALL_ENGINES } from './engines-list.js';

export { ALL_ENGINES };

const DEFAULT_WASM = { litert: '/__wasm/litert/', tflite: '/__wasm/tflite/' };

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * LiteRT on the model as it is; where its WebGPU delegate refuses a dynamic-batch model, on static copies: first
 * the batch pinned to 1, then also with run-time RESHAPE shapes folded to constants (Keras' SHAPE -> STRIDED_SLICE ->
 * PACK chain, which LiteRT's WebGPU compile rejects even at a static batch). The note says what ran and why.
 */
async function openLiteRt(bytes: Uint8Array, o: LiteRtOptions, dynamicBatch: boolean): Promise<{ model: ReferenceModel; note?: string }> {
  let first: unknown;
  try {
    return { model: await loadLiteRtModel(bytes, o) };
  } catch (e) {
    if (o.accelerator === 'webgpu' && dequantizesInt8Weights(bytes)) {
      // The reason goes first: the suite keeps 300 characters of an error and LiteRT's own message is long.
      throw new Error('LiteRT WebGPU cannot compile DEQUANTIZE of int8 constant weights (the same model with those weights ' +
        `stored as float32 compiles): ${firstLine(e)}`);
    }
    if (o.accelerator !== 'webgpu' || !dynamicBatch) throw e;
    first = e;
  }
  try {
    return { model: await loadLiteRtModel(staticShapeCopy(bytes).bytes, o),
      note: `static-batch copy (LiteRT WebGPU refused the dynamic batch: ${firstLine(first)})` };
  } catch { /* try the folded copy next */ }
  const folded = staticShapeCopy(bytes, { foldReshapeShapes: true });
  if (folded.foldedReshapes === 0) throw new Error(`${firstLine(first)} (also with the batch pinned to 1)`);
  try {
    return { model: await loadLiteRtModel(folded.bytes, o),
      note: `static-batch copy with ${folded.foldedReshapes} run-time RESHAPE shape(s) folded to constants: LiteRT WebGPU cannot compile ` +
        'the int32 SHAPE->STRIDED_SLICE->PACK shape computation (the model as given, and with only the batch pinned, fail at ' +
        'litert_compiled_model_next.h:70)' };
  } catch (again) {
    throw new Error(`${firstLine(first)} (also with the batch pinned to 1, and with RESHAPE shapes folded: ${firstLine(again)})`);
  }
}

function opener(gpu: GpuContext | null, opts: SuiteOptions): EngineOpener {
  const wasm = opts.wasm ?? DEFAULT_WASM;
  const v = opts.versions ?? {};
  return async (spec, bytes, dynamicBatch) => {
    switch (spec.engine) {
      case 'ours':
        if (spec.backend === 'webgpu' && !gpu) throw new Error('no WebGPU adapter in this browser');
        return { model: await loadOurs(bytes, { backend: spec.backend === 'webgpu' ? 'webgpu' : 'cpu', precision: spec.precision,
          ...(spec.backend === 'webgpu' && gpu ? { gpuContext: gpu } : {}), ...(v.ours ? { version: v.ours } : {}) }) };
      case 'litert': {
        const accelerator = spec.backend === 'webgpu' ? 'webgpu' : 'wasm';
        const litertOpts = { wasmBase: wasm.litert, accelerator, ...(v.litert ? { version: v.litert } : {}) } as const;
        return openLiteRt(bytes, litertOpts, dynamicBatch);
      }
      case 'tfjs-tflite':
        // threads: 1 matches LiteRT's single-threaded JSPI build and our single-threaded CPU backend.
        return { model: await loadTfjsTflite(bytes, { wasmBase: wasm.tflite, threads: opts.tfliteThreads ?? 1 }) };
    }
  };
}

function hooks(gpu: GpuContext | null, opts: SuiteOptions): SuiteHooks {
  return {
    open: opener(gpu, opts),
    reference: async (bytes) => {
      const m = await loadOurs(bytes, { backend: 'cpu' });
      return Object.assign(m, { dynamicBatch: m.resizableBatch });
    },
    loadBytes: async (m) => {
      if (!m.url) throw new Error(`model ${m.id} has no URL`);
      const res = await fetch(m.url);
      if (!res.ok) throw new Error(`${m.url}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** Loads every engine's runtime once on the first model, so no model's cold start pays for WASM compilation. */
async function warmRuntimes(first: ModelSpec, engines: readonly EngineSpec[], h: SuiteHooks): Promise<void> {
  const bytes = await h.loadBytes(first);
  const ref = await h.reference(bytes).catch(() => null);
  if (!ref) return;
  ref.dispose();
  for (const spec of engines) {
    let model: ReferenceModel | null = null;
    try {
      model = (await h.open(spec, bytes, ref.dynamicBatch)).model;
    } catch { /* reported per model later */ }
    model?.dispose();
  }
}

export async function runModelSuite(models: readonly ModelSpec[], engines: readonly EngineSpec[] = ALL_ENGINES,
  opts: SuiteOptions & { quick?: boolean } = {}): Promise<ModelSuiteResult> {
  const t0 = performance.now();
  const gpu = await openGpu().catch(() => null);
  const h = hooks(gpu, opts);
  if (models[0]) await warmRuntimes(models[0], engines, h);
  const results = await runModels(models, engines, opts, h);
  const info = gpu?.info;
  gpu?.device.destroy();
  return {
    suite: 'models', schemaVersion: 1, date: new Date().toISOString(),
    environment: { runtime: 'browser', machine: { os: navigator.platform, cpu: 'unknown', cores: navigator.hardwareConcurrency },
      userAgent: navigator.userAgent, packages: { ...(opts.versions ?? {}) }, crossOriginIsolated },
    adapter: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, features: info.features, slug: '' } : null,
    options: { warmup: opts.warmup ?? DEFAULTS.warmup, reps: opts.reps ?? DEFAULTS.reps, batches: opts.batches ?? DEFAULTS.batches, quick: opts.quick ?? false },
    totalSeconds: (performance.now() - t0) / 1000,
    models: results,
  };
}
