// Fused-activation clamp ranges, float and quantized, as TFLite's CalculateActivationRange(Quantized).
import type { Activation } from '../../../graph/options.js';
import type { Quantization } from '../../../graph/ir.js';
import { roundHalfAway } from './fixed-point.js';

export type IntDType = 'int8' | 'uint8' | 'int16' | 'int32';

export function intRange(d: IntDType): [number, number] {
  switch (d) {
    case 'int8': return [-128, 127];
    case 'uint8': return [0, 255];
    case 'int16': return [-32768, 32767];
    case 'int32': return [-2147483648, 2147483647];
  }
}

/** Float clamp bounds for a fused activation (TANH/SIGN_BIT are rejected at load by the op checks). */
export function floatActivationRange(a: Activation): [number, number] {
  switch (a) {
    case 'RELU': return [0, Infinity];
    case 'RELU6': return [0, 6];
    case 'RELU_N1_TO_1': return [-1, 1];
    default: return [-Infinity, Infinity];
  }
}

/** Quantized clamp bounds: the dtype's range narrowed by the activation, quantized with the output's params. */
export function quantizedActivationRange(a: Activation, d: IntDType, scale: number, zeroPoint: number): [number, number] {
  const [qmin, qmax] = intRange(d);
  // TFLite: Quantize(f) = zero_point + static_cast<int32>(TfLiteRound(f / scale)), computed in float.
  const q = (f: number): number => zeroPoint + roundHalfAway(Math.fround(Math.fround(f) / Math.fround(scale)));
  switch (a) {
    case 'RELU': return [Math.max(qmin, q(0)), qmax];
    case 'RELU6': return [Math.max(qmin, q(0)), Math.min(qmax, q(6))];
    case 'RELU_N1_TO_1': return [Math.max(qmin, q(-1)), Math.min(qmax, q(1))];
    default: return [qmin, qmax];
  }
}

/** Per-tensor scale and zero point (the first entry), for ops that only accept per-tensor quantization. */
export function perTensor(q: Quantization | null): { scale: number; zeroPoint: number } {
  return { scale: q?.scale[0] ?? 0, zeroPoint: q?.zeroPoint[0] ?? 0 };
}
