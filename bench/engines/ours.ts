// Our engine behind the reference-engine interface, so benchmarks drive it exactly like LiteRT.js and tfjs-tflite;
// it also resizes a dynamic batch and reports the bytes it holds.
import { loadModel, LoadError, InputError, type Model, type TypedArray } from '../../src/index.js';
import type { GpuContext } from '../../src/backends/webgpu/device.js';
import type { EngineDType, EngineTensorInfo, EngineTypedArray, ReferenceModel } from './engine.js';

export interface OursOptions {
  backend: 'cpu' | 'webgpu';
  precision?: 'fp32' | 'fp16';
  /** Share one opened device between models (Node: Dawn). */
  gpuContext?: GpuContext;
  /** Reported as `version` (the package's own version; the driver reads it from package.json). */
  version?: string;
}

export interface OursModel extends ReferenceModel {
  readonly model: Model;
  /** Bytes held now: weights as stored by the backend plus the activations of the last plan. */
  memoryBytes(): number;
}

const ENGINE_DTYPES: readonly string[] = ['float32', 'float64', 'int8', 'uint8', 'int16', 'int32', 'uint32', 'bool'];

function engineDType(d: string, where: string): EngineDType {
  if (!ENGINE_DTYPES.includes(d)) throw new LoadError(`${where} has dtype ${d}, which the benchmark engines cannot feed`);
  return d as EngineDType;
}

class Ours implements OursModel {
  readonly engine = 'ours';
  readonly variant: string;
  readonly inputs: EngineTensorInfo[];
  readonly outputs: EngineTensorInfo[];
  readonly resizableBatch: boolean;

  constructor(readonly model: Model, readonly version: string) {
    this.variant = model.backend === 'webgpu' ? `webgpu ${model.precision}${model.adapter ? ` (${model.adapter})` : ''}` : 'cpu';
    this.inputs = model.inputs.map((i) => ({ name: i.name, dtype: engineDType(i.dtype, `input "${i.name}"`), shape: i.shape.slice() }));
    this.outputs = model.outputs.map((o) => ({ name: o.name, dtype: engineDType(o.dtype, `output "${o.name}"`), shape: o.shape.slice() }));
    this.resizableBatch = model.inputs.every((i) => i.shapeSignature[0] === -1);
  }

  async run(inputs: readonly EngineTypedArray[]): Promise<EngineTypedArray[]> {
    if (inputs.length !== this.inputs.length) throw new InputError(`expected ${this.inputs.length} input(s), got ${inputs.length}`);
    const feed = inputs.map((data, k) => {
      const info = this.inputs[k]!;
      const per = info.shape.slice(1).reduce((a, b) => a * b, 1);
      // A dynamic batch is inferred from the data length; the explicit shape makes that unambiguous.
      const shape = this.resizableBatch && per > 0 ? [data.length / per, ...info.shape.slice(1)] : info.shape;
      return { data: data as TypedArray, shape };
    });
    const out = await this.model.run(feed);
    return out.map((t) => t.data as EngineTypedArray);
  }

  memoryBytes(): number {
    const m = this.model.memory();
    return m.weightBytes + m.activationBytes;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Loads `bytes` with our engine on the given backend (WebGPU fails with BackendUnavailableError when absent). */
export async function loadOurs(bytes: Uint8Array, opts: OursOptions): Promise<OursModel> {
  const model = await loadModel(bytes, { backend: opts.backend, precision: opts.precision ?? 'fp32',
    ...(opts.gpuContext ? { gpuContext: opts.gpuContext } : {}) });
  try {
    return new Ours(model, opts.version ?? 'unknown');
  } catch (e) {
    model.dispose();
    throw e;
  }
}
