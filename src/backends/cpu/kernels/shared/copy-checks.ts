// Load-time checks and operand readers shared by the data-movement kernels (reshape, transpose, pad, slice, concat...).
import type { DType, TypedArray } from '../../../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';

/** Fixed-size element types the movement kernels copy bit for bit. */
const MOVABLE: ReadonlySet<DType> = new Set<DType>([
  'float32', 'float16', 'bfloat16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64',
  'bool',
]);

export function isMovable(d: DType): boolean {
  return MOVABLE.has(d);
}

/** The tensor at operator input slot `slot`, or null when the slot is absent or marked omitted (-1). */
export function inputAt(op: Operator, graph: Graph, slot: number): Tensor | null {
  const i = op.inputs[slot];
  if (i === undefined || i < 0) return null;
  return graph.tensors[i] ?? null;
}

export function outputAt(op: Operator, graph: Graph, slot: number): Tensor | null {
  const i = op.outputs[slot];
  if (i === undefined || i < 0) return null;
  return graph.tensors[i] ?? null;
}

/**
 * Checks that input `slot` and output 0 exist, share a dtype, and that the dtype is movable.
 * Returns the pair, or a reason string.
 */
export function dataAndOutput(op: Operator, graph: Graph, slot = 0): { input: Tensor; output: Tensor } | string {
  const input = inputAt(op, graph, slot);
  const output = outputAt(op, graph, 0);
  if (!input) return `missing input ${slot}`;
  if (!output) return 'missing output';
  if (!isMovable(input.dtype)) return `${input.dtype} input not supported`;
  if (input.dtype !== output.dtype) return `input dtype ${input.dtype} differs from output dtype ${output.dtype}`;
  return { input, output };
}

/** True when the tensor carries real quantization parameters (TFLite ignores min/max-only records). */
export function isQuantized(t: Tensor): boolean {
  return t.quantization !== null && t.quantization.scale.length > 0;
}

/** Scale and zero point as TFLite's per-tensor `params` hold them (0/0 when absent or per-channel). */
export function tensorParams(t: Tensor): { scale: number; zeroPoint: number } {
  const q = t.quantization;
  if (!q || q.scale.length !== 1) return { scale: 0, zeroPoint: 0 };
  return { scale: Math.fround(q.scale[0]), zeroPoint: q.zeroPoint[0] ?? 0 };
}

/** Whether two tensors have equal per-tensor params, compared as TFLite compares its float `params.scale`. */
export function sameParams(a: Tensor, b: Tensor): boolean {
  const pa = tensorParams(a), pb = tensorParams(b);
  return pa.scale === pb.scale && pa.zeroPoint === pb.zeroPoint;
}

/** Whether the shape can change at run time (the converter writes -1 in shape_signature for such dims). */
export function hasDynamicDims(t: Tensor): boolean {
  return t.shapeSignature !== null && t.shapeSignature.some((d) => d < 0);
}

export function isIntIndexDtype(d: DType): boolean {
  return d === 'int32' || d === 'int64';
}

/** Reads an int32/int64 operand (shape, axis, perm, paddings, begin/end/strides) as plain numbers. */
export function readInts(a: TypedArray): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number(a[i]);
  return out;
}

export function shapeStr(s: readonly number[]): string {
  return `[${s.join(',')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
