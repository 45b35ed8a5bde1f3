// PAD / PADV2 on the GPU (rank <= 6, constant paddings): a gather of 32-bit words with the pad value outside the
// input; the value is PADV2's operand, the output zero point for TFLite's quantized pads, or 0.
import { KernelError } from '../../../errors.js';
import { readInts } from '../../cpu/kernels/shared/copy-checks.js';
import { padKernel } from '../../cpu/kernels/pad.js';
import { defaultPadValue } from '../../quant-params/pad.js';
import type { GpuKernel, GpuResource } from '../kernel.js';
import { gpuDtypeReason, padPass } from './copy-box.js';

const MAX_RANK = 6;

export const padGpuKernel: GpuKernel = {
  check(op, g) {
    const cpu = padKernel.check(op, g);
    if (cpu !== null) return cpu;
    const dt = gpuDtypeReason(g, [op.inputs[0]!, op.outputs[0]!, op.inputs[2] ?? -1]);
    if (dt !== null) return dt;
    const rank = g.tensors[op.inputs[0]!]!.shape.length;
    if (rank > MAX_RANK) return `rank-${rank} input not supported on the GPU (at most ${MAX_RANK})`;
    return null;
  },
  passes(op, ctx) {
    const g = ctx.graph;
    const [input, pads] = op.inputs as [number, number];
    const valueT = op.inputs[2];
    const output = op.outputs[0]!;
    const data = g.tensors[pads]!.data;
    if (!data) throw new KernelError(op.opcode, op.index, 'non-constant paddings');
    const p = readInts(data);
    const inShape = ctx.shape(input);
    const before = inShape.map((_, d) => p[2 * d]!);
    let value: GpuResource;
    if (valueT !== undefined && valueT >= 0) {
      value = { kind: 'tensor', tensor: valueT };
    } else {
      // Integer tensors hold one i32 per element on the GPU; float32 pads with +0.
      const v = defaultPadValue(g.tensors[input]!, g.tensors[output]!);
      value = { kind: 'const', key: `pad-value:i32:${v}`, data: () => Int32Array.of(v) };
    }
    const pass = padPass(op, ctx, inShape, ctx.shape(output), before, input, output, value);
    return pass ? [pass] : [];
  },
};
