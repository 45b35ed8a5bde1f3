// Integer DEPTHWISE_CONV_2D: int8 (per-channel) / uint8 (filter zero point) with int32 accumulation and the
// reference kernels' requantization (fp_mbqm; depthwise does not go through ruy), and the hybrid kernel's
// integer part with its float rescale. Weights stay packed four channels per u32. No packed dot products:
// each channel's sum runs over taps, not over 4 adjacent bytes.
//! requires: fixed_point, grid, conv

struct Params {
  in_h: i32, in_w: i32, cin: i32,
  out_h: u32, out_w: u32, cout: u32,
  kh: i32, kw: i32,
  stride_h: i32, stride_w: i32, dil_h: i32, dil_w: i32, pad_top: i32, pad_left: i32,
  npix: u32,
  nblk: u32, cblocks: u32, mult: u32,
  input_offset: i32, filter_offset: i32,
  out_zp: i32, q_min: i32, q_max: i32,
  act_min: f32, act_max: f32,
  // always 0 (hybrid rescale, see conv_rounded)
  opaque_zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input_q4: array<vec4<i32>>;
// Words [kh*kw][ceil(cout/4)]: byte j = channel 4q + j.
@group(0) @binding(2) var<storage, read> filter_w: array<u32>;
@group(0) @binding(3) var<storage, read> bias_q4: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> bias_f4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> requant: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read> cscale4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out_q: array<i32>;
@group(0) @binding(5) var<storage, read_write> out_f: array<f32>;
@group(0) @binding(6) var<storage, read> bq: array<ConvBatchQuant>;

override WG: u32 = 64u;
override U8: bool = false;
override VEC4: bool = false;

fn unpack_w(w: u32) -> vec4<i32> {
  if (U8) { return vec4<i32>((vec4<u32>(w) >> vec4<u32>(0u, 8u, 16u, 24u)) & vec4<u32>(255u)) + vec4<i32>(params.filter_offset); }
  return vec4<i32>(vec4<u32>(w) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u);
}

fn input_at(e: u32) -> i32 {
  return input_q4[e >> 2u][e & 3u];
}

// Offset inputs of output channels c0..c0+3 at the in-image pixel whose channel 0 is element `base`.
fn load_x(base: i32, c0: u32, io: i32) -> vec4<i32> {
  if (VEC4) { return input_q4[(u32(base) + c0) >> 2u] + vec4<i32>(io); }
  var v = vec4<i32>(0);
  for (var j = 0u; j < 4u; j++) {
    let c = c0 + j;
    if (c < params.cout) { v[j] = input_at(u32(base) + c / params.mult) + io; }
  }
  return v;
}

fn origin(pix: u32) -> vec3<i32> {
  return conv_pixel_origin(min(pix, params.npix - 1u), params.out_h, params.out_w, params.stride_h, params.stride_w, params.pad_top, params.pad_left);
}

fn tap_base(o: vec3<i32>, ky: i32, kx: i32) -> i32 {
  return conv_tap_base(o, ky, kx, params.dil_h, params.dil_w, params.in_h, params.in_w, params.cin);
}

// Sums of output pixels p0..p0+3 over in-image taps only (padding contributes nothing, as in TFLite), the
// input offset of pixel i being io[i]; unrolled into named registers (CPU emulation keeps dynamically indexed
// private arrays in memory).
struct Acc4 { a0: vec4<i32>, a1: vec4<i32>, a2: vec4<i32>, a3: vec4<i32> }

fn acc_dw(cb: u32, p0: u32, io: vec4<i32>) -> Acc4 {
  let c0 = cb * 4u;
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  var a0 = vec4<i32>(0);
  var a1 = vec4<i32>(0);
  var a2 = vec4<i32>(0);
  var a3 = vec4<i32>(0);
  var q = cb;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let w = unpack_w(filter_w[q]);
      q += params.cblocks;
      let b0 = tap_base(o0, ky, kx);
      let b1 = tap_base(o1, ky, kx);
      let b2 = tap_base(o2, ky, kx);
      let b3 = tap_base(o3, ky, kx);
      if (b0 >= 0) { a0 += load_x(b0, c0, io.x) * w; }
      if (b1 >= 0) { a1 += load_x(b1, c0, io.y) * w; }
      if (b2 >= 0) { a2 += load_x(b2, c0, io.z) * w; }
      if (b3 >= 0) { a3 += load_x(b3, c0, io.w) * w; }
    }
  }
  return Acc4(a0, a1, a2, a3);
}

fn store_q(pix: u32, cb: u32, acc: vec4<i32>) {
  let a = acc + bias_q4[cb];
  let m = requant[2u * cb];
  let s = requant[2u * cb + 1u];
  let c0 = cb * 4u;
  let n = params.cout - c0;
  let o = pix * params.cout + c0;
  for (var j = 0u; j < 4u; j++) {
    if (j < n) { out_q[o + j] = clamp(fp_mbqm(a[j], m[j], s[j]) + params.out_zp, params.q_min, params.q_max); }
  }
}

@compute @workgroup_size(WG)
fn depthwise_q(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let acc = acc_dw(cb, p0, vec4<i32>(params.input_offset));
  store_q(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { store_q(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { store_q(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { store_q(p0 + 3u, cb, acc.a3); }
}

// Hybrid: float(acc) * (channel scale * batch scale), then + bias, then the clamp (the CPU's order).
fn store_h(pix: u32, cb: u32, acc: vec4<i32>) {
  let q = bq[origin(pix).x];
  let v = clamp(conv_rounded(vec4<f32>(acc) * (cscale4[cb] * q.scale), params.opaque_zero) + bias_f4[cb], vec4<f32>(params.act_min), vec4<f32>(params.act_max));
  let c0 = cb * 4u;
  let n = params.cout - c0;
  let o = pix * params.cout + c0;
  for (var j = 0u; j < 4u; j++) {
    if (j < n) { out_f[o + j] = v[j]; }
  }
}

@compute @workgroup_size(WG)
fn depthwise_hybrid(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let io = -vec4<i32>(bq[origin(p0).x].offset, bq[origin(p0 + 1u).x].offset, bq[origin(p0 + 2u).x].offset, bq[origin(p0 + 3u).x].offset);
  let acc = acc_dw(cb, p0, io);
  store_h(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { store_h(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { store_h(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { store_h(p0 + 3u, cb, acc.a3); }
}
