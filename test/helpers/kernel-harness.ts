// Builds a one-operator graph in memory and runs a single CPU kernel on it, for kernel unit tests.
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { allocTyped, numElements } from '../../src/graph/dtype.js';
import type { Graph, Operator, Quantization, Tensor } from '../../src/graph/ir.js';
import type { OpOptions } from '../../src/graph/options.js';
import type { CpuKernel, CpuTensor } from '../../src/backends/cpu/kernel.js';

export interface TensorSpec {
  dtype: DType;
  shape: number[];
  /** Values (input data, or constant data when `constant` is true). Omit for outputs. */
  data?: ArrayLike<number> | TypedArray;
  quant?: { scale: number | number[]; zeroPoint?: number | number[]; quantizedDimension?: number };
  /** Marks the tensor as a constant of the model (weights, bias, shape operands). */
  constant?: boolean;
}

function toQuant(q: TensorSpec['quant']): Quantization | null {
  if (!q) return null;
  const scale = Array.isArray(q.scale) ? q.scale : [q.scale];
  const zp = q.zeroPoint === undefined ? scale.map(() => 0) : Array.isArray(q.zeroPoint) ? q.zeroPoint : [q.zeroPoint];
  return { scale, zeroPoint: zp, quantizedDimension: q.quantizedDimension ?? 0 };
}

function fill(dtype: DType, n: number, values?: ArrayLike<number> | TypedArray): TypedArray {
  const a = allocTyped(dtype, n);
  if (values) {
    if (values.length !== n) throw new Error(`harness: ${values.length} values for ${n} elements`);
    if (a instanceof BigInt64Array || a instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) a[i] = BigInt(Number(values[i]));
    } else {
      (a as Float32Array).set(Array.from(values as ArrayLike<number>, Number));
    }
  }
  return a;
}

export interface OneOp {
  graph: Graph;
  op: Operator;
  inputs: (CpuTensor | null)[];
  outputs: CpuTensor[];
}

/**
 * Makes a graph with one operator `opcode` (inputs given as specs or null for an omitted optional input),
 * and output tensors of the given dtype/shape/quantization. Constant inputs get `data` in the IR.
 */
export function oneOp(
  opcode: string,
  options: OpOptions,
  inputs: (TensorSpec | null)[],
  outputs: TensorSpec[],
  version = 1,
): OneOp {
  const tensors: Tensor[] = [];
  const mk = (s: TensorSpec, name: string): Tensor => {
    const t: Tensor = {
      index: tensors.length, name, dtype: s.dtype, shape: s.shape.slice(), shapeSignature: null,
      quantization: toQuant(s.quant), data: s.constant ? fill(s.dtype, numElements(s.shape), s.data) : null,
      isVariable: false,
    };
    tensors.push(t);
    return t;
  };
  const inT = inputs.map((s, i) => (s ? mk(s, `in${i}`) : null));
  const outT = outputs.map((s, i) => mk(s, `out${i}`));
  const op: Operator = {
    index: 0, opcode, builtinCode: 0, version, options,
    inputs: inT.map((t) => (t ? t.index : -1)), outputs: outT.map((t) => t.index),
  };
  const graph: Graph = {
    name: 'test', tensors, operators: [op],
    inputs: inT.filter((t): t is Tensor => t !== null && t.data === null).map((t) => t.index),
    outputs: outT.map((t) => t.index),
  };
  const rt = (t: Tensor, s: TensorSpec): CpuTensor => ({
    info: t, shape: s.shape.slice(), data: t.data ?? fill(s.dtype, numElements(s.shape), s.data),
  });
  return {
    graph, op,
    inputs: inT.map((t, i) => (t ? rt(t, inputs[i]!) : null)),
    outputs: outT.map((t, i) => rt(t, outputs[i]!)),
  };
}

/** Runs `kernel` on a graph made by oneOp after asserting its load-time check passes; returns output 0's data. */
export function runOne(kernel: CpuKernel, g: OneOp): TypedArray {
  const reason = kernel.check(g.op, g.graph);
  if (reason !== null) throw new Error(`kernel.check rejected the op: ${reason}`);
  kernel.run({ op: g.op, inputs: g.inputs, outputs: g.outputs });
  return g.outputs[0]!.data;
}
