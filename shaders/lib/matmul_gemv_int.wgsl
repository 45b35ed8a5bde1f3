// Integer GEMV body of quantized / hybrid FULLY_CONNECTED with <= 4 rows on real GPUs: acc[r][u] = sum_k x[r][k] w[u][k]
// over bytes packed four per u32, one workgroup of WG invocations per output unit striding over the words of its
// weight row (coalesced), every row dotted with each loaded word, partial sums reduced in workgroup memory. i32
// additions wrap, so any summation order gives TFLite's int32 accumulator exactly; the requantization epilogue
// (fc_requant / fc_hybrid_out) is unchanged. Uses lib/matmul_int.wgsl's Params, bindings, WG and the including
// file's FcQ / fc_qprep / fc_qdot.

// One partial sum per row (x, y, z, w = rows 0..3) per invocation; WG must be a power of two (tree reduction).
var<workgroup> fc_gemv_qred: array<vec4<i32>, WG>;

fn fc_int_gemv(wid: vec3<u32>, nwg: vec3<u32>, li: u32) {
  // workgroup-uniform: the whole workgroup leaves together, before any barrier
  let u = wid.x + wid.y * nwg.x;
  if (u >= params.units) { return; }
  let kw = params.kw;
  let wb = u * kw;
  let rows = params.rows;
  var acc = vec4<i32>();
  for (var k = li; k < kw; k += WG) {
    let b = fc_qprep(wq[wb + k]);
    acc.x += fc_qdot(fc_qprep(xq[k]), b);
    if (rows > 1u) { acc.y += fc_qdot(fc_qprep(xq[kw + k]), b); }
    if (rows > 2u) { acc.z += fc_qdot(fc_qprep(xq[2u * kw + k]), b); }
    if (rows > 3u) { acc.w += fc_qdot(fc_qprep(xq[3u * kw + k]), b); }
  }
  fc_gemv_qred[li] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) { fc_gemv_qred[li] += fc_gemv_qred[li + s]; }
    workgroupBarrier();
  }
  if (li == 0u) {
    let t = fc_gemv_qred[0];
    let n = params.units;
    acc_out[u] = t.x;
    if (rows > 1u) { acc_out[n + u] = t.y; }
    if (rows > 2u) { acc_out[2u * n + u] = t.z; }
    if (rows > 3u) { acc_out[3u * n + u] = t.w; }
  }
}
