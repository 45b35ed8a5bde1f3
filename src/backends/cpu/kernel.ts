// The CPU kernel contract: a kernel checks at load whether it supports an operator, then computes it on
// typed arrays whose shapes the planner already inferred and whose storage the memory plan already assigned.
import type { TypedArray } from '../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../graph/ir.js';

/** A tensor at run time: the IR's static facts plus the concrete shape and data of this inference. */
export interface CpuTensor {
  readonly info: Tensor;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

export interface KernelContext {
  readonly op: Operator;
  /** null where the operator omits an optional input (index -1). */
  readonly inputs: readonly (CpuTensor | null)[];
  readonly outputs: readonly CpuTensor[];
}

export interface CpuKernel {
  /**
   * Load-time check against the graph's static facts (dtypes, quantization, options, constant-ness).
   * Returns null when supported, else a short reason such as "int16 input not supported".
   */
  check(op: Operator, graph: Graph): string | null;
  /** Computes the outputs. Output arrays are preallocated (and may hold stale data from earlier steps). */
  run(ctx: KernelContext): void;
}
