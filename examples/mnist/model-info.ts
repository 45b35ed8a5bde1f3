// What the page shows about a loaded model: quantization mode, size, operators, I/O, where operators run.
import type { Model, TensorInfo } from '../../src/index.js';

export interface ModelInfo {
  name: string;
  bytes: number;
  /** Detected from the graph; the converter's metadata beside it when the file carries it. */
  quantization: string;
  converterMetadata: string | null;
  /** Operator counts of subgraph 0 as read from the file, e.g. "CONV_2D x2". */
  operators: string[];
  input: string;
  output: string;
  backend: 'webgpu' | 'cpu';
  adapter: string | null;
  precision: 'fp32' | 'fp16';
  fallbackReason: string | null;
  /** Operators left on the CPU inside a WebGPU plan. */
  cpuOps: string[];
}

const tensor = (t: TensorInfo): string =>
  `${t.dtype}[${t.shapeSignature.map((d) => (d === -1 ? '?' : String(d))).join(',')}]`;

export function describeModel(model: Model, name: string, bytes: number): ModelInfo {
  const counts = new Map<string, number>();
  for (const op of model.ir.subgraphs[0]!.operators) counts.set(op.opcode, (counts.get(op.opcode) ?? 0) + 1);
  return {
    name, bytes,
    quantization: model.quantization,
    converterMetadata: model.ir.conversionQuantization,
    operators: [...counts].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)),
    input: tensor(model.inputs[0]!),
    output: tensor(model.outputs[0]!),
    backend: model.backend,
    adapter: model.adapter,
    precision: model.precision,
    fallbackReason: model.fallbackReason,
    cpuOps: model.backend === 'webgpu' ? model.placement().filter((p) => p.on === 'cpu').map((p) => p.opcode) : [],
  };
}
