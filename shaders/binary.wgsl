// Float elementwise ADD / SUB / MUL / DIV with NumPy broadcasting (rank <= 6) and a fused activation clamp.
//! requires: grid, broadcast

struct Params {
  n: u32,
  // output dims (innermost last), padded with 1 on the left to rank 6
  d0: u32, d1: u32, d2: u32, d3: u32, d4: u32, d5: u32,
  // element strides of each input per output dim (0 where broadcast)
  a0: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32,
  b0: u32, b1: u32, b2: u32, b3: u32, b4: u32, b5: u32,
  // fused activation clamp
  act_min: f32, act_max: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a_f32: array<f32>;
@group(0) @binding(2) var<storage, read> b_f32: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_f32: array<f32>;

// 0 add, 1 sub, 2 mul, 3 div
override OP: u32 = 0u;
override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn binary_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = broadcast_offsets(i);
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
