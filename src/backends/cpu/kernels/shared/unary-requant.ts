// Elementwise integer requantization (reference Requantize / quantized ReluX): out = clamp(zpOut + M*(x - zpIn)).
import { multiplyByQuantizedMultiplier } from '../../quant/fixed-point.js';
import type { TypedArray } from '../../../../graph/dtype.js';
import type { NumberArray } from './unary-common.js';

export interface RequantParams {
  inZeroPoint: number;
  outZeroPoint: number;
  /** Q31 multiplier and shift from quantizeMultiplier. */
  multiplier: number;
  shift: number;
  /** Clamp bounds in the output's integer domain (the dtype range, possibly narrowed by an activation). */
  lo: number;
  hi: number;
}

/** One requantized value, with C++ int32 wrap-around on the offset subtraction and addition. */
export function requantOne(x: number, p: RequantParams): number {
  const v = (p.outZeroPoint + multiplyByQuantizedMultiplier((x - p.inZeroPoint) | 0, p.multiplier, p.shift)) | 0;
  // max with lo first, then min with hi, as TFLite's ReluX does (matters only if an activation makes lo > hi).
  const c = v < p.lo ? p.lo : v;
  return c > p.hi ? p.hi : c;
}

/** A 256-entry table of requantized values indexed by the input byte (x & 0xff), for 8-bit inputs. */
export function requantTable8(signed: boolean, p: RequantParams): Int32Array {
  const t = new Int32Array(256);
  for (let b = 0; b < 256; b++) t[b] = requantOne(signed && b >= 128 ? b - 256 : b, p);
  return t;
}

/** dst[i] = table[src[i] & 0xff] for the first n elements. */
export function applyTable8(table: Int32Array | Float32Array, src: TypedArray, dst: NumberArray, n: number): void {
  if (src instanceof Uint8Array) {
    for (let i = 0; i < n; i++) dst[i] = table[src[i]];
  } else if (src instanceof Int8Array) {
    for (let i = 0; i < n; i++) dst[i] = table[src[i] & 0xff];
  } else {
    throw new TypeError('applyTable8: source must be an Int8Array or Uint8Array');
  }
}

/** dst[i] = requantOne(src[i]) for wider integer inputs (int16, int32), where a table does not pay. */
export function requantArray(src: Int16Array | Int32Array, dst: NumberArray, n: number, p: RequantParams): void {
  const { inZeroPoint, outZeroPoint, multiplier, shift, lo, hi } = p;
  for (let i = 0; i < n; i++) {
    const v = (outZeroPoint + multiplyByQuantizedMultiplier((src[i] - inZeroPoint) | 0, multiplier, shift)) | 0;
    const c = v < lo ? lo : v;
    dst[i] = c > hi ? hi : c;
  }
}
