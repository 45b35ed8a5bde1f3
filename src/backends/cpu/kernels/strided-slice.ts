// STRIDED_SLICE: dtype-generic strided gather; index arithmetic in planning/strided-slice-params.ts (TFLite's exactly).
import type { CpuKernel, CpuTensor } from '../kernel.js';
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { stridedSliceParams, type StridedSliceParams } from '../../../planning/strided-slice-params.js';
import {
  dataAndOutput, hasDynamicDims, inputAt, isIntIndexDtype, readInts, sameShape, shapeStr,
} from './shared/copy-checks.js';
import { copyStrided } from './shared/copy-strided.js';
import { stridesOf, wordsOf } from './shared/copy-words.js';

const OPERANDS = ['begin', 'end', 'strides'] as const;

/** Params for constant begin/end/strides, keyed by the input shape they were resolved for. */
const cache = new WeakMap<Operator, { key: string; params: StridedSliceParams }>();

export const stridedSliceKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const masks = optionsOf(op, 'stridedSlice');
    const values: number[][] = [];
    let allConstant = true;
    for (let k = 0; k < 3; k++) {
      const t = inputAt(op, graph, k + 1);
      if (!t) return `missing ${OPERANDS[k]} input`;
      if (!isIntIndexDtype(t.dtype)) return `${t.dtype} ${OPERANDS[k]} operand not supported`;
      if (t.shape.length !== 1) return `${OPERANDS[k]} operand must be 1-D, got shape ${shapeStr(t.shape)}`;
      if (t.data) values.push(readInts(t.data));
      else allConstant = false;
    }
    if ((masks.ellipsisMask & (masks.ellipsisMask - 1)) !== 0) return `ellipsis_mask ${masks.ellipsisMask} has more than one bit set`;
    if (allConstant && !hasDynamicDims(io.input)) {
      // Resolve now so out-of-range shrinks and inconsistent shapes fail at load, not mid-inference.
      const p = stridedSliceParams(io.input.shape, values[0], values[1], values[2], masks);
      if (typeof p === 'string') return p;
      if (!hasDynamicDims(io.output) && !sameShape(p.outputShape, io.output.shape)) {
        return `model output shape ${shapeStr(io.output.shape)} differs from the slice's ${shapeStr(p.outputShape)}`;
      }
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const input = inputs[0];
    const output = outputs[0];
    if (!input || !output) throw new KernelError(op.opcode, op.index, 'missing input or output');
    const p = resolve(op, input, inputs[1], inputs[2], inputs[3]);
    if (!sameShape(p.outputShape, output.shape)) {
      throw new KernelError(op.opcode, op.index,
        `slice output shape ${shapeStr(p.outputShape)} differs from the planned ${shapeStr(output.shape)}`);
    }
    const src = wordsOf(input.data);
    const dst = wordsOf(output.data);
    const rank = p.effectiveShape.length;
    const inStrides = stridesOf(p.effectiveShape);
    let base = 0;
    const srcStrides: number[] = [];
    for (let d = 0; d < rank; d++) {
      if (p.count[d] === 0) return;
      base += p.start[d] * inStrides[d];
      srcStrides.push(p.step[d] * inStrides[d]);
    }
    const counts = p.count.slice();
    const per = src.perElement;
    if (per > 1) {
      for (let d = 0; d < rank; d++) srcStrides[d] *= per;
      srcStrides.push(1);
      counts.push(per);
      base *= per;
    }
    copyStrided(src.data, base, srcStrides, dst.data, 0, stridesOf(counts), counts);
  },
};

function resolve(
  op: Operator, input: CpuTensor, begin: CpuTensor | null | undefined, end: CpuTensor | null | undefined,
  strides: CpuTensor | null | undefined,
): StridedSliceParams {
  if (!begin || !end || !strides) throw new KernelError(op.opcode, op.index, 'missing begin/end/strides input');
  const constant = begin.info.data !== null && end.info.data !== null && strides.info.data !== null;
  const key = input.shape.join(',');
  if (constant) {
    const hit = cache.get(op);
    if (hit && hit.key === key) return hit.params;
  }
  const p = stridedSliceParams(input.shape, readInts(begin.data), readInts(end.data), readInts(strides.data),
    optionsOf(op, 'stridedSlice'));
  if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
  if (constant) cache.set(op, { key, params: p });
  return p;
}
