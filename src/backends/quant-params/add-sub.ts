// Requantization constants of quantized ADD/SUB as TFLite's add.cc / sub.cc Prepare computes them (8-bit path),
// shared by every backend so CPU and GPU kernels cannot drift apart.
import type { Activation } from '../../graph/options.js';
import type { Quantization } from '../../graph/ir.js';
import { quantizeMultiplier } from '../cpu/quant/fixed-point.js';
import { quantizedActivationRange, type IntDType } from '../cpu/quant/activation.js';

export interface AddSubParams {
  leftShift: number;
  aOffset: number; bOffset: number;
  aMult: number; aShift: number; bMult: number; bShift: number;
  outMult: number; outShift: number; outOffset: number;
  qMin: number; qMax: number;
}

export function addSubParams(dtype: IntDType, a: Quantization, b: Quantization, out: Quantization, activation: Activation): AddSubParams | string {
  // TFLite keeps scales as float32; the multipliers are computed in double from those floats.
  const s1 = Math.fround(a.scale[0]!), s2 = Math.fround(b.scale[0]!), so = Math.fround(out.scale[0]!);
  const leftShift = dtype === 'int16' ? 15 : 20;
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax);
  const m2 = quantizeMultiplier(s2 / twiceMax);
  const mo = quantizeMultiplier(twiceMax / ((1 << leftShift) * so));
  if (mo.shift > 0) return `output multiplier ${twiceMax / ((1 << leftShift) * so)} is not below 1`;
  const [qMin, qMax] = quantizedActivationRange(activation, dtype, out.scale[0]!, out.zeroPoint[0]!);
  return {
    leftShift, aOffset: -a.zeroPoint[0]!, bOffset: -b.zeroPoint[0]!, aMult: m1.multiplier, aShift: m1.shift,
    bMult: m2.multiplier, bShift: m2.shift, outMult: mo.multiplier, outShift: mo.shift, outOffset: out.zeroPoint[0]!, qMin, qMax,
  };
}

/** MUL: input1_scale * input2_scale / output_scale evaluated in float (mul.cc), then QuantizeMultiplier. */
export function mulParams(dtype: IntDType, a: Quantization, b: Quantization, out: Quantization, activation: Activation) {
  const real = Math.fround(Math.fround(Math.fround(a.scale[0]!) * Math.fround(b.scale[0]!)) / Math.fround(out.scale[0]!));
  const m = quantizeMultiplier(real);
  const [qMin, qMax] = quantizedActivationRange(activation, dtype, out.scale[0]!, out.zeroPoint[0]!);
  return { aOffset: -a.zeroPoint[0]!, bOffset: -b.zeroPoint[0]!, outMult: m.multiplier, outShift: m.shift, outOffset: out.zeroPoint[0]!, qMin, qMax };
}
