// loadModel(): read the source, parse and validate, prepare the graph, pick and build the backend.
import { readModel } from '../format/read-model.js';
import { foldConstantDequantize } from '../planning/fold-dequantize.js';
import { detectQuantMode } from '../graph/quant-mode.js';
import { CpuBackend } from '../backends/cpu/cpu-backend.js';
import { BackendUnavailableError, ModelValidationError } from '../errors.js';
import { readSource, type ModelSource } from './source.js';
import { Model } from './model.js';

export interface LoadOptions {
  /** 'cpu' runs TypeScript kernels; 'webgpu' and 'auto' (default) are reserved for the GPU backend. */
  backend?: 'cpu' | 'webgpu' | 'auto';
}

export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Model> {
  const { bytes, name } = await readSource(source);
  return loadModelFromBytes(bytes, name, options);
}

export function loadModelFromBytes(bytes: Uint8Array, name: string, options: LoadOptions = {}): Model {
  const backend = options.backend ?? 'auto';
  if (backend === 'webgpu') throw new BackendUnavailableError('the webgpu backend is not built yet; use backend: "cpu" or "auto"');
  if (backend !== 'cpu' && backend !== 'auto') throw new BackendUnavailableError(`unknown backend "${String(backend)}" (expected cpu, webgpu or auto)`);
  const ir = readModel(bytes, name);
  const g0 = ir.subgraphs[0]!;
  if (g0.inputs.length === 0) throw new ModelValidationError(`${name}: subgraph 0 has no inputs`);
  const graph = foldConstantDequantize(g0);
  return new Model(ir, graph, detectQuantMode(g0), new CpuBackend(graph));
}
