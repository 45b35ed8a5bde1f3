// Elementwise ADD / SUB / MUL with NumPy broadcasting (rank <= 6): float, and 8-bit quantized with TFLite's
// exact integer requantization.
//! requires: fixed_point, grid

struct Params {
  n: u32,
  // output dims (innermost last), padded with 1 on the left to rank 6
  d0: u32, d1: u32, d2: u32, d3: u32, d4: u32, d5: u32,
  // element strides of each input per output dim (0 where broadcast)
  a0: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32,
  b0: u32, b1: u32, b2: u32, b3: u32, b4: u32, b5: u32,
  // float activation clamp
  act_min: f32, act_max: f32,
  // quantized: input offsets (-zero point), multipliers and shifts, output offset, integer clamp
  a_offset: i32, b_offset: i32,
  a_mult: i32, a_shift: i32, b_mult: i32, b_shift: i32,
  out_mult: i32, out_shift: i32, out_offset: i32,
  left_shift: i32, q_min: i32, q_max: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a_f32: array<f32>;
@group(0) @binding(2) var<storage, read> b_f32: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_f32: array<f32>;

// 0 add, 1 sub, 2 mul, 3 div
override OP: u32 = 0u;
override WG: u32 = 64u;

// Offsets of output element i in each input.
fn source_offsets(i: u32) -> vec2<u32> {
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

@compute @workgroup_size(WG)
fn binary_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = source_offsets(i);
  let x = a_f32[o.x];
  let y = b_f32[o.y];
  var r: f32;
  switch (OP) {
    case 1u: { r = x - y; }
    case 2u: { r = x * y; }
    case 3u: { r = x / y; }
    default: { r = x + y; }
  }
  out_f32[i] = clamp(r, params.act_min, params.act_max);
}
