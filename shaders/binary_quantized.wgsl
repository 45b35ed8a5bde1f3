// Quantized elementwise ADD / SUB (TFLite add.cc / sub.cc 8-bit path) and MUL (mul.cc), with broadcasting.
// Integer tensors hold one i32 per element on the GPU.
//! requires: fixed_point, grid

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

fn q_offsets(i: u32) -> vec2<u32> {
  var r = i;
  var oa = 0u; var ob = 0u;
  let c5 = r % params.d5; r = r / params.d5; oa += c5 * params.a5; ob += c5 * params.b5;
  let c4 = r % params.d4; r = r / params.d4; oa += c4 * params.a4; ob += c4 * params.b4;
  let c3 = r % params.d3; r = r / params.d3; oa += c3 * params.a3; ob += c3 * params.b3;
  let c2 = r % params.d2; r = r / params.d2; oa += c2 * params.a2; ob += c2 * params.b2;
  let c1 = r % params.d1; r = r / params.d1; oa += c1 * params.a1; ob += c1 * params.b1;
  oa += r * params.a0; ob += r * params.b0;
  return vec2<u32>(oa, ob);
}

// ADD (sign +1) and SUB (sign -1 via b_mult's caller-side negation is NOT used: TFLite subtracts the scaled values).
override SUBTRACT: bool = false;

@compute @workgroup_size(WG)
fn add_sub_q8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = q_offsets(i);
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
  let o = q_offsets(i);
  let p = (a_q[o.x] + params.a_offset) * (b_q[o.y] + params.b_offset);
  let r = fp_mbqm(p, params.out_mult, params.out_shift) + params.out_offset;
  out_q[i] = clamp(r, params.q_min, params.q_max);
}
