// Names a model's post-training quantization mode from its graph (the converter's metadata is often absent).
import type { Graph } from './ir.js';

export type QuantMode = 'float32' | 'float16' | 'dynamic-range' | 'weight-only-int8' | 'full-integer' | 'int16x8' | 'mixed';

const WEIGHTED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV', 'BATCH_MATMUL']);

/** Works on the graph as read (before DEQUANTIZE folding). */
export function detectQuantMode(g: Graph): QuantMode {
  const modes = new Set<QuantMode>();
  for (const op of g.operators) {
    const t = (i: number) => (op.inputs[i] !== undefined && op.inputs[i]! >= 0 ? g.tensors[op.inputs[i]!] : undefined);
    if (op.opcode === 'DEQUANTIZE' && t(0)?.data) {
      modes.add(t(0)!.dtype === 'float16' ? 'float16' : 'weight-only-int8');
      continue;
    }
    if (!WEIGHTED.has(op.opcode)) continue;
    const x = t(0), w = t(1);
    if (!x || !w) continue;
    if (x.dtype === 'float32' && (w.dtype === 'int8' || w.dtype === 'uint8')) modes.add('dynamic-range');
    else if (x.dtype === 'int16') modes.add('int16x8');
    else if (x.dtype === 'int8' || x.dtype === 'uint8') modes.add('full-integer');
    // float weights that are model constants (not the output of a DEQUANTIZE) mean a float op
    else if (x.dtype === 'float32' && w.dtype === 'float32' && w.data) modes.add('float32');
  }
  if (modes.size === 0) return 'float32';
  if (modes.size === 2 && modes.has('float32') && (modes.has('float16') || modes.has('weight-only-int8'))) {
    return modes.has('float16') ? 'float16' : 'weight-only-int8';
  }
  if (modes.size === 1) return [...modes][0]!;
  // Float layers beside quantized ones (e.g. a partly quantized model) are named honestly as mixed.
  return 'mixed';
}
