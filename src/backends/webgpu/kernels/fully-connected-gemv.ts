// Batch-1..4 FULLY_CONNECTED (GEMV) passes for real GPUs, beside the tiled GEMMs of fully-connected.ts: when to use
// them, and the float (f32 / packed-half weights) and integer (int8 / uint8 / hybrid accumulator) passes.
import type { GpuCaps, GpuKernelContext, GpuPass, GpuResource } from '../kernel.js';
import { grid } from '../kernel.js';

/**
 * Most rows the GEMV handles. Each row adds one dot product per loaded weight vec4 while the weights are read once,
 * so up to a few rows the kernel stays bound by the weight reads it was made for; past that the tiled GEMM, which
 * reuses each weight across 64 rows from shared memory, wins (and the GEMV would need more accumulators).
 */
export const GEMV_MAX_ROWS = 4;
/** Invocations per GEMV workgroup (one workgroup per output unit); a power of two for the tree reduction. */
export const GEMV_WG = 128;

/** The GEMV replaces the GEMM for a few rows on real GPUs; CPU-emulated adapters keep their register-tiled GEMM. */
export function useGemv(rows: number, caps: GpuCaps): boolean {
  return !caps.preferRegisterTiling && rows >= 1 && rows <= GEMV_MAX_ROWS;
}

export interface GemvShape { rows: number; units: number; depth: number; kw: number }

/** One workgroup per unit, folded into y past the per-dimension limit (the shader linearizes wid). */
const workgroups = (s: GemvShape, ctx: GpuKernelContext): [number, number, number] => grid(s.units, 1, ctx.maxWorkgroupsPerDim);

export interface GemvFloatIo {
  x: number;
  y: number;
  /** [units padded to 8][kw * 4] weights: float32, or halves when `half`. */
  weights: GpuResource;
  half: boolean;
  bias: GpuResource;
  actMin: number;
  actMax: number;
}

/** out = act(bias + x w^T) in one pass (matmul_gemv.wgsl); always packed halves, which the GPU widens for free. */
export function gemvFloatPass(s: GemvShape, io: GemvFloatIo, ctx: GpuKernelContext): GpuPass {
  return {
    shader: 'matmul_gemv', entryPoint: 'fc_gemv',
    overrides: { WG: GEMV_WG, HALF: io.half ? 1 : 0, X_VEC4: s.depth % 4 === 0 ? 1 : 0 },
    params: { rows: s.rows, units: s.units, depth: s.depth, kw: s.kw, act_min: io.actMin, act_max: io.actMax },
    resources: {
      x_f4: { kind: 'tensor', tensor: io.x }, x_f32: { kind: 'tensor', tensor: io.x },
      w_f4: io.weights, w_h2: io.weights, bias_f32: io.bias, out_f32: { kind: 'tensor', tensor: io.y },
    },
    workgroups: workgroups(s, ctx),
  };
}

/**
 * Packed rows (scratch `xq`) x packed weights -> int32 accumulators (scratch `acc`), the drop-in for the integer
 * GEMM pass; dot4I8Packed where the adapter has it (real GPUs run it natively).
 */
export function gemvIntPass(s: GemvShape, unsigned: boolean, weights: GpuResource, ctx: GpuKernelContext, params: Record<string, number>): GpuPass {
  return {
    shader: ctx.caps.dot4 ? 'matmul_quantized_gemv_dot4' : 'matmul_quantized_gemv', entryPoint: 'fc_q_gemv',
    overrides: { WG: GEMV_WG, UNSIGNED: unsigned ? 1 : 0 },
    params,
    resources: {
      xq: { kind: 'scratch', key: 'xq', bytes: 4 * s.rows * s.kw }, wq: weights,
      acc_out: { kind: 'scratch', key: 'acc', bytes: 4 * s.rows * s.units },
    },
    workgroups: workgroups(s, ctx),
  };
}
