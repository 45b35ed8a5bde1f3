// Helpers CONV_2D and DEPTHWISE_CONV_2D share: the tensors of an operator at load time, the dtype a weight
// reaches the kernel with, and narrowing run-time tensors to the typed arrays a path computes on.
import type { DType, TypedArray } from '../../../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import type { CpuTensor } from '../../kernel.js';
import { KernelError } from '../../../../errors.js';
import { legacyQuant } from './conv-quant.js';

/** The dtype a tensor reaches kernels with: folded DEQUANTIZE weights arrive expanded to float32. */
export function kernelDType(t: Tensor): DType {
  return t.dequantizeTo ?? t.dtype;
}

export interface ConvTensors {
  input: Tensor;
  filter: Tensor;
  bias: Tensor | null;
  output: Tensor;
}

/** The input/filter/(optional) bias/output tensors of a convolution, or a reason they are malformed. */
export function convTensors(op: Operator, graph: Graph): ConvTensors | string {
  if (op.inputs.length < 2 || op.inputs.length > 3) return `expected 2 or 3 inputs, got ${op.inputs.length}`;
  if (op.outputs.length !== 1) return `expected 1 output, got ${op.outputs.length}`;
  const at = (i: number | undefined): Tensor | null => (i === undefined || i < 0 ? null : graph.tensors[i] ?? null);
  const input = at(op.inputs[0]);
  const filter = at(op.inputs[1]);
  const bias = at(op.inputs[2]);
  const output = at(op.outputs[0]);
  if (!input || !filter || !output) return 'missing input, filter or output tensor';
  if (op.inputs[2] !== undefined && op.inputs[2] >= 0 && !bias) return 'bias tensor index out of range';
  if (input.shape.length !== 4) return `input must be 4-D NHWC, got rank ${input.shape.length}`;
  if (filter.shape.length !== 4) return `filter must be 4-D, got rank ${filter.shape.length}`;
  if (output.shape.length !== 4) return `output must be 4-D NHWC, got rank ${output.shape.length}`;
  return { input, filter, bias, output };
}

/** Why a quantized input/output tensor lacks the single positive scale TFLite's Prepare needs, or null. */
export function activationQuantProblem(t: Tensor, role: string): string | null {
  const q = legacyQuant(t.quantization);
  if (!t.quantization || t.quantization.scale.length !== 1) return `${t.dtype} ${role} needs one quantization scale`;
  if (!(q.scale > 0) || !Number.isFinite(q.scale)) return `${role} scale ${q.scale} must be positive`;
  return null;
}

/** The int8 kernels assume symmetric filters (TFLite ignores a filter zero point there); reject others. */
export function filterZeroPointsAllZero(t: Tensor): boolean {
  return (t.quantization?.zeroPoint ?? []).every((z) => z === 0);
}

type Ctor<T extends TypedArray> = abstract new (length: number) => T;

/** Narrows a run-time tensor to the typed array a path needs, or throws a KernelError naming it. */
export function typedData<T extends TypedArray>(op: Operator, t: CpuTensor | null | undefined, ctor: Ctor<T>, what: string): T {
  if (!t) throw new KernelError(op.opcode, op.index, `${what} tensor missing at run time`);
  const d = t.data;
  if (!(d instanceof ctor)) {
    throw new KernelError(op.opcode, op.index, `${what} holds ${d.constructor.name}, expected ${ctor.name}`);
  }
  return d;
}

/** Run-time bias (null when the optional input is omitted) with its element count checked. */
export function biasData<T extends TypedArray>(op: Operator, t: CpuTensor | null | undefined, ctor: Ctor<T>, channels: number): T | null {
  if (!t) return null;
  const d = typedData(op, t, ctor, 'bias');
  if (d.length !== channels) throw new KernelError(op.opcode, op.index, `bias has ${d.length} values for ${channels} channels`);
  return d;
}
