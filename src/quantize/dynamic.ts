// Dynamic-range quantization, as TFLite's converter does it: FULLY_CONNECTED and CONV_2D weights become int8
// (symmetric, per output channel), and those operators run hybrid: float activations quantized on the fly
// (asymmetrically for FULLY_CONNECTED), float bias and output. Every other operator stays float32.
import type { ModelIR } from '../graph/ir.js';
import { addTensor, cloneGraph, finishModel, floatGraph } from './model-edit.js';
import { symmetricWeights } from './params.js';

export interface DynamicOptions {
  /** Weights with fewer elements stay float, as the converter's default of 1024 leaves small layers alone. */
  minWeightElements: number;
  /** Per-channel FULLY_CONNECTED weights (hybrid version 12, newer than TFLite 2.9) instead of one scale. */
  perChannelFullyConnected: boolean;
}

export function quantizeDynamic(ir: ModelIR, opts: DynamicOptions): ModelIR {
  const g = cloneGraph(floatGraph(ir, 'dynamic'));
  for (const op of g.operators) {
    if (op.opcode !== 'CONV_2D' && op.opcode !== 'FULLY_CONNECTED') continue;
    const x = g.tensors[op.inputs[0] ?? -1], w = g.tensors[op.inputs[1] ?? -1];
    if (!x || !w || x.dtype !== 'float32' || w.dtype !== 'float32' || !w.data || w.data.length < opts.minWeightElements) continue;
    const perChannel = op.opcode === 'CONV_2D' || opts.perChannelFullyConnected;
    const q = symmetricWeights(w.data as Float32Array, w.shape, perChannel ? 0 : null);
    op.inputs[1] = addTensor(g, { name: w.name, dtype: 'int8', shape: w.shape.slice(), shapeSignature: null, quantization: q.quantization,
      data: q.data, isVariable: false });
    if (op.options.kind === 'fullyConnected') op.options = { ...op.options, asymmetricQuantizeInputs: true };
  }
  return finishModel(ir, g, 'dynamic');
}
