// Quantized RELU / RELU6 requantization constants as activations.cc ReluPrepare and QuantizedReluX compute them,
// shared by every backend so CPU and GPU kernels cannot drift apart.
import { quantizedActivationRange } from '../cpu/quant/activation.js';
import { quantizeMultiplier } from '../cpu/quant/fixed-point.js';
import type { RequantParams } from '../cpu/kernels/shared/unary-requant.js';

export type ReluKind = 'RELU' | 'RELU6';

/** Per-tensor (scale as float32, zero point) of input and output. */
export function reluXRequantParams(
  kind: ReluKind, dtype: 'int8' | 'uint8' | 'int16',
  inQ: { scale: number; zeroPoint: number }, outQ: { scale: number; zeroPoint: number },
): RequantParams {
  // ReluPrepare: `double real_multiplier = input->params.scale / output->params.scale;` divides two floats in
  // float32 and only then widens to double.
  const { multiplier, shift } = quantizeMultiplier(Math.fround(inQ.scale / outQ.scale));
  // QuantizedReluX: zero_point + int32(roundf(act / scale)) in float, bounded by the dtype range.
  const [lo, hi] = quantizedActivationRange(kind, dtype, outQ.scale, outQ.zeroPoint);
  return { inZeroPoint: inQ.zeroPoint, outZeroPoint: outQ.zeroPoint, multiplier, shift, lo, hi };
}
