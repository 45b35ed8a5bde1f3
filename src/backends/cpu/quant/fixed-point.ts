// TFLite's integer requantization arithmetic (quantization_util / gemmlowp fixed point), exact in JS doubles.
// JS has no int64 multiply; the helpers below split operands so every intermediate stays below 2^53 and the
// rounding matches the C++ code bit for bit.

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const TWO31 = 2147483648;
const TWO15 = 32768;

/** Round half away from zero, as std::round / TfLiteRound. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/** frexp: x = m * 2^e with 0.5 <= |m| < 1 (m = 0, e = 0 for x = 0). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * 2 ** -e;
  // log2 can be off by one near powers of two; normalise exactly.
  while (Math.abs(m) < 0.5) { m *= 2; e -= 1; }
  while (Math.abs(m) >= 1) { m /= 2; e += 1; }
  return [m, e];
}

export interface QuantizedMultiplier {
  /** Q31 fixed-point multiplier in [2^30, 2^31) (or 0). */
  multiplier: number;
  /** Power-of-two exponent: positive = left shift. */
  shift: number;
}

/** QuantizeMultiplier from TFLite's quantization_util.cc: real = multiplier * 2^(shift - 31). */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  let [q, shift] = frexp(real);
  let qFixed = roundHalfAway(q * TWO31);
  if (qFixed === TWO31) { qFixed /= 2; shift += 1; }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: qFixed, shift };
}

/** gemmlowp SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31 truncated toward zero, saturating. */
export function srdhm(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // a*b = hi * 2^16 + lo with b = bh * 2^16 + bl, bl in [0, 65536)
  const bl = b & 0xffff;
  const bh = (b - bl) / 65536;
  const hi = a * bh; // |hi| < 2^46, exact
  const ab0 = a * bl; // |ab0| < 2^47, exact
  // sign of the 64-bit product a*b equals sign(a)*sign(b)
  const positive = (a >= 0) === (b >= 0) || a === 0 || b === 0;
  const lo = ab0 + (positive ? 1073741824 : 1 - 1073741824); // + nudge, exact
  // total = hi * 2^16 + lo; divide by 2^31 = (hiq * 2^31) + (hir * 2^16 + lo)
  const hiq = Math.floor(hi / TWO15);
  const hir = hi - hiq * TWO15;
  const r = hir * 65536 + lo;
  const rq = Math.floor(r / TWO31);
  const rem = r - rq * TWO31;
  let q = hiq + rq;
  if (q < 0 && rem !== 0) q += 1; // C++ integer division truncates toward zero
  return q;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const mask = (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** TFLite MultiplyByQuantizedMultiplier (the default, double-rounding variant of the reference kernels). */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  // x * 2^left wraps like the C++ int32 product (callers keep it in range, as TFLite's do)
  return roundingDivideByPOT(srdhm(left ? Math.imul(x, 1 << left) : x, multiplier), right);
}

/** MultiplyByQuantizedMultiplierSmallerThanOneExp: shift <= 0. */
export function multiplyByQuantizedMultiplierSmallerThanOne(x: number, multiplier: number, shift: number): number {
  return roundingDivideByPOT(srdhm(x, multiplier), -shift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne: shift >= 0. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, shift: number): number {
  return srdhm(Math.imul(x, 1 << shift), multiplier);
}

/** Saturating cast of an integer into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
