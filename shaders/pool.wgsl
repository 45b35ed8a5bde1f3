// MAX_POOL_2D and AVERAGE_POOL_2D over NHWC (TFLite reference pooling.h): one invocation per output element,
// window clipped to the input with signed arithmetic, fused activation clamp.
//! requires: grid

struct Params {
  n: u32,
  in_h: i32, in_w: i32, channels: i32,
  out_h: i32, out_w: i32,
  stride_h: i32, stride_w: i32,
  filter_h: i32, filter_w: i32,
  pad_top: i32, pad_left: i32,
  // float activation clamp; a bound applies only where its flag is 1 (uniforms cannot hold infinities)
  act_min: f32, act_max: f32, has_min: u32, has_max: u32,
  // integer clamp: the dtype range narrowed by the fused activation
  q_min: i32, q_max: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> in_f32: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_f32: array<f32>;
@group(0) @binding(3) var<storage, read> in_q: array<i32>;
@group(0) @binding(4) var<storage, read_write> out_q: array<i32>;

override WG: u32 = 64u;

// The clipped window of output element i: input offset of tap (fy0, fx0), tap ranges, channel stride per row.
struct Window { base: i32, fy0: i32, fy1: i32, fx0: i32, fx1: i32 }

fn window_of(i: u32) -> Window {
  let c = i32(i % u32(params.channels));
  var r = i / u32(params.channels);
  let ox = i32(r % u32(params.out_w)); r = r / u32(params.out_w);
  let oy = i32(r % u32(params.out_h));
  let b = i32(r / u32(params.out_h));
  let y0 = oy * params.stride_h - params.pad_top;
  let x0 = ox * params.stride_w - params.pad_left;
  var w: Window;
  w.fy0 = max(0, -y0);
  w.fy1 = min(params.filter_h, params.in_h - y0);
  w.fx0 = max(0, -x0);
  w.fx1 = min(params.filter_w, params.in_w - x0);
  w.base = ((b * params.in_h + y0) * params.in_w + x0) * params.channels + c;
  return w;
}

fn clamp_f32(v: f32) -> f32 {
  // v < lo ? lo : v > hi ? hi : v, as the CPU kernel clamps
  return select(select(v, params.act_max, params.has_max != 0u && v > params.act_max), params.act_min, params.has_min != 0u && v < params.act_min);
}

@compute @workgroup_size(WG)
fn max_pool_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let w = window_of(i);
  // std::numeric_limits<float>::lowest(), TFLite's starting maximum
  var acc = bitcast<f32>(0xff7fffffu);
  for (var fy = w.fy0; fy < w.fy1; fy++) {
    for (var fx = w.fx0; fx < w.fx1; fx++) {
      let v = in_f32[w.base + (fy * params.in_w + fx) * params.channels];
      if (v > acc) { acc = v; }
    }
  }
  out_f32[i] = clamp_f32(acc);
}

@compute @workgroup_size(WG)
fn max_pool_q(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let w = window_of(i);
  // The dtype's lowest value (q_min is at least that, so starting from it changes no clamped result).
  var acc = i32(-2147483647 - 1);
  for (var fy = w.fy0; fy < w.fy1; fy++) {
    for (var fx = w.fx0; fx < w.fx1; fx++) {
      acc = max(acc, in_q[w.base + (fy * params.in_w + fx) * params.channels]);
    }
  }
  out_q[i] = clamp(acc, params.q_min, params.q_max);
}

@compute @workgroup_size(WG)
fn avg_pool_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let w = window_of(i);
  // Row-major tap order, each addition rounded to f32, as the CPU kernel sums.
  var acc = 0.0;
  for (var fy = w.fy0; fy < w.fy1; fy++) {
    for (var fx = w.fx0; fx < w.fx1; fx++) {
      acc += in_f32[w.base + (fy * params.in_w + fx) * params.channels];
    }
  }
  let count = max(0, w.fy1 - w.fy0) * max(0, w.fx1 - w.fx0);
  out_f32[i] = clamp_f32(acc / f32(max(count, 1)));
}

@compute @workgroup_size(WG)
fn avg_pool_q(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let w = window_of(i);
  var acc = 0;
  for (var fy = w.fy0; fy < w.fy1; fy++) {
    for (var fx = w.fx0; fx < w.fx1; fx++) {
      acc += in_q[w.base + (fy * params.in_w + fx) * params.channels];
    }
  }
  // SAME/VALID windows always cover at least one input (TFLite's padding never exceeds filter - 1).
  let count = max(1, max(0, w.fy1 - w.fy0) * max(0, w.fx1 - w.fx0));
  // Integer division truncates toward zero; half the count is first added away from zero (uint8 sums are >= 0).
  let half = count / 2;
  let v = select((acc + half) / count, (acc - half) / count, acc <= 0);
  out_q[i] = clamp(v, params.q_min, params.q_max);
}
