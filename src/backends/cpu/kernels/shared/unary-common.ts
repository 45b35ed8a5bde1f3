// Load-time and run-time plumbing shared by the one-input, one-output elementwise kernels.
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import { numElements } from '../../../../graph/dtype.js';
import type { TypedArray } from '../../../../graph/dtype.js';
import type { CpuTensor, KernelContext } from '../../kernel.js';
import { KernelError } from '../../../../errors.js';

/** Typed arrays whose elements are JS numbers (everything but the 64-bit BigInt arrays). */
export type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

/** The operator's single input and output tensors, or a reason why it does not have exactly one of each. */
export function unaryTensors(op: Operator, graph: Graph): { input: Tensor; output: Tensor } | string {
  if (op.inputs.length !== 1) return `expected 1 input, got ${op.inputs.length}`;
  if (op.outputs.length !== 1) return `expected 1 output, got ${op.outputs.length}`;
  const inIdx = op.inputs[0];
  const outIdx = op.outputs[0];
  const input = inIdx === undefined || inIdx < 0 ? undefined : graph.tensors[inIdx];
  const output = outIdx === undefined || outIdx < 0 ? undefined : graph.tensors[outIdx];
  if (!input) return 'input tensor missing';
  if (!output) return 'output tensor missing';
  return { input, output };
}

export interface PerTensorQuant {
  /** The scale as the float32 TFLite stores. */
  scale: number;
  zeroPoint: number;
}

/**
 * The per-tensor quantization of `t`, or a reason: TFLite's elementwise kernels read `params.scale` /
 * `params.zero_point`, which only exist for a single scale.
 */
export function perTensorQuant(t: Tensor, role: string): PerTensorQuant | string {
  const q = t.quantization;
  if (!q || q.scale.length === 0) return `${t.dtype} ${role} has no quantization parameters`;
  if (q.scale.length !== 1) return `${role} has per-channel quantization (${q.scale.length} scales); only per-tensor is supported`;
  const scale = Math.fround(q.scale[0] ?? NaN);
  const zeroPoint = q.zeroPoint[0] ?? 0;
  if (!(scale > 0) || !Number.isFinite(scale)) return `${role} scale ${q.scale[0]} is not a positive finite number`;
  if (!Number.isInteger(zeroPoint)) return `${role} zero point ${zeroPoint} is not an integer`;
  return { scale, zeroPoint };
}

export interface UnaryRun {
  input: CpuTensor;
  output: CpuTensor;
  /** Element count shared by input and output. */
  n: number;
}

/** The run-time input/output pair, checked to hold the same number of elements. */
export function unaryRun(ctx: KernelContext): UnaryRun {
  const { op } = ctx;
  const input = ctx.inputs[0];
  const output = ctx.outputs[0];
  if (!input || !output) throw new KernelError(op.opcode, op.index, 'input or output tensor missing at run time');
  const n = numElements(input.shape);
  const m = numElements(output.shape);
  if (n !== m) throw new KernelError(op.opcode, op.index, `input has ${n} elements but output has ${m}`);
  if (input.data.length < n || output.data.length < n) {
    throw new KernelError(op.opcode, op.index, `tensor storage shorter than its ${n} elements`);
  }
  return { input, output, n };
}

/** Per-operator prepared state, computed on first run from the tensors' static facts and reused afterwards. */
export function preparedState<S>(cache: WeakMap<Operator, S>, op: Operator, make: () => S): S {
  let s = cache.get(op);
  if (s === undefined) {
    s = make();
    cache.set(op, s);
  }
  return s;
}
