// Quantization parameters and value conversions shared by the quantizer's modes, following TFLite's converter
// (MLIR quantizer: fakeQuantAttrsToType's nudged zero point, symmetric narrow-range weights, int32 biases).
import { roundHalfAway } from '../backends/cpu/quant/fixed-point.js';
import { float32ArrayToHalfInto } from '../backends/cpu/kernels/shared/float16.js';
import type { Quantization } from '../graph/ir.js';

const f32 = Math.fround;

export interface AffineParams {
  /** As stored in the model (float32). */
  scale: number;
  zeroPoint: number;
}

export function perTensor(p: AffineParams): Quantization {
  return { scale: [p.scale], zeroPoint: [p.zeroPoint], quantizedDimension: 0 };
}

/**
 * Asymmetric params for a calibrated range, as TFLite's converter computes them: the range is widened to hold 0,
 * the scale spans it, and the zero point (from whichever end adds less rounding error) is rounded to an integer
 * so that 0.0 is exactly representable. An empty range gets scale 1.
 */
export function asymmetricParams(min: number, max: number, qmin = -128, qmax = 127): AffineParams {
  const lo = Math.min(min, 0), hi = Math.max(max, 0);
  if (Math.abs(hi - lo) < Number.EPSILON) return { scale: 1, zeroPoint: qmin };
  const scale = (hi - lo) / (qmax - qmin);
  const fromMin = qmin - lo / scale, fromMinErr = Math.abs(qmin) + Math.abs(lo / scale);
  const fromMax = qmax - hi / scale, fromMaxErr = Math.abs(qmax) + Math.abs(hi / scale);
  const zp = fromMinErr < fromMaxErr ? fromMin : fromMax;
  const zeroPoint = zp < qmin ? qmin : zp > qmax ? qmax : Math.round(zp);
  return { scale: f32(scale), zeroPoint };
}

/** Quantizes float values with per-tensor params into int8 (or another range). */
export function quantizeValues(src: ArrayLike<number>, p: AffineParams, qmin = -128, qmax = 127): Int8Array {
  const out = new Int8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const q = roundHalfAway(src[i]! / p.scale) + p.zeroPoint;
    out[i] = q < qmin ? qmin : q > qmax ? qmax : q;
  }
  return out;
}

export interface SymmetricWeights {
  data: Int8Array;
  quantization: Quantization;
}

/**
 * Symmetric narrow-range int8 weights ([-127, 127], zero point 0): one scale per slice along `dim`, or one for the
 * whole tensor when `dim` is null. A slice of zeros gets scale 1 (TFLite kernels need zero point 0 for weights).
 */
export function symmetricWeights(w: Float32Array, shape: readonly number[], dim: number | null): SymmetricWeights {
  const channels = dim === null ? 1 : shape[dim]!;
  const inner = dim === null ? w.length : shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => (dim === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]!), c = channelOf(i);
    if (a > maxAbs[c]!) maxAbs[c] = a;
  }
  const scales = Array.from(maxAbs, (m) => (m > 0 ? f32(m / 127) : 1));
  const data = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const q = roundHalfAway(w[i]! / scales[channelOf(i)]!);
    data[i] = q < -127 ? -127 : q > 127 ? 127 : q;
  }
  return { data, quantization: { scale: scales, zeroPoint: scales.map(() => 0), quantizedDimension: dim ?? 0 } };
}

/** int32 bias with scale input_scale * weight_scale[c] and zero point 0 (per channel when the weights are). */
export function quantizeBias(b: Float32Array, inputScale: number, weightScales: readonly number[]): { data: Int32Array; quantization: Quantization } {
  const scales = weightScales.map((s) => f32(inputScale * s));
  const data = new Int32Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const s = scales.length === 1 ? scales[0]! : scales[i]!;
    const q = roundHalfAway(b[i]! / s);
    data[i] = q < -2147483648 ? -2147483648 : q > 2147483647 ? 2147483647 : q;
  }
  return { data, quantization: { scale: scales, zeroPoint: scales.map(() => 0), quantizedDimension: 0 } };
}

/** float16 storage of float32 constants, rounded to nearest even as TFLite's float16 mode stores weights. */
export function toFloat16(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  float32ArrayToHalfInto(src, out);
  return out;
}
