// Float DEPTHWISE_CONV_2D body shared by depthwise_conv2d.wgsl (f32 bits or packed halves) and
// depthwise_conv2d_f16.wgsl (native f16): uniforms, activation bindings, helpers and the register-blocked loop.
// The including shader binds the filter and defines filter_quad(q) -> vec4<f32>, quad q of the layout
// [kh*kw][ceil(cout/4)] of 4 channels.

struct Params {
  in_h: i32, in_w: i32, cin: i32,
  out_h: u32, out_w: u32, cout: u32,
  kh: i32, kw: i32,
  stride_h: i32, stride_w: i32, dil_h: i32, dil_w: i32, pad_top: i32, pad_left: i32,
  npix: u32,
  // invocations, channel quads ceil(cout/4), depth multiplier
  nblk: u32, cblocks: u32, mult: u32,
  act_min: f32, act_max: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input_v4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out_f: array<f32>;

override WG: u32 = 64u;
// Depth multiplier 1 and C % 4 == 0: a channel quad of the input is one aligned vec4.
override VEC4: bool = false;

fn input_at(e: u32) -> f32 {
  return input_v4[e >> 2u][e & 3u];
}

// The inputs of output channels c0..c0+3 at the pixel whose channel 0 is element `base`.
fn load_x(base: i32, c0: u32) -> vec4<f32> {
  if (VEC4) { return input_v4[(u32(base) + c0) >> 2u]; }
  var v = vec4<f32>(0.0);
  for (var j = 0u; j < 4u; j++) {
    let c = c0 + j;
    if (c < params.cout) { v[j] = input_at(u32(base) + c / params.mult); }
  }
  return v;
}

fn origin(pix: u32) -> vec3<i32> {
  return conv_pixel_origin(min(pix, params.npix - 1u), params.out_h, params.out_w, params.stride_h, params.stride_w, params.pad_top, params.pad_left);
}

fn tap_base(o: vec3<i32>, ky: i32, kx: i32) -> i32 {
  return conv_tap_base(o, ky, kx, params.dil_h, params.dil_w, params.in_h, params.in_w, params.cin);
}

fn store_pixel(pix: u32, cb: u32, acc: vec4<f32>) {
  let c0 = cb * 4u;
  let v = clamp(acc + bias4[cb], vec4<f32>(params.act_min), vec4<f32>(params.act_max));
  let o = pix * params.cout + c0;
  let n = params.cout - c0;
  out_f[o] = v.x;
  if (n > 1u) { out_f[o + 1u] = v.y; }
  if (n > 2u) { out_f[o + 2u] = v.z; }
  if (n > 3u) { out_f[o + 3u] = v.w; }
}

// 4 consecutive output pixels x 4 channels per invocation, unrolled into named registers (CPU emulation keeps
// dynamically indexed private arrays in memory).
fn depthwise_float(gid: vec3<u32>, nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let c0 = cb * 4u;
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var q = cb;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let w = filter_quad(q);
      q += params.cblocks;
      let b0 = tap_base(o0, ky, kx);
      let b1 = tap_base(o1, ky, kx);
      let b2 = tap_base(o2, ky, kx);
      let b3 = tap_base(o3, ky, kx);
      if (b0 >= 0) { a0 += load_x(b0, c0) * w; }
      if (b1 >= 0) { a1 += load_x(b1, c0) * w; }
      if (b2 >= 0) { a2 += load_x(b2, c0) * w; }
      if (b3 >= 0) { a3 += load_x(b3, c0) * w; }
    }
  }
  store_pixel(p0, cb, a0);
  if (p0 + 1u < params.npix) { store_pixel(p0 + 1u, cb, a1); }
  if (p0 + 2u < params.npix) { store_pixel(p0 + 2u, cb, a2); }
  if (p0 + 3u < params.npix) { store_pixel(p0 + 3u, cb, a3); }
}
