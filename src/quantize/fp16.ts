// float16 quantization, as TFLite's converter does it: float32 constants (weights, biases) are stored as float16 and
// a DEQUANTIZE (float16 -> float32) in front of the graph feeds each one to its consumers; activations stay float32.
import type { ModelIR } from '../graph/ir.js';
import { addTensor, cloneGraph, consumers, finishModel, floatGraph, makeOp } from './model-edit.js';
import { toFloat16 } from './params.js';

export function quantizeFloat16(ir: ModelIR): ModelIR {
  const src = floatGraph(ir, 'fp16');
  const g = cloneGraph(src);
  const used = consumers(g);
  const io = new Set([...g.inputs, ...g.outputs]);
  const dequantize = [];
  for (const t of g.tensors.slice()) {
    if (t.dtype !== 'float32' || !t.data || io.has(t.index) || !used.has(t.index)) continue;
    // The float16 constant takes the name; the float32 tensor its consumers read becomes the DEQUANTIZE output.
    const half = addTensor(g, { name: t.name, dtype: 'float16', shape: t.shape.slice(), shapeSignature: null, quantization: null,
      data: toFloat16(t.data as Float32Array), isVariable: false });
    g.tensors[t.index] = { ...t, name: `${t.name}/dequantize`, data: null };
    dequantize.push(makeOp('DEQUANTIZE', half, t.index));
  }
  g.operators.unshift(...dequantize);
  return finishModel(ir, g, 'fp16');
}
