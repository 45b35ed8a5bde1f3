// HARD_SWISH: x * relu6(x + 3) / 6 in float32, and TFLite's int16 fixed-point reference kernel on int8/uint8.
import type { Graph, Operator, Tensor } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { intRange } from '../quant/activation.js';
import { quantizeMultiplier, roundingDivideByPOT } from '../quant/fixed-point.js';
import { applyTable8 } from './shared/unary-requant.js';
import { perTensorQuant, preparedState, unaryRun, unaryTensors, type NumberArray } from './shared/unary-common.js';

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

const states = new WeakMap<Operator, Int32Array>();

function quantReason(input: Tensor, output: Tensor): HardSwishParams | string {
  const iq = perTensorQuant(input, 'input');
  if (typeof iq === 'string') return iq;
  const oq = perTensorQuant(output, 'output');
  if (typeof oq === 'string') return oq;
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

function checkOp(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  if (input.dtype !== output.dtype) return `input ${input.dtype} and output ${output.dtype} differ`;
  if (input.dtype === 'float32') return null;
  if (input.dtype !== 'int8' && input.dtype !== 'uint8') return `${input.dtype} not supported (float32, int8 or uint8)`;
  const p = quantReason(input, output);
  return typeof p === 'string' ? p : null;
}

function prepareTable(op: Operator, input: Tensor, output: Tensor): Int32Array {
  const p = quantReason(input, output);
  if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
  const signed = input.dtype === 'int8';
  const [qmin, qmax] = intRange(signed ? 'int8' : 'uint8');
  const table = new Int32Array(256);
  for (let b = 0; b < 256; b++) table[b] = hardSwishQuantized(signed && b >= 128 ? b - 256 : b, p, qmin, qmax);
  return table;
}

export const hardSwishKernel: CpuKernel = {
  check: checkOp,
  run(ctx) {
    const r = unaryRun(ctx);
    const { op } = ctx;
    const src = r.input.data;
    const dst = r.output.data as NumberArray;
    const n = r.n;
    if (src instanceof Float32Array) {
      const f = Math.fround;
      // reference HardSwish: in * std::min(6.f, std::max(0.f, in + 3)) / 6, each step in float32.
      for (let i = 0; i < n; i++) {
        const x = src[i];
        const t = f(x + 3);
        const m = 0 < t ? t : 0;
        const c = m < 6 ? m : 6;
        dst[i] = f(x * c) / 6;
      }
      return;
    }
    if (r.input.info.dtype !== 'int8' && r.input.info.dtype !== 'uint8') {
      throw new KernelError(op.opcode, op.index, `${r.input.info.dtype} not supported`);
    }
    const table = preparedState(states, op, () => prepareTable(op, r.input.info, r.output.info));
    applyTable8(table, src, dst, n);
  },
};
