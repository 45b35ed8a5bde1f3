// Per-row input quantization of TFLite's hybrid (dynamic-range) kernels, as tensor_utils' portable
// SymmetricQuantizeFloats / AsymmetricQuantizeFloats compute it, float32 rounding included.
import { roundHalfAway } from '../../quant/fixed-point.js';

const f32 = Math.fround;

/**
 * Quantizes x[off, off+n) to int8 values in [-127, 127] (held in int32 for the integer dot products) with scale max|x|/127 (scale 1 for an all-zero row).
 * Returns the scaling factor (a float32 value).
 */
export function symmetricQuantizeRow(x: Float32Array, off: number, n: number, q: Int32Array): number {
  let mn = Infinity, mx = -Infinity;
  for (let i = off; i < off + n; i++) {
    const v = x[i]!;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const range = Math.max(Math.abs(mn), Math.abs(mx));
  if (range === 0) {
    q.fill(0, off, off + n);
    return 1;
  }
  const inv = f32(127 / range);
  for (let i = off; i < off + n; i++) {
    const r = roundHalfAway(f32(x[i]! * inv));
    q[i] = r > 127 ? 127 : r < -127 ? -127 : r;
  }
  return f32(range / 127);
}

/**
 * Quantizes x[off, off+n) to int8 in [-128, 127] with a per-row zero point: the range is widened to
 * include 0, the zero point is nudged as TFLite does (double math), then values are rounded in float32.
 * Writes the scaling factor (float32) to scales[row] and the zero point to zeroPoints[row].
 */
export function asymmetricQuantizeRow(
  x: Float32Array, off: number, n: number, q: Int32Array, scales: Float32Array, zeroPoints: Int32Array, row: number,
): void {
  let mn = Infinity, mx = -Infinity;
  for (let i = off; i < off + n; i++) {
    const v = x[i]!;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const rmin = Math.min(0, mn);
  const rmax = Math.max(0, mx);
  if (rmin === rmax) {
    q.fill(0, off, off + n);
    scales[row] = 1;
    zeroPoints[row] = 0;
    return;
  }
  const qmin = -128, qmax = 127;
  const scale = (rmax - rmin) / (qmax - qmin);
  const zpFromMin = qmin - rmin / scale;
  const zpFromMax = qmax - rmax / scale;
  const errMin = Math.abs(qmin) + Math.abs(rmin / scale);
  const errMax = Math.abs(qmax) + Math.abs(rmax / scale);
  const zpDouble = errMin < errMax ? zpFromMin : zpFromMax;
  const zp = zpDouble <= qmin ? qmin : zpDouble >= qmax ? qmax : roundHalfAway(zpDouble);
  const scaleF = f32(scale);
  scales[row] = scaleF;
  zeroPoints[row] = zp;
  // 1.0 / float is a double division, stored as float; zp + x*inv is float arithmetic.
  const inv = f32(1 / scaleF);
  for (let i = off; i < off + n; i++) {
    const r = roundHalfAway(f32(zp + f32(x[i]! * inv)));
    q[i] = r > qmax ? qmax : r < qmin ? qmin : r;
  }
}
