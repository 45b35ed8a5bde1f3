// TRANSPOSE on the GPU (rank <= 6, constant perm): a strided gather of 32-bit words; output dim i is input dim perm[i].
import { KernelError } from '../../../errors.js';
import { readInts } from '../../cpu/kernels/shared/copy-checks.js';
import { transposeKernel } from '../../cpu/kernels/transpose.js';
import type { GpuKernel } from '../kernel.js';
import { boxPass, gpuDtypeReason, stridesOf } from './copy-box.js';

export const transposeGpuKernel: GpuKernel = {
  check(op, g) {
    return transposeKernel.check(op, g) ?? gpuDtypeReason(g, [op.inputs[0]!, op.outputs[0]!]);
  },
  passes(op, ctx) {
    const [input, permT] = op.inputs as [number, number];
    const output = op.outputs[0]!;
    const data = ctx.graph.tensors[permT]!.data;
    if (!data) throw new KernelError(op.opcode, op.index, 'non-constant perm');
    const inShape = ctx.shape(input);
    const rank = inShape.length;
    // Negative entries count from the end, as TFLite normalises them (the CPU check validated the permutation).
    const perm = readInts(data).map((p) => (p < 0 ? p + rank : p));
    const inStrides = stridesOf(inShape);
    const counts = perm.map((p) => inShape[p]!);
    const pass = boxPass(op, ctx, { counts, src: perm.map((p) => inStrides[p]!), dst: stridesOf(counts), srcBase: 0, dstBase: 0 }, input, output);
    return pass ? [pass] : [];
  },
};
