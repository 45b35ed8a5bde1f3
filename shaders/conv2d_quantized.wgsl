// Integer CONV_2D without packed dot products: int8 (per-channel) / uint8 (filter zero point) with TFLite's
// int32 accumulation and ruy's requantization, and the hybrid kernels' integer part with their float rescale.
// Weights stay packed four bytes per u32. Register-blocked (4 pixels x 4 channels per invocation) and
// workgroup-tiled (32 x 32) variants, as in conv2d.wgsl.
//! requires: conv_int, fixed_point, grid, conv

// Tiled variant: the model's bytes [cout][kh*kw*cin], four per word.
@group(0) @binding(2) var<storage, read> filter_n: array<u32>;
override CIN4: bool = false;

fn input_at(e: u32) -> i32 {
  return input_q4[e >> 2u][e & 3u];
}

// Input channels c..c+3 of the pixel whose channel 0 is element `base`, offset by `io`; zero past Cin so the
// zero-padded weights (which carry the filter offset) add nothing.
fn load_x(base: i32, c: i32, io: i32) -> vec4<i32> {
  let i = u32(base + c);
  if (CIN4) { return input_q4[i >> 2u] + vec4<i32>(io); }
  let n = params.cin - c;
  var v = vec4<i32>(input_at(i) + io, 0, 0, 0);
  if (n > 1) { v.y = input_at(i + 1u) + io; }
  if (n > 2) { v.z = input_at(i + 2u) + io; }
  if (n > 3) { v.w = input_at(i + 3u) + io; }
  return v;
}

// Four packed weights (byte i = element i) as integers with the filter offset added.
fn unpack_w(w: u32) -> vec4<i32> {
  if (U8) { return vec4<i32>((vec4<u32>(w) >> vec4<u32>(0u, 8u, 16u, 24u)) & vec4<u32>(255u)) + vec4<i32>(params.filter_offset); }
  return vec4<i32>(vec4<u32>(w) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u);
}

fn weight_at(e: u32) -> i32 {
  let w = filter_n[e >> 2u] >> (8u * (e & 3u));
  if (U8) { return i32(w & 255u) + params.filter_offset; }
  return i32(w << 24u) >> 24u;
}


fn dot_quad(x: vec4<i32>, w0: vec4<i32>, w1: vec4<i32>, w2: vec4<i32>, w3: vec4<i32>) -> vec4<i32> {
  return vec4<i32>(dot(x, w0), dot(x, w1), dot(x, w2), dot(x, w3));
}

// Register variant: sums of channels 4cb..4cb+3 for output pixels p0..p0+3 (input offset io[i] for pixel i),
// unrolled into named registers (CPU emulation keeps dynamically indexed private arrays in memory). Padded
// taps contribute nothing (TFLite skips them), so the input offset is added to in-image values only.
fn acc_reg(cb: u32, p0: u32, io: vec4<i32>) -> Acc4 {
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  var r = Acc4(vec4<i32>(0), vec4<i32>(0), vec4<i32>(0), vec4<i32>(0));
  let taps = u32(params.kh * params.kw);
  var q = cb * taps * params.ci4;
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let b0 = tap_base(o0, ky, kx);
      let b1 = tap_base(o1, ky, kx);
      let b2 = tap_base(o2, ky, kx);
      let b3 = tap_base(o3, ky, kx);
      for (var c = 0; c < params.cin; c += 4) {
        let wq = filter_q[q];
        q++;
        let w0 = unpack_w(wq.x);
        let w1 = unpack_w(wq.y);
        let w2 = unpack_w(wq.z);
        let w3 = unpack_w(wq.w);
        if (b0 >= 0) { r.a0 += dot_quad(load_x(b0, c, io.x), w0, w1, w2, w3); }
        if (b1 >= 0) { r.a1 += dot_quad(load_x(b1, c, io.y), w0, w1, w2, w3); }
        if (b2 >= 0) { r.a2 += dot_quad(load_x(b2, c, io.z), w0, w1, w2, w3); }
        if (b3 >= 0) { r.a3 += dot_quad(load_x(b3, c, io.w), w0, w1, w2, w3); }
      }
    }
  }
  return r;
}


@compute @workgroup_size(WG)
fn conv2d_q_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  store_block_q(p0, cb, acc_reg(cb, p0, vec4<i32>(params.input_offset)));
}

@compute @workgroup_size(WG)
fn conv2d_hybrid_reg(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  store_block_h(p0, cb, acc_reg(cb, p0, batch_offsets(p0)));
}

// ---- Cin == 1 variant (see conv2d.wgsl's conv2d_c1): one word per tap and channel block holds the block's 4
// channel bytes, a vec4 of words a group of CB blocks: [groups][taps] ----

override CB: u32 = 4u;

struct Px16i { c0: vec4<i32>, c1: vec4<i32>, c2: vec4<i32>, c3: vec4<i32> }

fn c1_tap(a: Px16i, b: i32, io: i32, w: Px16i) -> Px16i {
  if (b < 0) { return a; }
  let x = input_at(u32(b)) + io;
  return Px16i(a.c0 + x * w.c0, a.c1 + x * w.c1, a.c2 + x * w.c2, a.c3 + x * w.c3);
}

fn acc_c1(g: u32, p0: u32, io: vec4<i32>) -> array<Px16i, 4> {
  let o0 = origin(p0);
  let o1 = origin(p0 + 1u);
  let o2 = origin(p0 + 2u);
  let o3 = origin(p0 + 3u);
  let z = vec4<i32>(0);
  var a0 = Px16i(z, z, z, z);
  var a1 = a0;
  var a2 = a0;
  var a3 = a0;
  var q = g * u32(params.kh * params.kw);
  for (var ky = 0; ky < params.kh; ky++) {
    for (var kx = 0; kx < params.kw; kx++) {
      let wq = filter_q[q];
      q++;
      var w = Px16i(unpack_w(wq.x), z, z, z);
      if (CB > 1u) { w.c1 = unpack_w(wq.y); }
      if (CB > 2u) { w.c2 = unpack_w(wq.z); }
      if (CB > 3u) { w.c3 = unpack_w(wq.w); }
      a0 = c1_tap(a0, tap_base(o0, ky, kx), io.x, w);
      a1 = c1_tap(a1, tap_base(o1, ky, kx), io.y, w);
      a2 = c1_tap(a2, tap_base(o2, ky, kx), io.z, w);
      a3 = c1_tap(a3, tap_base(o3, ky, kx), io.w, w);
    }
  }
  return array<Px16i, 4>(a0, a1, a2, a3);
}

// Block j of a group's sums (j < CB).
fn c1_block(a: Px16i, j: u32) -> vec4<i32> {
  return select(select(select(a.c3, a.c2, j == 2u), a.c1, j == 1u), a.c0, j == 0u);
}

// Requantizes and stores the group's existing blocks of one pixel (the two finishers bind different buffers,
// so each entry point gets its own loop).
fn c1_finish_q(pix: u32, g: u32, a: Px16i) {
  if (pix >= params.npix) { return; }
  for (var j = 0u; j < CB && g * CB + j < params.cblocks; j++) { finish_q(pix, g * CB + j, c1_block(a, j)); }
}

fn c1_finish_h(pix: u32, g: u32, a: Px16i) {
  if (pix >= params.npix) { return; }
  for (var j = 0u; j < CB && g * CB + j < params.cblocks; j++) { finish_h(pix, g * CB + j, c1_block(a, j)); }
}

@compute @workgroup_size(WG)
fn conv2d_q_c1(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let groups = (params.cblocks + CB - 1u) / CB;
  let g = id % groups;
  let p0 = (id / groups) * 4u;
  let a = acc_c1(g, p0, vec4<i32>(params.input_offset));
  c1_finish_q(p0, g, a[0]);
  c1_finish_q(p0 + 1u, g, a[1]);
  c1_finish_q(p0 + 2u, g, a[2]);
  c1_finish_q(p0 + 3u, g, a[3]);
}

@compute @workgroup_size(WG)
fn conv2d_hybrid_c1(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let groups = (params.cblocks + CB - 1u) / CB;
  let g = id % groups;
  let p0 = (id / groups) * 4u;
  let a = acc_c1(g, p0, batch_offsets(p0));
  c1_finish_h(p0, g, a[0]);
  c1_finish_h(p0 + 1u, g, a[1]);
  c1_finish_h(p0 + 2u, g, a[2]);
  c1_finish_h(p0 + 3u, g, a[3]);
}

// ---- Tiled variant (see conv2d.wgsl): integer tiles hold offset inputs and offset weights ----

const TM: u32 = 32u;
const TN: u32 = 32u;
const TK: u32 = 32u;
var<workgroup> tile_a: array<vec4<i32>, 256>;
var<workgroup> tile_b: array<vec4<i32>, 256>;

// Lane l loads k = l % 32 of tile pixels / channels l / 32 + 2i; `org` and `io` are those 16 pixels' window
// origins and input offsets. Returns lane (l % 8, l / 8)'s 4 pixels x 4 channels.
fn acc_tiled(lid: u32, n0: u32, m0: u32, org: array<vec3<i32>, 16>, io: array<i32, 16>) -> array<vec4<i32>, 4> {
  let kl = lid % TK;
  let rl = lid / TK;
  let ktot = u32(params.kh * params.kw * params.cin);
  let tx = lid % 8u;
  let ty = lid / 8u;
  var acc: array<vec4<i32>, 4>;
  for (var k0 = 0u; k0 < ktot; k0 += TK) {
    let k = k0 + kl;
    let kin = k < ktot;
    let ci = i32(k) % params.cin;
    let tap = i32(k) / params.cin;
    let ky = tap / params.kw;
    let kx = tap % params.kw;
    for (var i = 0u; i < 16u; i++) {
      let m = rl + 2u * i;
      var a = 0;
      if (kin && m0 + m < params.npix) {
        let base = tap_base(org[i], ky, kx);
        if (base >= 0) { a = input_at(u32(base + ci)) + io[i]; }
      }
      tile_a[kl * 8u + m / 4u][m % 4u] = a;
      let n = n0 + m;
      var b = 0;
      if (kin && n < params.cout) { b = weight_at(n * ktot + k); }
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
  return acc;
}

@compute @workgroup_size(64)
fn conv2d_q_tiled(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n0 = wid.x * TN;
  let m0 = (wid.y + wid.z * nwg.y) * TM;
  var org: array<vec3<i32>, 16>;
  var io: array<i32, 16>;
  for (var i = 0u; i < 16u; i++) {
    org[i] = origin(m0 + lid / TK + 2u * i);
    io[i] = params.input_offset;
  }
  let acc = acc_tiled(lid, n0, m0, org, io);
  let cb = wid.x * 8u + lid % 8u;
  if (cb * 4u >= params.cout) { return; }
  for (var i = 0u; i < 4u; i++) {
    let pix = m0 + (lid / 8u) * 4u + i;
    if (pix < params.npix) { finish_q(pix, cb, acc[i]); }
  }
}

@compute @workgroup_size(64)
fn conv2d_hybrid_tiled(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n0 = wid.x * TN;
  let m0 = (wid.y + wid.z * nwg.y) * TM;
  var org: array<vec3<i32>, 16>;
  var io: array<i32, 16>;
  for (var i = 0u; i < 16u; i++) {
    org[i] = origin(m0 + lid / TK + 2u * i);
    io[i] = -bq[org[i].x].offset;
  }
  let acc = acc_tiled(lid, n0, m0, org, io);
  let cb = wid.x * 8u + lid % 8u;
  if (cb * 4u >= params.cout) { return; }
  for (var i = 0u; i < 4u; i++) {
    let pix = m0 + (lid / 8u) * 4u + i;
    if (pix < params.npix) { finish_h(pix, cb, acc[i]); }
  }
}
