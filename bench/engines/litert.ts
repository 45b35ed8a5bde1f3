// Browser-side adapter around LiteRT.js (@litertjs/core): loads a .tflite from bytes and runs it on raw typed
// arrays with the 'wasm' (XNNPACK) or 'webgpu' accelerator.
import { loadAndCompile, loadLiteRt, supportsFeature, Tensor, type CompiledModel, type TensorDetails } from '@litertjs/core';
import { InputError, LoadError, TfliteError } from '../../src/errors.js';
import { readModel } from '../../src/format/read-model.js';
import { writeModel } from '../../src/format/write-model.js';
import type { EngineTensorInfo, EngineTypedArray, ReferenceModel } from './engine.js';
import { matchesDType } from './engine.js';

export type LiteRtAccelerator = 'wasm' | 'webgpu';

export interface LiteRtOptions {
  /** URL of the folder holding litert_wasm_*.{js,wasm} (node_modules/@litertjs/core/wasm/), ending in '/'. */
  wasmBase: string;
  accelerator: LiteRtAccelerator;
  /** The package version to report (the bundle does not export it; the Node driver reads its package.json). */
  version?: string;
}

/**
 * LiteRT.js is one global WASM instance per page. Its JSPI build is the one that can split a model between WebGPU
 * and WASM (without it, a model the GPU delegate cannot take whole fails with "Asyncify is not defined"), and JSPI
 * excludes the threaded build, so where JSPI exists the WASM accelerator runs single-threaded.
 */
let runtime: Promise<string> | null = null;

function ensureRuntime(wasmBase: string): Promise<string> {
  runtime ??= (async () => {
    const jspi = await supportsFeature('jspi');
    const threads = !jspi && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && await supportsFeature('threads');
    await loadLiteRt(wasmBase, jspi ? { jspi: true } : threads ? { threads: true } : {});
    return jspi ? 'jspi' : threads ? 'threaded' : 'plain';
  })().catch((e: unknown) => {
    runtime = null;
    throw new LoadError(`LiteRT.js did not load from ${wasmBase}: ${message(e)}`);
  });
  return runtime;
}

function message(e: unknown): string {
  // LiteRT's C++ errors arrive as multi-line "ERROR: [file:line]" chains; the first line is enough for a report.
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' / ');
}

type LiteRtArray = Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** LiteRT's Tensor takes only these three typed arrays, and only over a plain ArrayBuffer. */
function isLiteRtArray(a: EngineTypedArray): a is LiteRtArray {
  return (a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array) && a.buffer instanceof ArrayBuffer;
}

const info = (d: TensorDetails): EngineTensorInfo => ({ name: d.name, dtype: d.dtype, shape: Array.from(d.shape) });

class LiteRtModel implements ReferenceModel {
  readonly engine = 'litert';
  readonly resizableBatch = false;
  readonly inputs: EngineTensorInfo[];
  readonly outputs: EngineTensorInfo[];
  private model: CompiledModel | null;

  constructor(model: CompiledModel, readonly variant: string, readonly version: string) {
    this.model = model;
    this.inputs = model.getInputDetails().map(info);
    this.outputs = model.getOutputDetails().map(info);
  }

  async run(inputs: readonly EngineTypedArray[]): Promise<EngineTypedArray[]> {
    const model = this.model;
    if (!model) throw new TfliteError('DISPOSED', 'LiteRT.js model was disposed');
    if (inputs.length !== this.inputs.length) throw new InputError(`expected ${this.inputs.length} input(s), got ${inputs.length}`);
    const tensors = inputs.map((a, i) => {
      const want = this.inputs[i]!;
      if (!matchesDType(a, want.dtype)) throw new InputError(`input "${want.name}" is ${want.dtype}; got ${a.constructor.name}`);
      if (!isLiteRtArray(a)) throw new InputError(`input "${want.name}": LiteRT.js takes Float32Array, Int32Array or Uint8Array over an ArrayBuffer`);
      return new Tensor(a, want.shape);
    });
    try {
      const outs = await model.run(tensors);
      const result: EngineTypedArray[] = [];
      for (const o of outs) {
        // Outputs of the WebGPU accelerator live on the GPU: moving them to 'wasm' is the readback.
        const host = o.accelerator === 'wasm' ? o : await o.moveTo('wasm');
        result.push(host.toTypedArray().slice());
        host.delete();
        if (!o.deleted) o.delete();
      }
      return result;
    } finally {
      for (const t of tensors) if (!t.deleted) t.delete();
    }
  }

  dispose(): void {
    this.model?.delete();
    this.model = null;
  }
}

/** The same model with every shape signature dropped (dynamic batch pinned to the stored shape, batch 1). */
export function staticShapeCopy(bytes: Uint8Array): Uint8Array {
  const ir = readModel(bytes, 'model');
  for (const g of ir.subgraphs) for (const t of g.tensors) t.shapeSignature = null;
  return writeModel(ir);
}

/** Loads `bytes` into LiteRT.js with the given accelerator; fails with LoadError when LiteRT refuses the model. */
export async function loadLiteRtModel(bytes: Uint8Array, opts: LiteRtOptions): Promise<ReferenceModel> {
  const build = await ensureRuntime(opts.wasmBase);
  let model: CompiledModel;
  try {
    model = await loadAndCompile(bytes.slice(), { accelerator: opts.accelerator });
  } catch (e) {
    throw new LoadError(`LiteRT.js (${opts.accelerator}) could not compile the model: ${message(e)}`);
  }
  const placement = opts.accelerator === 'webgpu' ? (model.isFullyAccelerated ? ', all ops on webgpu' : ', partly on wasm') : '';
  try {
    return new LiteRtModel(model, `${opts.accelerator} (${build} build${placement})`, opts.version ?? 'unknown');
  } catch (e) {
    // getInputDetails throws for element types LiteRT.js has no typed array for (INT8, INT16...).
    model.delete();
    throw new LoadError(`LiteRT.js (${opts.accelerator}): ${message(e)}`);
  }
}
