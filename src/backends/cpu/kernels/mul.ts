// MUL: broadcasting elementwise product (float32, int32, and int8/uint8/int16 requantized as TFLite's mul.cc).
import type { DType } from '../../../graph/dtype.js';
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel, KernelContext } from '../kernel.js';
import { floatActivationRange, intRange, quantizedActivationRange } from '../quant/activation.js';
import type { IntDType } from '../quant/activation.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.js';
import type { BinaryTensors } from './shared/broadcast-check.js';
import { checkBinaryOp, int32ActivationRange, perTensorQuant } from './shared/broadcast-check.js';
import { BroadcastPlanCache, inputAt, numberData, outputAt } from './shared/broadcast-plan.js';

const DTYPES: readonly DType[] = ['float32', 'int32', 'int8', 'uint8', 'int16'];

interface QuantParams {
  off1: number;
  off2: number;
  outOffset: number;
  multiplier: number;
  shift: number;
  actMin: number;
  actMax: number;
}

function quantParams(t: BinaryTensors): QuantParams | string {
  const dtype = t.a.dtype as IntDType;
  const q1 = perTensorQuant(t.a.quantization), q2 = perTensorQuant(t.b.quantization), qo = perTensorQuant(t.out.quantization);
  if (!q1 || !q2 || !qo) return `${dtype} inputs need per-tensor quantization parameters`;
  if (dtype === 'int16' && (q1.zeroPoint !== 0 || q2.zeroPoint !== 0 || qo.zeroPoint !== 0)) {
    return 'int16 inputs and output need zero point 0';
  }
  const [qmin, qmax] = intRange(dtype);
  for (const q of [q1, q2, qo]) {
    if (q.zeroPoint < qmin || q.zeroPoint > qmax) return `zero point ${q.zeroPoint} outside the ${dtype} range`;
  }
  // mul.cc: input1_scale * input2_scale / output_scale is evaluated in float, then widened to double.
  const real = Math.fround(Math.fround(Math.fround(q1.scale) * Math.fround(q2.scale)) / Math.fround(qo.scale));
  const m = quantizeMultiplier(real);
  const [actMin, actMax] = quantizedActivationRange(t.activation, dtype, qo.scale, qo.zeroPoint);
  return { off1: -q1.zeroPoint, off2: -q2.zeroPoint, outOffset: qo.zeroPoint, multiplier: m.multiplier, shift: m.shift, actMin, actMax };
}

interface State {
  plans: BroadcastPlanCache;
  quant: QuantParams | null;
}

const STATE = new WeakMap<Operator, State>();

function stateOf(ctx: KernelContext): State {
  const { op } = ctx;
  let s = STATE.get(op);
  if (s) return s;
  let quant: QuantParams | null = null;
  const a = inputAt(op, ctx.inputs, 0), b = inputAt(op, ctx.inputs, 1), out = outputAt(op, ctx.outputs, 0);
  const d = a.info.dtype;
  if (d === 'int8' || d === 'uint8' || d === 'int16') {
    const p = quantParams({ a: a.info, b: b.info, out: out.info, activation: optionsOf(op, 'arithmetic').activation });
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    quant = p;
  }
  s = { plans: new BroadcastPlanCache(), quant };
  STATE.set(op, s);
  return s;
}

export const mulKernel: CpuKernel = {
  check(op, graph) {
    const t = checkBinaryOp(op, graph, DTYPES);
    if (typeof t === 'string') return t;
    const d = t.a.dtype;
    if (d === 'int8' || d === 'uint8' || d === 'int16') {
      const p = quantParams(t);
      if (typeof p === 'string') return p;
    }
    return null;
  },

  run(ctx) {
    const { op } = ctx;
    const st = stateOf(ctx);
    const a = inputAt(op, ctx.inputs, 0), b = inputAt(op, ctx.inputs, 1), out = outputAt(op, ctx.outputs, 0);
    const { rows, inner, aStep, bStep, aOffs, bOffs } = st.plans.get(op, a.shape, b.shape, out.shape);
    const A = numberData(op, a), B = numberData(op, b), O = numberData(op, out);
    const activation = optionsOf(op, 'arithmetic').activation;
    const dtype = a.info.dtype;
    let o = 0;
    if (dtype === 'float32') {
      const [lo, hi] = floatActivationRange(activation);
      for (let r = 0; r < rows; r++) {
        let ia = aOffs[r]!, ib = bOffs[r]!;
        for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
          const v = A[ia]! * B[ib]!;
          O[o++] = v < lo ? lo : v > hi ? hi : v;
        }
      }
      return;
    }
    if (dtype === 'int32') {
      const [lo, hi] = int32ActivationRange(activation);
      for (let r = 0; r < rows; r++) {
        let ia = aOffs[r]!, ib = bOffs[r]!;
        for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
          const v = Math.imul(A[ia]!, B[ib]!); // wraps like the C++ int32 product
          O[o++] = v < lo ? lo : v > hi ? hi : v;
        }
      }
      return;
    }
    const q = st.quant;
    if (!q) throw new KernelError(op.opcode, op.index, `${dtype} not supported`);
    const { off1, off2, outOffset, multiplier, shift, actMin, actMax } = q;
    for (let r = 0; r < rows; r++) {
      let ia = aOffs[r]!, ib = bOffs[r]!;
      for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
        const v = multiplyByQuantizedMultiplier(Math.imul(A[ia]! + off1, B[ib]! + off2), multiplier, shift) + outOffset;
        O[o++] = v < actMin ? actMin : v > actMax ? actMax : v;
      }
    }
  },
};
