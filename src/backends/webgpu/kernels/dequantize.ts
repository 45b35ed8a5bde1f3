// DEQUANTIZE on the GPU: int8/uint8/int16 -> float32 as scale * (q - zp), per tensor or per channel, bit-identical
// to the CPU (one correctly rounded f32 product equals the CPU's exact double product rounded to float32).
import type { Graph, Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { dequantizeKernel } from '../../cpu/kernels/dequantize.js';
import type { GpuKernel, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const WG = 64;
/** |q - zp| stays below 2^17, so f32(q - zp) is exact. */
const MAX_ZERO_POINT = 65536;
/** Scales keeping every product normal and finite: GPUs may flush subnormals, and overflow is not specified. */
const MIN_SCALE = 2 ** -126;
const MAX_SCALE = 2 ** 100;

function reason(op: Operator, g: Graph): string | null {
  const input = g.tensors[op.inputs[0]!]!;
  if (input.dtype !== 'int8' && input.dtype !== 'uint8' && input.dtype !== 'int16') {
    return `${input.dtype} input not supported on the GPU (int8, uint8, int16)`;
  }
  const q = input.quantization!;
  for (const s of q.scale) {
    const f = Math.fround(s);
    if (f < MIN_SCALE || f > MAX_SCALE) return `scale ${s} outside [2^-126, 2^100] not supported on the GPU`;
  }
  for (const z of q.zeroPoint) if (Math.abs(z) > MAX_ZERO_POINT) return `zero point ${z} beyond ±${MAX_ZERO_POINT} not supported on the GPU`;
  return null;
}

export const dequantizeGpuKernel: GpuKernel = {
  check(op, g) {
    return dequantizeKernel.check(op, g) ?? reason(op, g);
  },
  passes(op, ctx): GpuPass[] {
    const input = op.inputs[0]!, output = op.outputs[0]!;
    const info = ctx.graph.tensors[input]!;
    const q = info.quantization;
    if (!q) throw new KernelError(op.opcode, op.index, 'input has no quantization');
    const shape = ctx.shape(input);
    const n = shape.reduce((a, b) => a * b, 1);
    if (n === 0) return [];
    const base = { n, s_mant: 0, s_exp: 0, in_zp: 0, out_zp: 0, mult: 0, shift: 0, q_min: 0, q_max: 0, scale: 0, inner: 1, channels: 1 };
    const workgroups = grid(n, WG, ctx.maxWorkgroupsPerDim);
    if (q.scale.length === 1) {
      return [{
        shader: 'quantize', entryPoint: 'dequantize', overrides: { WG },
        params: { ...base, scale: Math.fround(q.scale[0]!), in_zp: q.zeroPoint[0] ?? 0 },
        resources: { x_int: { kind: 'tensor', tensor: input }, out_f32: { kind: 'tensor', tensor: output } },
        workgroups,
      }];
    }
    const dim = q.quantizedDimension;
    const channels = shape[dim]!;
    if (channels !== q.scale.length) throw new KernelError(op.opcode, op.index, `${q.scale.length} scales for a dimension of size ${channels}`);
    const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return [{
      shader: 'quantize', entryPoint: 'dequantize_channel', overrides: { WG },
      params: { ...base, inner, channels },
      resources: {
        x_int: { kind: 'tensor', tensor: input }, out_f32: { kind: 'tensor', tensor: output },
        ch_scale: { kind: 'const', key: `dequantize-scales:${op.index}`, data: () => Float32Array.from(q.scale) },
        ch_zp: { kind: 'const', key: `dequantize-zps:${op.index}`, data: () => Int32Array.from(q.zeroPoint) },
      },
      workgroups,
    }];
  },
};
