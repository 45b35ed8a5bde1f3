// loadModel(): read the source, parse and validate, prepare the graph, pick and build the backend.
import { readModel } from '../format/read-model.js';
import { foldConstantDequantize } from '../planning/fold-dequantize.js';
import { detectQuantMode } from '../graph/quant-mode.js';
import { CpuBackend } from '../backends/cpu/cpu-backend.js';
import { WebGpuBackend } from '../backends/webgpu/webgpu-backend.js';
import { openGpu, type GpuContext } from '../backends/webgpu/device.js';
import type { Graph } from '../graph/ir.js';
import { BackendUnavailableError, ModelValidationError, UsageError } from '../errors.js';
import { readSource, type ModelSource } from './source.js';
import { Model } from './model.js';

export interface LoadOptions {
  /**
   * 'auto' (default): WebGPU when an adapter exists, else the CPU (model.fallbackReason says why);
   * 'webgpu': fail with BackendUnavailableError when there is no adapter; 'cpu': TypeScript kernels.
   */
  backend?: 'cpu' | 'webgpu' | 'auto';
  /** 'fp32' (default) or 'fp16': float weights stored as fp16 on the GPU. */
  precision?: 'fp32' | 'fp16';
  /** A WebGPU GPU object to use instead of navigator.gpu / Node's `webgpu` package. */
  gpu?: GPU;
  /** Share one opened device between models (see openGpu). */
  gpuContext?: GpuContext;
}

function prepare(bytes: Uint8Array, name: string) {
  const ir = readModel(bytes, name);
  const g0 = ir.subgraphs[0]!;
  if (g0.inputs.length === 0) throw new ModelValidationError(`${name}: subgraph 0 has no inputs`);
  return { ir, g0, graph: foldConstantDequantize(g0) };
}

const OPTION_KEYS: readonly string[] = ['backend', 'precision', 'gpu', 'gpuContext'] satisfies (keyof LoadOptions)[];

/** Plain-JavaScript callers get no type checks: a misspelt key or value is an error, not a silent default. */
function checkOptions(options: LoadOptions): void {
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) throw new UsageError(`unknown load option(s) ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${OPTION_KEYS.join(', ')})`);
  const { backend, precision } = options;
  if (backend !== undefined && backend !== 'cpu' && backend !== 'auto' && backend !== 'webgpu') {
    throw new BackendUnavailableError(`unknown backend "${String(backend)}" (expected cpu, webgpu or auto)`);
  }
  if (precision !== undefined && precision !== 'fp32' && precision !== 'fp16') {
    throw new UsageError(`unknown precision "${String(precision)}" (expected fp32 or fp16)`);
  }
}

export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Model> {
  checkOptions(options);
  const backend = options.backend ?? 'auto';
  const { bytes, name } = await readSource(source);
  const { ir, g0, graph } = prepare(bytes, name);
  if (backend === 'cpu') return new Model(ir, graph, detectQuantMode(g0), new CpuBackend(graph));
  let gpu: GpuContext;
  try {
    gpu = options.gpuContext ?? (await openGpu({ ...(options.gpu ? { gpu: options.gpu } : {}) }));
  } catch (e) {
    if (backend === 'auto' && e instanceof BackendUnavailableError) {
      return new Model(ir, graph, detectQuantMode(g0), new CpuBackend(graph), e.message);
    }
    throw e;
  }
  return new Model(ir, graph, detectQuantMode(g0), new WebGpuBackend(graph as Graph, gpu, options.precision ?? 'fp32'));
}

/** Synchronous loading from bytes on the CPU backend (WebGPU needs the asynchronous loadModel). */
export function loadModelFromBytes(bytes: Uint8Array, name: string, options: LoadOptions = {}): Model {
  checkOptions(options);
  const backend = options.backend ?? 'cpu';
  if (backend === 'webgpu') throw new BackendUnavailableError('WebGPU needs the asynchronous loadModel(); loadModelFromBytes runs on the CPU');
  const { ir, g0, graph } = prepare(bytes, name);
  return new Model(ir, graph, detectQuantMode(g0), new CpuBackend(graph));
}
