// Browser-side adapter around LiteRT.js (@litertjs/core): loads a .tflite from bytes and runs it on raw typed
// arrays with the 'wasm' (XNNPACK) or 'webgpu' accelerator.
//
// It drives LiteRT's own C++ CompiledModel through the package's documented low-level bindings (LiteRt.liteRtWasm)
// instead of the Tensor/CompiledModel wrappers, because the wrappers of 2.5.3 reject what the runtime supports:
// they know only float32/int32/uint8 (loadAndCompile throws "Element type INT8 is not supported" for any model
// with an int8 input or output), and a signature's input type keeps the dynamic batch as -1, which no wrapper
// Tensor can match (run() failed in litert_layout.h / "does not match expected ranked tensor type Float32[-1,...]").
// The runtime itself accepts a batch-1 buffer for a [-1,...] input, and any element type.
import { getGlobalLiteRt, loadLiteRt, supportsFeature, type LiteRt } from '@litertjs/core';
import { InputError, LoadError, TfliteError } from '../../src/errors.js';
import type { EngineDType, EngineTensorInfo, EngineTypedArray, ReferenceModel } from './engine.js';
import { engineArrayFor, matchesDType } from './engine.js';

export type LiteRtAccelerator = 'wasm' | 'webgpu';

export interface LiteRtOptions {
  /** URL of the folder holding litert_wasm_*.{js,wasm} (node_modules/@litertjs/core/wasm/), ending in '/'. */
  wasmBase: string;
  accelerator: LiteRtAccelerator;
  /** The package version to report (the bundle does not export it; the Node driver reads its package.json). */
  version?: string;
}

type Wasm = LiteRt['liteRtWasm'];
type CompiledModel = Awaited<ReturnType<Wasm['compileModel']>>;
type LiteModel = ReturnType<Wasm['loadModel']>;
type TensorBuffer = ReturnType<Wasm['LiteRtTensorBuffer']['createManaged']>;
type RankedType = ReturnType<LiteModel['getInputTensorType']>;

/** litert::ElementType values (litert_model_types.h) of the dtypes the benchmark feeds. */
const ELEMENT_TYPES: Record<EngineDType, number> = { float32: 1, int32: 2, uint8: 3, bool: 6, int16: 7, int8: 9, float64: 11, uint32: 16 };
const HOST_MEMORY = 1, WEB_GPU_BUFFER_PACKED = 26;

/**
 * LiteRT.js is one global WASM instance per page. Its JSPI build is the one that can split a model between WebGPU
 * and WASM (without it, a model the GPU delegate cannot take whole fails with "Asyncify is not defined"), and JSPI
 * excludes the threaded build, so where JSPI exists the WASM accelerator runs single-threaded.
 */
let runtime: Promise<{ lite: LiteRt; build: string }> | null = null;

function ensureRuntime(wasmBase: string): Promise<{ lite: LiteRt; build: string }> {
  runtime ??= (async () => {
    const jspi = await supportsFeature('jspi');
    const threads = !jspi && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && await supportsFeature('threads');
    const lite = await loadLiteRt(wasmBase, jspi ? { jspi: true } : threads ? { threads: true } : {});
    return { lite, build: jspi ? 'jspi' : threads ? 'threaded' : 'plain' };
  })().catch((e: unknown) => {
    runtime = null;
    throw new LoadError(`LiteRT.js did not load from ${wasmBase}: ${message(e)}`);
  });
  return runtime;
}

function message(e: unknown): string {
  // LiteRT's C++ errors arrive as multi-line "ERROR: [file:line]" chains; the first lines are enough for a report.
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' / ');
}

function dtypeOf(elementType: number, where: string): EngineDType {
  const hit = (Object.entries(ELEMENT_TYPES) as [EngineDType, number][]).find(([, v]) => v === elementType);
  if (!hit) throw new LoadError(`${where} has LiteRT element type ${elementType}, which the benchmark cannot feed`);
  return hit[0];
}

function vectorToArray<T>(v: { size(): number; get(i: number): T }): T[] {
  return Array.from({ length: v.size() }, (_, i) => v.get(i));
}

/** The element type and dimensions (-1 for a dynamic one) of a ranked tensor type; deletes it. */
function describeType(t: RankedType): { elementType: number; dims: number[] } {
  const layout = t.layout();
  const dims = layout.dimensions();
  const out = { elementType: t.elementType().value, dims: vectorToArray(dims) };
  dims.delete(); layout.delete(); t.delete();
  return out;
}

interface InputSpec { info: EngineTensorInfo; elementType: number; perItem: number; onGpu: boolean }

class LiteRtModel implements ReferenceModel {
  readonly engine = 'litert';
  readonly resizableBatch: boolean;
  readonly inputs: EngineTensorInfo[];
  readonly outputs: EngineTensorInfo[];
  private readonly specs: InputSpec[];
  private compiled: CompiledModel | null;

  constructor(private readonly lite: LiteRt, private readonly model: LiteModel, compiled: CompiledModel,
    private readonly modelPtr: number, readonly variant: string, readonly version: string) {
    this.compiled = compiled;
    const sig = model.getSignature(0);
    const inNames = sig.inputNames(), outNames = sig.outputNames();
    const names = { in: vectorToArray(inNames), out: vectorToArray(outNames) };
    inNames.delete(); outNames.delete(); sig.delete();
    this.specs = names.in.map((name, i) => {
      const { elementType, dims } = describeType(model.getInputTensorType(0, i));
      if (dims.slice(1).some((d) => d < 0)) throw new LoadError(`input "${name}" has a dynamic dimension other than the batch: [${dims}]`);
      const req = compiled.getInputBufferRequirements(0, i);
      const types = req.supportedTypes();
      const supported = vectorToArray(types).map((t) => t.value);
      types.delete(); req.delete();
      const shape = dims.map((d) => (d < 0 ? 1 : d));
      return { info: { name, dtype: dtypeOf(elementType, `input "${name}"`), shape }, elementType,
        perItem: shape.slice(1).reduce((a, b) => a * b, 1), onGpu: !supported.includes(HOST_MEMORY) && supported.includes(WEB_GPU_BUFFER_PACKED) };
    });
    this.inputs = this.specs.map((s) => s.info);
    this.outputs = names.out.map((name, i) => {
      const { elementType, dims } = describeType(model.getOutputTensorType(0, i));
      return { name, dtype: dtypeOf(elementType, `output "${name}"`), shape: dims.map((d) => (d < 0 ? 1 : d)) };
    });
    // A [-1, ...] input takes a batch-1 buffer, but a batch of 8 ends in "memory access out of bounds" and leaves
    // the runtime broken (2.5.3, aeq and ma_dnn models, wasm), so LiteRT is measured at batch 1 only.
    this.resizableBatch = false;
  }

  private get wasm(): Wasm { return this.lite.liteRtWasm; }

  /** A LiteRT tensor buffer holding `data` with the given dims, in host memory or (webgpu-only inputs) a GPU buffer. */
  private inputBuffer(spec: InputSpec, data: EngineTypedArray, dims: number[]): { buffer: TensorBuffer; release: () => void } {
    const w = this.wasm;
    const vec = new w.VectorInt32();
    for (const d of dims) vec.push_back(d);
    const layout = w.LiteRtLayout.create(vec);
    vec.delete();
    const type = w.LiteRtRankedTensorType.create({ value: spec.elementType as 1 }, layout);
    layout.delete();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    try {
      if (spec.onGpu) {
        // What LiteRT.js's own Tensor.copyTo('webgpu') does: a storage buffer imported into the runtime.
        const device = this.lite.getWebGpuDevice();
        if (!device) throw new TfliteError('NO_DEVICE', 'LiteRT.js has no WebGPU device for a GPU input');
        const gpu = device.createBuffer({ size: (bytes.byteLength + 3) & ~3, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        const padded = new Uint8Array(gpu.size);
        padded.set(bytes);
        device.queue.writeBuffer(gpu, 0, padded);
        const ptr = w.WebGPU.importJsBuffer(gpu);
        const buffer = w.LiteRtTensorBuffer.createFromWebGpuBuffer(this.lite.getDefaultEnvironment().liteRtEnvironment, type,
          w.LiteRtTensorBufferType.WEB_GPU_BUFFER_PACKED, ptr, gpu.size);
        return { buffer, release: () => { buffer.delete(); w.wgpuBufferRelease(ptr); gpu.destroy(); } };
      }
      const buffer = w.LiteRtTensorBuffer.createManaged(this.lite.getDefaultEnvironment().liteRtEnvironment,
        w.LiteRtTensorBufferType.HOST_MEMORY, type, bytes.byteLength);
      const at = buffer.lock(w.LiteRtTensorBufferLockMode.WRITE);
      try { w.HEAPU8.set(bytes, at); } finally { buffer.unlock(); }
      return { buffer, release: () => buffer.delete() };
    } finally {
      type.delete();
    }
  }

  /** Copies an output buffer (host or GPU) into a fresh typed array of the output's dtype. */
  private async readOutput(buffer: TensorBuffer, dtype: EngineDType): Promise<EngineTypedArray> {
    const w = this.wasm;
    const size = buffer.packedSize();
    let bytes: Uint8Array;
    if (buffer.isWebGpuMemory()) {
      const device = this.lite.getWebGpuDevice();
      if (!device) throw new TfliteError('NO_DEVICE', 'LiteRT.js returned a GPU output without a WebGPU device');
      const src = w.WebGPU.getJsObject(buffer.getWebGpuBuffer());
      const read = device.createBuffer({ size: (size + 3) & ~3, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(src, buffer.offset(), read, 0, read.size);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      bytes = new Uint8Array(read.getMappedRange().slice(0, size));
      read.destroy();
    } else {
      // As LiteRT.js's toTypedArray: the lock points at the packed data (it refuses offsets, so do we).
      if (buffer.offset() !== 0) throw new TfliteError('LAYOUT', 'LiteRT.js returned an output with a byte offset');
      const at = buffer.lock(w.LiteRtTensorBufferLockMode.READ);
      try { bytes = w.HEAPU8.slice(at, at + size); } finally { buffer.unlock(); }
    }
    const out = engineArrayFor(dtype, 0);
    const Ctor = out.constructor as new (b: ArrayBuffer) => EngineTypedArray;
    return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }

  async run(inputs: readonly EngineTypedArray[]): Promise<EngineTypedArray[]> {
    const compiled = this.compiled;
    if (!compiled) throw new TfliteError('DISPOSED', 'LiteRT.js model was disposed');
    if (inputs.length !== this.specs.length) throw new InputError(`expected ${this.specs.length} input(s), got ${inputs.length}`);
    const made: { buffer: TensorBuffer; release: () => void }[] = [];
    try {
      inputs.forEach((a, i) => {
        const spec = this.specs[i]!;
        if (!matchesDType(a, spec.info.dtype)) throw new InputError(`input "${spec.info.name}" is ${spec.info.dtype}; got ${a.constructor.name}`);
        const batch = this.resizableBatch ? a.length / spec.perItem : spec.info.shape[0] ?? 1;
        if (!Number.isInteger(batch) || batch * spec.perItem !== a.length) {
          throw new InputError(`input "${spec.info.name}": ${a.length} values do not fill [${spec.info.shape}]${this.resizableBatch ? ' batches' : ''}`);
        }
        made.push(this.inputBuffer(spec, a, [batch, ...spec.info.shape.slice(1)].slice(0, spec.info.shape.length)));
      });
      const outs = await compiled.run(0, made.map((m) => m.buffer));
      try {
        const result: EngineTypedArray[] = [];
        for (let k = 0; k < outs.length; k++) result.push(await this.readOutput(outs[k]!, this.outputs[k]!.dtype));
        return result;
      } finally {
        for (const o of outs) o.delete();
      }
    } finally {
      for (const m of made) m.release();
    }
  }

  dispose(): void {
    if (!this.compiled) return;
    this.compiled.delete();
    this.model.delete();
    this.wasm._free(this.modelPtr);
    this.compiled = null;
  }
}

/** Loads `bytes` into LiteRT.js with the given accelerator; fails with LoadError when LiteRT refuses the model. */
export async function loadLiteRtModel(bytes: Uint8Array, opts: LiteRtOptions): Promise<ReferenceModel> {
  const { lite, build } = await ensureRuntime(opts.wasmBase);
  const w = lite.liteRtWasm;
  const env = lite.getDefaultEnvironment();
  if (opts.accelerator === 'webgpu' && !env.webGpuDevice) throw new LoadError('LiteRT.js (webgpu): no WebGPU device in this browser');
  // The same steps and options as LiteRT.js's loadAndCompile (fillCompileOptions), minus its typed wrappers.
  const ptr = w._malloc(bytes.byteLength);
  w.HEAPU8.set(bytes, ptr);
  let model: LiteModel | null = null;
  let compiled: CompiledModel | null = null;
  try {
    model = w.loadModel(env.liteRtEnvironment, ptr, bytes.byteLength);
    compiled = await w.compileModel(env.liteRtEnvironment, model, { accelerator: opts.accelerator, environment: env,
      cpuOptions: { numThreads: w.getThreadCount() }, gpuOptions: {}, webNNOptions: {} } as Parameters<Wasm['compileModel']>[2]);
  } catch (e) {
    model?.delete();
    w._free(ptr);
    throw new LoadError(`LiteRT.js (${opts.accelerator}) could not compile the model: ${message(e)}`);
  }
  const placement = opts.accelerator === 'webgpu' ? (compiled.isFullyAccelerated() ? ', all ops on webgpu' : ', partly on wasm') : '';
  try {
    return new LiteRtModel(lite, model, compiled, ptr, `${opts.accelerator} (${build} build${placement}, low-level API)`, opts.version ?? 'unknown');
  } catch (e) {
    compiled.delete();
    model.delete();
    w._free(ptr);
    throw e instanceof LoadError ? e : new LoadError(`LiteRT.js (${opts.accelerator}): ${message(e)}`);
  }
}
