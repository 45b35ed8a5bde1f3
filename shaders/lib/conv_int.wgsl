// Integer CONV_2D pieces shared by conv2d_quantized.wgsl and conv2d_quantized_dot4.wgsl: the uniforms, every
// binding but the filter's natural layout and the dot4 tap sums, the window helpers, and the store tails
// (ruy requantization for int8/uint8, the float rescale for hybrid paths). The register layout filter_q is
// [ceil(cout/4)][kh*kw][ceil(cin/4)] quads of one word per channel holding 4 input channels' bytes.

struct Params {
  in_h: i32, in_w: i32, cin: i32,
  out_h: u32, out_w: u32, cout: u32,
  kh: i32, kw: i32,
  stride_h: i32, stride_w: i32, dil_h: i32, dil_w: i32, pad_top: i32, pad_left: i32,
  npix: u32,
  nblk: u32, cblocks: u32, ci4: u32,
  // -input zero point (integer paths; hybrid paths take -offset of the pixel's batch), -filter zero point
  input_offset: i32, filter_offset: i32,
  out_zp: i32, q_min: i32, q_max: i32,
  act_min: f32, act_max: f32,
  // always 0 (hybrid rescale, see conv_rounded)
  opaque_zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// One i32 per element (activation format, or the hybrid's quantized scratch), read as vec4.
@group(0) @binding(1) var<storage, read> input_q4: array<vec4<i32>>;
// Register variant: quads [ceil(cout/4)][kh*kw][ceil(cin/4)] of one word per channel holding 4 input channels.
@group(0) @binding(2) var<storage, read> filter_q: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read> bias_q4: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> bias_f4: array<vec4<f32>>;
// Integer paths: per channel quad, the multipliers then the shifts.
@group(0) @binding(4) var<storage, read> requant: array<vec4<i32>>;
// Hybrid paths: per-channel filter scales.
@group(0) @binding(4) var<storage, read> cscale4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out_q: array<i32>;
@group(0) @binding(5) var<storage, read_write> out_f: array<f32>;
@group(0) @binding(6) var<storage, read> bq: array<ConvBatchQuant>;

override WG: u32 = 64u;
// uint8 weights (unsigned bytes, plus filter_offset); else int8.
override U8: bool = false;
// Hybrid: EvalHybridPerChannel's rescale (channel scale, then batch scale); else EvalHybrid's single factor.
override PER_CHANNEL: bool = false;

fn origin(pix: u32) -> vec3<i32> {
  return conv_pixel_origin(min(pix, params.npix - 1u), params.out_h, params.out_w, params.stride_h, params.stride_w, params.pad_top, params.pad_left);
}

fn tap_base(o: vec3<i32>, ky: i32, kx: i32) -> i32 {
  return conv_tap_base(o, ky, kx, params.dil_h, params.dil_w, params.in_h, params.in_w, params.cin);
}

struct Acc4 { a0: vec4<i32>, a1: vec4<i32>, a2: vec4<i32>, a3: vec4<i32> }

fn finish_q(pix: u32, cb: u32, acc: vec4<i32>) {
  let a = acc + bias_q4[cb];
  let m = requant[2u * cb];
  let s = requant[2u * cb + 1u];
  let c0 = cb * 4u;
  let n = params.cout - c0;
  let o = pix * params.cout + c0;
  for (var j = 0u; j < 4u; j++) {
    if (j < n) { out_q[o + j] = clamp(fp_gemm_mbqm(a[j], m[j], s[j]) + params.out_zp, params.q_min, params.q_max); }
  }
}

// The int32 sums to float as the CPU does it: (float(acc) * channel scale) * batch scale, or float(acc) *
// (batch scale * filter scale); then + bias, then the activation clamp.
fn finish_h(pix: u32, cb: u32, acc: vec4<i32>) {
  let q = bq[origin(pix).x];
  let fa = vec4<f32>(acc);
  var v: vec4<f32>;
  if (PER_CHANNEL) { v = (fa * cscale4[cb]) * q.scale; } else { v = fa * q.factor; }
  v = clamp(conv_rounded(v, params.opaque_zero) + bias_f4[cb], vec4<f32>(params.act_min), vec4<f32>(params.act_max));
  let c0 = cb * 4u;
  let n = params.cout - c0;
  let o = pix * params.cout + c0;
  for (var j = 0u; j < 4u; j++) {
    if (j < n) { out_f[o + j] = v[j]; }
  }
}


// The input offset of each pixel: minus the zero point of its batch.
fn batch_offsets(p0: u32) -> vec4<i32> {
  return -vec4<i32>(bq[origin(p0).x].offset, bq[origin(p0 + 1u).x].offset, bq[origin(p0 + 2u).x].offset, bq[origin(p0 + 3u).x].offset);
}


// Stores a register block's 4 pixels (finish_q or finish_h per pixel, skipping pixels past the end).
fn store_block_q(p0: u32, cb: u32, acc: Acc4) {
  finish_q(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { finish_q(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { finish_q(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { finish_q(p0 + 3u, cb, acc.a3); }
}

fn store_block_h(p0: u32, cb: u32, acc: Acc4) {
  finish_h(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { finish_h(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { finish_h(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { finish_h(p0 + 3u, cb, acc.a3); }
}
