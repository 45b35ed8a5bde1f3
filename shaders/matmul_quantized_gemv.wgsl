// The integer GEMV (<= 4 rows, real GPUs) of quantized / hybrid FULLY_CONNECTED with portable byte unpacking (each
// loaded word widened once); the dot4I8Packed twin is matmul_quantized_gemv_dot4.wgsl. Body in lib/matmul_gemv_int.
//! requires: matmul_gemv_int, matmul_int, grid

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
fn fc_q_gemv(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) li: u32) {
  fc_int_gemv(wid, nwg, li);
}
