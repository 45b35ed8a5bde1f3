// Helpers CONV_2D and DEPTHWISE_CONV_2D share: the tensors of an operator at load time, the dtype a weight
// reaches the kernel with, narrowing run-time tensors to the typed arrays a path computes on, the integer
// filter as floats, and the run-time shape checks.
import type { DType, TypedArray } from '../../../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import type { CpuTensor, KernelContext } from '../../kernel.js';
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

/** The operator's tensors as the run-time context carries them (the load-time facts of each CpuTensor). */
export function contextTensors(ctx: KernelContext): ConvTensors {
  const { op } = ctx;
  const input = ctx.inputs[0]?.info;
  const filter = ctx.inputs[1]?.info;
  const output = ctx.outputs[0]?.info;
  if (!input || !filter || !output) throw new KernelError(op.opcode, op.index, 'missing input, filter or output');
  return { input, filter, bias: ctx.inputs[2]?.info ?? null, output };
}

/** What intFilterWeights caches on a kernel's state. */
export interface IntWeightCache {
  path: string;
  weights: Float32Array | null;
  weightsConstant: boolean;
}

/**
 * The filter of an integer path as exact float32 values with the uint8 filter offset folded in (float32 keeps
 * the inner loops on one array type for every path), cached on `st` when the filter is constant.
 */
export function intFilterWeights(st: IntWeightCache, ctx: KernelContext): Float32Array {
  if (st.weights && st.weightsConstant) return st.weights;
  const { op } = ctx;
  const f = ctx.inputs[1];
  let w = st.weights;
  if (st.path === 'uint8') {
    const src = typedData(op, f, Uint8Array, 'filter');
    w ??= new Float32Array(src.length);
    const off = -legacyQuant(f?.info.quantization ?? null).zeroPoint;
    for (let i = 0; i < src.length; i++) w[i] = src[i]! + off;
  } else {
    const src = typedData(op, f, Int8Array, 'filter');
    w ??= new Float32Array(src.length);
    w.set(src);
  }
  st.weights = w;
  return w;
}

/** The run's NHWC input shape [n, h, w], checked against the filter's input channels. */
export function runInputShape(op: Operator, ctx: KernelContext, cin: number): [number, number, number] {
  const inShape = ctx.inputs[0]?.shape;
  if (!inShape || inShape.length !== 4 || !ctx.outputs[0]) throw new KernelError(op.opcode, op.index, 'input must be 4-D NHWC');
  const [n, h, w, c] = inShape as [number, number, number, number];
  if (c !== cin) throw new KernelError(op.opcode, op.index, `input has ${c} channels, filter expects ${cin}`);
  return [n, h, w];
}

export function checkConvOutput(op: Operator, out: CpuTensor, n: number, oh: number, ow: number, c: number): void {
  const s = out.shape;
  if (s.length !== 4 || s[0] !== n || s[1] !== oh || s[2] !== ow || s[3] !== c) {
    throw new KernelError(op.opcode, op.index, `output shape [${s}] differs from computed [${n},${oh},${ow},${c}]`);
  }
}
