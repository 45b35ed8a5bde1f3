// HARD_SWISH on the GPU: float32 x * relu6(x + 3) / 6; int8/uint8 through a table of TFLite's fixed-point kernel.
import { KernelError } from '../../../errors.js';
import { hardSwishKernel } from '../../cpu/kernels/hard-swish.js';
import { perTensorQuant } from '../../cpu/kernels/shared/unary-common.js';
import { hardSwishPrepare, hardSwishTable8 } from '../../quant-params/hard-swish.js';
import type { GpuKernel } from '../kernel.js';
import { byteTableToLut8, floatActivationPass, lut8Pass } from './activation-common.js';

export const hardSwishGpuKernel: GpuKernel = {
  check: (op, graph) => hardSwishKernel.check(op, graph),
  passes(op, ctx) {
    const x = ctx.graph.tensors[op.inputs[0]!]!, y = ctx.graph.tensors[op.outputs[0]!]!;
    if (x.dtype === 'float32') return [floatActivationPass(op, ctx, 'hard_swish_f32')];
    const dtype = x.dtype as 'int8' | 'uint8';
    const iq = perTensorQuant(x, 'input'), oq = perTensorQuant(y, 'output');
    const p = typeof iq === 'string' || typeof oq === 'string' ? 'missing quantization' : hardSwishPrepare(iq, oq);
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    const qMin = dtype === 'int8' ? -128 : 0;
    return [lut8Pass(op, ctx, qMin, () => byteTableToLut8(hardSwishTable8(dtype, p), qMin))];
  },
};
