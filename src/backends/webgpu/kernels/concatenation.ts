// CONCATENATION on the GPU: one pass per input writes its slab into the output (uint8 inputs with other params go
// through the CPU kernel's ConcatenationWithScaling table, uploaded once).
import { KernelError } from '../../../errors.js';
import { optionsOf } from '../../../graph/ir.js';
import { concatenationKernel } from '../../cpu/kernels/concatenation.js';
import { concatNeedsRequant, concatRequantTable } from '../../quant-params/concatenation.js';
import type { GpuKernel, GpuPass } from '../kernel.js';
import { boxPass, gpuDtypeReason } from './copy-box.js';

export const concatenationGpuKernel: GpuKernel = {
  check(op, g) {
    return concatenationKernel.check(op, g) ?? gpuDtypeReason(g, [...op.inputs, ...op.outputs]);
  },
  passes(op, ctx) {
    const g = ctx.graph;
    const output = op.outputs[0]!;
    const outShape = ctx.shape(output);
    const inRank = ctx.shape(op.inputs[0]!).length;
    const axis0 = optionsOf(op, 'concatenation').axis;
    const axis = axis0 < 0 ? axis0 + inRank : axis0;
    // Rank-0 inputs concatenate into a vector, one element each.
    let outer = 1, inner = 1;
    if (inRank > 0) {
      if (axis < 0 || axis >= inRank) throw new KernelError(op.opcode, op.index, `axis ${axis0} out of range for rank ${inRank}`);
      for (let d = 0; d < axis; d++) outer *= outShape[d]!;
      for (let d = axis + 1; d < inRank; d++) inner *= outShape[d]!;
    }
    const outChunk = inRank > 0 ? outShape[axis]! * inner : outShape.reduce((a, b) => a * b, 1);
    const passes: GpuPass[] = [];
    let offset = 0;
    op.inputs.forEach((t, i) => {
      const chunk = (inRank > 0 ? ctx.shape(t)[axis]! : 1) * inner;
      const info = g.tensors[t]!;
      const out = g.tensors[output]!;
      const lut = concatNeedsRequant(info, out)
        ? { kind: 'const' as const, key: `concat-lut:${op.index}:${i}`, data: () => Uint32Array.from(concatRequantTable(info, out)) }
        : undefined;
      const pass = boxPass(op, ctx, { counts: [outer, chunk], src: [chunk, 1], dst: [outChunk, 1], srcBase: 0, dstBase: offset }, t, output, lut);
      if (pass) passes.push(pass);
      offset += chunk;
    });
    if (offset !== outChunk) throw new KernelError(op.opcode, op.index, `inputs sum to ${offset / Math.max(inner, 1)} along the axis, the output has ${outChunk / Math.max(inner, 1)}`);
    return passes;
  },
};
