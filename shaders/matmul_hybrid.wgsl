// Hybrid (dynamic-range) FULLY_CONNECTED, float32 input x int8 weights: passes 1a/1b quantize each input row to int8
// exactly as TFLite's portable SymmetricQuantizeFloats / AsymmetricQuantizeFloats (cpu/kernels/shared/fc-hybrid.ts)
// do, into packed bytes plus the row's scale and zero point; the integer GEMM of matmul_quantized(_dot4).wgsl
// follows; pass 3 rescales to float, adds the bias and applies the activation in fully_connected.cc's order.
//! requires: grid

struct Params {
  rows: u32,
  units: u32,
  depth: u32,
  // u32 words per packed row: ceil(depth / 4)
  kw: u32,
  // per-tensor weight scale (unused with PER_CHANNEL)
  weight_scale: f32,
  act_min: f32,
  act_max: f32,
  // 1.0, unknown to the compiler: `p * one + c` rounds p before the add even where a * b + c would be fused
  one: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x_f32: array<f32>;
@group(0) @binding(2) var<storage, read_write> xq_out: array<u32>;
// per row: (zero point, scale, 1 / scale (f32 bits), unused)
@group(0) @binding(3) var<storage, read_write> row_info_out: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read> acc_in: array<i32>;
@group(0) @binding(5) var<storage, read> row_info: array<vec4<i32>>;
// per unit: (sum of the int8 weights, per-channel scale as f32 bits)
@group(0) @binding(6) var<storage, read> unit_h: array<vec2<i32>>;
@group(0) @binding(7) var<storage, read> bias_f32: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_f32: array<f32>;

override ASYMMETRIC: bool = false;
override PER_CHANNEL: bool = false;
override TANH: bool = false;
override WG: u32 = 64u;

// ---- binary64 arithmetic in u32s, for the row parameters TFLite computes in double ----
// (-1)^neg * (hi * 2^32 + lo) * 2^e, the mantissa normalized to 53 bits (bit 20 of hi) or zero (hi = lo = 0).
// Only finite values; every operation rounds to nearest even like the host's doubles.
struct FcDbl {
  neg: bool,
  e: i32,
  m: vec2<u32>,
}

fn fc_shl64(v: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return v; }
  if (n >= 32u) { return vec2<u32>(v.y << (n - 32u), 0u); }
  return vec2<u32>((v.x << n) | (v.y >> (32u - n)), v.y << n);
}

fn fc_shr64(v: vec2<u32>, n: u32) -> vec2<u32> {
  if (n == 0u) { return v; }
  if (n >= 32u) { return vec2<u32>(0u, v.x >> (n - 32u)); }
  return vec2<u32>(v.x >> n, (v.y >> n) | (v.x << (32u - n)));
}

fn fc_clz64(v: vec2<u32>) -> u32 {
  if (v.x != 0u) { return countLeadingZeros(v.x); }
  return 32u + countLeadingZeros(v.y);
}

fn fc_ge64(a: vec2<u32>, b: vec2<u32>) -> bool {
  return a.x > b.x || (a.x == b.x && a.y >= b.y);
}

fn fc_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.y + b.y;
  return vec2<u32>(a.x + b.x + select(0u, 1u, lo < a.y), lo);
}

fn fc_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x - select(0u, 1u, a.y < b.y), a.y - b.y);
}

fn fc_dzero(a: FcDbl) -> bool {
  return a.m.x == 0u && a.m.y == 0u;
}

// m * 2^e (an exact 64-bit mantissa, plus `sticky` for nonzero bits below it) rounded to 53 bits.
fn fc_round_pack(neg: bool, e: i32, m: vec2<u32>, sticky: bool) -> FcDbl {
  if (m.x == 0u && m.y == 0u) { return FcDbl(neg, 0, m); }
  let top = 63u - fc_clz64(m);
  if (top <= 52u) { return FcDbl(neg, e - i32(52u - top), fc_shl64(m, 52u - top)); }
  let d = top - 52u;  // at most 11 here
  let rem = m.y & ((1u << d) - 1u);
  let half = 1u << (d - 1u);
  var k = fc_shr64(m, d);
  var ee = e + i32(d);
  if (rem > half || (rem == half && (sticky || (k.y & 1u) == 1u))) {
    k = fc_add64(k, vec2<u32>(0u, 1u));
    if (k.x == 0x200000u) {
      k = fc_shr64(k, 1u);
      ee += 1;
    }
  }
  return FcDbl(neg, ee, k);
}

// A nonzero integer m < 2^32 times 2^e, exactly.
fn fc_dexact(neg: bool, e: i32, m: u32) -> FcDbl {
  let s = countLeadingZeros(m) + 21u;  // moves the top bit to bit 52
  return FcDbl(neg, e - i32(s), fc_shl64(vec2<u32>(0u, m), s));
}

fn fc_dfrom_f32(f: f32) -> FcDbl {
  let b = bitcast<u32>(f);
  let ex = (b >> 23u) & 0xffu;
  let fr = b & 0x7fffffu;
  let neg = (b >> 31u) == 1u;
  if (ex == 0u && fr == 0u) { return FcDbl(neg, 0, vec2<u32>(0u, 0u)); }
  if (ex == 0u) { return fc_dexact(neg, -149, fr); }
  return fc_dexact(neg, i32(ex) - 150, fr | 0x800000u);
}

fn fc_dfrom_i32(k: i32) -> FcDbl {
  if (k == 0) { return FcDbl(false, 0, vec2<u32>(0u, 0u)); }
  return fc_dexact(k < 0, 0, u32(abs(k)));
}

fn fc_dneg(a: FcDbl) -> FcDbl {
  return FcDbl(!a.neg, a.e, a.m);
}

fn fc_dabs(a: FcDbl) -> FcDbl {
  return FcDbl(false, a.e, a.m);
}

fn fc_mag_ge(a: FcDbl, b: FcDbl) -> bool {
  return a.e > b.e || (a.e == b.e && fc_ge64(a.m, b.m));
}

fn fc_dadd(x: FcDbl, y: FcDbl) -> FcDbl {
  if (fc_dzero(x)) { return y; }
  if (fc_dzero(y)) { return x; }
  var a = x;
  var b = y;
  if (!fc_mag_ge(x, y)) { a = y; b = x; }
  // 10 guard bits; bits of the smaller operand shifted out are jammed into its lowest bit
  let ma = fc_shl64(a.m, 10u);
  var mb = fc_shl64(b.m, 10u);
  let diff = u32(a.e - b.e);
  if (diff >= 64u) {
    mb = vec2<u32>(0u, 1u);
  } else if (diff > 0u) {
    var lost: bool;
    if (diff >= 32u) {
      lost = mb.y != 0u || (mb.x & ((1u << (diff - 32u)) - 1u)) != 0u;
    } else {
      lost = (mb.y & ((1u << diff) - 1u)) != 0u;
    }
    mb = fc_shr64(mb, diff);
    if (lost) { mb.y |= 1u; }
  }
  var m: vec2<u32>;
  if (a.neg == b.neg) { m = fc_add64(ma, mb); } else { m = fc_sub64(ma, mb); }
  return fc_round_pack(a.neg, a.e - 10, m, false);
}

// Restoring division: 55 quotient bits and a sticky remainder, rounded to 53.
fn fc_ddiv(a: FcDbl, b: FcDbl) -> FcDbl {
  let neg = a.neg != b.neg;
  if (fc_dzero(a)) { return FcDbl(neg, 0, a.m); }
  var e = a.e - b.e;
  var n = a.m;
  if (!fc_ge64(n, b.m)) {
    n = fc_shl64(n, 1u);
    e -= 1;
  }
  var q = vec2<u32>(0u, 0u);
  for (var i = 0u; i < 55u; i++) {
    q = fc_shl64(q, 1u);
    if (fc_ge64(n, b.m)) {
      n = fc_sub64(n, b.m);
      q.y |= 1u;
    }
    n = fc_shl64(n, 1u);
  }
  return fc_round_pack(neg, e - 54, q, n.x != 0u || n.y != 0u);
}

fn fc_dlt(a: FcDbl, b: FcDbl) -> bool {
  let az = fc_dzero(a);
  let bz = fc_dzero(b);
  if (az && bz) { return false; }
  if (az) { return !b.neg; }
  if (bz) { return a.neg; }
  if (a.neg != b.neg) { return a.neg; }
  let same = a.e == b.e && a.m.x == b.m.x && a.m.y == b.m.y;
  if (a.neg) { return fc_mag_ge(a, b) && !same; }
  return !fc_mag_ge(a, b);
}

// floor(a) for |a| < 2^31.
fn fc_dfloor(a: FcDbl) -> i32 {
  if (fc_dzero(a)) { return 0; }
  if (a.e <= -53) { return select(0, -1, a.neg); }
  if (a.e >= 0) {
    let v = i32(fc_shl64(a.m, u32(a.e)).y);
    return select(v, -v, a.neg);
  }
  let s = u32(-a.e);
  let ip = i32(fc_shr64(a.m, s).y);
  var frac: bool;
  if (s >= 32u) {
    frac = a.m.y != 0u || (a.m.x & ((1u << (s - 32u)) - 1u)) != 0u;
  } else {
    frac = (a.m.y & ((1u << s) - 1u)) != 0u;
  }
  return select(ip, -ip - select(0, 1, frac), a.neg);
}

// Nearest-even float32 of a double (results below the normal range become zero; not reached for row scales of
// normal floats).
fn fc_dto_f32(a: FcDbl) -> f32 {
  let sign = select(0u, 0x80000000u, a.neg);
  if (fc_dzero(a)) { return bitcast<f32>(sign); }
  let rem = a.m.y & 0x1fffffffu;
  var k = fc_shr64(a.m, 29u).y;
  var ex = a.e + 179;
  if (rem > 0x10000000u || (rem == 0x10000000u && (k & 1u) == 1u)) {
    k += 1u;
    if (k == 0x1000000u) {
      k >>= 1u;
      ex += 1;
    }
  }
  if (ex >= 255) { return bitcast<f32>(sign | 0x7f800000u); }
  if (ex <= 0) { return bitcast<f32>(sign); }
  return bitcast<f32>(sign | (u32(ex) << 23u) | (k & 0x7fffffu));
}

// std::round on a float: halves away from zero (t and a - t are exact, unlike a + 0.5).
fn fc_round_half_away(v: f32) -> f32 {
  let a = abs(v);
  let t = floor(a);
  let r = t + select(0.0, 1.0, a - t >= 0.5);
  return select(r, -r, v < 0.0);
}

struct FcRowQuant {
  inv: f32,
  scale: f32,
  zp: i32,
}

// SymmetricQuantizeFloats: inv = 127 / range and scale = range / 127, each a double quotient rounded to float.
// (Both divisions go through one call site: SwiftShader inlines every call, and the copies cost compile time.)
fn fc_symmetric_params(mn: f32, mx: f32) -> FcRowQuant {
  let range = max(abs(mn), abs(mx));
  if (range == 0.0) { return FcRowQuant(0.0, 1.0, 0); }
  let r = fc_dfrom_f32(range);
  let d127 = fc_dfrom_i32(127);
  var q: array<f32, 2>;
  for (var i = 0u; i < 2u; i++) {
    var a = d127;
    var b = r;
    if (i == 1u) { a = r; b = d127; }
    q[i] = fc_dto_f32(fc_ddiv(a, b));
  }
  return FcRowQuant(q[0], q[1], 0);
}

// AsymmetricQuantizeFloats: the range widened to 0, scale = (rmax - rmin) / 255 and the nudged zero point, in
// double. Its ten double operations run as the steps of one loop, so fc_dadd and fc_ddiv are each inlined once.
fn fc_asymmetric_params(mn: f32, mx: f32) -> FcRowQuant {
  let rmin = min(0.0, mn);
  let rmax = max(0.0, mx);
  if (rmin == rmax) { return FcRowQuant(0.0, 1.0, 0); }
  let dmin = fc_dfrom_f32(rmin);
  let dmax = fc_dfrom_f32(rmax);
  // v[step] = result of step
  var v: array<FcDbl, 10>;
  var zp = 0;
  var round_neg = false;
  for (var step = 0u; step < 10u; step++) {
    var a: FcDbl;
    var b: FcDbl;
    var div = false;
    switch (step) {
      case 0u: { a = dmax; b = fc_dneg(dmin); }                                  // rmax - rmin
      case 1u: { a = v[0]; b = fc_dfrom_i32(255); div = true; }                  // scale = (rmax - rmin) / (qmax - qmin)
      case 2u: { a = dmin; b = v[1]; div = true; }                               // rmin / scale
      case 3u: { a = dmax; b = v[1]; div = true; }                               // rmax / scale
      case 4u: { a = fc_dfrom_i32(-128); b = fc_dneg(v[2]); }                    // zero_point_from_min = qmin - rmin / scale
      case 5u: { a = fc_dfrom_i32(127); b = fc_dneg(v[3]); }                     // zero_point_from_max = qmax - rmax / scale
      case 6u: { a = fc_dfrom_i32(128); b = fc_dabs(v[2]); }                     // zero_point_from_min_error
      case 7u: { a = fc_dfrom_i32(127); b = fc_dabs(v[3]); }                     // zero_point_from_max_error
      case 8u: {
        // the better candidate, then TfLiteRound in double: floor(|zp| + 0.5) with zp's sign
        var zd = v[5];
        if (fc_dlt(v[6], v[7])) { zd = v[4]; }
        round_neg = zd.neg;
        a = fc_dabs(zd);
        b = fc_dfrom_f32(0.5);
        if (!fc_dlt(fc_dfrom_i32(-128), zd)) { zp = -128; } else if (!fc_dlt(zd, fc_dfrom_i32(127))) { zp = 127; }
      }
      default: { a = fc_dfrom_i32(1); b = fc_dfrom_f32(fc_dto_f32(v[1])); div = true; }  // 1 / (float) scale
    }
    if (div) { v[step] = fc_ddiv(a, b); } else { v[step] = fc_dadd(a, b); }
  }
  if (zp == 0) {
    // not clamped (a clamped zero point is never 0)
    let f = fc_dfloor(v[8]);
    zp = select(f, -f, round_neg);
  }
  return FcRowQuant(fc_dto_f32(v[9]), fc_dto_f32(v[1]), zp);
}

// One element, as the CPU: round(x * inv) in [-127, 127], or round(zp + x * inv) in [-128, 127] (float32 ops).
fn fc_quantize(v: f32, q: FcRowQuant) -> i32 {
  let p = v * q.inv;
  if (ASYMMETRIC) { return i32(clamp(fc_round_half_away(p * params.one + f32(q.zp)), -128.0, 127.0)); }
  return i32(clamp(fc_round_half_away(p), -127.0, 127.0));
}

// ---- pass 1a: one invocation per row: range, then scale / zero point / inverse scale ----

@compute @workgroup_size(WG)
fn fc_row_params(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = grid_linear(gid, nwg, WG);
  if (r >= params.rows) { return; }
  let base = r * params.depth;
  // comparisons as the CPU's (NaNs are skipped)
  var mn = x_f32[base];
  var mx = mn;
  for (var d = 1u; d < params.depth; d++) {
    let v = x_f32[base + d];
    if (v < mn) { mn = v; }
    if (v > mx) { mx = v; }
  }
  var q: FcRowQuant;
  if (ASYMMETRIC) { q = fc_asymmetric_params(mn, mx); } else { q = fc_symmetric_params(mn, mx); }
  row_info_out[r] = vec4<i32>(q.zp, bitcast<i32>(q.scale), bitcast<i32>(q.inv), 0);
}

// ---- pass 1b: quantize and pack, one invocation per u32 word (bytes past depth stay zero) ----

@compute @workgroup_size(WG)
fn fc_quantize_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.rows * params.kw) { return; }
  let r = i / params.kw;
  let d0 = 4u * (i % params.kw);
  let base = r * params.depth;
  let ri = row_info[r];
  let q = FcRowQuant(bitcast<f32>(ri.z), bitcast<f32>(ri.y), ri.x);
  var word = 0u;
  for (var j = 0u; j < 4u; j++) {
    if (d0 + j < params.depth) { word |= (u32(fc_quantize(x_f32[base + d0 + j], q)) & 0xffu) << (8u * j); }
  }
  xq_out[i] = word;
}

// ---- pass 3: int32 dot -> float, per output element ----

@compute @workgroup_size(WG)
fn fc_hybrid_out(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.rows * params.units) { return; }
  let r = i / params.units;
  let u = i % params.units;
  let ri = row_info[r];
  let ui = unit_h[u];
  var dot = acc_in[i];
  // asymmetric rows: sum w (q - zp) = sum w q - zp * sum w
  if (ASYMMETRIC) { dot -= ui.x * ri.x; }
  // per-tensor: the row's scale times the weight scale; per-channel: times the unit's scale (one float product)
  var scale = bitcast<f32>(ri.y) * params.weight_scale;
  if (PER_CHANNEL) { scale = bitcast<f32>(ri.y) * bitcast<f32>(ui.y); }
  // output = bias, then += dot * scale: two float roundings, as on the CPU
  var v = (f32(dot) * scale) * params.one + bias_f32[u];
  if (TANH) { v = tanh(v); }
  out_f32[i] = select(select(v, params.act_max, v > params.act_max), params.act_min, v < params.act_min);
}
