// TANH on the GPU: float32 tanh; int8/uint8 through the CPU kernel's PopulateLookupTable table.
import { buildLut8, tanhF32 } from '../../cpu/kernels/shared/lut8.js';
import { tanhKernel } from '../../cpu/kernels/tanh.js';
import type { GpuKernel } from '../kernel.js';
import { floatActivationPass, lut8Pass } from './activation-common.js';

export const tanhGpuKernel: GpuKernel = {
  check: (op, graph) => tanhKernel.check(op, graph),
  passes(op, ctx) {
    const x = ctx.graph.tensors[op.inputs[0]!]!, y = ctx.graph.tensors[op.outputs[0]!]!;
    if (x.dtype === 'float32') return [floatActivationPass(op, ctx, 'tanh_f32')];
    const dtype = x.dtype as 'int8' | 'uint8';
    const qi = x.quantization!, qo = y.quantization!;
    return [lut8Pass(op, ctx, dtype === 'int8' ? -128 : 0, () => Int32Array.from(
      buildLut8(dtype, qi.scale[0]!, qi.zeroPoint[0] ?? 0, qo.scale[0]!, qo.zeroPoint[0] ?? 0, tanhF32).table))];
  },
};
