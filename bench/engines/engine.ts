// The interface every reference engine adapter (real TFLite builds such as tfjs-tflite or LiteRT.js) implements,
// so acceptance tests and benchmarks can drive any of them with raw typed arrays.

/** Element types a reference engine may expose; 'bool' travels as one byte per element. */
export type EngineDType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'int32' | 'uint32' | 'bool';

export type EngineTypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array;

export interface EngineTensorInfo {
  name: string;
  dtype: EngineDType;
  /** The shape the engine has allocated; run() takes exactly this many elements per input unless `resizableBatch`. */
  shape: number[];
}

export interface ReferenceModel {
  /** Engine name, e.g. 'tfjs-tflite'. */
  readonly engine: string;
  /** The engine package's version string. */
  readonly version: string;
  /** How it runs, e.g. 'wasm simd' or 'wasm simd threaded (2 threads)'. */
  readonly variant: string;
  readonly inputs: readonly EngineTensorInfo[];
  readonly outputs: readonly EngineTensorInfo[];
  /** Whether run() accepts any multiple of the per-item input size along dimension 0 (else batch = shape[0]). */
  readonly resizableBatch: boolean;
  /** One inference: inputs in model order, each of the input's dtype; returns fresh copies of every output. */
  run(inputs: readonly EngineTypedArray[]): Promise<EngineTypedArray[]>;
  /** Frees the engine's memory; the model is unusable afterwards. */
  dispose(): void;
}

/** The typed-array constructor for an engine dtype. */
export function engineArrayFor(dtype: EngineDType, length: number): EngineTypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
    case 'int8': return new Int8Array(length);
    case 'uint8': case 'bool': return new Uint8Array(length);
    case 'int16': return new Int16Array(length);
    case 'int32': return new Int32Array(length);
    case 'uint32': return new Uint32Array(length);
  }
}

/** Whether `a` is the typed array an engine expects for `dtype`. */
export function matchesDType(a: EngineTypedArray, dtype: EngineDType): boolean {
  return a instanceof engineArrayFor(dtype, 0).constructor;
}
