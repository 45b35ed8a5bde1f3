// The shared-memory integer GEMM of quantized / hybrid FULLY_CONNECTED with dot4I8Packed / dot4U8Packed, for GPUs
// with the packed_4x8_integer_dot_product language feature (a file of its own so others still compile
// matmul_quantized.wgsl; CPU-emulated adapters run that file's register-tiled GEMM faster than these builtins).
//! requires: matmul_int, grid
requires packed_4x8_integer_dot_product;

alias FcQ = u32;

fn fc_qprep(w: u32) -> u32 {
  return w;
}

fn fc_qdot(a: u32, b: u32) -> i32 {
  if (UNSIGNED) { return bitcast<i32>(dot4U8Packed(a, b)); }
  return dot4I8Packed(a, b);
}

@compute @workgroup_size(16, 16)
fn fc_q_shared(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  fc_int_shared(wid, nwg, lid, li);
}
