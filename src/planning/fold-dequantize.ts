// Load-time pass: DEQUANTIZE ops on constant weights (fp16 or int8) are removed and their outputs become
// constants that keep the compact storage type, flagged `dequantizeTo: 'float32'` for the backend to expand.
import type { Graph, Operator, Tensor } from '../graph/ir.js';

export function foldConstantDequantize(g: Graph): Graph {
  const tensors: Tensor[] = g.tensors.slice();
  const graphOutputs = new Set(g.outputs);
  const kept: Operator[] = [];
  for (const op of g.operators) {
    const src = op.opcode === 'DEQUANTIZE' && op.inputs.length === 1 ? tensors[op.inputs[0]!] : undefined;
    const dst = op.outputs.length === 1 ? tensors[op.outputs[0]!] : undefined;
    const foldable =
      src !== undefined && dst !== undefined && src.data !== null && !graphOutputs.has(dst.index) &&
      dst.dtype === 'float32' &&
      (src.dtype === 'float16' || ((src.dtype === 'int8' || src.dtype === 'uint8' || src.dtype === 'int16') && src.quantization !== null));
    if (!foldable || !src || !dst) {
      kept.push(op);
      continue;
    }
    tensors[dst.index] = {
      ...dst, dtype: src.dtype, data: src.data, quantization: src.quantization, dequantizeTo: 'float32',
      shape: src.shape.slice(),
    };
  }
  return { ...g, tensors, operators: kept };
}
