// Float CONV_2D (NHWC input, filter [Cout,KH,KW,Cin], fused bias and activation clamp), weights as f32 bits or
// packed halves: a register-blocked direct convolution (4 pixels x 4 output channels per invocation, vec4 over
// Cin), a workgroup-shared-memory implicit GEMM (32 pixels x 32 channels per workgroup), bodies in
// lib/conv_float.wgsl; and the Cin == 1 variant.
//! requires: conv_float, grid, conv

// Register variant: weights in quads [ceil(cout/4)][kh*kw][ceil(cin/4)] of 4 channels x 4 input channels (zero
// padded): 4 vec4 of f32 bits per quad, or with HALF 2 vec4 of packed halves (channel pairs).
@group(0) @binding(2) var<storage, read> filter_q: array<vec4<u32>>;
// Tiled variant: weights in the model's layout [cout][kh*kw*cin], f32 bits or (HALF) two halves per word.
@group(0) @binding(2) var<storage, read> filter_n: array<u32>;
// Weights stored as IEEE halves (a model's fp16 weights, or precision 'fp16').
override HALF: bool = false;
// Weights of channels 4cb..4cb+3 over input channels 4c..4c+3: column j holds channel j, so x * m is the
// vec4 of the four channels' partial dot products.
fn filter_quad(q: u32) -> mat4x4<f32> {
  if (HALF) {
    let a = filter_q[2u * q];
    let b = filter_q[2u * q + 1u];
    return mat4x4<f32>(
      vec4<f32>(unpack2x16float(a.x), unpack2x16float(a.y)), vec4<f32>(unpack2x16float(a.z), unpack2x16float(a.w)),
      vec4<f32>(unpack2x16float(b.x), unpack2x16float(b.y)), vec4<f32>(unpack2x16float(b.z), unpack2x16float(b.w)));
  }
  let i = 4u * q;
  return mat4x4<f32>(bitcast<vec4<f32>>(filter_q[i]), bitcast<vec4<f32>>(filter_q[i + 1u]),
    bitcast<vec4<f32>>(filter_q[i + 2u]), bitcast<vec4<f32>>(filter_q[i + 3u]));
}

fn filter_at(e: u32) -> f32 {
  if (HALF) { return unpack2x16float(filter_n[e >> 1u])[e & 1u]; }
  return bitcast<f32>(filter_n[e]);
}

@compute @workgroup_size(WG)
fn conv2d_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  conv_float_reg(gid, nwg);
}

@compute @workgroup_size(64)
fn conv2d_tiled(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  conv_float_tiled(lid, wid, nwg);
}

// ---- Cin == 1 variant (first layers on grayscale images): each input value is loaded once for up to 16
// channels, the loads CPU-emulated adapters spend most of their time on. Weights [groups][taps][4 blocks] of
// 4 channels as f32 bits (halves already rounded on the host); a group is CB channel blocks. ----

override CB: u32 = 4u;

struct Px16 { c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, c3: vec4<f32> }

fn c1_weights(q: u32) -> Px16 {
  var w = Px16(bitcast<vec4<f32>>(filter_q[q]), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  if (CB > 1u) { w.c1 = bitcast<vec4<f32>>(filter_q[q + 1u]); }
  if (CB > 2u) { w.c2 = bitcast<vec4<f32>>(filter_q[q + 2u]); }
  if (CB > 3u) { w.c3 = bitcast<vec4<f32>>(filter_q[q + 3u]); }
  return w;
}

// The pixel's input at a tap, or nothing (padding taps are skipped, as the CPU skips them).
fn c1_tap(a: Px16, b: i32, w: Px16) -> Px16 {
  if (b < 0) { return a; }
  let x = input_at(u32(b));
  return Px16(a.c0 + x * w.c0, a.c1 + x * w.c1, a.c2 + x * w.c2, a.c3 + x * w.c3);
}

fn c1_store(pix: u32, g: u32, a: Px16) {
  if (pix >= params.npix) { return; }
  let cb = g * CB;
  store_pixel(pix, cb, a.c0);
  if (CB > 1u && cb + 1u < params.cblocks) { store_pixel(pix, cb + 1u, a.c1); }
  if (CB > 2u && cb + 2u < params.cblocks) { store_pixel(pix, cb + 2u, a.c2); }
  if (CB > 3u && cb + 3u < params.cblocks) { store_pixel(pix, cb + 3u, a.c3); }
}

@compute @workgroup_size(WG)
fn conv2d_c1(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let groups = (params.cblocks + CB - 1u) / CB;
  let g = id % groups;
  let p0 = (id / groups) * 4u;
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  let z = vec4<f32>(0.0);
  var a0 = Px16(z, z, z, z);
  var a1 = a0;
  var a2 = a0;
  var a3 = a0;
  var q = g * u32(params.kh * params.kw) * 4u;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let w = c1_weights(q);
      q += 4u;
      a0 = c1_tap(a0, tap_base(o0, ky, kx), w);
      a1 = c1_tap(a1, tap_base(o1, ky, kx), w);
      a2 = c1_tap(a2, tap_base(o2, ky, kx), w);
      a3 = c1_tap(a3, tap_base(o3, ky, kx), w);
    }
  }
  c1_store(p0, g, a0);
  c1_store(p0 + 1u, g, a1);
  c1_store(p0 + 2u, g, a2);
  c1_store(p0 + 3u, g, a3);
}
