// RELU / RELU6 on the GPU: float32 clamps, 8-bit through the CPU kernel's requantization table, int16 by
// requantizing in WGSL with the same constants (activations.cc QuantizedReluX).
import type { Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { checkReluX } from '../../cpu/kernels/shared/unary-relux.js';
import { perTensorQuant } from '../../cpu/kernels/shared/unary-common.js';
import { requantTable8 } from '../../cpu/kernels/shared/unary-requant.js';
import { reluXRequantParams, type ReluKind } from '../../quant-params/relux.js';
import type { GpuKernel, GpuKernelContext, GpuPass } from '../kernel.js';
import { byteTableToLut8, floatActivationPass, lut8Pass, requantI32Pass } from './activation-common.js';

function params(op: Operator, ctx: GpuKernelContext, kind: ReluKind) {
  const x = ctx.graph.tensors[op.inputs[0]!]!, y = ctx.graph.tensors[op.outputs[0]!]!;
  const iq = perTensorQuant(x, 'input'), oq = perTensorQuant(y, 'output');
  if (typeof iq === 'string' || typeof oq === 'string') throw new KernelError(op.opcode, op.index, typeof iq === 'string' ? iq : oq as string);
  return reluXRequantParams(kind, x.dtype as 'int8' | 'uint8' | 'int16', iq, oq);
}

export function makeReluKernel(kind: ReluKind): GpuKernel {
  return {
    check: (op, graph) => checkReluX(op, graph),
    passes(op, ctx): GpuPass[] {
      const dtype = ctx.graph.tensors[op.inputs[0]!]!.dtype;
      if (dtype === 'float32') return [floatActivationPass(op, ctx, kind === 'RELU' ? 'relu_f32' : 'relu6_f32')];
      const p = params(op, ctx, kind);
      if (dtype === 'int16') return [requantI32Pass(op, ctx, p)];
      const qMin = dtype === 'int8' ? -128 : 0;
      return [lut8Pass(op, ctx, qMin, () => byteTableToLut8(requantTable8(dtype === 'int8', p), qMin))];
    },
  };
}
