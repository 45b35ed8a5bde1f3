// Batch-1..4 FULLY_CONNECTED (GEMV) for real GPUs, float32 input/output, weights as f32 or as IEEE halves packed
// two per u32 (widened with unpack2x16float), f32 accumulation. A tiled GEMM leaves most of each tile idle when
// there are only a few rows and walks depth with one thread per output; here one workgroup of WG invocations owns
// one output unit: consecutive invocations read consecutive vec4s of its weight row (coalesced), every row of x
// (<= 4, handled together so the weights are read once) is dotted with them, and the partial sums are reduced in
// workgroup memory. Params, x loads and the bias + activation store come from lib/matmul_float.wgsl.
//! requires: matmul_float, grid

// The packed weights seen two ways (both bound to the same buffer, [units padded to 8][kw]); HALF picks one.
@group(0) @binding(3) var<storage, read> w_f4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> w_h2: array<vec2<u32>>;

override HALF: bool = false;

fn fc_load_w(i: u32) -> vec4<f32> {
  if (HALF) {
    let h = w_h2[i];
    return vec4<f32>(unpack2x16float(h.x), unpack2x16float(h.y));
  }
  return w_f4[i];
}

// One partial sum per row (x, y, z, w = rows 0..3) per invocation; WG must be a power of two (tree reduction).
var<workgroup> fc_gemv_red: array<vec4<f32>, WG>;

@compute @workgroup_size(WG)
fn fc_gemv(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) li: u32) {
  // workgroup-uniform: the whole workgroup leaves together, before any barrier
  let u = wid.x + wid.y * nwg.x;
  if (u >= params.units) { return; }
  let kw = params.kw;
  let wb = u * kw;
  let rows = params.rows;
  var acc = vec4<f32>();
  for (var k = li; k < kw; k += WG) {
    let w = fc_load_w(wb + k);
    acc.x += dot(fc_load_x(0u, k), w);
    if (rows > 1u) { acc.y += dot(fc_load_x(1u, k), w); }
    if (rows > 2u) { acc.z += dot(fc_load_x(2u, k), w); }
    if (rows > 3u) { acc.w += dot(fc_load_x(3u, k), w); }
  }
  fc_gemv_red[li] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) { fc_gemv_red[li] += fc_gemv_red[li + s]; }
    workgroupBarrier();
  }
  if (li == 0u) {
    let t = fc_gemv_red[0];
    fc_store(0u, u, t.x);
    if (rows > 1u) { fc_store(1u, u, t.y); }
    if (rows > 2u) { fc_store(2u, u, t.z); }
    if (rows > 3u) { fc_store(3u, u, t.w); }
  }
}
