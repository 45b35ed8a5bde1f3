// Data movement over 32-bit words (f32 and i32 elements alike, moved as u32 bits): strided box copies serve
// RESHAPE/EXPAND_DIMS/SQUEEZE (plain copies), TRANSPOSE and STRIDED_SLICE (gathers) and CONCATENATION (one slab
// per input, optionally through a uint8 requantization table); PAD gathers with a bounds test per dimension.
//! requires: grid

struct Params {
  // words (or vec4 words for copy_box4) in the box
  n: u32,
  // box dims, innermost first; dims at or past RANK are 1
  d0: u32, d1: u32, d2: u32, d3: u32, d4: u32, d5: u32,
  // source and destination strides per box dim (negative for reversed slices)
  s0: i32, s1: i32, s2: i32, s3: i32, s4: i32, s5: i32,
  t0: i32, t1: i32, t2: i32, t3: i32, t4: i32, t5: i32,
  src_base: i32, dst_base: i32,
  // PAD: leading padding and input extent per box dim
  p0: i32, p1: i32, p2: i32, p3: i32, p4: i32, p5: i32,
  e0: u32, e1: u32, e2: u32, e3: u32, e4: u32, e5: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;
@group(0) @binding(3) var<storage, read> src4: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read_write> dst4: array<vec4<u32>>;
@group(0) @binding(5) var<storage, read> lut: array<u32>;
@group(0) @binding(6) var<storage, read> pad_value: array<u32>;

override WG: u32 = 64u;
// Box dims in use after the host merged contiguous dims; the dims beyond cost nothing.
override RANK: u32 = 6u;

// Coordinate of box dim k from the running quotient r; the outermost dim in use takes r whole (r < its size).
fn box_coord(r: ptr<function, u32>, d: u32, outermost: bool) -> i32 {
  let c = select(*r % d, *r, outermost);
  *r = *r / d;
  return i32(c);
}

// (source, destination) word offsets of box element i.
fn box_offsets(i: u32) -> vec2<i32> {
  var r = i;
  var o = vec2<i32>(params.src_base, params.dst_base);
  o += box_coord(&r, params.d0, RANK == 1u) * vec2<i32>(params.s0, params.t0);
  if (RANK > 1u) { o += box_coord(&r, params.d1, RANK == 2u) * vec2<i32>(params.s1, params.t1); }
  if (RANK > 2u) { o += box_coord(&r, params.d2, RANK == 3u) * vec2<i32>(params.s2, params.t2); }
  if (RANK > 3u) { o += box_coord(&r, params.d3, RANK == 4u) * vec2<i32>(params.s3, params.t3); }
  if (RANK > 4u) { o += box_coord(&r, params.d4, RANK == 5u) * vec2<i32>(params.s4, params.t4); }
  if (RANK > 5u) { o += box_coord(&r, params.d5, true) * vec2<i32>(params.s5, params.t5); }
  return o;
}

@compute @workgroup_size(WG)
fn copy_box(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = box_offsets(i);
  dst[o.y] = src[o.x];
}

// The same box in units of 4 words, where the innermost dim is contiguous on both sides and everything aligns.
@compute @workgroup_size(WG)
fn copy_box4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = box_offsets(i);
  dst4[o.y] = src4[o.x];
}

// CONCATENATION slab of a uint8 input with other scale/zero point: each value through its 256-entry table.
@compute @workgroup_size(WG)
fn copy_box_lut(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let o = box_offsets(i);
  dst[o.y] = lut[src[o.x] & 0xffu];
}

// Input coordinate along one output dim: c - pad (signed); inside when it falls in [0, extent).
fn pad_coord(r: ptr<function, u32>, d: u32, outermost: bool, before: i32, extent: u32, inside: ptr<function, bool>) -> i32 {
  let c = box_coord(r, d, outermost) - before;
  *inside = *inside && c >= 0 && u32(c) < extent;
  return c;
}

// PAD / PADV2: output element i is the input element at (coords - before), or the pad value outside the input.
@compute @workgroup_size(WG)
fn pad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  var r = i;
  var inside = true;
  var so = params.src_base;
  so += pad_coord(&r, params.d0, RANK == 1u, params.p0, params.e0, &inside) * params.s0;
  if (RANK > 1u) { so += pad_coord(&r, params.d1, RANK == 2u, params.p1, params.e1, &inside) * params.s1; }
  if (RANK > 2u) { so += pad_coord(&r, params.d2, RANK == 3u, params.p2, params.e2, &inside) * params.s2; }
  if (RANK > 3u) { so += pad_coord(&r, params.d3, RANK == 4u, params.p3, params.e3, &inside) * params.s3; }
  if (RANK > 4u) { so += pad_coord(&r, params.d4, RANK == 5u, params.p4, params.e4, &inside) * params.s4; }
  if (RANK > 5u) { so += pad_coord(&r, params.d5, true, params.p5, params.e5, &inside) * params.s5; }
  if (inside) {
    dst[i] = src[so];
  } else {
    dst[i] = pad_value[0];
  }
}
