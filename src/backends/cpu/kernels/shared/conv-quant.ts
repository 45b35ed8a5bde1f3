// Quantization parameters of CONV_2D / DEPTHWISE_CONV_2D as TFLite's Prepare computes them
// (kernel_util.cc PopulateConvolutionQuantizationParams, GetQuantizedConvolutionMultipler) and the on-the-fly
// input quantization of the hybrid kernels (portable_tensor_utils.cc Symmetric/AsymmetricQuantizeFloats).
import type { Quantization } from '../../../../graph/ir.js';
import { quantizeMultiplier, roundHalfAway } from '../../quant/fixed-point.js';

const f32 = Math.fround;

/**
 * TFLite's legacy per-tensor `params` (GetLegacyQuantization): set only when the tensor has exactly one scale
 * and one zero point, else scale 0 / zero point 0. The uint8 kernels and activation ranges read these.
 */
export function legacyQuant(q: Quantization | null): { scale: number; zeroPoint: number } {
  if (!q || q.scale.length !== 1 || q.zeroPoint.length > 1) return { scale: 0, zeroPoint: 0 };
  return { scale: f32(q.scale[0] ?? 0), zeroPoint: q.zeroPoint[0] ?? 0 };
}

export interface ChannelMultipliers {
  multiplier: Int32Array;
  shift: Int32Array;
}

/**
 * Per-output-channel multipliers of the int8 kernels: input_scale * filter_scale / output_scale in double
 * from the float32 scales; a single filter scale is broadcast to every channel.
 */
export function perChannelMultipliers(
  inputScale: number, filterScales: readonly number[], outputScale: number, channels: number,
): ChannelMultipliers {
  const multiplier = new Int32Array(channels);
  const shift = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const fs = filterScales.length > 1 ? filterScales[c] : filterScales[0];
    const m = quantizeMultiplier((f32(inputScale) * f32(fs ?? 0)) / f32(outputScale));
    multiplier[c] = m.multiplier;
    shift[c] = m.shift;
  }
  return { multiplier, shift };
}

/** The uint8 kernels' single multiplier: input_scale * filter_scale is multiplied in float before widening. */
export function uint8Multiplier(inputScale: number, filterScale: number, outputScale: number): ChannelMultipliers {
  const m = quantizeMultiplier(f32(f32(inputScale) * f32(filterScale)) / f32(outputScale));
  return { multiplier: Int32Array.of(m.multiplier), shift: Int32Array.of(m.shift) };
}

/**
 * GetQuantizedConvolutionMultipler's load-time bias check for uint8: |in*filter - bias scale| / out <= 0.02,
 * computed in double. Returns a reason when TFLite's Prepare would fail.
 */
export function uint8BiasScaleProblem(inputScale: number, filterScale: number, biasScale: number, outputScale: number): string | null {
  const product = f32(inputScale) * f32(filterScale);
  const diff = Math.abs(product - f32(biasScale));
  if (!(diff / f32(outputScale) <= 0.02)) {
    return `bias scale ${biasScale} does not match input*filter scale ${product} (TFLite requires |diff|/output scale <= 0.02)`;
  }
  return null;
}

/** Per-batch int8 quantization of a hybrid kernel's float input: scale (float32) and offset (zero point). */
export interface BatchQuant {
  scale: number;
  offset: number;
}

/**
 * AsymmetricQuantizeFloats over src[start, start+size) into dst (same offsets): the range always includes 0,
 * the zero point is nudged as in TFLite and values quantize in float arithmetic.
 */
export function asymmetricQuantizeFloats(src: Float32Array, start: number, size: number, dst: Int8Array): BatchQuant {
  const end = start + size;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = start; i < end; i++) {
    const v = src[i]!;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const rmin = Math.min(0, mn);
  const rmax = Math.max(0, mx);
  if (rmin === rmax) {
    dst.fill(0, start, end);
    return { scale: 1, offset: 0 };
  }
  const scale = (rmax - rmin) / 255;
  const zpFromMin = -128 - rmin / scale;
  const zpFromMax = 127 - rmax / scale;
  const errMin = 128 + Math.abs(rmin / scale);
  const errMax = 127 + Math.abs(rmax / scale);
  const zp = errMin < errMax ? zpFromMin : zpFromMax;
  const offset = zp <= -128 ? -128 : zp >= 127 ? 127 : roundHalfAway(zp);
  const sf = f32(scale);
  const inv = f32(1 / sf);
  for (let i = start; i < end; i++) {
    const q = roundHalfAway(f32(offset + f32(src[i]! * inv)));
    dst[i] = q < -128 ? -128 : q > 127 ? 127 : q;
  }
  return { scale: sf, offset };
}

/** SymmetricQuantizeFloats: scale = max|x| / 127 in float, values clamped to [-127, 127], zero point 0. */
export function symmetricQuantizeFloats(src: Float32Array, start: number, size: number, dst: Int8Array): BatchQuant {
  const end = start + size;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = start; i < end; i++) {
    const v = src[i]!;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const range = size > 0 ? Math.max(Math.abs(mn), Math.abs(mx)) : 0;
  if (range === 0) {
    dst.fill(0, start, end);
    return { scale: 1, offset: 0 };
  }
  const sf = f32(range / 127);
  const inv = f32(127 / range);
  for (let i = start; i < end; i++) {
    const q = roundHalfAway(f32(src[i]! * inv));
    dst[i] = q < -127 ? -127 : q > 127 ? 127 : q;
  }
  return { scale: sf, offset: 0 };
}
