// MEAN over constant axes (TFLite 2.9 reduce.cc): float32, and the int8/uint8 paths EvalMean dispatches to,
// each with its own integer rounding. The input is viewed as up to 4 kept and 4 reduced dimension groups
// (adjacent dimensions merged, sizes of 1 dropped); outputs are row-major over the kept groups.
//! requires: fixed_point, grid

struct Params {
  n_out: u32,
  count: u32,
  // kept groups: sizes (innermost last) and input element strides
  k0: u32, k1: u32, k2: u32, k3: u32,
  ks0: u32, ks1: u32, ks2: u32, ks3: u32,
  // reduced groups, in input memory order
  r0: u32, r1: u32, r2: u32, r3: u32,
  rs0: u32, rs1: u32, rs2: u32, rs3: u32,
  // quantized epilogue constants (see MODE)
  mult: i32, shift: i32, sum_correction: i32, bias: i32, out_zp: i32,
  q_min: i32, q_max: i32, n_thresholds: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> in_f32: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_f32: array<f32>;
@group(0) @binding(3) var<storage, read> in_q: array<i32>;
@group(0) @binding(4) var<storage, read_write> out_q: array<i32>;
// rescale: thresholds[k] is the smallest sum whose mean is at least q_min + k + 1 (non-decreasing)
@group(0) @binding(5) var<storage, read> thresholds: array<i32>;

override WG: u32 = 64u;
// 0 int8 spatial (reference_integer_ops::Mean), 1 uint8 spatial (optimized_ops::Mean), 2 truncate
// (reference_ops::Mean<T, int>), 3 rescale (QuantizedMeanOrSum, float form), 4 copy (empty axis list).
override MODE: u32 = 0u;

var<workgroup> red_f: array<f32, WG>;
var<workgroup> red_q: array<i32, WG>;

// Input offset of the first element of output j.
fn out_base(j: u32) -> u32 {
  var r = j;
  let c3 = r % params.k3; r = r / params.k3;
  let c2 = r % params.k2; r = r / params.k2;
  let c1 = r % params.k1; r = r / params.k1;
  return r * params.ks0 + c1 * params.ks1 + c2 * params.ks2 + c3 * params.ks3;
}

// Offset of the t-th reduced element (memory order) from the output's base.
fn reduced_offset(t: u32) -> u32 {
  var r = t;
  let c3 = r % params.r3; r = r / params.r3;
  let c2 = r % params.r2; r = r / params.r2;
  let c1 = r % params.r1; r = r / params.r1;
  return r * params.rs0 + c1 * params.rs1 + c2 * params.rs2 + c3 * params.rs3;
}

fn finish_f32(j: u32, s: f32) {
  if (MODE == 4u) { out_f32[j] = s; return; }
  // An empty reduction is TFLite's quiet NaN; WGSL rejects a constant NaN, so its bits are built at run time
  // (count is 0 whenever that branch is taken).
  if (params.count == 0u) { out_f32[j] = bitcast<f32>(0x7fc00000u + params.count); return; }
  out_f32[j] = s / f32(params.count);
}

// The float rescale is monotone in the sum, so its clamped result is q_min plus the number of thresholds passed.
fn rescale_lookup(s: i32) -> i32 {
  var lo = 0u;
  var hi = params.n_thresholds;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (thresholds[mid] <= s) { lo = mid + 1u; } else { hi = mid; }
  }
  return params.q_min + i32(lo);
}

fn finish_q(j: u32, s: i32) {
  if (MODE == 4u) { out_q[j] = s; return; }
  if (params.count == 0u) { out_q[j] = 0; return; }
  let count = i32(params.count);
  var v: i32;
  // if/else rather than switch: wgsl_reflect only finds resources used outside switch bodies.
  if (MODE == 0u) {
    // Divide by the count rounding half away from zero, without the overflow of (a + count / 2).
    let a = fp_mbqm(s - params.sum_correction, params.mult, params.shift);
    let ua = fp_abs_u32(a);
    let q = ua / params.count;
    let rem = ua - q * params.count;
    let m = i32(q + select(0u, 1u, rem + params.count / 2u >= params.count));
    v = select(-m, m, a > 0) + params.out_zp;
  } else if (MODE == 1u) {
    v = fp_mbqm(s, params.mult, params.shift) + params.bias;
  } else if (MODE == 2u) {
    v = s / count;
  } else {
    v = rescale_lookup(s);
  }
  out_q[j] = clamp(v, params.q_min, params.q_max);
}

// One invocation per output, summing in input memory order (float sums round exactly as the CPU's).
@compute @workgroup_size(WG)
fn mean_f32_loop(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = grid_linear(gid, nwg, WG);
  if (j >= params.n_out) { return; }
  let base = out_base(j);
  // -0 + x is x for every x, so the copy mode keeps negative zeros; the CPU's sums start from +0.
  var s = select(0.0, bitcast<f32>(0x80000000u), MODE == 4u);
  for (var a = 0u; a < params.r0; a++) {
    for (var b = 0u; b < params.r1; b++) {
      for (var c = 0u; c < params.r2; c++) {
        let o = base + a * params.rs0 + b * params.rs1 + c * params.rs2;
        for (var d = 0u; d < params.r3; d++) { s += in_f32[o + d * params.rs3]; }
      }
    }
  }
  finish_f32(j, s);
}

@compute @workgroup_size(WG)
fn mean_q_loop(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = grid_linear(gid, nwg, WG);
  if (j >= params.n_out) { return; }
  let base = out_base(j);
  // int32 sums wrap like TFLite's accumulator, so the order does not matter.
  var s = 0;
  for (var a = 0u; a < params.r0; a++) {
    for (var b = 0u; b < params.r1; b++) {
      for (var c = 0u; c < params.r2; c++) {
        let o = base + a * params.rs0 + b * params.rs1 + c * params.rs2;
        for (var d = 0u; d < params.r3; d++) { s += in_q[o + d * params.rs3]; }
      }
    }
  }
  finish_q(j, s);
}

// One workgroup per output (long reductions, few outputs): strided partial sums, then a tree in shared memory.
@compute @workgroup_size(WG)
fn mean_f32_wg(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let j = wid.x + wid.y * nwg.x;
  if (j >= params.n_out) { return; }
  let base = out_base(j);
  var s = 0.0;
  for (var t = lid; t < params.count; t += WG) { s += in_f32[base + reduced_offset(t)]; }
  red_f[lid] = s;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) { red_f[lid] = red_f[lid] + red_f[lid + w]; }
    workgroupBarrier();
  }
  if (lid == 0u) { finish_f32(j, red_f[0]); }
}

@compute @workgroup_size(WG)
fn mean_q_wg(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let j = wid.x + wid.y * nwg.x;
  if (j >= params.n_out) { return; }
  let base = out_base(j);
  var s = 0;
  for (var t = lid; t < params.count; t += WG) { s += in_q[base + reduced_offset(t)]; }
  red_q[lid] = s;
  workgroupBarrier();
  for (var w = WG / 2u; w > 0u; w = w / 2u) {
    if (lid < w) { red_q[lid] = red_q[lid] + red_q[lid + w]; }
    workgroupBarrier();
  }
  if (lid == 0u) { finish_q(j, red_q[0]); }
}
