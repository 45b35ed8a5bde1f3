// SOFTMAX over the last axis. float32: subtract the row max, exp, normalise. int8/uint8 input: TFLite's default
// (generic optimized) table kernel exactly as the CPU kernel emulates it in float32 steps: the exp table comes
// from the host; the row sum is the same sequential f32 sum; the reciprocal and the final roundings, which
// WGSL's f32 division and possible fma contraction would not reproduce, are done in integer arithmetic.
//! requires: grid

struct Params {
  rows: u32,
  depth: u32,
  beta: f32,
  out_scale: f32,
  out_zp: i32,
  q_min: i32,
  q_max: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> in_f32: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_f32: array<f32>;
@group(0) @binding(3) var<storage, read> in_q: array<i32>;
@group(0) @binding(4) var<storage, read_write> out_q: array<i32>;
// table[255 - d] = expf(-in_scale * beta * d) (optimized_ops::PopulateSoftmaxLookupTable)
@group(0) @binding(5) var<storage, read> table: array<f32>;

override WG: u32 = 64u;
// uint8 output on TFLite's non-aarch64 path: (int)(p + 0.5f) without the zero point; else round(p) + zp.
override TRUNC_U8: bool = false;

var<workgroup> red_f: array<f32, WG>;
var<workgroup> red_q: array<i32, WG>;
var<workgroup> row_scale: f32;

// ---- float32 ----

@compute @workgroup_size(WG)
fn softmax_f32_loop(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = grid_linear(gid, nwg, WG);
  if (row >= params.rows) { return; }
  let base = row * params.depth;
  var mx = in_f32[base];
  for (var j = 1u; j < params.depth; j++) { mx = max(mx, in_f32[base + j]); }
  var sum = 0.0;
  for (var j = 0u; j < params.depth; j++) {
    let e = exp((in_f32[base + j] - mx) * params.beta);
    out_f32[base + j] = e;
    sum += e;
  }
  let inv = 1.0 / sum;
  for (var j = 0u; j < params.depth; j++) { out_f32[base + j] = out_f32[base + j] * inv; }
}

@compute @workgroup_size(WG)
fn softmax_f32_wg(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.depth;
  var mx = in_f32[base];
  for (var j = lid; j < params.depth; j += WG) { mx = max(mx, in_f32[base + j]); }
  red_f[lid] = mx;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) { red_f[lid] = max(red_f[lid], red_f[lid + w]); }
    workgroupBarrier();
  }
  mx = red_f[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var j = lid; j < params.depth; j += WG) {
    let e = exp((in_f32[base + j] - mx) * params.beta);
    out_f32[base + j] = e;
    sum += e;
  }
  red_f[lid] = sum;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) { red_f[lid] = red_f[lid] + red_f[lid + w]; }
    workgroupBarrier();
  }
  let inv = 1.0 / red_f[0];
  // Each invocation rescales the elements it wrote itself.
  for (var j = lid; j < params.depth; j += WG) { out_f32[base + j] = out_f32[base + j] * inv; }
}

// ---- 8-bit input ----

// Correctly rounded 1/x for a positive normal x (WGSL's f32 division may be 2.5 ulp off): long division of
// 2^48 by x's 24-bit significand, then round to nearest even.
fn sm_recip(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let e = i32((bits >> 23u) & 0xffu);
  let m = (bits & 0x7fffffu) | 0x800000u;
  // 2^k < m for k < 23, so the first 23 quotient bits are zero and the remainder is 2^23.
  var r = 1u << 23u;
  var q = 0u;
  if (r >= m) { r -= m; q = 1u; }
  for (var i = 0u; i < 25u; i++) {
    r = r << 1u;
    q = q << 1u;
    if (r >= m) { r -= m; q |= 1u; }
  }
  // q = floor(2^48 / m) in (2^24, 2^25]; 1/x = 2^(103 - e) * q / 2
  var mant = q >> 1u;
  if ((q & 1u) == 1u && (r != 0u || (mant & 1u) == 1u)) { mant += 1u; }
  var field = 253 - e;
  if (mant == 0x1000000u) { mant = 0x800000u; field += 1; }
  if (field <= 0) { return 0.0; }
  return bitcast<f32>((u32(field) << 23u) | (mant & 0x7fffffu));
}

// The CPU's integer result for p = f32(table * inv) >= 0: round half away from zero, or with TRUNC_U8
// trunc(f32(p + 0.5)); from p's bits, so no fused multiply-add can change the rounding.
fn sm_round(p: f32) -> i32 {
  let bits = bitcast<u32>(p);
  let e = i32(bits >> 23u);
  if (e == 0) { return 0; } // zero or below 2^-126
  let m = (bits & 0x7fffffu) | 0x800000u;
  let k = 150 - e; // p = m * 2^-k
  if (k <= 0) {
    // p >= 2^23 is an integer; from 2^30 on it clamps to q_max whatever the zero point
    if (k <= -7) { return 1 << 30u; }
    // p + 0.5 with p in [2^23, 2^24) is a tie between p and p + 1: to even
    if (TRUNC_U8 && k == 0) { return i32(m + (m & 1u)); }
    return i32(m << u32(-k));
  }
  if (!TRUNC_U8) {
    if (k > 25) { return 0; } // p < 0.25
    return i32((m + (1u << u32(k - 1))) >> u32(k));
  }
  if (k > 30) { return 0; } // p < 2^-6: f32(p + 0.5) < 0.52
  // S = p + 0.5 = s * 2^-k exactly; round s to 24 significant bits (to even), then truncate.
  let s = m + (1u << u32(k - 1));
  var sr = s;
  let nb = firstLeadingBit(s) + 1u;
  if (nb > 24u) {
    let d = nb - 24u;
    let half = 1u << (d - 1u);
    let rem = s & ((1u << d) - 1u);
    var t = s >> d;
    if (rem > half || (rem == half && (t & 1u) == 1u)) { t += 1u; }
    sr = t << d;
  }
  return i32(sr >> u32(k));
}

fn sm_output(t: f32, inv: f32) -> i32 {
  let r = sm_round(t * inv);
  return clamp(select(r + params.out_zp, r, TRUNC_U8), params.q_min, params.q_max);
}

// The CPU's sequential float32 sum of the row's table entries (this order decides the rounding).
fn sm_row_inv(base: u32, off: i32) -> f32 {
  var sum = 0.0;
  for (var j = 0u; j < params.depth; j++) { sum = sum + table[off + in_q[base + j]]; }
  return sm_recip(sum * params.out_scale);
}

@compute @workgroup_size(WG)
fn softmax_q_loop(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = grid_linear(gid, nwg, WG);
  if (row >= params.rows) { return; }
  let base = row * params.depth;
  var mx = in_q[base];
  for (var j = 1u; j < params.depth; j++) { mx = max(mx, in_q[base + j]); }
  let off = 255 - mx;
  let inv = sm_row_inv(base, off);
  for (var j = 0u; j < params.depth; j++) { out_q[base + j] = sm_output(table[off + in_q[base + j]], inv); }
}

@compute @workgroup_size(WG)
fn softmax_q_wg(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.depth;
  var mx = in_q[base];
  for (var j = lid; j < params.depth; j += WG) { mx = max(mx, in_q[base + j]); }
  red_q[lid] = mx;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) { red_q[lid] = max(red_q[lid], red_q[lid + w]); }
    workgroupBarrier();
  }
  let off = 255 - red_q[0];
  // The sum is sequential in the CPU, so one invocation computes it; the others wait.
  if (lid == 0u) { row_scale = sm_row_inv(base, off); }
  workgroupBarrier();
  let inv = row_scale;
  for (var j = lid; j < params.depth; j += WG) { out_q[base + j] = sm_output(table[off + in_q[base + j]], inv); }
}
