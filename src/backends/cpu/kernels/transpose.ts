// TRANSPOSE (rank <= 6, constant perm): dtype-generic permuted copy; output dim i is input dim perm[i].
import type { CpuKernel } from '../kernel.js';
import type { Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import {
  dataAndOutput, hasDynamicDims, inputAt, isIntIndexDtype, isQuantized, readInts, sameParams, sameShape, shapeStr,
} from './shared/copy-checks.js';
import { copyStrided } from './shared/copy-strided.js';
import { stridesOf, wordsOf } from './shared/copy-words.js';

/** TFLite's kTransposeMaxDimensions. */
const MAX_RANK = 6;

const perms = new WeakMap<Operator, number[]>();

/** Normalises negative entries (TFLite adds the rank) and validates that `raw` is a permutation of 0..rank-1. */
function normalisePerm(raw: readonly number[], rank: number): number[] | string {
  if (raw.length !== rank) return `perm has ${raw.length} entries for a rank-${rank} input`;
  const seen = new Array<boolean>(rank).fill(false);
  const perm = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const v = raw[i];
    if (!Number.isInteger(v) || v < -rank || v >= rank) return `perm entry ${v} out of range for rank ${rank}`;
    const p = v < 0 ? v + rank : v;
    if (seen[p]) return `perm [${raw.join(',')}] repeats dimension ${p}`;
    seen[p] = true;
    perm[i] = p;
  }
  return perm;
}

export const transposeKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const rank = io.input.shape.length;
    if (rank > MAX_RANK) return `rank-${rank} input not supported (at most ${MAX_RANK})`;
    const permT = inputAt(op, graph, 1);
    if (!permT) return 'missing perm input';
    if (!isIntIndexDtype(permT.dtype)) return `${permT.dtype} perm operand not supported`;
    if (!permT.data) return 'non-constant perm not supported';
    const perm = normalisePerm(readInts(permT.data), rank);
    if (typeof perm === 'string') return perm;
    const { input, output } = io;
    // TFLite transpose.cc refuses quantized types whose input and output params differ.
    const q = input.dtype === 'int8' || input.dtype === 'uint8' || input.dtype === 'int16';
    if (q && (isQuantized(input) || isQuantized(output)) && !sameParams(input, output)) {
      return `quantized ${input.dtype} input and output have different scale/zero point`;
    }
    if (!hasDynamicDims(input) && !hasDynamicDims(output)) {
      const want = perm.map((p) => input.shape[p]);
      if (!sameShape(output.shape, want)) {
        return `model output shape ${shapeStr(output.shape)} is not the permuted input shape ${shapeStr(want)}`;
      }
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const input = inputs[0];
    const permT = inputs[1];
    const output = outputs[0];
    if (!input || !permT || !output) throw new KernelError(op.opcode, op.index, 'missing input, perm or output');
    let perm = perms.get(op);
    if (!perm) {
      const p = normalisePerm(readInts(permT.data), input.shape.length);
      if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
      perm = p;
      perms.set(op, perm);
    }
    const rank = input.shape.length;
    if (perm.length !== rank) throw new KernelError(op.opcode, op.index, `perm has ${perm.length} entries for a rank-${rank} input`);
    const inStrides = stridesOf(input.shape);
    const counts = new Array<number>(rank);
    const srcStrides = new Array<number>(rank);
    for (let i = 0; i < rank; i++) {
      counts[i] = input.shape[perm[i]];
      srcStrides[i] = inStrides[perm[i]];
      if (output.shape[i] !== counts[i]) {
        throw new KernelError(op.opcode, op.index,
          `output shape ${shapeStr(output.shape)} is not input ${shapeStr(input.shape)} permuted by [${perm.join(',')}]`);
      }
    }
    const src = wordsOf(input.data);
    const dst = wordsOf(output.data);
    if (src.perElement > 1) {
      for (let i = 0; i < rank; i++) srcStrides[i] *= src.perElement;
      srcStrides.push(1);
      counts.push(src.perElement);
    }
    copyStrided(src.data, 0, srcStrides, dst.data, 0, stridesOf(counts), counts);
  },
};
