// Load-time checks shared by the broadcasting binary arithmetic kernels (ADD, SUB, MUL).
import type { DType } from '../../../../graph/dtype.js';
import type { Graph, Operator, Quantization, Tensor } from '../../../../graph/ir.js';
import type { Activation } from '../../../../graph/options.js';
import { broadcastShapes } from '../../../../planning/broadcast.js';

export interface BinaryTensors {
  a: Tensor;
  b: Tensor;
  out: Tensor;
  activation: Activation;
}

/** Per-tensor scale and zero point, or null when missing or per-channel. */
export function perTensorQuant(q: Quantization | null): { scale: number; zeroPoint: number } | null {
  if (!q || q.scale.length !== 1 || q.zeroPoint.length > 1) return null;
  const scale = q.scale[0]!;
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  return { scale, zeroPoint: q.zeroPoint[0] ?? 0 };
}

/**
 * Common structural checks: two inputs and one output of one dtype among `dtypes`, an arithmetic options
 * table with a supported fused activation, statically broadcastable shapes and per-tensor quantization for
 * integer types other than int32. Returns the tensors or a reason string.
 */
export function checkBinaryOp(op: Operator, graph: Graph, dtypes: readonly DType[]): BinaryTensors | string {
  if (op.options.kind !== 'arithmetic') return `expected arithmetic options, got ${op.options.kind}`;
  const activation = op.options.activation;
  if (activation === 'TANH' || activation === 'SIGN_BIT') return `fused activation ${activation} not supported`;
  if (op.inputs.length !== 2 || op.outputs.length !== 1) return `expects 2 inputs and 1 output, got ${op.inputs.length} and ${op.outputs.length}`;
  const a = graph.tensors[op.inputs[0]!], b = graph.tensors[op.inputs[1]!], out = graph.tensors[op.outputs[0]!];
  if (!a || !b || !out) return 'missing input or output tensor';
  if (a.dtype !== b.dtype || a.dtype !== out.dtype) {
    return `dtype mismatch: inputs ${a.dtype} and ${b.dtype}, output ${out.dtype}`;
  }
  if (!dtypes.includes(a.dtype)) return `${a.dtype} not supported (supported: ${dtypes.join(', ')})`;
  try {
    broadcastShapes(a.shape, b.shape, op.opcode);
  } catch {
    return `input shapes [${a.shape}] and [${b.shape}] do not broadcast`;
  }
  if (a.dtype === 'int8' || a.dtype === 'uint8' || a.dtype === 'int16') {
    for (const t of [a, b, out]) {
      if (!perTensorQuant(t.quantization)) {
        return `${a.dtype} tensor ${t.name} lacks per-tensor quantization parameters (scale, zero point)`;
      }
    }
  }
  return { a, b, out, activation };
}

/** Activation bounds for int32 arithmetic (CalculateActivationRange<int32_t>). */
export function int32ActivationRange(a: Activation): [number, number] {
  switch (a) {
    case 'RELU': return [0, 2147483647];
    case 'RELU6': return [0, 6];
    case 'RELU_N1_TO_1': return [-1, 1];
    default: return [-2147483648, 2147483647];
  }
}
