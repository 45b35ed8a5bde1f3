// The integer GEMV (<= 4 rows, real GPUs) of quantized / hybrid FULLY_CONNECTED with dot4I8Packed / dot4U8Packed,
// for adapters with packed_4x8_integer_dot_product (a file of its own so others still compile the portable twin,
// matmul_quantized_gemv.wgsl). Body in lib/matmul_gemv_int.wgsl.
//! requires: matmul_gemv_int, matmul_int, grid
requires packed_4x8_integer_dot_product;

alias FcQ = u32;

fn fc_qprep(w: u32) -> u32 {
  return w;
}

fn fc_qdot(a: u32, b: u32) -> i32 {
  if (UNSIGNED) { return bitcast<i32>(dot4U8Packed(a, b)); }
  return dot4I8Packed(a, b);
}

@compute @workgroup_size(WG)
fn fc_q_gemv(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) li: u32) {
  fc_int_gemv(wid, nwg, li);
}
