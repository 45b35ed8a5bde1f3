// Float CONV_2D with f16 weights read natively (adapters with shader-f16, precision 'fp16' or a model's fp16
// weights), widened to f32 for the arithmetic and the accumulation (a 3x3x64 window sums 576 products, past what
// f16 accumulation keeps to the CPU's tolerance); used instead of conv2d.wgsl's packed halves where caps.f16.
// Bodies in lib/conv_float.wgsl.
//! requires: conv_float, grid, conv
enable f16;

// Register variant: quads [ceil(cout/4)][kh*kw][ceil(cin/4)], one vec4 of 4 input channels per output channel.
@group(0) @binding(2) var<storage, read> filter_h4: array<vec4<f16>>;
// Tiled variant: the model's layout [cout][kh*kw*cin].
@group(0) @binding(2) var<storage, read> filter_h: array<f16>;

fn filter_quad(q: u32) -> mat4x4<f32> {
  let i = 4u * q;
  return mat4x4<f32>(vec4<f32>(filter_h4[i]), vec4<f32>(filter_h4[i + 1u]), vec4<f32>(filter_h4[i + 2u]), vec4<f32>(filter_h4[i + 3u]));
}

fn filter_at(e: u32) -> f32 {
  return f32(filter_h[e]);
}

@compute @workgroup_size(WG)
fn conv2d_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  conv_float_reg(gid, nwg);
}

@compute @workgroup_size(64)
fn conv2d_tiled(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  conv_float_tiled(lid, wid, nwg);
}
