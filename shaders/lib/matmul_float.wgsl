// Float GEMM bodies of FULLY_CONNECTED, out[r][u] = act(bias[u] + sum_k x[r][k] * w[u][k]), shared by the shader
// files that differ only in how weights are stored (matmul.wgsl: f32 or packed halves; matmul_f16.wgsl: f16).
// The including file declares the weights binding(s) at bindings 3-4 and `fc_load_w(i) -> vec4<f32>`, the i-th
// vec4 of the weights laid out [units padded to 8][kw], zero padded past depth.

struct Params {
  rows: u32,
  units: u32,
  depth: u32,
  // vec4 steps per row: ceil(depth / 4)
  kw: u32,
  // fused activation clamp
  act_min: f32,
  act_max: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
// The input tensor seen two ways (both bound to it): vec4 loads need rows that start on 16 bytes (depth % 4 == 0).
@group(0) @binding(1) var<storage, read> x_f4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x_f32: array<f32>;
@group(0) @binding(5) var<storage, read> bias_f32: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_f32: array<f32>;

override X_VEC4: bool = true;
// Rows per invocation of the register-tiled variant (1, 2, 4 or 8; the code for rows past TM folds away).
override TM: u32 = 8u;
override WG: u32 = 64u;

// x[row][4k .. 4k+3], zeros past depth.
fn fc_load_x(row: u32, k: u32) -> vec4<f32> {
  if (X_VEC4) { return x_f4[row * params.kw + k]; }
  let base = row * params.depth + 4u * k;
  let left = params.depth - 4u * k;
  return vec4<f32>(x_f32[base], select(0.0, x_f32[base + 1u], left > 1u), select(0.0, x_f32[base + 2u], left > 2u),
    select(0.0, x_f32[base + 3u], left > 3u));
}

// Units u0..u0+3 at step k as the columns of a matrix, so `x4 * m` is their four dot products.
fn fc_w_mat(u0: u32, k: u32) -> mat4x4<f32> {
  let i = u0 * params.kw + k;
  return mat4x4<f32>(fc_load_w(i), fc_load_w(i + params.kw), fc_load_w(i + 2u * params.kw), fc_load_w(i + 3u * params.kw));
}

// Comparisons rather than clamp() so a NaN passes through as on the CPU.
fn fc_store(r: u32, u: u32, acc: f32) {
  if (u >= params.units) { return; }
  let v = bias_f32[u] + acc;
  out_f32[r * params.units + u] = select(select(v, params.act_max, v > params.act_max), params.act_min, v < params.act_min);
}

fn fc_store4(r: u32, u: u32, acc: vec4<f32>) {
  fc_store(r, u, acc.x);
  fc_store(r, u + 1u, acc.y);
  fc_store(r, u + 2u, acc.z);
  fc_store(r, u + 3u, acc.w);
}

// Register-tiled: each invocation owns TM rows x 8 units and keeps them in registers, loading vec4s straight from
// memory (what CPU-emulated adapters run fastest; hand-unrolled, since private arrays indexed in loops spill).
fn fc_float_reg(gid: vec3<u32>, nwg: vec3<u32>) {
  let t = grid_linear(gid, nwg, WG);
  let ublocks = (params.units + 7u) / 8u;
  let r0 = (t / ublocks) * TM;
  if (r0 >= params.rows) { return; }
  let u0 = (t % ublocks) * 8u;
  // rows past the end recompute the last row (no branches in the loop); their results are not stored
  let last = params.rows - 1u;
  let r1 = min(r0 + 1u, last); let r2 = min(r0 + 2u, last); let r3 = min(r0 + 3u, last);
  let r4 = min(r0 + 4u, last); let r5 = min(r0 + 5u, last); let r6 = min(r0 + 6u, last); let r7 = min(r0 + 7u, last);
  var c00 = vec4<f32>(); var c01 = vec4<f32>(); var c10 = vec4<f32>(); var c11 = vec4<f32>();
  var c20 = vec4<f32>(); var c21 = vec4<f32>(); var c30 = vec4<f32>(); var c31 = vec4<f32>();
  var c40 = vec4<f32>(); var c41 = vec4<f32>(); var c50 = vec4<f32>(); var c51 = vec4<f32>();
  var c60 = vec4<f32>(); var c61 = vec4<f32>(); var c70 = vec4<f32>(); var c71 = vec4<f32>();
  for (var k = 0u; k < params.kw; k++) {
    let m0 = fc_w_mat(u0, k);
    let m1 = fc_w_mat(u0 + 4u, k);
    let a0 = fc_load_x(r0, k); c00 += a0 * m0; c01 += a0 * m1;
    if (TM > 1u) { let a1 = fc_load_x(r1, k); c10 += a1 * m0; c11 += a1 * m1; }
    if (TM > 2u) {
      let a2 = fc_load_x(r2, k); c20 += a2 * m0; c21 += a2 * m1;
      let a3 = fc_load_x(r3, k); c30 += a3 * m0; c31 += a3 * m1;
    }
    if (TM > 4u) {
      let a4 = fc_load_x(r4, k); c40 += a4 * m0; c41 += a4 * m1;
      let a5 = fc_load_x(r5, k); c50 += a5 * m0; c51 += a5 * m1;
      let a6 = fc_load_x(r6, k); c60 += a6 * m0; c61 += a6 * m1;
      let a7 = fc_load_x(r7, k); c70 += a7 * m0; c71 += a7 * m1;
    }
  }
  fc_store4(r0, u0, c00); fc_store4(r0, u0 + 4u, c01);
  if (TM > 1u && r0 + 1u < params.rows) { fc_store4(r1, u0, c10); fc_store4(r1, u0 + 4u, c11); }
  if (TM > 2u && r0 + 2u < params.rows) { fc_store4(r2, u0, c20); fc_store4(r2, u0 + 4u, c21); }
  if (TM > 2u && r0 + 3u < params.rows) { fc_store4(r3, u0, c30); fc_store4(r3, u0 + 4u, c31); }
  if (TM > 4u && r0 + 4u < params.rows) { fc_store4(r4, u0, c40); fc_store4(r4, u0 + 4u, c41); }
  if (TM > 4u && r0 + 5u < params.rows) { fc_store4(r5, u0, c50); fc_store4(r5, u0 + 4u, c51); }
  if (TM > 4u && r0 + 6u < params.rows) { fc_store4(r6, u0, c60); fc_store4(r6, u0 + 4u, c61); }
  if (TM > 4u && r0 + 7u < params.rows) { fc_store4(r7, u0, c70); fc_store4(r7, u0 + 4u, c71); }
}

// Workgroup-shared tiles for real GPUs: a 16x16 workgroup computes a 64-row x 64-unit tile; invocation (tx, ty) owns
// rows ty + 16i and units tx + 16j (i, j < 4), so its stores are coalesced across tx. Each step stages 16 depth
// values (4 vec4) of 64 rows and 64 units; rows are padded to 5 vec4 so the reads of 8 neighbouring invocations hit
// distinct banks.
const FC_TILE: u32 = 64u;
const FC_PAD: u32 = 5u;
var<workgroup> fc_xs: array<vec4<f32>, 320>;
var<workgroup> fc_ws: array<vec4<f32>, 320>;

fn fc_store_strided(r: u32, u: u32, acc: vec4<f32>) {
  if (r >= params.rows) { return; }
  fc_store(r, u, acc.x);
  fc_store(r, u + 16u, acc.y);
  fc_store(r, u + 32u, acc.z);
  fc_store(r, u + 48u, acc.w);
}

fn fc_float_shared(wid: vec3<u32>, nwg: vec3<u32>, lid: vec3<u32>, li: u32) {
  let tile = wid.x + wid.y * nwg.x;
  let utiles = (params.units + FC_TILE - 1u) / FC_TILE;
  let row_base = (tile / utiles) * FC_TILE;
  let unit_base = (tile % utiles) * FC_TILE;
  if (row_base >= params.rows) { return; }
  // loader role: one row and one unit of the tile, one vec4 of the step
  let lrow = li / 4u;
  let lk = li % 4u;
  let xr = min(row_base + lrow, params.rows - 1u);
  let wu = min(unit_base + lrow, ((params.units + 7u) / 8u) * 8u - 1u);
  var c0 = vec4<f32>(); var c1 = vec4<f32>(); var c2 = vec4<f32>(); var c3 = vec4<f32>();
  for (var k0 = 0u; k0 < params.kw; k0 += 4u) {
    let k = k0 + lk;
    var xv = vec4<f32>();
    var wv = vec4<f32>();
    if (k < params.kw) {
      xv = fc_load_x(xr, k);
      wv = fc_load_w(wu * params.kw + k);
    }
    fc_xs[lrow * FC_PAD + lk] = xv;
    fc_ws[lrow * FC_PAD + lk] = wv;
    workgroupBarrier();
    for (var kk = 0u; kk < 4u; kk++) {
      let m = mat4x4<f32>(fc_ws[lid.x * FC_PAD + kk], fc_ws[(lid.x + 16u) * FC_PAD + kk],
        fc_ws[(lid.x + 32u) * FC_PAD + kk], fc_ws[(lid.x + 48u) * FC_PAD + kk]);
      c0 += fc_xs[lid.y * FC_PAD + kk] * m;
      c1 += fc_xs[(lid.y + 16u) * FC_PAD + kk] * m;
      c2 += fc_xs[(lid.y + 32u) * FC_PAD + kk] * m;
      c3 += fc_xs[(lid.y + 48u) * FC_PAD + kk] * m;
    }
    workgroupBarrier();
  }
  let r = row_base + lid.y;
  let u = unit_base + lid.x;
  fc_store_strided(r, u, c0);
  fc_store_strided(r + 16u, u, c1);
  fc_store_strided(r + 32u, u, c2);
  fc_store_strided(r + 48u, u, c3);
}
