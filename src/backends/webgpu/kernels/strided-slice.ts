// STRIDED_SLICE on the GPU: a strided gather of 32-bit words; start/step per dim from TFLite's index arithmetic
// (planning/strided-slice-params.ts, the CPU kernel's), for constant begin/end/strides.
import { KernelError } from '../../../errors.js';
import { optionsOf } from '../../../graph/ir.js';
import { stridedSliceParams } from '../../../planning/strided-slice-params.js';
import { readInts } from '../../cpu/kernels/shared/copy-checks.js';
import { stridedSliceKernel } from '../../cpu/kernels/strided-slice.js';
import type { GpuKernel } from '../kernel.js';
import { boxPass, gpuDtypeReason, stridesOf } from './copy-box.js';

const MAX_RANK = 6;

export const stridedSliceGpuKernel: GpuKernel = {
  check(op, g) {
    const cpu = stridedSliceKernel.check(op, g);
    if (cpu !== null) return cpu;
    const dt = gpuDtypeReason(g, [op.inputs[0]!, op.outputs[0]!]);
    if (dt !== null) return dt;
    for (let k = 1; k <= 3; k++) {
      if (!g.tensors[op.inputs[k]!]!.data) return 'non-constant begin/end/strides not supported on the GPU';
    }
    // Dims the slice visits more than once are the output's non-shrunk dims, so this bounds the gather's rank.
    const outRank = g.tensors[op.outputs[0]!]!.shape.length;
    if (outRank > MAX_RANK) return `rank-${outRank} output not supported on the GPU (at most ${MAX_RANK})`;
    return null;
  },
  passes(op, ctx) {
    const input = op.inputs[0]!;
    const output = op.outputs[0]!;
    const operand = (k: number): number[] => readInts(ctx.graph.tensors[op.inputs[k]!]!.data!);
    const p = stridedSliceParams(ctx.shape(input), operand(1), operand(2), operand(3), optionsOf(op, 'stridedSlice'));
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    if (p.count.some((c) => c === 0)) return [];
    const inStrides = stridesOf(p.effectiveShape);
    let srcBase = 0;
    for (let d = 0; d < p.count.length; d++) srcBase += p.start[d]! * inStrides[d]!;
    const pass = boxPass(op, ctx, {
      counts: p.count, src: p.step.map((s, d) => s * inStrides[d]!), dst: stridesOf(p.count), srcBase, dstBase: 0,
    }, input, output);
    return pass ? [pass] : [];
  },
};
