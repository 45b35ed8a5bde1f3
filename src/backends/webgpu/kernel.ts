// The WebGPU kernel contract: a kernel checks an operator at load, then describes its compute passes (shader,
// entry point, override constants, uniform values, resources by WGSL variable name, workgroup counts). The
// backend owns buffers, pipelines and bind groups.
import type { Graph, Operator } from '../../graph/ir.js';

export interface GpuCaps {
  /** Adapter has shader-f16 and the device was opened with it. */
  f16: boolean;
  /** WGSL language feature packed_4x8_integer_dot_product (dot4I8Packed, unpack4xI8). */
  dot4: boolean;
  /** 'fp16' stores float weights as fp16 (and computes in f16 where `f16`). */
  precision: 'fp32' | 'fp16';
  /**
   * CPU-emulated adapters (SwiftShader, lavapipe) run workgroup-shared-memory kernels 4-20x slower than
   * register-blocked ones; kernels with both variants pick by this.
   */
  preferRegisterTiling: boolean;
}

/**
 * Where a pass's WGSL variable gets its buffer:
 * - tensor: an activation of the plan (float32 as f32, every integer type as one i32 per element);
 * - const: data uploaded once per model and cached under `key` (packed weights, lookup tables, multipliers);
 * - scratch: a temporary buffer of this plan, shared between passes of the same operator under `key`.
 */
export type GpuResource =
  | { kind: 'tensor'; tensor: number }
  | { kind: 'const'; key: string; data: () => ArrayBufferView }
  | { kind: 'scratch'; key: string; bytes: number };

export interface GpuPass {
  shader: string;
  entryPoint: string;
  /** Pipeline-overridable constants: compile-time facts only (they are part of the pipeline cache key). */
  overrides?: Record<string, number>;
  /** Values of the `params` uniform struct, by field name; shapes and quantization constants go here. */
  params?: Record<string, number>;
  resources: Record<string, GpuResource>;
  workgroups: [number, number, number];
}

export interface GpuKernelContext {
  graph: Graph;
  /** Planned shape of a tensor (inputs, outputs, constants). */
  shape(tensor: number): readonly number[];
  caps: GpuCaps;
  maxWorkgroupsPerDim: number;
}

export interface GpuKernel {
  /** null when the GPU can run `op`, else a short reason (the op then runs on the CPU inside the GPU plan). */
  check(op: Operator, graph: Graph, caps: GpuCaps): string | null;
  passes(op: Operator, ctx: GpuKernelContext): GpuPass[];
}

/** Workgroup counts for `n` invocations of `wg` threads, folded into y when x would exceed the limit. */
export function grid(n: number, wg: number, maxPerDim: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(n / wg));
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}
