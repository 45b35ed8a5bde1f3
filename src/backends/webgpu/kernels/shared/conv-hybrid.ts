// The first two passes of a hybrid (float input, int8 filter) convolution on the GPU: per-batch range and
// quantization parameters, then the input quantized into scratch (one i32 per element) for the integer pass.
import { KernelError } from '../../../../errors.js';
import type { Operator } from '../../../../graph/ir.js';
import type { GpuKernelContext, GpuPass, GpuResource } from '../../kernel.js';
import { grid } from '../../kernel.js';

const WG = 64;

export interface HybridInput {
  passes: GpuPass[];
  /** The quantized input (scratch, one i32 per element). */
  quantized: GpuResource;
  /** Per batch: ConvBatchQuant {scale, inv, offset, factor} (scratch). */
  batchQuant: GpuResource;
}

/**
 * `symmetric`: SymmetricQuantizeFloats (CONV_2D's EvalHybrid, per-tensor filter scale `filterScale` folded into
 * each batch's factor); else AsymmetricQuantizeFloats (the per-channel paths).
 */
export function hybridInputPasses(op: Operator, ctx: GpuKernelContext, symmetric: boolean, filterScale: number): HybridInput {
  const input = op.inputs[0]!;
  const shape = ctx.shape(input);
  const batch = shape[0]!;
  const total = shape.reduce((a, b) => a * b, 1);
  if (batch > ctx.maxWorkgroupsPerDim) throw new KernelError(op.opcode, op.index, `batch ${batch} exceeds the workgroup limit`);
  const quantized: GpuResource = { kind: 'scratch', key: 'hybrid-q', bytes: 4 * total };
  const batchQuant: GpuResource = { kind: 'scratch', key: 'hybrid-bq', bytes: 16 * batch };
  const params = { per_batch: batch > 0 ? total / batch : 0, total, filter_scale: filterScale, opaque_zero: 0 };
  const SYMMETRIC = symmetric ? 1 : 0;
  return {
    quantized, batchQuant,
    passes: [
      {
        shader: 'conv_hybrid_quantize', entryPoint: 'hybrid_range', overrides: { SYMMETRIC }, params,
        resources: { in_f: { kind: 'tensor', tensor: input }, bq_out: batchQuant }, workgroups: [Math.max(1, batch), 1, 1],
      },
      {
        shader: 'conv_hybrid_quantize', entryPoint: 'hybrid_quantize', overrides: { SYMMETRIC, WG }, params,
        resources: { in_f: { kind: 'tensor', tensor: input }, bq: batchQuant, q_out: quantized },
        workgroups: grid(total, WG, ctx.maxWorkgroupsPerDim),
      },
    ],
  };
}
