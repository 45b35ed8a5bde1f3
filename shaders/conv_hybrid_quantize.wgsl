// Per-batch int8 quantization of a hybrid convolution's float input (TFLite's Symmetric/AsymmetricQuantizeFloats,
// conv-quant.ts): one workgroup per batch finds the range and the scale / zero point, then one invocation per
// element quantizes into scratch, one i32 per element like an int8 activation.
//! requires: grid, conv

struct Params {
  per_batch: u32,
  total: u32,
  // Per-tensor filter scale, folded into `factor` (EvalHybrid); 0 where unused.
  filter_scale: f32,
  // Always 0: XORed into a product's bits so the compiler cannot fuse it with the following addition (FMA)
  // and skip the rounding the CPU performs.
  opaque_zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> in_f: array<f32>;
@group(0) @binding(2) var<storage, read_write> bq_out: array<ConvBatchQuant>;
@group(0) @binding(2) var<storage, read> bq: array<ConvBatchQuant>;
@group(0) @binding(3) var<storage, read_write> q_out: array<i32>;

// SymmetricQuantizeFloats (EvalHybrid): zero point 0, values in [-127, 127]; else asymmetric in [-128, 127].
override SYMMETRIC: bool = false;
override WG: u32 = 64u;

const RWG: u32 = 256u;
var<workgroup> smin: array<f32, RWG>;
var<workgroup> smax: array<f32, RWG>;

// std::round: halves away from zero (x - trunc(x) is exact, unlike x + 0.5).
fn round_half_away(x: f32) -> f32 {
  let t = trunc(x);
  return t + select(0.0, sign(x), abs(x - t) >= 0.5);
}

// a / b for integers 0 < a, b < 2^24 as (q, j) with q = a / b * 2^j rounded to nearest even and 2^23 <= q <=
// 2^24, by exact long division (GPU float division need not be correctly rounded).
fn quot_rn(a: u32, b: u32) -> vec2<i32> {
  let sa = countLeadingZeros(a) - 8u;
  let sb = countLeadingZeros(b) - 8u;
  let an = a << sa;
  let bn = b << sb;
  // an / bn lies in (1/2, 2): take 23 fraction bits after a leading 1, or 24 after a leading 0
  var q = 0u;
  var rem = an;
  var bits = 24u;
  if (an >= bn) { q = 1u; rem = an - bn; bits = 23u; }
  for (var i = 0u; i < bits; i++) {
    rem <<= 1u;
    q <<= 1u;
    if (rem >= bn) { rem -= bn; q |= 1u; }
  }
  if (2u * rem > bn || (2u * rem == bn && (q & 1u) == 1u)) { q++; }
  return vec2<i32>(i32(q), i32(bits) + i32(sa) - i32(sb));
}

// Mantissa (24-bit integer) and exponent of a positive normal float: x = m * 2^e.
fn mant_exp(x: f32) -> vec2<i32> {
  let b = bitcast<u32>(x);
  return vec2<i32>(i32((b & 0x7fffffu) | 0x800000u), i32(b >> 23u) - 150);
}

// c / x and x / c rounded once to float, for an integer 0 < c < 2^24 and a positive normal float x.
fn int_over_rn(c: u32, x: f32) -> f32 {
  let me = mant_exp(x);
  let q = quot_rn(c, u32(me.x));
  return ldexp(f32(q.x), -q.y - me.y);
}

fn over_int_rn(x: f32, c: u32) -> f32 {
  let me = mant_exp(x);
  let q = quot_rn(u32(me.x), c);
  return ldexp(f32(q.x), me.y - q.y);
}

// (d + e) / 255 rounded once to float, for d = float(d + e) > 0 with its exact error e: TFLite computes
// (rmax - rmin) / 255 in double and rounds to float, which equals this (the quotient's binary expansion repeats
// with period 8, so it never lies within double precision of a float rounding boundary unless it is one).
fn div255_rn(d: f32, e: f32) -> f32 {
  var q = over_int_rn(d, 255u);
  for (var i = 0; i < 2; i++) {
    // d - 256q and adding q back are exact (Sterbenz), so r is (d + e) - 255q up to the rounding of + e
    let r = ((d - 256.0 * q) + q) + e;
    let up = bitcast<f32>(bitcast<u32>(q) + 1u);
    let down = bitcast<f32>(bitcast<u32>(q) - 1u);
    if (r > 127.5 * (up - q)) { q = up; } else if (r < -127.5 * (q - down)) { q = down; } else { break; }
  }
  return q;
}

@compute @workgroup_size(RWG)
fn hybrid_range(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let b = wid.x;
  let start = b * params.per_batch;
  // comparisons as the CPU's, so NaNs are skipped (starting from the largest finite floats: WGSL has no
  // infinity literal, and the result is the same for finite data)
  var mn = 0x1.fffffep+127f;
  var mx = -0x1.fffffep+127f;
  for (var i = lid; i < params.per_batch; i += RWG) {
    let v = in_f[start + i];
    if (v < mn) { mn = v; }
    if (v > mx) { mx = v; }
  }
  smin[lid] = mn;
  smax[lid] = mx;
  workgroupBarrier();
  for (var s = RWG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      if (smin[lid + s] < smin[lid]) { smin[lid] = smin[lid + s]; }
      if (smax[lid + s] > smax[lid]) { smax[lid] = smax[lid + s]; }
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  mn = smin[0];
  mx = smax[0];
  var r = ConvBatchQuant(1.0, 0.0, 0, params.filter_scale);
  if (SYMMETRIC) {
    let range = max(abs(mn), abs(mx));
    if (params.per_batch > 0u && range != 0.0) {
      // range / 127 and 127 / range, each rounded once to float
      r.scale = over_int_rn(range, 127u);
      r.inv = int_over_rn(127u, range);
    }
  } else {
    let rmin = min(0.0, mn);
    let rmax = max(0.0, mx);
    if (rmin != rmax) {
      // TFLite divides the double rmax - rmin by 255: keep the difference exact as d + e (two-sum)
      let d = rmax - rmin;
      let bv = d - rmax;
      let e = (rmax - (d - bv)) + (-rmin - bv);
      let scale = div255_rn(d, e);
      let zp_min = -128.0 - rmin / scale;
      let zp_max = 127.0 - rmax / scale;
      let err_min = 128.0 + abs(rmin / scale);
      let err_max = 127.0 + abs(rmax / scale);
      let zp = select(zp_max, zp_min, err_min < err_max);
      var offset = 0;
      if (zp <= -128.0) { offset = -128; } else if (zp >= 127.0) { offset = 127; } else { offset = i32(round_half_away(zp)); }
      r.scale = scale;
      r.inv = int_over_rn(1u, scale);
      r.offset = offset;
    }
  }
  r.factor = r.scale * params.filter_scale;
  bq_out[b] = r;
}

@compute @workgroup_size(WG)
fn hybrid_quantize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.total) { return; }
  let q = bq[i / params.per_batch];
  // float(offset + float(x * inv)): the product is rounded on its own, as on the CPU
  let p = bitcast<f32>(bitcast<u32>(in_f[i] * q.inv) ^ params.opaque_zero);
  let v = round_half_away(f32(q.offset) + p);
  q_out[i] = i32(clamp(v, select(-128.0, -127.0, SYMMETRIC), 127.0));
}
