// Quantized FULLY_CONNECTED (int8 with per-tensor or per-channel weights, uint8 with weight zero points): packs the
// input rows into bytes (and sums them where the weights have a zero point), runs the integer GEMM of
// lib/matmul_int.wgsl with portable byte unpacking (the dot4I8Packed twin is matmul_quantized_dot4.wgsl), then folds
// in zero points and bias and requantizes as TFLite's builtin kernel (ruy rounding, fp_gemm_mbqm). The hybrid path
// reuses this file's GEMM entry points.
//! requires: matmul_int, fixed_point, grid

// Lanes widened once per loaded word (not once per product, as dot4I8Packed's emulation would).
alias FcQ = vec4<i32>;

fn fc_qprep(w: u32) -> vec4<i32> {
  if (UNSIGNED) {
    return vec4<i32>(vec4<u32>(w & 0xffu, (w >> 8u) & 0xffu, (w >> 16u) & 0xffu, w >> 24u));
  }
  let s = bitcast<i32>(w);
  return vec4<i32>((s << 24u) >> 24u, (s << 16u) >> 24u, (s << 8u) >> 24u, s >> 24u);
}

fn fc_qdot(a: vec4<i32>, b: vec4<i32>) -> i32 {
  return dot(a, b);
}

@compute @workgroup_size(WG)
fn fc_q_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  fc_int_reg(gid, nwg);
}

@compute @workgroup_size(16, 16)
fn fc_q_shared(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  fc_int_shared(wid, nwg, lid, li);
}

// ---- pass 1: pack the input rows (one i32 per element -> four bytes per u32), one invocation per word ----

@group(0) @binding(4) var<storage, read> x_q: array<i32>;
@group(0) @binding(5) var<storage, read_write> xq_out: array<u32>;
@group(0) @binding(6) var<storage, read_write> row_sum_out: array<i32>;

@compute @workgroup_size(WG)
fn fc_pack_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.rows * params.kw) { return; }
  let r = i / params.kw;
  let d0 = 4u * (i % params.kw);
  let base = r * params.depth;
  var word = 0u;
  for (var j = 0u; j < 4u; j++) {
    // bytes past depth stay zero, so they add nothing whatever the weights' padding
    if (d0 + j < params.depth) { word |= (u32(x_q[base + d0 + j]) & 0xffu) << (8u * j); }
  }
  xq_out[i] = word;
}

// Sum of each input row, for the weight zero point's term (only dispatched when the weights have one).
@compute @workgroup_size(WG)
fn fc_row_sums(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = grid_linear(gid, nwg, WG);
  if (r >= params.rows) { return; }
  let base = r * params.depth;
  var s = 0;
  for (var d = 0u; d < params.depth; d++) { s += x_q[base + d]; }
  row_sum_out[r] = s;
}

// ---- pass 3: zero points, bias and requantization per output element ----

@group(0) @binding(7) var<storage, read> acc_in: array<i32>;
@group(0) @binding(8) var<storage, read> row_sum: array<i32>;
// per unit: (bias + input offset * sum(w + w_offset), multiplier, shift, unused)
@group(0) @binding(9) var<storage, read> unit_q: array<vec4<i32>>;
@group(0) @binding(10) var<storage, read_write> out_q: array<i32>;

@compute @workgroup_size(WG)
fn fc_requant(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.rows * params.units) { return; }
  let r = i / params.units;
  let u = i % params.units;
  let q = unit_q[u];
  // sum (w + w_off)(x + x_off) = sum w x + w_off sum x + x_off sum (w + w_off), wrapping like the int32 accumulator
  let acc = acc_in[i] + q.x + params.w_offset * row_sum[r];
  let v = fp_gemm_mbqm(acc, q.y, q.z) + params.out_zp;
  out_q[i] = clamp(v, params.q_min, params.q_max);
}
