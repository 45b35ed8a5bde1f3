// CONCATENATION's uint8 rescaling (TFLite's ConcatenationWithScaling): which inputs need it and their lookup
// tables, shared by the CPU and GPU kernels.
import type { Tensor } from '../../graph/ir.js';
import { roundHalfAway } from '../cpu/quant/fixed-point.js';
import { sameParams, tensorParams } from '../cpu/kernels/shared/copy-checks.js';

/** uint8 inputs whose params differ from the output's are rescaled; every other input is copied bit for bit. */
export function concatNeedsRequant(input: Tensor, output: Tensor): boolean {
  return input.dtype === 'uint8' && !sameParams(input, output);
}

/** ConcatenationWithScaling's per-value map q -> clamp(round(q*scale + bias) + zp_out, 0, 255), in float32. */
export function concatRequantTable(input: Tensor, output: Tensor): Uint8Array {
  const pin = tensorParams(input), pout = tensorParams(output);
  const inverseOut = Math.fround(1 / pout.scale);
  const scale = Math.fround(pin.scale * inverseOut);
  const bias = Math.fround(-pin.zeroPoint * scale);
  const lut = new Uint8Array(256);
  for (let q = 0; q < 256; q++) {
    const v = roundHalfAway(Math.fround(Math.fround(q * scale) + bias)) + pout.zeroPoint;
    lut[q] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return lut;
}
