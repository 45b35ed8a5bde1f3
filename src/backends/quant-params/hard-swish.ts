// HARD_SWISH's quantized arithmetic as activations.cc (HardSwishPrepare, reference_ops::HardSwish) does it,
// shared by every backend: parameters, the Prepare-time checks, one element, and the 256-entry 8-bit table.
import { intRange } from '../cpu/quant/activation.js';
import { quantizeMultiplier, roundingDivideByPOT } from '../cpu/quant/fixed-point.js';

/** HardSwishParams as activations.cc HardSwishPrepare fills them. */
export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  reluishMultiplierFixedpointInt16: number;
  reluishMultiplierExponent: number;
  outputMultiplierFixedpointInt16: number;
  outputMultiplierExponent: number;
}

const I16_MIN = -32768;
const I16_MAX = 32767;

function toInt16(x: number): number {
  return (x << 16) >> 16;
}

/** DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15, saturating near the top. */
function downScaleToInt16(m: number): number {
  if (m >= 2147483647 - 32768) return I16_MAX;
  return (m + 32768) >> 16;
}

/** HardSwishPrepare's parameter computation; every scale expression there is float32 arithmetic. */
export function hardSwishParams(inScale: number, inZp: number, outScale: number, outZp: number): HardSwishParams {
  const f = Math.fround;
  const hiresInputScale = f(f(1 / 128) * f(inScale));
  const reluishScale = f(3 / 32768);
  const outputMultiplier = f(hiresInputScale / f(outScale));
  const reluishMultiplier = f(hiresInputScale / reluishScale);
  const o = quantizeMultiplier(outputMultiplier);
  const r = quantizeMultiplier(reluishMultiplier);
  return {
    inputZeroPoint: inZp, outputZeroPoint: outZp,
    reluishMultiplierFixedpointInt16: downScaleToInt16(r.multiplier), reluishMultiplierExponent: r.shift,
    outputMultiplierFixedpointInt16: downScaleToInt16(o.multiplier), outputMultiplierExponent: o.shift,
  };
}

/** gemmlowp SaturatingRoundingDoublingHighMul on int16. */
function srdhm16(a: number, b: number): number {
  if (a === I16_MIN && b === I16_MIN) return I16_MAX;
  const ab = a * b;
  const nudge = ab >= 0 ? 16384 : 1 - 16384;
  return toInt16(Math.trunc((ab + nudge) / 32768));
}

/** reference_ops::SaturatingDoublingHighMul: like srdhm16 but truncating toward zero. */
function sdhm16(a: number, b: number): number {
  if (a === I16_MIN && b === I16_MIN) return I16_MAX;
  return toInt16(Math.trunc((a * b) / 32768));
}

/** reference_ops::SaturatingLeftShift on int16 (computed in int64, clamped). */
function satLeftShift16(v: number, amount: number): number {
  const r = v * 2 ** amount;
  return r > I16_MAX ? I16_MAX : r < I16_MIN ? I16_MIN : r;
}

/** One element of reference_ops::HardSwish (quantized), for an input already widened to a JS integer. */
export function hardSwishQuantized(x: number, p: HardSwishParams, qmin: number, qmax: number): number {
  const inputValue = toInt16(x - p.inputZeroPoint);
  const hires = toInt16(inputValue * 128);
  const preshiftOutputScale = srdhm16(hires, p.outputMultiplierFixedpointInt16);
  let reluish = hires;
  // Saturate early by exponent-1 bits, multiply, then apply the last bit so saturation shows in the result.
  if (p.reluishMultiplierExponent > 0) reluish = satLeftShift16(reluish, p.reluishMultiplierExponent - 1);
  reluish = srdhm16(reluish, p.reluishMultiplierFixedpointInt16);
  if (p.reluishMultiplierExponent > 0) reluish = satLeftShift16(reluish, 1);
  if (p.reluishMultiplierExponent < 0) reluish = roundingDivideByPOT(reluish, -p.reluishMultiplierExponent);
  reluish = (reluish + 32768) >> 1; // [-1, 1] -> [0, 1] in Q15
  const preshiftOutput = sdhm16(reluish, preshiftOutputScale);
  let out = roundingDivideByPOT(preshiftOutput, -p.outputMultiplierExponent);
  out = toInt16(out + p.outputZeroPoint); // int16_t output_value += zero_point wraps in int16
  if (out > qmax) out = qmax;
  if (out < qmin) out = qmin;
  return out;
}

/** HardSwishPrepare's parameters for per-tensor (scale, zero point) pairs, or why TFLite (or this engine) refuses them. */
export function hardSwishPrepare(iq: { scale: number; zeroPoint: number }, oq: { scale: number; zeroPoint: number }): HardSwishParams | string {
  const p = hardSwishParams(iq.scale, iq.zeroPoint, oq.scale, oq.zeroPoint);
  // HardSwishPrepare: TF_LITE_ENSURE(output_multiplier_exponent <= 0).
  if (p.outputMultiplierExponent > 0) {
    return `input/output scale ratio ${iq.scale / oq.scale} too large (output multiplier exponent ${p.outputMultiplierExponent} > 0)`;
  }
  // gemmlowp's int16 RoundingDivideByPOT builds its mask in int16, which breaks for shifts over 15.
  if (p.outputMultiplierExponent < -15 || p.reluishMultiplierExponent < -15) {
    return `scales give a right shift over 15 bits (output ${-p.outputMultiplierExponent}, reluish ${-p.reluishMultiplierExponent})`;
  }
  return p;
}

/** Output for every 8-bit input, indexed by the input byte (x & 0xff). */
export function hardSwishTable8(dtype: 'int8' | 'uint8', p: HardSwishParams): Int32Array {
  const signed = dtype === 'int8';
  const [qmin, qmax] = intRange(dtype);
  const table = new Int32Array(256);
  for (let b = 0; b < 256; b++) table[b] = hardSwishQuantized(signed && b >= 128 ? b - 256 : b, p, qmin, qmax);
  return table;
}
