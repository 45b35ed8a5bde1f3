// Integer CONV_2D (int8 per-channel, uint8 with filter zero point, hybrid int8) with packed 4x8-bit dot
// products, for Cin % 4 == 0: raw input bytes are packed once per quad and multiplied with the raw weight
// words; the zero-point terms are added afterwards, exactly:
//   sum (x + io)(w + fo) = sum x*w + fo * sum x + io * sum (w + fo)   over in-image taps,
// with sum (w + fo) per channel and tap precomputed (tapsum). Register-blocked like conv2d_quantized.wgsl.
requires packed_4x8_integer_dot_product;
//! requires: fixed_point, grid, conv

struct Params {
  in_h: i32, in_w: i32, cin: i32,
  out_h: u32, out_w: u32, cout: u32,
  kh: i32, kw: i32,
  stride_h: i32, stride_w: i32, dil_h: i32, dil_w: i32, pad_top: i32, pad_left: i32,
  npix: u32,
  nblk: u32, cblocks: u32, ci4: u32,
  input_offset: i32, filter_offset: i32,
  out_zp: i32, q_min: i32, q_max: i32,
  act_min: f32, act_max: f32,
  // always 0 (hybrid rescale, see conv_rounded)
  opaque_zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input_q4: array<vec4<i32>>;
// Quads [ceil(cout/4)][kh*kw][cin/4]: one word of 4 raw bytes per channel.
@group(0) @binding(2) var<storage, read> filter_q: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read> bias_q4: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> bias_f4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> requant: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read> cscale4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out_q: array<i32>;
@group(0) @binding(5) var<storage, read_write> out_f: array<f32>;
@group(0) @binding(6) var<storage, read> bq: array<ConvBatchQuant>;
// [ceil(cout/4)][kh*kw]: per channel, the sum over Cin of (w + filter_offset).
@group(0) @binding(7) var<storage, read> tapsum: array<vec4<i32>>;

override WG: u32 = 64u;
override U8: bool = false;
override PER_CHANNEL: bool = false;

fn dot4(x: u32, w: u32) -> i32 {
  if (U8) { return i32(dot4U8Packed(x, w)); }
  return dot4I8Packed(x, w);
}

fn origin(pix: u32) -> vec3<i32> {
  return conv_pixel_origin(min(pix, params.npix - 1u), params.out_h, params.out_w, params.stride_h, params.stride_w, params.pad_top, params.pad_left);
}

fn tap_base(o: vec3<i32>, ky: i32, kx: i32) -> i32 {
  return conv_tap_base(o, ky, kx, params.dil_h, params.dil_w, params.in_h, params.in_w, params.cin);
}

struct Acc4 { a0: vec4<i32>, a1: vec4<i32>, a2: vec4<i32>, a3: vec4<i32> }

fn dot_quad(x: u32, w: vec4<u32>) -> vec4<i32> {
  return vec4<i32>(dot4(x, w.x), dot4(x, w.y), dot4(x, w.z), dot4(x, w.w));
}

// Sums of channels 4cb..4cb+3 for output pixels p0..p0+3 (input offset io[i] for pixel i), unrolled into named
// registers. sx: per pixel, the sum of its raw in-image inputs (uint8 only: it multiplies the filter offset).
fn acc_dot4(cb: u32, p0: u32, io: vec4<i32>) -> Acc4 {
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  var r = Acc4(vec4<i32>(0), vec4<i32>(0), vec4<i32>(0), vec4<i32>(0));
  var sx = vec4<u32>(0u);
  let taps = u32(params.kh * params.kw);
  var q = cb * taps * params.ci4;
  var t = cb * taps;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      // vec4 indices of the four pixels' channel 0 (Cin % 4 == 0), negative in the padding
      let b0 = tap_base(o0, ky, kx) >> 2u;
      let b1 = tap_base(o1, ky, kx) >> 2u;
      let b2 = tap_base(o2, ky, kx) >> 2u;
      let b3 = tap_base(o3, ky, kx) >> 2u;
      for (var c = 0u; c < params.ci4; c++) {
        let wq = filter_q[q];
        q++;
        if (b0 >= 0) {
          let x = pack4xI8(input_q4[u32(b0) + c]);
          r.a0 += dot_quad(x, wq);
          if (U8) { sx.x += dot4U8Packed(x, 0x01010101u); }
        }
        if (b1 >= 0) {
          let x = pack4xI8(input_q4[u32(b1) + c]);
          r.a1 += dot_quad(x, wq);
          if (U8) { sx.y += dot4U8Packed(x, 0x01010101u); }
        }
        if (b2 >= 0) {
          let x = pack4xI8(input_q4[u32(b2) + c]);
          r.a2 += dot_quad(x, wq);
          if (U8) { sx.z += dot4U8Packed(x, 0x01010101u); }
        }
        if (b3 >= 0) {
          let x = pack4xI8(input_q4[u32(b3) + c]);
          r.a3 += dot_quad(x, wq);
          if (U8) { sx.w += dot4U8Packed(x, 0x01010101u); }
        }
      }
      let ts = tapsum[t];
      t++;
      if (b0 >= 0) { r.a0 += io.x * ts; }
      if (b1 >= 0) { r.a1 += io.y * ts; }
      if (b2 >= 0) { r.a2 += io.z * ts; }
      if (b3 >= 0) { r.a3 += io.w * ts; }
    }
  }
  if (U8) {
    let f = params.filter_offset * vec4<i32>(sx);
    r.a0 += vec4<i32>(f.x);
    r.a1 += vec4<i32>(f.y);
    r.a2 += vec4<i32>(f.z);
    r.a3 += vec4<i32>(f.w);
  }
  return r;
}

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

@compute @workgroup_size(WG)
fn conv2d_q_dot4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let acc = acc_dot4(cb, p0, vec4<i32>(params.input_offset));
  finish_q(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { finish_q(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { finish_q(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { finish_q(p0 + 3u, cb, acc.a3); }
}

@compute @workgroup_size(WG)
fn conv2d_hybrid_dot4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let io = -vec4<i32>(bq[origin(p0).x].offset, bq[origin(p0 + 1u).x].offset, bq[origin(p0 + 2u).x].offset, bq[origin(p0 + 3u).x].offset);
  let acc = acc_dot4(cb, p0, io);
  finish_h(p0, cb, acc.a0);
  if (p0 + 1u < params.npix) { finish_h(p0 + 1u, cb, acc.a1); }
  if (p0 + 2u < params.npix) { finish_h(p0 + 2u, cb, acc.a2); }
  if (p0 + 3u < params.npix) { finish_h(p0 + 3u, cb, acc.a3); }
}
