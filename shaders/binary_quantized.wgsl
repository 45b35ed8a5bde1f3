// Quantized elementwise ADD / SUB (TFLite add.cc / sub.cc 8-bit path) and MUL (mul.cc), with broadcasting.
// Integer tensors hold one i32 per element on the GPU.
//! requires: fixed_point, grid, broadcast

struct Params {
  n: u32,
  d0: u32, d1: u32, d2: u32, d3: u32, d4: u32, d5: u32,
  a0: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32,
  b0: u32, b1: u32, b2: u32, b3: u32, b4: u32, b5: u32,
  a_offset: i32, b_offset: i32,
  a_mult: i32, a_shift: i32, b_mult: i32, b_shift: i32,
  out_mult: i32, out_shift: i32, out_offset: i32,
  left_shift: i32, q_min: i32, q_max: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a_q: array<i32>;
@group(0) @binding(2) var<storage, read> b_q: array<i32>;
@group(0) @binding(3) var<storage, read_write> out_q: array<i32>;

override WG: u32 = 64u;

// SUB subtracts the rescaled inputs, as TFLite's sub.cc does (it does not negate a multiplier).
override SUBTRACT: bool = false;

@compute @workgroup_size(WG)
fn add_sub_q8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = broadcast_offsets(i);
  let xa = (a_q[o.x] + params.a_offset) << u32(params.left_shift);
  let xb = (b_q[o.y] + params.b_offset) << u32(params.left_shift);
  let sa = fp_mbqm_small(xa, params.a_mult, params.a_shift);
  let sb = fp_mbqm_small(xb, params.b_mult, params.b_shift);
  let raw = select(sa + sb, sa - sb, SUBTRACT);
  let r = fp_mbqm_small(raw, params.out_mult, params.out_shift) + params.out_offset;
  out_q[i] = clamp(r, params.q_min, params.q_max);
}

@compute @workgroup_size(WG)
fn mul_q8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = broadcast_offsets(i);
  let p = (a_q[o.x] + params.a_offset) * (b_q[o.y] + params.b_offset);
  let r = fp_mbqm(p, params.out_mult, params.out_shift) + params.out_offset;
  out_q[i] = clamp(r, params.q_min, params.q_max);
}
