// Float DEPTHWISE_CONV_2D with f16 weights read natively (adapters with shader-f16, precision 'fp16' or a model's
// fp16 weights), widened to f32 for the arithmetic and accumulation; used instead of depthwise_conv2d.wgsl's
// packed halves where caps.f16. Body in lib/depthwise_float.wgsl.
//! requires: depthwise_float, grid, conv
enable f16;

// Quads [kh*kw][ceil(cout/4)] of 4 channels.
@group(0) @binding(2) var<storage, read> filter_h4: array<vec4<f16>>;

fn filter_quad(q: u32) -> vec4<f32> {
  return vec4<f32>(filter_h4[q]);
}

@compute @workgroup_size(WG)
fn depthwise_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  depthwise_float(gid, nwg);
}
