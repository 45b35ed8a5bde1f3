// Graph surgery shared by the quantizer's modes: copying the IR, adding tensors and operators, dropping the tensors
// no longer used, and the converter metadata that names the quantization mode.
import { Builder } from 'flatbuffers';
import { BuiltinOperator } from '../format/schema/schema.js';
import { ConversionMetadata, ConversionOptions } from '../format/schema/conversion-metadata.js';
import type { Graph, ModelIR, Operator, Tensor } from '../graph/ir.js';
import { QuantizationError } from '../errors.js';
import { opVersion } from './op-version.js';

export type QuantizeMode = 'dynamic' | 'int8' | 'fp16';

/** Model optimization modes of the converter's CONVERSION_METADATA (tflite-conversion schema). */
const MODE_CODES: Record<QuantizeMode, number> = { fp16: 1001, dynamic: 1002, int8: 1003 };

/** A copy of `g` whose tensors and operators can be edited without touching the source IR. */
export function cloneGraph(g: Graph): Graph {
  return {
    name: g.name,
    tensors: g.tensors.map((t) => ({ ...t, shape: t.shape.slice(), shapeSignature: t.shapeSignature?.slice() ?? null })),
    operators: g.operators.map((op) => ({ ...op, inputs: op.inputs.slice(), outputs: op.outputs.slice() })),
    inputs: g.inputs.slice(),
    outputs: g.outputs.slice(),
  };
}

export function addTensor(g: Graph, t: Omit<Tensor, 'index'>): number {
  const index = g.tensors.length;
  g.tensors.push({ ...t, index });
  return index;
}

/** A builtin operator without options (QUANTIZE, DEQUANTIZE) built in memory. */
export function makeOp(opcode: 'QUANTIZE' | 'DEQUANTIZE', input: number, output: number): Operator {
  return { index: -1, opcode, builtinCode: BuiltinOperator[opcode], version: 1, inputs: [input], outputs: [output], options: { kind: 'none' } };
}

/** The first float32 quantization-related problem of a model that is not plain float32, or null. */
function notFloatReason(g: Graph): string | null {
  for (const op of g.operators) {
    if (op.opcode === 'QUANTIZE' || op.opcode === 'DEQUANTIZE') return `it already has ${op.opcode} operators`;
  }
  const q = g.tensors.find((t) => t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'int16' || t.dtype === 'float16');
  return q ? `tensor ${q.index} "${q.name}" is ${q.dtype}` : null;
}

/** The subgraph to quantize: the only one of a float32 model. */
export function floatGraph(ir: ModelIR, mode: QuantizeMode): Graph {
  if (ir.subgraphs.length !== 1) {
    throw new QuantizationError(`${mode} quantization handles one-subgraph models; this one has ${ir.subgraphs.length} (control flow)`);
  }
  const g = ir.subgraphs[0]!;
  const why = notFloatReason(g);
  if (why) throw new QuantizationError(`${mode} quantization needs a float32 model, but ${why}`);
  return g;
}

/** Drops tensors nothing refers to and renumbers tensors and operators; returns the old -> new tensor map. */
function compact(g: Graph, keep: Iterable<number>): { graph: Graph; remap: Map<number, number> } {
  const used = new Set<number>([...g.inputs, ...g.outputs, ...keep]);
  for (const op of g.operators) for (const t of [...op.inputs, ...op.outputs]) if (t >= 0) used.add(t);
  const remap = new Map<number, number>();
  const tensors: Tensor[] = [];
  g.tensors.forEach((t, i) => {
    if (!used.has(i)) return;
    remap.set(i, tensors.length);
    tensors.push({ ...t, index: tensors.length });
  });
  const map = (t: number) => (t < 0 ? t : remap.get(t)!);
  const operators = g.operators.map((op, i) => ({ ...op, index: i, inputs: op.inputs.map(map), outputs: op.outputs.map(map) }));
  return { graph: { ...g, tensors, operators, inputs: g.inputs.map(map), outputs: g.outputs.map(map) }, remap };
}

function conversionMetadata(mode: QuantizeMode): Uint8Array {
  const b = new Builder(64);
  const modes = ConversionOptions.createModelOptimizationModesVector(b, [MODE_CODES[mode]]);
  const options = ConversionOptions.createConversionOptions(b, modes, false, false, false);
  ConversionMetadata.startConversionMetadata(b);
  ConversionMetadata.addOptions(b, options);
  b.finish(ConversionMetadata.endConversionMetadata(b));
  return b.asUint8Array().slice();
}

const MODE_NAMES: Record<QuantizeMode, string> = { fp16: 'float16', dynamic: 'dynamic-range', int8: 'full-integer' };

/**
 * The quantized model: `g` compacted, operator versions brought up to what their new types need, signatures
 * remapped, and CONVERSION_METADATA replaced by one naming `mode` (min_runtime_version is left to the writer).
 */
export function finishModel(ir: ModelIR, g: Graph, mode: QuantizeMode): ModelIR {
  const sigTensors = ir.signatures.filter((s) => s.subgraphIndex === 0).flatMap((s) => [...s.inputs, ...s.outputs].map((m) => m.tensor));
  const { graph, remap } = compact(g, sigTensors);
  for (const op of graph.operators) op.version = opVersion(op, graph);
  const signatures = ir.signatures.map((s) => (s.subgraphIndex !== 0 ? s : {
    ...s,
    inputs: s.inputs.map((m) => ({ ...m, tensor: remap.get(m.tensor)! })),
    outputs: s.outputs.map((m) => ({ ...m, tensor: remap.get(m.tensor)! })),
  }));
  const metadata = ir.metadata.filter((m) => m.name !== 'CONVERSION_METADATA' && m.name !== 'min_runtime_version');
  metadata.push({ name: 'CONVERSION_METADATA', bytes: conversionMetadata(mode) });
  return { ...ir, subgraphs: [graph], signatures, metadata, conversionQuantization: MODE_NAMES[mode], minRuntimeVersion: null, byteLength: 0 };
}

/** Operators reading each tensor. */
export function consumers(g: Graph): Map<number, Operator[]> {
  const m = new Map<number, Operator[]>();
  for (const op of g.operators) {
    for (const t of op.inputs) {
      if (t < 0) continue;
      const list = m.get(t);
      if (list) list.push(op);
      else m.set(t, [op]);
    }
  }
  return m;
}
