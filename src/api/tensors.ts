// Public tensor descriptions and the checks that turn user inputs into shaped host tensors (or InputError).
import type { DType, TypedArray } from '../graph/dtype.js';
import { numElements } from '../graph/dtype.js';
import type { Tensor } from '../graph/ir.js';
import { InputError } from '../errors.js';
import type { HostTensor } from '../backends/backend.js';

export interface TensorInfo {
  name: string;
  /** Tensor index in subgraph 0. */
  index: number;
  dtype: DType;
  shape: number[];
  /** -1 marks dimensions that may change per run (dynamic batch). */
  shapeSignature: number[];
  quantization: { scale: number[]; zeroPoint: number[]; quantizedDimension: number } | null;
}

export interface NamedTensor {
  name: string;
  shape: number[];
  dtype: DType;
  data: TypedArray;
}

export interface InputTensor {
  data: TypedArray;
  /** Needed only to disambiguate a dynamic dimension; otherwise inferred from the data length. */
  shape?: number[];
}

export type InputValue = TypedArray | InputTensor;
/** Inputs in model order, keyed by input name, or one typed array for a one-input model. */
export type ModelInputs = InputValue[] | Record<string, InputValue> | TypedArray;

export function tensorInfo(t: Tensor): TensorInfo {
  return {
    name: t.name, index: t.index, dtype: t.dtype, shape: t.shape.slice(), shapeSignature: (t.shapeSignature ?? t.shape).slice(),
    quantization: t.quantization
      ? { scale: t.quantization.scale.slice(), zeroPoint: t.quantization.zeroPoint.slice(), quantizedDimension: t.quantization.quantizedDimension }
      : null,
  };
}

const ARRAY_OF: Partial<Record<DType, string>> = {
  float32: 'Float32Array', float64: 'Float64Array', int32: 'Int32Array', uint32: 'Uint32Array', int16: 'Int16Array',
  uint16: 'Uint16Array', float16: 'Uint16Array', int8: 'Int8Array', uint8: 'Uint8Array', bool: 'Uint8Array',
  int64: 'BigInt64Array', uint64: 'BigUint64Array',
};

export function expectedArrayType(d: DType): string {
  return ARRAY_OF[d] ?? `(no typed array for ${d})`;
}

/** Resolves the shape of one input: the signature's -1 dimension is inferred from the data length. */
function resolveShape(info: TensorInfo, data: TypedArray, given: number[] | undefined): number[] {
  const sig = info.shapeSignature;
  const label = `input "${info.name}"`;
  if (given) {
    if (given.length !== sig.length || given.some((d, i) => !Number.isInteger(d) || d < 0 || (sig[i] !== -1 && sig[i] !== d))) {
      throw new InputError(`${label}: shape [${given}] does not fit the model's [${sig.map((d) => (d === -1 ? '?' : d))}]`);
    }
    if (numElements(given) !== data.length) throw new InputError(`${label}: shape [${given}] needs ${numElements(given)} values, got ${data.length}`);
    return given.slice();
  }
  const dyn = sig.filter((d) => d === -1).length;
  if (dyn === 0) {
    if (data.length !== numElements(info.shape)) {
      throw new InputError(`${label}: expected ${numElements(info.shape)} values for shape [${info.shape}], got ${data.length}`);
    }
    return info.shape.slice();
  }
  const fixed = numElements(sig.filter((d) => d !== -1));
  if (dyn > 1) throw new InputError(`${label}: shape [${sig.map((d) => (d === -1 ? '?' : d))}] has ${dyn} dynamic dimensions; pass {data, shape}`);
  if (fixed === 0 || data.length % fixed !== 0 || data.length === 0) {
    throw new InputError(`${label}: ${data.length} values is not a positive multiple of ${fixed} (shape [${sig.map((d) => (d === -1 ? '?' : d))}])`);
  }
  return sig.map((d) => (d === -1 ? data.length / fixed : d));
}

export function toHostInputs(infos: TensorInfo[], inputs: ModelInputs): HostTensor[] {
  let list: InputValue[];
  if (Array.isArray(inputs)) {
    list = inputs;
  } else if (ArrayBuffer.isView(inputs)) {
    list = [inputs];
  } else {
    const rec = inputs as Record<string, InputValue>;
    const unknown = Object.keys(rec).filter((k) => !infos.some((i) => i.name === k));
    if (unknown.length) throw new InputError(`unknown input name(s) ${unknown.map((k) => `"${k}"`).join(', ')}; the model's inputs are ${infos.map((i) => `"${i.name}"`).join(', ')}`);
    list = infos.map((i) => {
      const v = rec[i.name];
      if (v === undefined) throw new InputError(`missing input "${i.name}"`);
      return v;
    });
  }
  if (list.length !== infos.length) throw new InputError(`model takes ${infos.length} input(s), got ${list.length}`);
  return list.map((v, k) => {
    const info = infos[k]!;
    const data = ArrayBuffer.isView(v) ? (v as TypedArray) : (v as InputTensor).data;
    const shape = ArrayBuffer.isView(v) ? undefined : (v as InputTensor).shape;
    const want = expectedArrayType(info.dtype);
    if (!data || data.constructor.name !== want) {
      throw new InputError(`input "${info.name}": expected ${info.dtype} data as ${want}, got ${data ? data.constructor.name : String(data)}`);
    }
    return { shape: resolveShape(info, data, shape), dtype: info.dtype, data };
  });
}
