// PACK: stacks N same-shape inputs along a new (possibly negative) axis; a dtype-generic interleaving copy.
import type { CpuKernel } from '../kernel.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { hasDynamicDims, inputAt, isMovable, outputAt, sameParams, sameShape, shapeStr } from './shared/copy-checks.js';
import { concatChunks } from './shared/copy-concat.js';
import { wordsOf, type WordArray } from './shared/copy-words.js';

/** TFLite pack.cc: a negative axis counts from the end of the rank+1 output. */
function normaliseAxis(axis: number, inputRank: number): number | null {
  const a = axis < 0 ? axis + inputRank + 1 : axis;
  return a >= 0 && a <= inputRank ? a : null;
}

export const packKernel: CpuKernel = {
  check(op, graph) {
    const { valuesCount, axis } = optionsOf(op, 'pack');
    if (valuesCount !== op.inputs.length) return `values_count ${valuesCount} but ${op.inputs.length} inputs`;
    const output = outputAt(op, graph, 0);
    if (!output) return 'missing output';
    const t0 = inputAt(op, graph, 0);
    if (!t0) return 'missing input 0';
    if (!isMovable(t0.dtype)) return `${t0.dtype} input not supported`;
    if (output.dtype !== t0.dtype) return `input dtype ${t0.dtype} differs from output dtype ${output.dtype}`;
    const a = normaliseAxis(axis, t0.shape.length);
    if (a === null) return `axis ${axis} out of range for rank-${t0.shape.length} inputs`;
    for (let i = 0; i < op.inputs.length; i++) {
      const t = inputAt(op, graph, i);
      if (!t) return `missing input ${i}`;
      if (t.dtype !== t0.dtype) return `input ${i} dtype ${t.dtype} differs from input 0 dtype ${t0.dtype}`;
      if (!hasDynamicDims(t) && !hasDynamicDims(t0) && !sameShape(t.shape, t0.shape)) {
        return `input ${i} shape ${shapeStr(t.shape)} differs from input 0 ${shapeStr(t0.shape)}`;
      }
      // TFLite pack.cc: no requantization, so every input must already be in the output's scale/zero point.
      if (!sameParams(t, output)) return `input ${i} scale/zero point differ from the output's`;
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const output = outputs[0];
    const t0 = inputs[0];
    if (!output || !t0) throw new KernelError(op.opcode, op.index, 'missing input 0 or output');
    const shape = t0.shape;
    const a = normaliseAxis(optionsOf(op, 'pack').axis, shape.length);
    if (a === null) throw new KernelError(op.opcode, op.index, 'axis out of range');
    const n = inputs.length;
    const want = [...shape.slice(0, a), n, ...shape.slice(a)];
    if (!sameShape(want, output.shape)) {
      throw new KernelError(op.opcode, op.index, `output shape ${shapeStr(output.shape)} is not ${shapeStr(want)}`);
    }
    let outer = 1, inner = 1;
    for (let d = 0; d < a; d++) outer *= shape[d];
    for (let d = a; d < shape.length; d++) inner *= shape[d];
    const srcs: WordArray[] = [];
    const chunks: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = inputs[i];
      if (!t || !sameShape(t.shape, shape)) {
        throw new KernelError(op.opcode, op.index, `input ${i} missing or not of shape ${shapeStr(shape)}`);
      }
      const w = wordsOf(t.data);
      srcs.push(w.data);
      chunks.push(inner * w.perElement);
    }
    concatChunks(wordsOf(output.data).data, srcs, chunks, outer, null);
  },
};
