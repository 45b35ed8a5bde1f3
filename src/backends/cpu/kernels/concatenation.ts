// CONCATENATION along one (possibly negative) axis; uint8 inputs are requantized as TFLite's ConcatenationWithScaling.
import type { CpuKernel } from '../kernel.js';
import type { Operator, Tensor } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { concatNeedsRequant, concatRequantTable } from '../../quant-params/concatenation.js';
import {
  hasDynamicDims, inputAt, isMovable, isQuantized, outputAt, sameParams, shapeStr, tensorParams,
} from './shared/copy-checks.js';
import { concatChunks } from './shared/copy-concat.js';
import { wordsOf, type WordArray } from './shared/copy-words.js';

interface ConcatState {
  /** Per input: a 256-entry requantization table, or null where the bytes copy through unchanged. */
  luts: (Uint8Array | null)[];
  skip: boolean[] | null;
}
const states = new WeakMap<Operator, ConcatState>();

function normaliseAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0) return null;
  if (a < rank || (rank === 0 && a === 0)) return a;
  return null;
}

export const concatenationKernel: CpuKernel = {
  check(op, graph) {
    const { axis, activation } = optionsOf(op, 'concatenation');
    // TFLite concatenation.cc Prepare: TF_LITE_ENSURE_EQ(params->activation, kTfLiteActNone) for every type.
    if (activation !== 'NONE') return `fused activation ${activation} not supported (TFLite allows only NONE)`;
    const output = outputAt(op, graph, 0);
    if (!output) return 'missing output';
    if (op.inputs.length === 0) return 'no inputs';
    const ins: Tensor[] = [];
    for (let i = 0; i < op.inputs.length; i++) {
      const t = inputAt(op, graph, i);
      if (!t) return `missing input ${i}`;
      ins.push(t);
    }
    const t0 = ins[0];
    const dtype = t0.dtype;
    if (!isMovable(dtype)) return `${dtype} input not supported`;
    if (output.dtype !== dtype) return `input dtype ${dtype} differs from output dtype ${output.dtype}`;
    const rank = t0.shape.length;
    const a = normaliseAxis(axis, rank);
    if (a === null) return `axis ${axis} out of range for rank ${rank}`;
    const dynamic = ins.some(hasDynamicDims) || hasDynamicDims(output);
    for (let i = 0; i < ins.length; i++) {
      const t = ins[i];
      if (t.dtype !== dtype) return `input ${i} dtype ${t.dtype} differs from input 0 dtype ${dtype}`;
      if (t.shape.length !== rank) return `input ${i} rank ${t.shape.length} differs from input 0 rank ${rank}`;
      if (!dynamic) {
        for (let d = 0; d < rank; d++) {
          if (d !== a && t.shape[d] !== t0.shape[d]) return `input ${i} shape ${shapeStr(t.shape)} does not match input 0 ${shapeStr(t0.shape)} off the axis`;
        }
      }
      if (dtype === 'int8' && !sameParams(t, output)) {
        // TFLite restricts int8 concatenation to inputs already in the output's scale and zero point.
        return `int8 input ${i} scale/zero point differ from the output's (TFLite does not rescale int8)`;
      }
      if (dtype === 'int16') {
        if (tensorParams(t).zeroPoint !== 0) return `int16 input ${i} has non-zero zero point`;
        if (!sameParams(t, output)) return `int16 input ${i} scale differs from the output's`;
      }
      if (dtype === 'uint8' && isQuantized(t) && t.quantization !== null && t.quantization.scale.length > 1) {
        return `per-channel quantized uint8 input ${i} not supported`;
      }
    }
    if (dtype === 'int16' && tensorParams(output).zeroPoint !== 0) return 'int16 output has non-zero zero point';
    if (dtype === 'uint8' && ins.some((t) => !sameParams(t, output)) && tensorParams(output).scale === 0) {
      return 'uint8 inputs need rescaling but the output has no scale';
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const output = outputs[0];
    if (!output) throw new KernelError(op.opcode, op.index, 'missing output');
    const n = inputs.length;
    const rank = output.shape.length;
    const inRank = inputs[0]?.shape.length ?? 0;
    const a = normaliseAxis(optionsOf(op, 'concatenation').axis, inRank);
    if (a === null) throw new KernelError(op.opcode, op.index, 'axis out of range');
    // Rank-0 inputs concatenate into a vector: treat each as one element along a unit axis.
    const scalars = inRank === 0;
    let outer = 1, inner = 1;
    if (!scalars) {
      if (rank !== inRank) throw new KernelError(op.opcode, op.index, `rank-${rank} output for rank-${inRank} inputs`);
      for (let d = 0; d < a; d++) outer *= output.shape[d];
      for (let d = a + 1; d < rank; d++) inner *= output.shape[d];
    }
    const srcs: WordArray[] = [];
    const chunks: number[] = [];
    let axisSum = 0;
    let per = 1;
    for (let i = 0; i < n; i++) {
      const t = inputs[i];
      if (!t) throw new KernelError(op.opcode, op.index, `missing input ${i}`);
      const w = wordsOf(t.data);
      per = w.perElement;
      const along = scalars ? 1 : t.shape[a];
      if (!scalars) {
        for (let d = 0; d < rank; d++) {
          if (d !== a && t.shape[d] !== output.shape[d]) {
            throw new KernelError(op.opcode, op.index, `input ${i} shape ${shapeStr(t.shape)} does not fit output ${shapeStr(output.shape)}`);
          }
        }
      }
      axisSum += along;
      srcs.push(w.data);
      chunks.push(along * inner * per);
    }
    const outAxis = scalars ? output.data.length : output.shape[a];
    if (axisSum !== outAxis) {
      throw new KernelError(op.opcode, op.index, `inputs sum to ${axisSum} along axis ${a} but the output has ${outAxis}`);
    }
    const st = state(op, inputs.map((t) => t?.info ?? null), output.info);
    const dst = wordsOf(output.data).data;
    concatChunks(dst, srcs, chunks, outer, st.skip);
    if (st.skip === null) return;
    // Requantized inputs, written into the ranges concatChunks passed over.
    let base = 0;
    for (let k = 0; k < outer; k++) {
      for (let i = 0; i < n; i++) {
        const lut = st.luts[i];
        const len = chunks[i];
        if (lut) {
          const s = srcs[i];
          const from = k * len;
          for (let j = 0; j < len; j++) dst[base + j] = lut[s[from + j]];
        }
        base += len;
      }
    }
  },
};

function state(op: Operator, ins: (Tensor | null)[], output: Tensor): ConcatState {
  let st = states.get(op);
  if (st) return st;
  const luts = ins.map((t) => (t !== null && concatNeedsRequant(t, output) ? concatRequantTable(t, output) : null));
  const any = luts.some((l) => l !== null);
  st = { luts, skip: any ? luts.map((l) => l !== null) : null };
  states.set(op, st);
  return st;
}
