// How tensors live on the GPU: float32 as f32, every integer type (and bool) as one i32 per element, so kernels
// address elements directly; weights use packed formats chosen by their kernels instead.
import type { DType, TypedArray } from '../../graph/dtype.js';
import { allocTyped } from '../../graph/dtype.js';

export type GpuFormat = 'f32' | 'i32';

export function gpuFormat(d: DType): GpuFormat | null {
  switch (d) {
    case 'float32': return 'f32';
    case 'int8': case 'uint8': case 'int16': case 'int32': case 'bool': case 'uint16': return 'i32';
    default: return null;
  }
}

/** Host data -> the GPU element format (a copy unless already f32/i32). */
export function toGpu(d: DType, data: TypedArray): Float32Array | Int32Array {
  if (data instanceof Float32Array || data instanceof Int32Array) return data;
  if (gpuFormat(d) === 'f32') return Float32Array.from(data as ArrayLike<number>);
  return Int32Array.from(data as ArrayLike<number>);
}

/** GPU words -> a host typed array of dtype `d` (n elements). */
export function fromGpu(d: DType, words: ArrayBuffer, byteOffset: number, n: number): TypedArray {
  if (d === 'float32') return new Float32Array(words.slice(byteOffset, byteOffset + 4 * n));
  const src = new Int32Array(words, byteOffset, n);
  if (d === 'int32') return src.slice();
  const out = allocTyped(d, n) as Int8Array | Uint8Array | Int16Array | Uint16Array;
  out.set(src);
  return out;
}
