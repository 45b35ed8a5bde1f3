// MEAN: average over constant axes (float32, int8, uint8), bit-exact to TFLite 2.9's registered MEAN kernel.
//
// reduce.cc EvalMean (kGenericOptimized) dispatches quantized inputs by case; each path rounds differently:
// - rank 4, keep_dims, axis tensor exactly [1, 2] or [2, 1] ("spatial"):
//   int8: reference_integer_ops::Mean: sum of (q - zp_in), MultiplyByQuantizedMultiplier with
//     QuantizeMultiplier(in_scale / out_scale) from PrepareMeanOrSum, then divide by the count rounding half
//     away from zero, plus zp_out.
//   uint8: optimized_ops::Mean: raw sum times QuantizeMultiplier(in_scale / (count * out_scale)) evaluated in
//     float, plus a bias zp_out - round(zp_in * in_scale / out_scale) (float arithmetic).
// - other axes with identical input/output scale and zero point: reference_ops::Mean<T, int>: raw integer sum
//   divided by the count, truncating toward zero.
// - otherwise reference_ops::QuantizedMeanOrSum (float form): round(sum/count * s + (-zp_in * s)) + zp_out with
//   s = in_scale / out_scale, all in float32.
// Newer TFLite releases replaced the last two with a fixed-point QuantizedMeanOrSum and the int8 spatial path
// with the uint8-style optimized kernel; the goldens this engine is checked against come from the 2.9 era.
import type { Graph, Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { numElements } from '../../../graph/dtype.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel, CpuTensor } from '../kernel.js';
import { meanQuantParams, meanQuantizedValue, type MeanQuantParams } from '../../quant-params/mean.js';
import { perTensorQuant } from './shared/broadcast-check.js';
import type { BroadcastPlan } from './shared/broadcast-plan.js';
import { inputAt, numberData, outputAt, planBroadcast } from './shared/broadcast-plan.js';

const DTYPES = ['float32', 'int8', 'uint8'];

function axisValues(op: Operator, graph: Graph): Int32Array | string {
  const axis = graph.tensors[op.inputs[1] ?? -1];
  if (!axis) return 'axis input (1) is missing';
  if (axis.dtype !== 'int32') return `axis tensor must be int32, got ${axis.dtype}`;
  if (!(axis.data instanceof Int32Array)) return 'axis tensor must be a constant of the model (non-constant axes not supported)';
  return axis.data;
}

/** What one input shape needs: where each input row sums into, the element count and the final rescale. */
interface ShapePlan {
  key: string;
  /** planBroadcast over (kept shape -> input shape): aOffs/aStep address the output sums for each input run. */
  plan: BroadcastPlan;
  numOut: number;
  count: number;
  /** null for float32. */
  quant: MeanQuantParams | null;
}

interface State {
  axes: Int32Array;
  sums: Float32Array | Int32Array;
  shape: ShapePlan | null;
}

const STATE = new WeakMap<Operator, State>();

function planShape(op: Operator, st: State, input: CpuTensor, output: CpuTensor, keepDims: boolean): ShapePlan {
  const shape = input.shape;
  const key = shape.join(',');
  if (st.shape && st.shape.key === key) return st.shape;
  const rank = shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of st.axes) {
    const ax = a < 0 ? a + rank : a;
    if (ax < 0 || ax >= rank) throw new KernelError(op.opcode, op.index, `axis ${a} out of range for rank ${rank}`);
    reduced[ax] = true;
  }
  const kept = shape.map((d, i) => (reduced[i] ? 1 : d));
  const plan = planBroadcast(kept, [], shape);
  if (typeof plan === 'string') throw new KernelError(op.opcode, op.index, plan);
  const numOut = numElements(kept);
  if (numElements(output.shape) !== numOut) {
    throw new KernelError(op.opcode, op.index, `output shape [${output.shape}] does not hold the ${numOut} means of input [${shape}]`);
  }
  let count = 1;
  shape.forEach((d, i) => { if (reduced[i]) count *= d; });
  const sp: ShapePlan = { key, plan, numOut, count, quant: null };
  const dtype = input.info.dtype;
  if (dtype !== 'float32') {
    const qi = perTensorQuant(input.info.quantization), qo = perTensorQuant(output.info.quantization);
    if (!qi || !qo) throw new KernelError(op.opcode, op.index, `${dtype} MEAN needs per-tensor quantization parameters`);
    sp.quant = meanQuantParams(dtype as 'int8' | 'uint8', qi, qo, st.axes, rank, keepDims, count);
  }
  st.shape = sp;
  return sp;
}

export const meanKernel: CpuKernel = {
  check(op, graph) {
    if (op.options.kind !== 'reducer') return `expected reducer options, got ${op.options.kind}`;
    if (op.inputs.length !== 2 || op.outputs.length !== 1) return `expects 2 inputs and 1 output, got ${op.inputs.length} and ${op.outputs.length}`;
    const input = graph.tensors[op.inputs[0]!], output = graph.tensors[op.outputs[0]!];
    if (!input || !output) return 'missing input or output tensor';
    if (input.dtype !== output.dtype) return `dtype mismatch: input ${input.dtype}, output ${output.dtype}`;
    if (!DTYPES.includes(input.dtype)) return `${input.dtype} not supported (supported: ${DTYPES.join(', ')})`;
    const axes = axisValues(op, graph);
    if (typeof axes === 'string') return axes;
    const rank = input.shape.length;
    for (const a of axes) {
      if (a < -rank || a >= rank) return `axis ${a} out of range for input rank ${rank}`;
    }
    if (input.dtype !== 'float32') {
      const qi = perTensorQuant(input.quantization), qo = perTensorQuant(output.quantization);
      if (!qi || !qo) return `${input.dtype} input and output need per-tensor quantization parameters`;
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const input = inputAt(op, inputs, 0), output = outputAt(op, outputs, 0);
    const keepDims = optionsOf(op, 'reducer').keepDims;
    let st = STATE.get(op);
    if (!st) {
      const axisT = inputAt(op, inputs, 1);
      if (!(axisT.data instanceof Int32Array)) throw new KernelError(op.opcode, op.index, 'axis tensor must be int32');
      st = { axes: Int32Array.from(axisT.data), sums: new Float32Array(0), shape: null };
      STATE.set(op, st);
    }
    const I = numberData(op, input), O = numberData(op, output);
    const isFloat = input.info.dtype === 'float32';
    if (numElements(input.shape) === 0) {
      O.fill(isFloat ? NaN : 0); // TFLite fills quiet NaN, which is 0 for integer types
      return;
    }
    if (st.axes.length === 0) {
      if (O.length < I.length) throw new KernelError(op.opcode, op.index, 'output smaller than input for an empty axis list');
      for (let j = 0; j < I.length; j++) O[j] = I[j]!;
      return;
    }
    const sp = planShape(op, st, input, output, keepDims);
    if (st.sums.length < sp.numOut || (st.sums instanceof Float32Array) !== isFloat) {
      st.sums = isFloat ? new Float32Array(sp.numOut) : new Int32Array(sp.numOut);
    }
    const sums = st.sums;
    sums.fill(0, 0, sp.numOut);
    const { rows, inner, aStep, aOffs } = sp.plan;
    let i = 0;
    // Float32Array sums round each addition to float, Int32Array sums wrap like TFLite's int32 accumulator.
    for (let r = 0; r < rows; r++) {
      let s = aOffs[r]!;
      for (let k = 0; k < inner; k++, s += aStep) sums[s] += I[i++]!;
    }
    const n = sp.numOut;
    if (isFloat) {
      for (let j = 0; j < n; j++) O[j] = sums[j]! / sp.count;
      return;
    }
    const q = sp.quant!;
    for (let j = 0; j < n; j++) O[j] = meanQuantizedValue(q, sums[j]!);
  },
};
