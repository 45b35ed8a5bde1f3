// Pass builders shared by the elementwise activation kernels (shaders/activation.wgsl): a float32 entry point,
// a 256-entry lookup table for 8-bit integers, or int32 requantization for wider integers.
import type { Operator } from '../../../graph/ir.js';
import { numElements } from '../../../graph/dtype.js';
import type { GpuKernelContext, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const WG = 64;

const NO_QUANT = { q_min: 0, q_max: 0, in_zero_point: 0, out_zero_point: 0, mult: 0, shift: 0 };

function io(op: Operator, ctx: GpuKernelContext) {
  const x = op.inputs[0]!, y = op.outputs[0]!;
  const n = numElements(ctx.shape(x));
  return { x, y, n, workgroups: grid(n, WG, ctx.maxWorkgroupsPerDim) };
}

/** The float32 pass of an activation: `entryPoint` is relu_f32, relu6_f32, logistic_f32, tanh_f32 or hard_swish_f32. */
export function floatActivationPass(op: Operator, ctx: GpuKernelContext, entryPoint: string): GpuPass {
  const { x, y, n, workgroups } = io(op, ctx);
  return {
    shader: 'activation', entryPoint, overrides: { WG }, params: { n, ...NO_QUANT },
    resources: { x_f32: { kind: 'tensor', tensor: x }, y_f32: { kind: 'tensor', tensor: y } },
    workgroups,
  };
}

/**
 * The 8-bit lookup pass: `table()` gives the output for input value qMin + i at index i (computed on the host
 * by the CPU kernel's own code, so it is exact by construction); it is uploaded once per operator.
 */
export function lut8Pass(op: Operator, ctx: GpuKernelContext, qMin: number, table: () => Int32Array): GpuPass {
  const { x, y, n, workgroups } = io(op, ctx);
  return {
    shader: 'activation', entryPoint: 'lut8', overrides: { WG }, params: { n, ...NO_QUANT, q_min: qMin },
    resources: {
      x_q: { kind: 'tensor', tensor: x }, y_q: { kind: 'tensor', tensor: y },
      table: { kind: 'const', key: `${op.opcode}#${op.index}:lut8`, data: table },
    },
    workgroups,
  };
}

/** Reorders a table indexed by the input byte (x & 0xff) into one indexed by x - qMin. */
export function byteTableToLut8(byteTable: ArrayLike<number>, qMin: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) t[i] = byteTable[(qMin + i) & 0xff]!;
  return t;
}

export interface RequantI32 {
  inZeroPoint: number; outZeroPoint: number; multiplier: number; shift: number; lo: number; hi: number;
}

/** int16 (and other wide integer) requantization with clamping, exact in 32-bit WGSL. */
export function requantI32Pass(op: Operator, ctx: GpuKernelContext, p: RequantI32): GpuPass {
  const { x, y, n, workgroups } = io(op, ctx);
  return {
    shader: 'activation', entryPoint: 'requant_i32', overrides: { WG },
    params: { n, q_min: p.lo, q_max: p.hi, in_zero_point: p.inZeroPoint, out_zero_point: p.outZeroPoint, mult: p.multiplier, shift: p.shift },
    resources: { x_q: { kind: 'tensor', tensor: x }, y_q: { kind: 'tensor', tensor: y } },
    workgroups,
  };
}
