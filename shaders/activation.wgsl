// Elementwise activations: float32 RELU / RELU6 / LOGISTIC / TANH / HARD_SWISH, 8-bit integers through a
// 256-entry lookup table built on the host by the CPU kernel's code, and int16 RELU(6) requantization.
//! requires: fixed_point, grid

struct Params {
  n: u32,
  // lut8: the input dtype's smallest value (table index 0); requant_i32: clamp bounds
  q_min: i32,
  q_max: i32,
  // requant_i32: out = clamp(out_offset + MBQM(x - in_zero_point, mult, shift))
  in_zero_point: i32,
  out_zero_point: i32,
  mult: i32,
  shift: i32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x_f32: array<f32>;
@group(0) @binding(2) var<storage, read_write> y_f32: array<f32>;
@group(0) @binding(3) var<storage, read> x_q: array<i32>;
@group(0) @binding(4) var<storage, read_write> y_q: array<i32>;
@group(0) @binding(5) var<storage, read> table: array<i32>;

override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn relu_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let v = x_f32[i];
  // reference Relu: val < 0 ? 0 : val
  y_f32[i] = select(v, 0.0, v < 0.0);
}

@compute @workgroup_size(WG)
fn relu6_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let v = x_f32[i];
  // std::min(std::max(0.f, x), 6.f)
  let m = select(0.0, v, 0.0 < v);
  y_f32[i] = select(m, 6.0, 6.0 < m);
}

@compute @workgroup_size(WG)
fn logistic_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  // exp(-x) overflows to +inf for x < -88, giving the correct limit 0.
  y_f32[i] = 1.0 / (1.0 + exp(-x_f32[i]));
}

@compute @workgroup_size(WG)
fn tanh_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  // Some drivers evaluate tanh as sinh/cosh, which is inf/inf beyond |x| ~ 89; tanh(10) is already 1.0f.
  y_f32[i] = tanh(clamp(x_f32[i], -10.0, 10.0));
}

@compute @workgroup_size(WG)
fn hard_swish_f32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let v = x_f32[i];
  let t = v + 3.0;
  let m = select(0.0, t, 0.0 < t);
  let c = select(6.0, m, m < 6.0);
  y_f32[i] = (v * c) / 6.0;
}

// 8-bit activations: the host computed the output for every input value.
@compute @workgroup_size(WG)
fn lut8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  y_q[i] = table[u32(x_q[i] - params.q_min) & 255u];
}

// Wide-integer requantization (int16 RELU / RELU6), with C++ int32 wrap-around on the offsets.
@compute @workgroup_size(WG)
fn requant_i32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = grid_linear(gid, nwg, WG);
  if (i >= params.n) { return; }
  let v = params.out_zero_point + fp_mbqm(x_q[i] - params.in_zero_point, params.mult, params.shift);
  // max with the lower bound first, then min with the upper, as QuantizedReluX does
  y_q[i] = min(max(v, params.q_min), params.q_max);
}
