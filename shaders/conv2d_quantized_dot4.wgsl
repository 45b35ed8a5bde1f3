// Integer CONV_2D (int8 per-channel, uint8 with filter zero point, hybrid int8) with packed 4x8-bit dot
// products, for Cin % 4 == 0: raw input bytes are packed once per quad and multiplied with the raw weight
// words; the zero-point terms are added afterwards, exactly:
//   sum (x + io)(w + fo) = sum x*w + fo * sum x + io * sum (w + fo)   over in-image taps,
// with sum (w + fo) per channel and tap precomputed (tapsum). Register-blocked like conv2d_quantized.wgsl.
requires packed_4x8_integer_dot_product;
//! requires: conv_int, fixed_point, grid, conv

// [ceil(cout/4)][kh*kw]: per channel, the sum over Cin of (w + filter_offset).
@group(0) @binding(7) var<storage, read> tapsum: array<vec4<i32>>;

fn dot4(x: u32, w: u32) -> i32 {
  if (U8) { return i32(dot4U8Packed(x, w)); }
  return dot4I8Packed(x, w);
}

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

@compute @workgroup_size(WG)
fn conv2d_q_dot4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  store_block_q(p0, cb, acc_dot4(cb, p0, vec4<i32>(params.input_offset)));
}

@compute @workgroup_size(WG)
fn conv2d_hybrid_dot4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = grid_linear(gid, nwg, WG);
  if (id >= params.nblk) { return; }
  let cb = id % params.cblocks;
  let p0 = (id / params.cblocks) * 4u;
  store_block_h(p0, cb, acc_dot4(cb, p0, batch_offsets(p0)));
}
