// QUANTIZE on the GPU: float32 -> int8/uint8/int16 by an exact integer round-half-away division (identical to the
// CPU's double division for every input), and int -> int Requantize with TFLite's fixed-point multiplier.
import type { Graph, Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { intRange, type IntDType } from '../../cpu/quant/activation.js';
import { quantizeKernel } from '../../cpu/kernels/quantize.js';
import { perTensorQuant } from '../../cpu/kernels/shared/unary-common.js';
import { float32Parts, quantizeRequantParams } from '../../quant-params/quantize.js';
import type { GpuKernel, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';
import { gpuDtypeReason } from './copy-box.js';

const WG = 64;
/** The shader caps |round(x / scale)| at 2^17; zero points within 2^16 keep that cap saturating every range. */
const MAX_ZERO_POINT = 65536;

const ZERO = { s_mant: 0, s_exp: 0, in_zp: 0, out_zp: 0, mult: 0, shift: 0, q_min: 0, q_max: 0, scale: 0, inner: 1, channels: 1 };

function plan(op: Operator, g: Graph): { entry: 'quantize_f32' | 'requantize'; params: Record<string, number> } | string {
  const input = g.tensors[op.inputs[0]!]!, output = g.tensors[op.outputs[0]!]!;
  const outQ = perTensorQuant(output, 'output');
  if (typeof outQ === 'string') return outQ;
  const [lo, hi] = intRange(output.dtype as IntDType);
  if (input.dtype === 'float32') {
    if (Math.abs(outQ.zeroPoint) > MAX_ZERO_POINT) return `output zero point ${outQ.zeroPoint} beyond ±${MAX_ZERO_POINT} not supported on the GPU`;
    const s = float32Parts(outQ.scale);
    return { entry: 'quantize_f32', params: { ...ZERO, s_mant: s.mant, s_exp: s.exp, out_zp: outQ.zeroPoint, q_min: lo, q_max: hi } };
  }
  const inQ = perTensorQuant(input, 'input');
  if (typeof inQ === 'string') return inQ;
  const r = quantizeRequantParams(inQ, outQ, output.dtype as IntDType);
  // A scale ratio of 2^31 or more would shift an int32 by 32 bits or more (undefined in C++).
  if (r.shift > 31) return `input/output scale ratio ${inQ.scale / outQ.scale} too large`;
  return {
    entry: 'requantize',
    params: { ...ZERO, in_zp: r.inZeroPoint, out_zp: r.outZeroPoint, mult: r.multiplier, shift: r.shift, q_min: r.lo, q_max: r.hi },
  };
}

export const quantizeGpuKernel: GpuKernel = {
  check(op, g) {
    const cpu = quantizeKernel.check(op, g);
    if (cpu !== null) return cpu;
    const dt = gpuDtypeReason(g, [op.inputs[0]!, op.outputs[0]!]);
    if (dt !== null) return dt;
    const p = plan(op, g);
    return typeof p === 'string' ? p : null;
  },
  passes(op, ctx): GpuPass[] {
    const p = plan(op, ctx.graph);
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    const input = op.inputs[0]!, output = op.outputs[0]!;
    const n = ctx.shape(output).reduce((a, b) => a * b, 1);
    if (n === 0) return [];
    return [{
      shader: 'quantize', entryPoint: p.entry, overrides: { WG }, params: { ...p.params, n },
      resources: { [p.entry === 'quantize_f32' ? 'x_bits' : 'x_int']: { kind: 'tensor', tensor: input }, out_int: { kind: 'tensor', tensor: output } },
      workgroups: grid(n, WG, ctx.maxWorkgroupsPerDim),
    }];
  },
};
