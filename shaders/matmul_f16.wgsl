// FULLY_CONNECTED with float32 input/output and f16 weights read natively (adapters with shader-f16), widened to
// f32 for the arithmetic; used instead of matmul.wgsl's packed halves where caps.f16. Bodies in lib/matmul_float.wgsl.
//! requires: matmul_float, grid
enable f16;

@group(0) @binding(3) var<storage, read> w_h4: array<vec4<f16>>;

fn fc_load_w(i: u32) -> vec4<f32> {
  return vec4<f32>(w_h4[i]);
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
