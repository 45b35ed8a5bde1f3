// FULLY_CONNECTED with float32 input/output: weights as f32, or as IEEE halves packed two per u32 (fp16 models,
// precision 'fp16') widened with unpack2x16float; f32 arithmetic either way. GEMM bodies in lib/matmul_float.wgsl.
//! requires: matmul_float, grid

// The packed weights seen two ways (both bound to the same buffer); HALF picks the one this pipeline reads.
@group(0) @binding(3) var<storage, read> w_f4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> w_h2: array<vec2<u32>>;

override HALF: bool = false;

fn fc_load_w(i: u32) -> vec4<f32> {
  if (HALF) {
    let h = w_h2[i];
    return vec4<f32>(unpack2x16float(h.x), unpack2x16float(h.y));
  }
  return w_f4[i];
}

@compute @workgroup_size(WG)
fn fc_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  fc_float_reg(gid, nwg);
}

@compute @workgroup_size(16, 16)
fn fc_shared(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  fc_float_shared(wid, nwg, lid, li);
}
