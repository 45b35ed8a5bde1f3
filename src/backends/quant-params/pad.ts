// PAD's fill value without a PADV2 constant (pad.cc): the output zero point where TFLite pads through EvalInt,
// else 0; shared by the CPU and GPU kernels.
import type { Tensor } from '../../graph/ir.js';
import { isQuantized, tensorParams } from '../cpu/kernels/shared/copy-checks.js';

/** Int types TFLite pads through EvalInt (uint8 always; int8/int16 when quantized), where the zero point matters. */
export function usesQuantizedPad(t: Tensor): boolean {
  return t.dtype === 'uint8' || ((t.dtype === 'int8' || t.dtype === 'int16') && isQuantized(t));
}

/** The implicit pad value of PAD (and PADV2 without a value operand). */
export function defaultPadValue(input: Tensor, output: Tensor): number {
  return usesQuantizedPad(input) ? tensorParams(output).zeroPoint : 0;
}
