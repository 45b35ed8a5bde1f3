// LOGISTIC on the GPU: float32 1 / (1 + exp(-x)); int8/uint8 through the CPU kernel's PopulateLookupTable table.
import { buildLut8, logisticF32 } from '../../cpu/kernels/shared/lut8.js';
import { logisticKernel } from '../../cpu/kernels/logistic.js';
import type { GpuKernel } from '../kernel.js';
import { floatActivationPass, lut8Pass } from './activation-common.js';

export const logisticGpuKernel: GpuKernel = {
  // The GPU runs exactly what the CPU kernel accepts: float32, and int8/uint8 with TFLite's output scale.
  check: (op, graph) => logisticKernel.check(op, graph),
  passes(op, ctx) {
    const x = ctx.graph.tensors[op.inputs[0]!]!, y = ctx.graph.tensors[op.outputs[0]!]!;
    if (x.dtype === 'float32') return [floatActivationPass(op, ctx, 'logistic_f32')];
    const dtype = x.dtype as 'int8' | 'uint8';
    const qi = x.quantization!, qo = y.quantization!;
    return [lut8Pass(op, ctx, dtype === 'int8' ? -128 : 0, () => Int32Array.from(
      buildLut8(dtype, qi.scale[0]!, qi.zeroPoint[0] ?? 0, qo.scale[0]!, qo.zeroPoint[0] ?? 0, logisticF32).table))];
  },
};
