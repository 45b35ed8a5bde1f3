// CAST on the GPU between float32 and the integer types and bool, as the CPU kernel (cast.cc on x86): saturating
// float32 -> int32/int16/uint8, truncating float32 -> int8/uint16, wrapping int -> int, nearest-even int -> float32.
import type { DType } from '../../../graph/dtype.js';
import { KernelError } from '../../../errors.js';
import { castKernel } from '../../cpu/kernels/cast.js';
import type { GpuKernel, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const WG = 64;
/** TARGET codes of shaders/quantize.wgsl's cast entry points. */
const TARGET: Partial<Record<DType, number>> = { float32: 0, bool: 1, int32: 2, int16: 3, uint8: 4, int8: 5, uint16: 6 };

export const castGpuKernel: GpuKernel = {
  check(op, g) {
    const cpu = castKernel.check(op, g);
    if (cpu !== null) return cpu;
    const src = g.tensors[op.inputs[0]!]!.dtype, dst = g.tensors[op.outputs[0]!]!.dtype;
    if (TARGET[src] === undefined) return `${src} input not supported on the GPU`;
    if (TARGET[dst] === undefined) return `${dst} output not supported on the GPU`;
    return null;
  },
  passes(op, ctx): GpuPass[] {
    const input = op.inputs[0]!, output = op.outputs[0]!;
    const src = ctx.graph.tensors[input]!.dtype, dst = ctx.graph.tensors[output]!.dtype;
    const target = TARGET[dst];
    if (target === undefined || TARGET[src] === undefined) throw new KernelError(op.opcode, op.index, `cast ${src} -> ${dst}`);
    const n = ctx.shape(output).reduce((a, b) => a * b, 1);
    if (n === 0) return [];
    const fromFloat = src === 'float32';
    return [{
      shader: 'quantize', entryPoint: fromFloat ? 'cast_from_f32' : 'cast_from_int',
      overrides: fromFloat ? { WG, TARGET: target } : { WG, TARGET: target, SRC_BOOL: src === 'bool' ? 1 : 0 },
      params: { n, s_mant: 0, s_exp: 0, in_zp: 0, out_zp: 0, mult: 0, shift: 0, q_min: 0, q_max: 0, scale: 0, inner: 1, channels: 1 },
      resources: { [fromFloat ? 'x_bits' : 'x_int']: { kind: 'tensor', tensor: input }, out_bits: { kind: 'tensor', tensor: output } },
      workgroups: grid(n, WG, ctx.maxWorkgroupsPerDim),
    }];
  },
};
