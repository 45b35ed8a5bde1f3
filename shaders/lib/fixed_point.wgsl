// TFLite / gemmlowp integer requantization in 32-bit WGSL (no i64): exact emulation of the 64-bit products.

// |a| * |b| as a 64-bit unsigned (lo, hi), from 16-bit limbs.
fn fp_mul_wide(x: u32, y: u32) -> vec2<u32> {
  let x0 = x & 0xffffu; let x1 = x >> 16u;
  let y0 = y & 0xffffu; let y1 = y >> 16u;
  let p00 = x0 * y0; let p01 = x0 * y1; let p10 = x1 * y0; let p11 = x1 * y1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  let lo = (p00 & 0xffffu) | (mid << 16u);
  let hi = p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
  return vec2<u32>(lo, hi);
}

fn fp_abs_u32(v: i32) -> u32 {
  return select(u32(v), 0u - u32(v), v < 0);
}

// SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31, truncated toward zero, saturating at INT32_MAX.
fn fp_srdhm(a: i32, b: i32) -> i32 {
  if (a == b && a == i32(-2147483647 - 1)) { return 2147483647; }
  let neg = (a < 0) != (b < 0);
  let m = fp_mul_wide(fp_abs_u32(a), fp_abs_u32(b));
  // negative products round as -(|ab| + 2^30 - 1) / 2^31, positive as (|ab| + 2^30) / 2^31
  let add = select(0x40000000u, 0x3fffffffu, neg);
  let lo = m.x + add;
  let hi = m.y + select(0u, 1u, lo < m.x);
  let q = (hi << 1u) | (lo >> 31u);
  return select(i32(q), -i32(q), neg);
}

// RoundingDivideByPOT: x / 2^e rounded half away from zero.
fn fp_rdbpot(x: i32, e: i32) -> i32 {
  if (e <= 0) { return x; }
  let mask = i32((1u << u32(e)) - 1u);
  let remainder = x & mask;
  let threshold = (mask >> 1u) + select(0, 1, x < 0);
  return (x >> u32(e)) + select(0, 1, remainder > threshold);
}

// MultiplyByQuantizedMultiplier (TFLite's double-rounding reference).
fn fp_mbqm(x: i32, multiplier: i32, shift: i32) -> i32 {
  let left = max(shift, 0);
  let right = max(-shift, 0);
  return fp_rdbpot(fp_srdhm(x << u32(left), multiplier), right);
}

// MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0).
fn fp_mbqm_small(x: i32, multiplier: i32, shift: i32) -> i32 {
  return fp_rdbpot(fp_srdhm(x, multiplier), -shift);
}

// MultiplyByQuantizedMultiplier as ruy (behind TFLite 2.9's CONV_2D / FULLY_CONNECTED) rounds it: a positive
// shift scales x up first (wrapping), a right shift breaks ties upward (floor((y + 2^(rs-1)) / 2^rs)), unlike
// fp_rdbpot's away-from-zero; twin of gemmMultiplyByQuantizedMultiplier in cpu/kernels/shared/gemm-requant.ts.
fn fp_gemm_mbqm(x: i32, multiplier: i32, shift: i32) -> i32 {
  if (shift >= 0) { return fp_srdhm(x << u32(shift), multiplier); }
  let y = fp_srdhm(x, multiplier);
  let rs = u32(-shift);
  return (y >> rs) + ((y >> (rs - 1u)) & 1);
}
