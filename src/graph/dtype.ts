// Tensor element types of the TFLite schema, their byte sizes and the typed arrays that hold them.
import { ModelValidationError } from '../errors.js';

export const DTYPES = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8', 'float64',
  'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4', 'bfloat16', 'int2', 'uint4',
  'float8_e4m3fn', 'float8_e5m2',
] as const;
/** Index in DTYPES equals the schema's TensorType enum value. */
export type DType = (typeof DTYPES)[number];

export type TypedArray =
  | Float32Array | Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array
  | BigInt64Array | BigUint64Array;

/** Bytes per element; 0 for types without a fixed element size (string, resource, variant); sub-byte types 0.5/0.25. */
export function dtypeBytes(d: DType): number {
  switch (d) {
    case 'float32': case 'int32': case 'uint32': return 4;
    case 'float16': case 'int16': case 'uint16': case 'bfloat16': return 2;
    case 'uint8': case 'int8': case 'bool': case 'float8_e4m3fn': case 'float8_e5m2': return 1;
    case 'int64': case 'uint64': case 'float64': case 'complex64': return 8;
    case 'complex128': return 16;
    case 'int4': case 'uint4': return 0.5;
    case 'int2': return 0.25;
    case 'string': case 'resource': case 'variant': return 0;
  }
}

export function dtypeFromSchema(t: number, where: string): DType {
  const d = DTYPES[t];
  if (d === undefined) throw new ModelValidationError(`${where}: unknown tensor type ${t}`);
  return d;
}

/** Element types the engine's kernels compute on directly. */
export type NumericDType = 'float32' | 'float16' | 'int32' | 'uint8' | 'int8' | 'int16' | 'bool' | 'int64' | 'uint16' | 'uint32' | 'float64';

export function isNumeric(d: DType): d is NumericDType {
  return ['float32', 'float16', 'int32', 'uint8', 'int8', 'int16', 'bool', 'int64', 'uint16', 'uint32', 'float64'].includes(d);
}

/** Allocates a zeroed typed array for `n` elements of `d` (float16 is stored raw as Uint16Array, bool as Uint8Array). */
export function allocTyped(d: DType, n: number): TypedArray {
  return viewTyped(d, new ArrayBuffer(Math.ceil(n * dtypeBytes(d))), 0, n);
}

/** A typed view over `buf` at `byteOffset` (must be aligned to the element size). */
export function viewTyped(d: DType, buf: ArrayBufferLike, byteOffset: number, n: number): TypedArray {
  switch (d) {
    case 'float32': return new Float32Array(buf, byteOffset, n);
    case 'float64': return new Float64Array(buf, byteOffset, n);
    case 'int32': return new Int32Array(buf, byteOffset, n);
    case 'uint32': return new Uint32Array(buf, byteOffset, n);
    case 'int16': return new Int16Array(buf, byteOffset, n);
    case 'uint16': case 'float16': case 'bfloat16': return new Uint16Array(buf, byteOffset, n);
    case 'int8': return new Int8Array(buf, byteOffset, n);
    case 'uint8': case 'bool': return new Uint8Array(buf, byteOffset, n);
    case 'int64': return new BigInt64Array(buf, byteOffset, n);
    case 'uint64': return new BigUint64Array(buf, byteOffset, n);
    default: return new Uint8Array(buf, byteOffset, Math.ceil(n * dtypeBytes(d)));
  }
}

export function numElements(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
