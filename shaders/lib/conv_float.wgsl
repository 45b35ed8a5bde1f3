// Float CONV_2D bodies shared by conv2d.wgsl (f32 bits or packed halves) and conv2d_f16.wgsl (native f16): the
// uniforms, activation bindings, window helpers, the register-blocked and the workgroup-tiled convolution. The
// including shader binds the filter and defines filter_quad(q) -> mat4x4<f32> (register layout) and
// filter_at(e) -> f32 (natural layout) over it.

struct Params {
  in_h: i32, in_w: i32, cin: i32,
  out_h: u32, out_w: u32, cout: u32,
  kh: i32, kw: i32,
  stride_h: i32, stride_w: i32, dil_h: i32, dil_w: i32, pad_top: i32, pad_left: i32,
  // batch * out_h * out_w
  npix: u32,
  // register variant: invocations (pixel blocks * channel blocks), channel blocks ceil(cout/4), Cin quads ceil(cin/4)
  nblk: u32, cblocks: u32, ci4: u32,
  act_min: f32, act_max: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
// The input activation as vec4 (activation buffers are sized in multiples of 16 bytes); element e is
// input_v4[e / 4][e % 4].
@group(0) @binding(1) var<storage, read> input_v4: array<vec4<f32>>;
// Bias padded to a multiple of 4 channels (zeros without a bias tensor).
@group(0) @binding(3) var<storage, read> bias4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out_f: array<f32>;

override WG: u32 = 64u;
// Cin % 4 == 0: an input quad is one aligned vec4.
override CIN4: bool = false;

fn input_at(e: u32) -> f32 {
  return input_v4[e >> 2u][e & 3u];
}

// Input channels c..c+3 of the pixel whose channel 0 is element `base`, zero past Cin.
fn load_x(base: i32, c: i32) -> vec4<f32> {
  let i = u32(base + c);
  if (CIN4) { return input_v4[i >> 2u]; }
  let n = params.cin - c;
  var v = vec4<f32>(input_at(i), 0.0, 0.0, 0.0);
  if (n > 1) { v.y = input_at(i + 1u); }
  if (n > 2) { v.z = input_at(i + 2u); }
  if (n > 3) { v.w = input_at(i + 3u); }
  return v;
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

fn origin(pix: u32) -> vec3<i32> {
  return conv_pixel_origin(min(pix, params.npix - 1u), params.out_h, params.out_w, params.stride_h, params.stride_w, params.pad_top, params.pad_left);
}

fn tap_base(o: vec3<i32>, ky: i32, kx: i32) -> i32 {
  return conv_tap_base(o, ky, kx, params.dil_h, params.dil_w, params.in_h, params.in_w, params.cin);
}

// Register variant: 4 consecutive output pixels x 4 channels per invocation, unrolled by hand into named
// registers (CPU emulation keeps dynamically indexed private arrays in memory).
fn conv_float_reg(gid: vec3<u32>, nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  let taps = u32(params.kh * params.kw);
  var q = cb * taps * params.ci4;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let b0 = tap_base(o0, ky, kx);
      let b1 = tap_base(o1, ky, kx);
      let b2 = tap_base(o2, ky, kx);
      let b3 = tap_base(o3, ky, kx);
      for (var c = 0; c < params.cin; c += 4) {
        let m = filter_quad(q);
        q++;
        if (b0 >= 0) { a0 += load_x(b0, c) * m; }
        if (b1 >= 0) { a1 += load_x(b1, c) * m; }
        if (b2 >= 0) { a2 += load_x(b2, c) * m; }
        if (b3 >= 0) { a3 += load_x(b3, c) * m; }
      }
    }
  }
  store_pixel(p0, cb, a0);
  if (p0 + 1u < params.npix) { store_pixel(p0 + 1u, cb, a1); }
  if (p0 + 2u < params.npix) { store_pixel(p0 + 2u, cb, a2); }
  if (p0 + 3u < params.npix) { store_pixel(p0 + 3u, cb, a3); }
}

// ---- Tiled variant: C[pixel][channel] = sum_k A[pixel][k] * B[k][channel] with k = (ky, kx, ci) ----

const TM: u32 = 32u;
const TN: u32 = 32u;
const TK: u32 = 32u;
// [TK][TM] im2col values and [TK][TN] weights, as vec4 along pixels / channels.
var<workgroup> tile_a: array<vec4<f32>, 256>;
var<workgroup> tile_b: array<vec4<f32>, 256>;

// 64 invocations: lane (tx, ty) owns channels 4tx..4tx+3 of pixels 4ty..4ty+3 of the tile. Loads: lane l fills
// k = l % 32 of pixels / channels l / 32 + 2i (consecutive lanes read consecutive input channels / weights).
fn conv_float_tiled(lid: u32, wid: vec3<u32>, nwg: vec3<u32>) {
  let n0 = wid.x * TN;
  let m0 = (wid.y + wid.z * nwg.y) * TM;
  let kl = lid % TK;
  let rl = lid / TK;
  let ktot = u32(params.kh * params.kw * params.cin);
  var org: array<vec3<i32>, 16>;
  for (var i = 0u; i < 16u; i++) {
    org[i] = origin(m0 + rl + 2u * i);
  }
  let tx = lid % 8u;
  let ty = lid / 8u;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < ktot; k0 += TK) {
    let k = k0 + kl;
    let kin = k < ktot;
    let ci = i32(k) % params.cin;
    let tap = i32(k) / params.cin;
    let ky = tap / params.kw;
    let kx = tap % params.kw;
    for (var i = 0u; i < 16u; i++) {
      let m = rl + 2u * i;
      var a = 0.0;
      if (kin && m0 + m < params.npix) {
        let base = tap_base(org[i], ky, kx);
        if (base >= 0) { a = input_at(u32(base + ci)); }
      }
      tile_a[kl * 8u + m / 4u][m % 4u] = a;
      let n = n0 + m;
      var b = 0.0;
      if (kin && n < params.cout) { b = filter_at(n * ktot + k); }
      tile_b[kl * 8u + m / 4u][m % 4u] = b;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let a = tile_a[kk * 8u + ty];
      let b = tile_b[kk * 8u + tx];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();
  }
  let cb = wid.x * 8u + tx;
  if (cb * 4u >= params.cout) { return; }
  for (var i = 0u; i < 4u; i++) {
    let pix = m0 + ty * 4u + i;
    if (pix < params.npix) { store_pixel(pix, cb, acc[i]); }
  }
}
