// QUANTIZE's integer Requantize constants (quantize.cc Prepare) and float32 scale decomposition, shared by the
// CPU and GPU kernels so their arithmetic cannot drift apart.
import { quantizeMultiplier } from '../cpu/quant/fixed-point.js';
import { intRange, type IntDType } from '../cpu/quant/activation.js';
import type { RequantParams } from '../cpu/kernels/shared/unary-requant.js';

/**
 * Requantize from (inScale, inZeroPoint) to (outScale, outZeroPoint): quantize.cc divides the float32 scales
 * in double and quantizes the ratio; the clamp is the output dtype's range.
 */
export function quantizeRequantParams(
  inQ: { scale: number; zeroPoint: number }, outQ: { scale: number; zeroPoint: number }, outDtype: IntDType,
): RequantParams {
  const [lo, hi] = intRange(outDtype);
  const { multiplier, shift } = quantizeMultiplier(inQ.scale / outQ.scale);
  return { inZeroPoint: inQ.zeroPoint, outZeroPoint: outQ.zeroPoint, multiplier, shift, lo, hi };
}

/**
 * A positive finite float32 as mant * 2^exp with mant normalised to [2^23, 2^24) (subnormals included), so
 * integer code can divide by it exactly.
 */
export function float32Parts(v: number): { mant: number; exp: number } {
  const bits = new Uint32Array(new Float32Array([v]).buffer)[0]!;
  const field = bits >>> 23 & 0xff;
  let mant = bits & 0x7fffff;
  let exp: number;
  if (field === 0) {
    exp = -149;
    while (mant < 0x800000) { mant *= 2; exp -= 1; }
  } else {
    mant |= 0x800000;
    exp = field - 150;
  }
  return { mant, exp };
}
