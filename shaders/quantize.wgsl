// QUANTIZE (float32 -> int by an exact integer division; int -> int Requantize), DEQUANTIZE and CAST over the GPU
// element formats (f32 bits, one i32 per integer element). Float inputs are read as u32 bits and decoded with
// integer operations, so no result depends on the GPU's float division, NaN or denormal handling.
//! requires: fixed_point, grid

struct Params {
  n: u32,
  // QUANTIZE float32: output scale = s_mant * 2^s_exp with s_mant in [2^23, 2^24)
  s_mant: u32, s_exp: i32,
  // Requantize / DEQUANTIZE zero points, Q31 multiplier and shift, output clamp
  in_zp: i32, out_zp: i32, mult: i32, shift: i32,
  q_min: i32, q_max: i32,
  // DEQUANTIZE: per-tensor scale; per-channel: elements per channel step and channel count
  scale: f32, inner: u32, channels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x_bits: array<u32>;
@group(0) @binding(2) var<storage, read> x_int: array<i32>;
@group(0) @binding(3) var<storage, read_write> out_int: array<i32>;
@group(0) @binding(4) var<storage, read_write> out_f32: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_bits: array<u32>;
@group(0) @binding(6) var<storage, read> ch_scale: array<f32>;
@group(0) @binding(7) var<storage, read> ch_zp: array<i32>;

override WG: u32 = 64u;

// |round_half_away(x / scale)| beyond which every output range saturates (the kernel keeps |zero point| <= 2^16).
const Q_CAP: u32 = 131072u;

// round_half_away(|a| / scale) for the finite non-zero magnitude bits `ab`, capped at Q_CAP. With Q = floor(2a/s),
// round_half_away(a/s) = (Q + 1) >> 1 (ties go up); Q is computed by exact long division of the mantissas,
// 8 quotient bits per step (the remainder stays below s_mant < 2^24, so remainder << 8 fits in u32).
fn q_round_div(ab: u32) -> u32 {
  let field = ab >> 23u;
  var m: u32;
  var ex: i32;
  if (field == 0u) {
    let lz = countLeadingZeros(ab) - 8u;
    m = ab << lz;
    ex = -149 - i32(lz);
  } else {
    m = (ab & 0x7fffffu) | 0x800000u;
    ex = i32(field) - 150;
  }
  // 2a/s = (m / s_mant) * 2^e with m / s_mant in (1/2, 2)
  let e = ex - params.s_exp + 1;
  if (e < 0) { return 0u; }   // 2a/s < 1: rounds to 0
  if (e > 18) { return Q_CAP; } // a/s >= 2^17
  var q = m / params.s_mant;
  var r = m % params.s_mant;
  var left = u32(e);
  while (left > 0u) {
    let c = min(left, 8u);
    let rs = r << c;
    q = (q << c) | (rs / params.s_mant);
    r = rs % params.s_mant;
    left -= c;
  }
  return min((q + 1u) >> 1u, Q_CAP);
}

// AffineQuantize: zp + round_half_away(x / scale) clamped to the output range, exactly as the double division;
// NaN stores 0 (the CPU's NaN-to-integer store), infinities saturate.
@compute @workgroup_size(WG)
fn quantize_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let b = x_bits[i];
  let ab = b & 0x7fffffffu;
  if (ab > 0x7f800000u) { out_int[i] = 0; return; }
  var k = 0u;
  if (ab == 0x7f800000u) { k = Q_CAP; } else if (ab != 0u) { k = q_round_div(ab); }
  let signed_k = select(i32(k), -i32(k), (b >> 31u) == 1u);
  out_int[i] = clamp(signed_k + params.out_zp, params.q_min, params.q_max);
}

// Requantize (quantize.cc integer paths): out_zp + MultiplyByQuantizedMultiplier(x - in_zp), int32 wrap-around as C++.
@compute @workgroup_size(WG)
fn requantize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let v = params.out_zp + fp_mbqm(x_int[i] - params.in_zp, params.mult, params.shift);
  out_int[i] = min(max(v, params.q_min), params.q_max);
}

// DEQUANTIZE: scale * (q - zp). |q - zp| < 2^17 converts exactly and WGSL's f32 product is correctly rounded, the
// same single rounding as the CPU's exact double product stored as float32 (the kernel keeps the result normal).
@compute @workgroup_size(WG)
fn dequantize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  out_f32[i] = params.scale * f32(x_int[i] - params.in_zp);
}

@compute @workgroup_size(WG)
fn dequantize_channel(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let c = (i / params.inner) % params.channels;
  out_f32[i] = ch_scale[c] * f32(x_int[i] - ch_zp[c]);
}

// ---- CAST ----
// Target codes (override TARGET): 0 float32, 1 bool, 2 int32, 3 int16, 4 uint8, 5 int8, 6 uint16.
override TARGET: u32 = 0u;
// Source is bool: normalised to 0/1 first, as C++ bool converts.
override SRC_BOOL: bool = false;

// trunc(|v|) of finite magnitude bits below 2^31.
fn cast_trunc_mag(ab: u32) -> u32 {
  let field = ab >> 23u;
  if (field < 127u) { return 0u; }
  let e = field - 127u;
  let m = (ab & 0x7fffffu) | 0x800000u;
  if (e >= 23u) { return m << (e - 23u); }
  return m >> (23u - e);
}

// static_cast<int32_t>(float) on x86: truncation, INT32_MIN for NaN and values outside [-2^31, 2^31).
fn cast_x86_trunc(b: u32) -> i32 {
  let ab = b & 0x7fffffffu;
  let neg = (b >> 31u) == 1u;
  if (ab >= 0x4f000000u) { return i32(-2147483647 - 1); } // |v| >= 2^31, inf, NaN (and -2^31 itself)
  let t = i32(cast_trunc_mag(ab));
  return select(t, -t, neg);
}

// int -> float32 bits (nearest even), exact for every i32 (no reliance on the GPU's int-to-float rounding).
fn cast_int_to_f32_bits(v: i32) -> u32 {
  if (v == 0) { return 0u; }
  let sign = select(0u, 0x80000000u, v < 0);
  let a = fp_abs_u32(v);
  var top = 31u - countLeadingZeros(a);
  var m: u32;
  if (top <= 23u) {
    m = a << (23u - top);
  } else {
    let sh = top - 23u;
    m = a >> sh;
    let rem = a & ((1u << sh) - 1u);
    let half = 1u << (sh - 1u);
    if (rem > half || (rem == half && (m & 1u) == 1u)) { m += 1u; }
    if (m == 0x1000000u) { m = 0x800000u; top += 1u; }
  }
  return sign | ((top + 127u) << 23u) | (m & 0x7fffffu);
}

// cast.cc from float32: saturating copyCast overloads for int32/int16/uint8, x86 static_cast for int8/uint16.
@compute @workgroup_size(WG)
fn cast_from_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let b = x_bits[i];
  let ab = b & 0x7fffffffu;
  let neg = (b >> 31u) == 1u;
  let nan = ab > 0x7f800000u;
  var r: u32;
  switch (TARGET) {
    case 1u: { r = select(0u, 1u, ab != 0u); }
    case 2u: {
      // a <= max_int_float ? int32(max(a, min_int_float)) : INT32_MAX; NaN fails the comparison
      if (nan || (!neg && ab >= 0x4f000000u)) { r = 0x7fffffffu; }
      else if (neg && ab >= 0x4f000000u) { r = 0x80000000u; }
      else { let t = i32(cast_trunc_mag(ab)); r = u32(select(t, -t, neg)); }
    }
    case 3u: {
      // clamp to [-32768, 32767] then truncate; NaN converts to 0
      if (nan) { r = 0u; }
      else if (ab >= 0x47000000u) { r = select(32767u, bitcast<u32>(i32(-32768)), neg); }
      else { let t = i32(cast_trunc_mag(ab)); r = u32(select(t, -t, neg)); }
    }
    case 4u: {
      if (nan || neg) { r = 0u; }
      else if (ab >= 0x43800000u) { r = 255u; }
      else { r = cast_trunc_mag(ab); }
    }
    case 5u: { r = u32((cast_x86_trunc(b) << 24u) >> 24u); }
    case 6u: { r = u32(cast_x86_trunc(b)) & 0xffffu; }
    default: { r = b; }
  }
  out_bits[i] = r;
}

// cast.cc from integers: C++ integral conversions keep the low bits; int -> float rounds to nearest even.
@compute @workgroup_size(WG)
fn cast_from_int(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  var v = x_int[i];
  if (SRC_BOOL) { v = select(0, 1, v != 0); }
  var r: u32;
  switch (TARGET) {
    case 0u: { r = cast_int_to_f32_bits(v); }
    case 1u: { r = select(0u, 1u, v != 0); }
    case 3u: { r = u32((v << 16u) >> 16u); }
    case 4u: { r = u32(v) & 0xffu; }
    case 5u: { r = u32((v << 24u) >> 24u); }
    case 6u: { r = u32(v) & 0xffffu; }
    default: { r = u32(v); }
  }
  out_bits[i] = r;
}
