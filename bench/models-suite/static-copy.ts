// Static-shape copies of a model for reference engines that refuse dynamic shapes (LiteRT.js's WebGPU delegate):
// the batch pinned to the stored size 1, and optionally RESHAPE shapes computed at run time folded into constants.
import type { Graph } from '../../src/graph/ir.js';
import { readModel } from '../../src/format/read-model.js';
import { writeModel } from '../../src/format/write-model.js';

export interface StaticCopyOptions {
  /**
   * Replace every RESHAPE's run-time shape input (Keras' SHAPE -> STRIDED_SLICE -> PACK chain, which rebuilds
   * [batch, ...] from the input) by a constant equal to the output's stored shape, then drop the ops left unused.
   * Same results at the stored batch; LiteRT's WebGPU delegate cannot compile the int32 shape chain.
   */
  foldReshapeShapes?: boolean;
}

/** Number of RESHAPE shapes folded; the graph is changed in place. */
function foldReshapeShapes(g: Graph): number {
  let folded = 0;
  for (const op of g.operators) {
    if (op.opcode !== 'RESHAPE' || op.inputs.length < 2) continue;
    const shapeIn = g.tensors[op.inputs[1]!], out = g.tensors[op.outputs[0]!];
    if (!shapeIn || shapeIn.data || !out || out.shape.some((d) => d < 0)) continue;
    const index = g.tensors.length;
    g.tensors.push({ index, name: `${out.name}/folded_shape`, dtype: 'int32', shape: [out.shape.length], shapeSignature: null,
      quantization: null, data: Int32Array.from(out.shape), isVariable: false });
    op.inputs[1] = index;
    folded++;
  }
  // Ops whose outputs nothing reads any more (the shape chain) go, repeatedly, so the whole chain disappears.
  for (let changed = folded > 0; changed;) {
    const read = new Set([...g.outputs, ...g.operators.flatMap((o) => o.inputs)]);
    const keep = g.operators.filter((o) => o.outputs.some((t) => read.has(t)));
    changed = keep.length !== g.operators.length;
    g.operators = keep;
  }
  return folded;
}

/** The model with every shape signature dropped (dynamic batch pinned to the stored shape, batch 1). */
export function staticShapeCopy(bytes: Uint8Array, opts: StaticCopyOptions = {}): { bytes: Uint8Array; foldedReshapes: number } {
  const ir = readModel(bytes, 'model');
  let foldedReshapes = 0;
  for (const g of ir.subgraphs) {
    for (const t of g.tensors) t.shapeSignature = null;
    if (opts.foldReshapeShapes) foldedReshapes += foldReshapeShapes(g);
  }
  return { bytes: writeModel(ir), foldedReshapes };
}

/**
 * Whether the model dequantizes int8 constant weights at run time (weight-only int8). LiteRT.js 2.5.3's WebGPU
 * compile fails on such models at litert_compiled_model_next.h:70; the same model with those weights stored as
 * float32 compiles (checked on mnist/aeq/mnist_weightonly_int8), so a refusal is explained by this, not our usage.
 */
export function dequantizesInt8Weights(bytes: Uint8Array): boolean {
  return readModel(bytes, 'model').subgraphs.some((g) => g.operators.some((o) =>
    o.opcode === 'DEQUANTIZE' && g.tensors[o.inputs[0]!]?.dtype === 'int8' && g.tensors[o.inputs[0]!]?.data !== null));
}
