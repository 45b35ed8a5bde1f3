// QUANTIZE: float32 -> int8/uint8/int16 (AffineQuantize, dividing in double as TFLite's default kernel) and integer Requantize.
import type { DType } from '../../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { intRange, type IntDType } from '../quant/activation.js';
import { roundHalfAway } from '../quant/fixed-point.js';
import { quantizeRequantParams } from '../../quant-params/quantize.js';
import { perTensorQuant, preparedState, unaryRun, unaryTensors, type NumberArray } from './shared/unary-common.js';
import { applyTable8, requantArray, requantTable8, type RequantParams } from './shared/unary-requant.js';

/**
 * Input -> allowed outputs: TFLite's quantize.cc (float32 -> int8/uint8/int16; int8/uint8 -> int8/uint8;
 * int16 -> int8/int16) plus the int32/int16/int8 combinations TFLite-Micro's quantize_common.cc adds, which use
 * the same Requantize arithmetic.
 */
const ALLOWED: Partial<Record<DType, readonly IntDType[]>> = {
  float32: ['int8', 'uint8', 'int16'],
  int8: ['int8', 'uint8', 'int16', 'int32'],
  uint8: ['int8', 'uint8'],
  int16: ['int8', 'int16', 'int32'],
  int32: ['int8', 'int16'],
};

type State =
  | { kind: 'affine'; scale: number; zeroPoint: number; lo: number; hi: number }
  | { kind: 'table'; table: Int32Array }
  | { kind: 'wide'; params: RequantParams };

const states = new WeakMap<Operator, State>();

function checkOp(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  const outs = ALLOWED[input.dtype];
  if (!outs) return `${input.dtype} input not supported (float32, int8, uint8, int16 or int32 only)`;
  if (!(outs as readonly DType[]).includes(output.dtype)) {
    return `${input.dtype} -> ${output.dtype} not supported (${input.dtype} input quantizes to ${outs.join('/')})`;
  }
  // TFLite: "Currently this only support affine per-layer quantization" for the output.
  const oq = perTensorQuant(output, 'output');
  if (typeof oq === 'string') return oq;
  if (output.dtype === 'int16' && oq.zeroPoint !== 0) return `int16 output zero point must be 0, got ${oq.zeroPoint}`;
  if (input.dtype !== 'float32') {
    const iq = perTensorQuant(input, 'input');
    if (typeof iq === 'string') return iq;
    if (input.dtype === 'int16' && iq.zeroPoint !== 0) return `int16 input zero point must be 0, got ${iq.zeroPoint}`;
  }
  return null;
}

function prepare(op: Operator, input: Tensor, output: Tensor, outDtype: IntDType): State {
  const outQ = perTensorQuant(output, 'output');
  if (typeof outQ === 'string') throw new KernelError(op.opcode, op.index, outQ);
  const [lo, hi] = intRange(outDtype);
  const inDtype = input.dtype;
  if (inDtype === 'float32') return { kind: 'affine', scale: outQ.scale, zeroPoint: outQ.zeroPoint, lo, hi };
  const inQ = perTensorQuant(input, 'input');
  if (typeof inQ === 'string') throw new KernelError(op.opcode, op.index, inQ);
  // quantize.cc: static_cast<double>(input scale) / static_cast<double>(output scale), divided in double.
  const params: RequantParams = quantizeRequantParams(inQ, outQ, outDtype);
  // TFLite's int8<->uint8 fast path (equal scales, zero points 128 apart) flips the top bit; the general formula
  // gives the same bytes since M = 2^30, shift 1 is an exact identity, so one table serves both.
  if (inDtype === 'int8' || inDtype === 'uint8') return { kind: 'table', table: requantTable8(inDtype === 'int8', params) };
  return { kind: 'wide', params };
}

export const quantizeKernel: CpuKernel = {
  check: checkOp,
  run(ctx) {
    const r = unaryRun(ctx);
    const { op } = ctx;
    const inInfo = r.input.info;
    const outInfo = r.output.info;
    const outDtype = outInfo.dtype;
    if (outDtype !== 'int8' && outDtype !== 'uint8' && outDtype !== 'int16' && outDtype !== 'int32') {
      throw new KernelError(op.opcode, op.index, `unsupported output dtype ${outDtype}`);
    }
    const s = preparedState(states, op, () => prepare(op, inInfo, outInfo, outDtype));
    const src = r.input.data;
    const dst = r.output.data as NumberArray;
    const n = r.n;
    switch (s.kind) {
      case 'affine': {
        if (!(src instanceof Float32Array)) throw new KernelError(op.opcode, op.index, 'float32 input data expected');
        const { scale, zeroPoint, lo, hi } = s;
        for (let i = 0; i < n; i++) {
          // TfLiteRound(val / scale) with `const double scale`: the kernel TFLite registers by default
          // (optimized_ops::AffineQuantize) divides in double; only reference_ops casts the scale to float first.
          // Native TFLite 2.9 agrees bit for bit with the double division, also at near-ties. Infinities saturate
          // and NaN is stored as 0 (TFLite's int32 cast of those is undefined behaviour).
          const q = roundHalfAway(src[i] / scale) + zeroPoint;
          dst[i] = q < lo ? lo : q > hi ? hi : q;
        }
        return;
      }
      case 'table':
        applyTable8(s.table, src, dst, n);
        return;
      case 'wide':
        if (!(src instanceof Int16Array || src instanceof Int32Array)) {
          throw new KernelError(op.opcode, op.index, 'int16 or int32 input data expected');
        }
        requantArray(src, dst, n, s.params);
        return;
    }
  },
};
