// Integer GEMM bodies of the quantized and hybrid FULLY_CONNECTED: acc[r][u] = sum_k x[r][k] * w[u][k] over 8-bit
// values packed four per u32 (x rows packed by a previous pass, weights at load), accumulated in wrapping i32 like
// TFLite's int32 accumulators. Zero points, bias and requantization are applied by the op's epilogue pass.
// The including file defines `FcQ` (an operand prepared for products), `fc_qprep(word) -> FcQ` and
// `fc_qdot(a, b) -> i32`, the dot product of four 8-bit lanes (signed, or unsigned when UNSIGNED).

struct Params {
  rows: u32,
  units: u32,
  depth: u32,
  // u32 words per packed row: ceil(depth / 4), bytes past depth are zero
  kw: u32,
  // requantization (matmul_quantized.wgsl's epilogue): -weight zero point, output zero point, clamp
  w_offset: i32,
  out_zp: i32,
  q_min: i32,
  q_max: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> xq: array<u32>;
// [units padded to 8][kw]
@group(0) @binding(2) var<storage, read> wq: array<u32>;
@group(0) @binding(3) var<storage, read_write> acc_out: array<i32>;

// Rows per invocation of the register-tiled variant (1, 2, 4 or 8).
override TM: u32 = 8u;
override WG: u32 = 64u;
override UNSIGNED: bool = false;

fn fc_q4(a: FcQ, b0: FcQ, b1: FcQ, b2: FcQ, b3: FcQ) -> vec4<i32> {
  return vec4<i32>(fc_qdot(a, b0), fc_qdot(a, b1), fc_qdot(a, b2), fc_qdot(a, b3));
}

fn fc_acc_store4(r: u32, u: u32, acc: vec4<i32>) {
  let o = r * params.units;
  if (u < params.units) { acc_out[o + u] = acc.x; }
  if (u + 1u < params.units) { acc_out[o + u + 1u] = acc.y; }
  if (u + 2u < params.units) { acc_out[o + u + 2u] = acc.z; }
  if (u + 3u < params.units) { acc_out[o + u + 3u] = acc.w; }
}

// Register-tiled (CPU-emulated adapters): TM rows x 8 units per invocation, hand-unrolled like lib/matmul_float.
fn fc_int_reg(gid: vec3<u32>, nwg: vec3<u32>) {
  let t = grid_linear(gid, nwg, WG);
  let ublocks = (params.units + 7u) / 8u;
  let r0 = (t / ublocks) * TM;
  if (r0 >= params.rows) { return; }
  let u0 = (t % ublocks) * 8u;
  let kw = params.kw;
  let last = params.rows - 1u;
  let x0 = r0 * kw; let x1 = min(r0 + 1u, last) * kw; let x2 = min(r0 + 2u, last) * kw; let x3 = min(r0 + 3u, last) * kw;
  let x4 = min(r0 + 4u, last) * kw; let x5 = min(r0 + 5u, last) * kw; let x6 = min(r0 + 6u, last) * kw;
  let x7 = min(r0 + 7u, last) * kw;
  var c00 = vec4<i32>(); var c01 = vec4<i32>(); var c10 = vec4<i32>(); var c11 = vec4<i32>();
  var c20 = vec4<i32>(); var c21 = vec4<i32>(); var c30 = vec4<i32>(); var c31 = vec4<i32>();
  var c40 = vec4<i32>(); var c41 = vec4<i32>(); var c50 = vec4<i32>(); var c51 = vec4<i32>();
  var c60 = vec4<i32>(); var c61 = vec4<i32>(); var c70 = vec4<i32>(); var c71 = vec4<i32>();
  for (var k = 0u; k < kw; k++) {
    let i = u0 * kw + k;
    let b0 = fc_qprep(wq[i]); let b1 = fc_qprep(wq[i + kw]); let b2 = fc_qprep(wq[i + 2u * kw]);
    let b3 = fc_qprep(wq[i + 3u * kw]); let b4 = fc_qprep(wq[i + 4u * kw]); let b5 = fc_qprep(wq[i + 5u * kw]);
    let b6 = fc_qprep(wq[i + 6u * kw]); let b7 = fc_qprep(wq[i + 7u * kw]);
    let a0 = fc_qprep(xq[x0 + k]); c00 += fc_q4(a0, b0, b1, b2, b3); c01 += fc_q4(a0, b4, b5, b6, b7);
    if (TM > 1u) { let a1 = fc_qprep(xq[x1 + k]); c10 += fc_q4(a1, b0, b1, b2, b3); c11 += fc_q4(a1, b4, b5, b6, b7); }
    if (TM > 2u) {
      let a2 = fc_qprep(xq[x2 + k]); c20 += fc_q4(a2, b0, b1, b2, b3); c21 += fc_q4(a2, b4, b5, b6, b7);
      let a3 = fc_qprep(xq[x3 + k]); c30 += fc_q4(a3, b0, b1, b2, b3); c31 += fc_q4(a3, b4, b5, b6, b7);
    }
    if (TM > 4u) {
      let a4 = fc_qprep(xq[x4 + k]); c40 += fc_q4(a4, b0, b1, b2, b3); c41 += fc_q4(a4, b4, b5, b6, b7);
      let a5 = fc_qprep(xq[x5 + k]); c50 += fc_q4(a5, b0, b1, b2, b3); c51 += fc_q4(a5, b4, b5, b6, b7);
      let a6 = fc_qprep(xq[x6 + k]); c60 += fc_q4(a6, b0, b1, b2, b3); c61 += fc_q4(a6, b4, b5, b6, b7);
      let a7 = fc_qprep(xq[x7 + k]); c70 += fc_q4(a7, b0, b1, b2, b3); c71 += fc_q4(a7, b4, b5, b6, b7);
    }
  }
  fc_acc_store4(r0, u0, c00); fc_acc_store4(r0, u0 + 4u, c01);
  if (TM > 1u && r0 + 1u < params.rows) { fc_acc_store4(r0 + 1u, u0, c10); fc_acc_store4(r0 + 1u, u0 + 4u, c11); }
  if (TM > 2u && r0 + 2u < params.rows) { fc_acc_store4(r0 + 2u, u0, c20); fc_acc_store4(r0 + 2u, u0 + 4u, c21); }
  if (TM > 2u && r0 + 3u < params.rows) { fc_acc_store4(r0 + 3u, u0, c30); fc_acc_store4(r0 + 3u, u0 + 4u, c31); }
  if (TM > 4u && r0 + 4u < params.rows) { fc_acc_store4(r0 + 4u, u0, c40); fc_acc_store4(r0 + 4u, u0 + 4u, c41); }
  if (TM > 4u && r0 + 5u < params.rows) { fc_acc_store4(r0 + 5u, u0, c50); fc_acc_store4(r0 + 5u, u0 + 4u, c51); }
  if (TM > 4u && r0 + 6u < params.rows) { fc_acc_store4(r0 + 6u, u0, c60); fc_acc_store4(r0 + 6u, u0 + 4u, c61); }
  if (TM > 4u && r0 + 7u < params.rows) { fc_acc_store4(r0 + 7u, u0, c70); fc_acc_store4(r0 + 7u, u0 + 4u, c71); }
}

// Workgroup-shared tiles (real GPUs): 64 rows x 64 units per 16x16 workgroup; invocation (tx, ty) owns rows
// ty + 16i and units tx + 16j. Each step stages 4 words (16 depth values) per row and unit as one vec4<u32>, loaded
// by invocations 0..127 (x rows, then weight rows).
const FC_QTILE: u32 = 64u;
var<workgroup> fc_xq_s: array<vec4<u32>, 64>;
var<workgroup> fc_wq_s: array<vec4<u32>, 64>;

fn fc_acc_store_strided(r: u32, u: u32, acc: vec4<i32>) {
  if (r >= params.rows) { return; }
  let o = r * params.units;
  if (u < params.units) { acc_out[o + u] = acc.x; }
  if (u + 16u < params.units) { acc_out[o + u + 16u] = acc.y; }
  if (u + 32u < params.units) { acc_out[o + u + 32u] = acc.z; }
  if (u + 48u < params.units) { acc_out[o + u + 48u] = acc.w; }
}

// One word of each of 4 rows x 4 units.
fn fc_q4x4(a: vec4<u32>, b: vec4<u32>, c: ptr<function, array<vec4<i32>, 4>>) {
  let b0 = fc_qprep(b.x); let b1 = fc_qprep(b.y); let b2 = fc_qprep(b.z); let b3 = fc_qprep(b.w);
  (*c)[0] += fc_q4(fc_qprep(a.x), b0, b1, b2, b3);
  (*c)[1] += fc_q4(fc_qprep(a.y), b0, b1, b2, b3);
  (*c)[2] += fc_q4(fc_qprep(a.z), b0, b1, b2, b3);
  (*c)[3] += fc_q4(fc_qprep(a.w), b0, b1, b2, b3);
}

fn fc_int_shared(wid: vec3<u32>, nwg: vec3<u32>, lid: vec3<u32>, li: u32) {
  let tile = wid.x + wid.y * nwg.x;
  let utiles = (params.units + FC_QTILE - 1u) / FC_QTILE;
  let row_base = (tile / utiles) * FC_QTILE;
  let unit_base = (tile % utiles) * FC_QTILE;
  if (row_base >= params.rows) { return; }
  let kw = params.kw;
  let lrow = li % 64u;
  // invocations 0..63 stage x rows, 64..127 weight rows (row-major words: `base + k`)
  var base: u32;
  if (li < 64u) {
    base = min(row_base + lrow, params.rows - 1u) * kw;
  } else {
    base = min(unit_base + lrow, ((params.units + 7u) / 8u) * 8u - 1u) * kw;
  }
  var c: array<vec4<i32>, 4>;
  for (var k0 = 0u; k0 < kw; k0 += 4u) {
    if (li < 128u) {
      var v = vec4<u32>();
      let left = kw - k0;
      if (li < 64u) {
        v.x = xq[base + k0];
        if (left > 1u) { v.y = xq[base + k0 + 1u]; }
        if (left > 2u) { v.z = xq[base + k0 + 2u]; }
        if (left > 3u) { v.w = xq[base + k0 + 3u]; }
        fc_xq_s[lrow] = v;
      } else {
        v.x = wq[base + k0];
        if (left > 1u) { v.y = wq[base + k0 + 1u]; }
        if (left > 2u) { v.z = wq[base + k0 + 2u]; }
        if (left > 3u) { v.w = wq[base + k0 + 3u]; }
        fc_wq_s[lrow] = v;
      }
    }
    workgroupBarrier();
    // rows ty + 16i as the 4 lanes of one word step; words transposed to (x of rows, y of rows, ...) per step
    let a0 = fc_xq_s[lid.y]; let a1 = fc_xq_s[lid.y + 16u]; let a2 = fc_xq_s[lid.y + 32u]; let a3 = fc_xq_s[lid.y + 48u];
    let b0 = fc_wq_s[lid.x]; let b1 = fc_wq_s[lid.x + 16u]; let b2 = fc_wq_s[lid.x + 32u]; let b3 = fc_wq_s[lid.x + 48u];
    fc_q4x4(vec4<u32>(a0.x, a1.x, a2.x, a3.x), vec4<u32>(b0.x, b1.x, b2.x, b3.x), &c);
    fc_q4x4(vec4<u32>(a0.y, a1.y, a2.y, a3.y), vec4<u32>(b0.y, b1.y, b2.y, b3.y), &c);
    fc_q4x4(vec4<u32>(a0.z, a1.z, a2.z, a3.z), vec4<u32>(b0.z, b1.z, b2.z, b3.z), &c);
    fc_q4x4(vec4<u32>(a0.w, a1.w, a2.w, a3.w), vec4<u32>(b0.w, b1.w, b2.w, b3.w), &c);
    workgroupBarrier();
  }
  let r = row_base + lid.y;
  let u = unit_base + lid.x;
  fc_acc_store_strided(r, u, c[0]);
  fc_acc_store_strided(r + 16u, u, c[1]);
  fc_acc_store_strided(r + 32u, u, c[2]);
  fc_acc_store_strided(r + 48u, u, c[3]);
}
