// Dtype-agnostic views for data-movement kernels: elements move bit for bit as 1-, 2- or 4-byte words.
import type { TypedArray } from '../../../../graph/dtype.js';

/** The only array kinds the movement loops see, so their inline caches stay polymorphic-small. */
export type WordArray = Uint8Array | Uint16Array | Int32Array;

export interface Words {
  data: WordArray;
  /** Words per tensor element: 2 for 8-byte types (moved as two int32 halves), else 1. */
  perElement: number;
}

/**
 * Views `a` as words. Float32 goes through Int32Array so copies never touch float values (NaN payloads survive);
 * 8-byte elements become word pairs instead of BigInt reads, which would allocate per element.
 */
export function wordsOf(a: TypedArray): Words {
  switch (a.BYTES_PER_ELEMENT) {
    case 1: return { data: a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.length), perElement: 1 };
    case 2: return { data: a instanceof Uint16Array ? a : new Uint16Array(a.buffer, a.byteOffset, a.length), perElement: 1 };
    case 4: return { data: a instanceof Int32Array ? a : new Int32Array(a.buffer, a.byteOffset, a.length), perElement: 1 };
    default: return { data: new Int32Array(a.buffer, a.byteOffset, a.length * 2), perElement: 2 };
  }
}

/** Copies all of `src` into `dst` byte for byte; returns false (copying nothing) when their byte sizes differ. */
export function copyAllBytes(dst: TypedArray, src: TypedArray): boolean {
  if (dst.byteLength !== src.byteLength) return false;
  if (dst.byteLength === 0) return true;
  new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return true;
}

/** Row-major strides (in elements) of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Fills every element of `a` with `v` (a bigint for 64-bit integer arrays is produced from a number if needed). */
export function fillElements(a: TypedArray, v: number | bigint): void {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) a.fill(typeof v === 'bigint' ? v : BigInt(v));
  else a.fill(Number(v));
}
