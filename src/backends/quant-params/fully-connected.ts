// Integer FULLY_CONNECTED constants as TFLite's fully_connected.cc Prepare computes them (output multipliers per
// unit, offsets, clamp range) and the weight sums its kernels fold the zero points into, shared by CPU and GPU.
import type { Activation } from '../../graph/options.js';
import type { Quantization } from '../../graph/ir.js';
import { quantizeMultiplier } from '../cpu/quant/fixed-point.js';
import { quantizedActivationRange } from '../cpu/quant/activation.js';

const f32 = Math.fround;

export interface FullyConnectedQuantParams {
  /** Per output unit (one entry repeated when the weights are per-tensor). */
  multiplier: Int32Array;
  shift: Int32Array;
  /** -input zero point. */
  inOffset: number;
  /** -weight zero point (0 for per-channel weights, which are symmetric). */
  weightOffset: number;
  outZp: number;
  actMin: number;
  actMax: number;
}

/** Quantized (int8/uint8) FULLY_CONNECTED parameters for `units` outputs; quantizations must be present. */
export function fullyConnectedQuantParams(dtype: 'int8' | 'uint8', xq: Quantization, wq: Quantization, yq: Quantization,
  activation: Activation, units: number): FullyConnectedQuantParams {
  // Scales are float32 in the model; fround keeps the double math below identical to TFLite's even for hand-made IR.
  const inScale = f32(xq.scale[0]!), outScale = f32(yq.scale[0]!);
  const multiplier = new Int32Array(units), shift = new Int32Array(units);
  const perChannel = wq.scale.length > 1;
  for (let u = 0; u < units; u++) {
    // Per-tensor: input*weight scale is a float32 product (GetQuantizedConvolutionMultipler); per-channel: all double.
    const real = perChannel ? (inScale * f32(wq.scale[u]!)) / outScale : f32(inScale * f32(wq.scale[0]!)) / outScale;
    const m = quantizeMultiplier(real);
    multiplier[u] = m.multiplier;
    shift[u] = m.shift;
  }
  const [actMin, actMax] = quantizedActivationRange(activation, dtype, outScale, yq.zeroPoint[0] ?? 0);
  return {
    multiplier, shift, inOffset: -(xq.zeroPoint[0] ?? 0), weightOffset: perChannel ? 0 : -(wq.zeroPoint[0] ?? 0),
    outZp: yq.zeroPoint[0] ?? 0, actMin, actMax,
  };
}

/** Per unit, the sum over depth of (weight + offset), in wrapping int32 arithmetic like the C++ accumulators. */
export function fullyConnectedWeightSums(wd: ArrayLike<number>, offset: number, units: number, depth: number): Int32Array {
  const sums = new Int32Array(units);
  for (let u = 0, i = 0; u < units; u++) {
    let s = 0;
    for (let d = 0; d < depth; d++, i++) s = (s + wd[i]! + offset) | 0;
    sums[u] = s;
  }
  return sums;
}
