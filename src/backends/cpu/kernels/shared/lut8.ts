// 256-entry lookup tables for int8/uint8 elementwise activations, built exactly as TFLite's
// PopulateLookupTable (activations.cc) does: dequantize, transform and requantize in float32.
import { roundHalfAway } from '../../quant/fixed-point.js';

const f32 = Math.fround;

export interface Lut8 {
  /** Output value for input value v is table[v - offset]. */
  table: Int8Array | Uint8Array;
  /** -128 for int8, 0 for uint8. */
  offset: number;
}

/**
 * Builds the table for `transform` (a float32 -> float32 function). Every step rounds to float32 like the C++:
 * dequantized = in_scale * (v - in_zp); rescaled = round(transform(dequantized) * (1 / out_scale));
 * q = clamp(rescaled + out_zp).
 */
export function buildLut8(
  dtype: 'int8' | 'uint8', inScale: number, inZp: number, outScale: number, outZp: number,
  transform: (x: number) => number,
): Lut8 {
  const lo = dtype === 'int8' ? -128 : 0;
  const hi = lo + 255;
  const table = dtype === 'int8' ? new Int8Array(256) : new Uint8Array(256);
  const inS = f32(inScale);
  const invOut = f32(1 / f32(outScale));
  for (let v = lo; v <= hi; v++) {
    const deq = f32(inS * (v - inZp));
    const t = f32(transform(deq));
    const rescaled = roundHalfAway(f32(t * invOut));
    const q = Math.trunc(f32(rescaled + outZp));
    table[v - lo] = q > hi ? hi : q < lo ? lo : q;
  }
  return { table, offset: lo };
}

/** Applies a table elementwise over n values. */
export function applyLut8(lut: Lut8, x: Int8Array | Uint8Array, y: Int8Array | Uint8Array, n: number): void {
  const t = lut.table, off = lut.offset;
  for (let i = 0; i < n; i++) y[i] = t[x[i]! - off]!;
}

/** std::exp / std::tanh on a float, approximated by the correctly rounded double result cast to float32. */
export function logisticF32(x: number): number {
  return f32(1 / f32(1 + f32(Math.exp(-x))));
}

export function tanhF32(x: number): number {
  return f32(Math.tanh(x));
}
