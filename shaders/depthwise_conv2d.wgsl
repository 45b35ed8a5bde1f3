// Float DEPTHWISE_CONV_2D (filter [1,KH,KW,C*M], output channel c reads input channel c / M), f32 or fp16
// weights, fused bias and activation clamp. Each invocation computes 4 pixels x 4 channels; every weight quad
// loaded serves the 4 pixels. Body in lib/depthwise_float.wgsl.
//! requires: depthwise_float, grid, conv

// Quads [kh*kw][ceil(cout/4)] of 4 channels: one vec4 of f32 bits, or (HALF) half of a vec4 of packed halves.
@group(0) @binding(2) var<storage, read> filter_q: array<vec4<u32>>;

override HALF: bool = false;

fn filter_quad(q: u32) -> vec4<f32> {
  if (HALF) {
    let w = filter_q[q >> 1u];
    let h = select(w.xy, w.zw, (q & 1u) == 1u);
    return vec4<f32>(unpack2x16float(h.x), unpack2x16float(h.y));
  }
  return bitcast<vec4<f32>>(filter_q[q]);
}

@compute @workgroup_size(WG)
fn depthwise_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  depthwise_float(gid, nwg);
}
