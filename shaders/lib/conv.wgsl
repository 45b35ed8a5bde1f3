// Convolution window geometry shared by the CONV_2D / DEPTHWISE_CONV_2D shaders (signed, like padding.h).

// Output pixel `pix` (flattened over batch, out_h, out_w) -> (batch, top input row, left input column) of its
// window; the rows/columns may be negative (leading padding) or past the image (trailing padding).
fn conv_pixel_origin(pix: u32, out_h: u32, out_w: u32, stride_h: i32, stride_w: i32, pad_top: i32, pad_left: i32) -> vec3<i32> {
  let ox = pix % out_w;
  let r = pix / out_w;
  let oy = r % out_h;
  let b = r / out_h;
  return vec3<i32>(i32(b), i32(oy) * stride_h - pad_top, i32(ox) * stride_w - pad_left);
}

// Element index of channel 0 of input pixel (b, iy, ix), or -1 when the tap lies in the padding.
fn conv_tap_base(o: vec3<i32>, ky: i32, kx: i32, dil_h: i32, dil_w: i32, in_h: i32, in_w: i32, cin: i32) -> i32 {
  let iy = o.y + ky * dil_h;
  let ix = o.z + kx * dil_w;
  if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) { return -1; }
  return ((o.x * in_h + iy) * in_w + ix) * cin;
}

// Per-batch quantization of a hybrid convolution's float input (written by conv_hybrid_quantize.wgsl):
// q = clamp(round(offset + x * inv)); `factor` is scale * filter scale for a per-tensor filter.
struct ConvBatchQuant {
  scale: f32,
  inv: f32,
  offset: i32,
  factor: f32,
}

// x as rounded to f32: XOR with a uniform that is always 0 hides the value from the compiler, so a product is
// not fused into the next addition (FMA) and keeps the rounding the CPU applies before it.
fn conv_rounded(x: vec4<f32>, opaque_zero: u32) -> vec4<f32> {
  return bitcast<vec4<f32>>(bitcast<vec4<u32>>(x) ^ vec4<u32>(opaque_zero));
}
