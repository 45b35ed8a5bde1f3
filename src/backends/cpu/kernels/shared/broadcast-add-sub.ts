// ADD and SUB share TFLite's quantized rescaling (add.cc / sub.cc Prepare) and its broadcast loops; the sign picks the op.
import type { DType } from '../../../../graph/dtype.js';
import type { Graph, Operator } from '../../../../graph/ir.js';
import { optionsOf } from '../../../../graph/ir.js';
import { KernelError } from '../../../../errors.js';
import type { KernelContext } from '../../kernel.js';
import { floatActivationRange, intRange, quantizedActivationRange } from '../../quant/activation.js';
import type { IntDType } from '../../quant/activation.js';
import {
  multiplyByQuantizedMultiplierSmallerThanOne, quantizeMultiplier, roundHalfAway, roundingDivideByPOT,
} from '../../quant/fixed-point.js';
import type { BinaryTensors } from './broadcast-check.js';
import { checkBinaryOp, int32ActivationRange, perTensorQuant } from './broadcast-check.js';
import { BroadcastPlanCache, inputAt, numberData, outputAt } from './broadcast-plan.js';

export type AddSubSign = 1 | -1;

const DTYPES: readonly DType[] = ['float32', 'int32', 'int8', 'uint8', 'int16'];

/**
 * Quantized ADD/SUB: each input value maps to its rescaled contribution (a lookup table over the input
 * type's range, negated for SUB's second operand), the contributions are summed in int32 and the sum is
 * requantized ('general') or only clamped ('pot', int16 power-of-two scales).
 */
interface QuantParams {
  mode: 'general' | 'pot';
  qmin: number;
  lut1: Int32Array;
  lut2: Int32Array;
  outMultiplier: number;
  outShift: number;
  outOffset: number;
  actMin: number;
  actMax: number;
}

/** TFLite CheckedLog2: log2 of a power-of-two scale (rounded), or null when the scale is not one. */
function checkedLog2(x: number): number | null {
  const l = Math.log2(x);
  const r = roundHalfAway(l);
  return Math.abs(l - r) < 1e-3 ? r : null;
}

function quantParams(sign: AddSubSign, t: BinaryTensors, potScaleInt16: boolean, opName: string): QuantParams | string {
  const dtype = t.a.dtype as IntDType;
  const q1 = perTensorQuant(t.a.quantization), q2 = perTensorQuant(t.b.quantization), qo = perTensorQuant(t.out.quantization);
  if (!q1 || !q2 || !qo) return `${dtype} inputs need per-tensor quantization parameters`;
  const [qmin, qmax] = intRange(dtype);
  for (const q of [q1, q2, qo]) {
    if (q.zeroPoint < qmin || q.zeroPoint > qmax) return `zero point ${q.zeroPoint} outside the ${dtype} range`;
  }
  // TFLite keeps scales as float32; the multipliers below are then computed in double from those floats.
  const s1 = Math.fround(q1.scale), s2 = Math.fround(q2.scale), so = Math.fround(qo.scale);
  const [actMin, actMax] = quantizedActivationRange(t.activation, dtype, qo.scale, qo.zeroPoint);
  const n = qmax - qmin + 1;
  const lut1 = new Int32Array(n), lut2 = new Int32Array(n);
  if (dtype === 'int16') {
    if (q1.zeroPoint !== 0 || q2.zeroPoint !== 0 || qo.zeroPoint !== 0) return 'int16 inputs and output need zero point 0';
    const l1 = checkedLog2(s1), l2 = checkedLog2(s2), lo = checkedLog2(so);
    if (potScaleInt16 && l1 !== null && l2 !== null && lo !== null) {
      // LSTM-style symmetric power-of-two path: one input is shifted right onto the output's scale.
      const sh1 = l1 - lo, sh2 = l2 - lo;
      if (!(sh1 === 0 || sh2 === 0) || sh1 > 0 || sh2 > 0) {
        return `int16 power-of-two scales need one input on the output scale and the other finer (shifts ${sh1}, ${sh2})`;
      }
      for (let i = 0; i < n; i++) {
        lut1[i] = roundingDivideByPOT(i + qmin, -sh1);
        lut2[i] = sign * roundingDivideByPOT(i + qmin, -sh2);
      }
      return { mode: 'pot', qmin, lut1, lut2, outMultiplier: 0, outShift: 0, outOffset: 0, actMin, actMax };
    }
  }
  const leftShift = dtype === 'int16' ? 15 : 20;
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax);
  const m2 = quantizeMultiplier(s2 / twiceMax);
  const mo = quantizeMultiplier(twiceMax / ((1 << leftShift) * so));
  if (mo.shift > 0) {
    return `${opName} output multiplier ${twiceMax / ((1 << leftShift) * so)} is not below 1 (output scale too small for the input scales)`;
  }
  const off1 = -q1.zeroPoint, off2 = -q2.zeroPoint;
  for (let i = 0; i < n; i++) {
    const q = i + qmin;
    lut1[i] = multiplyByQuantizedMultiplierSmallerThanOne((q + off1) * (1 << leftShift), m1.multiplier, m1.shift);
    lut2[i] = sign * multiplyByQuantizedMultiplierSmallerThanOne((q + off2) * (1 << leftShift), m2.multiplier, m2.shift);
  }
  return {
    mode: 'general', qmin, lut1, lut2, outMultiplier: mo.multiplier, outShift: mo.shift, outOffset: qo.zeroPoint, actMin, actMax,
  };
}

export function checkAddSub(op: Operator, graph: Graph, sign: AddSubSign): string | null {
  const t = checkBinaryOp(op, graph, DTYPES);
  if (typeof t === 'string') return t;
  const d = t.a.dtype;
  if (d === 'int8' || d === 'uint8' || d === 'int16') {
    const p = quantParams(sign, t, optionsOf(op, 'arithmetic').potScaleInt16, op.opcode);
    if (typeof p === 'string') return p;
    if (p.mode === 'pot' && sign === 1 && !sameShape(t.a.shape, t.b.shape)) {
      return 'int16 ADD with power-of-two scales does not broadcast in TFLite (input shapes differ)';
    }
  }
  return null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

interface State {
  plans: BroadcastPlanCache;
  quant: QuantParams | null;
}

const STATE = new WeakMap<Operator, State>();

function stateOf(op: Operator, ctx: KernelContext, sign: AddSubSign): State {
  let s = STATE.get(op);
  if (s) return s;
  let quant: QuantParams | null = null;
  const a = inputAt(op, ctx.inputs, 0), b = inputAt(op, ctx.inputs, 1), out = outputAt(op, ctx.outputs, 0);
  const d = a.info.dtype;
  if (d === 'int8' || d === 'uint8' || d === 'int16') {
    const o = optionsOf(op, 'arithmetic');
    const p = quantParams(sign, { a: a.info, b: b.info, out: out.info, activation: o.activation }, o.potScaleInt16, op.opcode);
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    quant = p;
  }
  s = { plans: new BroadcastPlanCache(), quant };
  STATE.set(op, s);
  return s;
}

export function runAddSub(ctx: KernelContext, sign: AddSubSign): void {
  const { op } = ctx;
  const st = stateOf(op, ctx, sign);
  const a = inputAt(op, ctx.inputs, 0), b = inputAt(op, ctx.inputs, 1), out = outputAt(op, ctx.outputs, 0);
  const plan = st.plans.get(op, a.shape, b.shape, out.shape);
  const A = numberData(op, a), B = numberData(op, b), O = numberData(op, out);
  const { rows, inner, aStep, bStep, aOffs, bOffs } = plan;
  const activation = optionsOf(op, 'arithmetic').activation;
  const dtype = a.info.dtype;
  let o = 0;
  if (dtype === 'float32') {
    const [lo, hi] = floatActivationRange(activation);
    for (let r = 0; r < rows; r++) {
      let ia = aOffs[r]!, ib = bOffs[r]!;
      for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
        const v = sign === 1 ? A[ia]! + B[ib]! : A[ia]! - B[ib]!;
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
        // int32 wraps on overflow, as the C++ kernel does in practice.
        const v = sign === 1 ? (A[ia]! + B[ib]!) | 0 : (A[ia]! - B[ib]!) | 0;
        O[o++] = v < lo ? lo : v > hi ? hi : v;
      }
    }
    return;
  }
  const q = st.quant;
  if (!q) throw new KernelError(op.opcode, op.index, `${dtype} not supported`);
  if (q.mode === 'pot' && !plan.elementwise && sign === 1) {
    throw new KernelError(op.opcode, op.index, 'int16 ADD with power-of-two scales cannot broadcast');
  }
  const { lut1, lut2, qmin, actMin, actMax } = q;
  if (q.mode === 'pot') {
    for (let r = 0; r < rows; r++) {
      let ia = aOffs[r]!, ib = bOffs[r]!;
      for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
        const v = lut1[A[ia]! - qmin]! + lut2[B[ib]! - qmin]!;
        O[o++] = v < actMin ? actMin : v > actMax ? actMax : v;
      }
    }
    return;
  }
  const { outMultiplier, outShift, outOffset } = q;
  for (let r = 0; r < rows; r++) {
    let ia = aOffs[r]!, ib = bOffs[r]!;
    for (let i = 0; i < inner; i++, ia += aStep, ib += bStep) {
      const raw = lut1[A[ia]! - qmin]! + lut2[B[ib]! - qmin]!;
      const v = multiplyByQuantizedMultiplierSmallerThanOne(raw, outMultiplier, outShift) + outOffset;
      O[o++] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}
