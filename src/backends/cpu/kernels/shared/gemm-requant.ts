// Output requantization of TFLite's GEMM-backed integer kernels (CONV_2D, FULLY_CONNECTED), as ruy rounds it.
//
// TFLite's builtin CONV_2D and FULLY_CONNECTED kernels (optimized_ops / optimized_integer_ops) hand the int32
// accumulators to cpu_backend_gemm, i.e. ruy, which applies the output multiplier itself. The ruy pinned by
// TFLite 2.9 (ruy/apply_multiplier.cc) does SaturatingRoundingDoublingHighMul as gemmlowp, then RoundingRightShift,
// which breaks ties UPWARD (like NEON's rounding shift), whereas the reference kernels' RoundingDivideByPOT breaks
// them away from zero. The two differ exactly when the high-mul result is negative and its low `rightShift` bits
// are 100...0: e.g. -33792 >> 11 gives -16 here but -17 in the reference kernels. This reproduces native TFLite
// 2.9 bit for bit (checked on MNIST/MobileNet models and synthetic ties). Later ruy versions (e.g. the tfjs-tflite
// WASM build) round once instead, (x * m + 2^(30 - shift)) >> (31 - shift), which differs from this on values
// within ~2^-(31 + shift) of a half. Other ops (depthwise conv, ADD, pooling...) do not go through ruy.
import { srdhm } from '../../quant/fixed-point.js';

/** MultiplyByQuantizedMultiplier with ruy's tie-upward final shift; shift > 0 scales x up first (int32 wrap). */
export function gemmMultiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (shift >= 0) return srdhm(shift > 0 ? Math.imul(x, 1 << shift) : x, multiplier);
  const y = srdhm(x, multiplier);
  const rs = -shift;
  // floor((y + 2^(rs-1)) / 2^rs) without int32 overflow: the carry is bit rs-1 of y (rs <= 31).
  return (y >> rs) + ((y >> (rs - 1)) & 1);
}
