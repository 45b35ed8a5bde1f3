// `inspect MODEL [--json]`: operators, tensors, I/O, quantization mode, weight bytes, and what the CPU cannot run.
import { readModel } from '../../format/read-model.js';
import { detectQuantMode } from '../../graph/quant-mode.js';
import { foldConstantDequantize } from '../../planning/fold-dequantize.js';
import { expandFoldedWeights } from '../../backends/cpu/expand-weights.js';
import { unsupportedOps } from '../../backends/cpu/support.js';
import type { Tensor } from '../../graph/ir.js';
import type { UnsupportedOp } from '../../errors.js';
import type { OpPlacement } from '../../backends/backend.js';

export interface InspectReport {
  model: string;
  bytes: number;
  schemaVersion: number;
  description: string;
  quantization: { detected: string; converterMetadata: string | null };
  minRuntimeVersion: string | null;
  subgraphs: number;
  signatures: { key: string; inputs: string[]; outputs: string[] }[];
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  operatorCounts: { opcode: string; version: number; count: number }[];
  operators: { index: number; opcode: string; version: number; inputs: number[]; outputs: number[]; options: Record<string, unknown> }[];
  tensors: TensorSummary[];
  weightBytesByDtype: Record<string, number>;
  cpuUnsupported: UnsupportedOp[];
  /** With --backend: where each operator runs and the memory the backend holds after planning one inference. */
  runtime?: RuntimeReport;
}

export interface RuntimeReport {
  backend: string;
  precision: string;
  adapter: string | null;
  fallbackReason: string | null;
  weightBytes: number;
  activationBytes: number;
  placement: OpPlacement[];
}

interface TensorSummary {
  index: number;
  name: string;
  dtype: string;
  shape: number[];
  shapeSignature?: number[];
  constant: boolean;
  quantization?: { scale: number | { count: number; min: number; max: number }; zeroPoint: number | number[]; quantizedDimension?: number };
}

function summary(t: Tensor): TensorSummary {
  const s: TensorSummary = { index: t.index, name: t.name, dtype: t.dtype, shape: t.shape, constant: t.data !== null || t.rawBytes !== undefined };
  if (t.shapeSignature && t.shapeSignature.some((d, i) => d !== t.shape[i])) s.shapeSignature = t.shapeSignature;
  const q = t.quantization;
  if (q && q.scale.length) {
    s.quantization = q.scale.length === 1
      ? { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 }
      : { scale: { count: q.scale.length, min: Math.min(...q.scale), max: Math.max(...q.scale) },
        zeroPoint: q.zeroPoint.every((z) => z === q.zeroPoint[0]) ? q.zeroPoint[0] ?? 0 : q.zeroPoint, quantizedDimension: q.quantizedDimension };
  }
  return s;
}

export function inspectModel(bytes: Uint8Array, name: string): InspectReport {
  const ir = readModel(bytes, name);
  const g = ir.subgraphs[0]!;
  const counts = new Map<string, { opcode: string; version: number; count: number }>();
  for (const op of g.operators) {
    const k = `${op.opcode} v${op.version}`;
    const c = counts.get(k) ?? { opcode: op.opcode, version: op.version, count: 0 };
    c.count++;
    counts.set(k, c);
  }
  const weightBytesByDtype: Record<string, number> = {};
  for (const sg of ir.subgraphs) {
    for (const t of sg.tensors) {
      const b = t.data?.byteLength ?? t.rawBytes?.byteLength ?? 0;
      if (b) weightBytesByDtype[t.dtype] = (weightBytesByDtype[t.dtype] ?? 0) + b;
    }
  }
  let cpuUnsupported: UnsupportedOp[];
  try {
    cpuUnsupported = unsupportedOps(expandFoldedWeights(foldConstantDequantize(g)));
  } catch (e) {
    cpuUnsupported = [{ opcode: '(model)', version: 0, operators: [], reason: (e as Error).message }];
  }
  return {
    model: name, bytes: bytes.byteLength, schemaVersion: ir.version, description: ir.description,
    quantization: { detected: detectQuantMode(g), converterMetadata: ir.conversionQuantization },
    minRuntimeVersion: ir.minRuntimeVersion, subgraphs: ir.subgraphs.length,
    signatures: ir.signatures.map((s) => ({ key: s.key, inputs: s.inputs.map((i) => i.name), outputs: s.outputs.map((o) => o.name) })),
    inputs: g.inputs.map((t) => summary(g.tensors[t]!)),
    outputs: g.outputs.map((t) => summary(g.tensors[t]!)),
    operatorCounts: [...counts.values()],
    operators: g.operators.map((op) => {
      const { kind: _k, ...options } = op.options;
      return { index: op.index, opcode: op.opcode, version: op.version, inputs: op.inputs, outputs: op.outputs, options };
    }),
    tensors: g.tensors.map(summary),
    weightBytesByDtype,
    cpuUnsupported,
  };
}

const fmtShape = (t: TensorSummary): string => `[${(t.shapeSignature ?? t.shape).map((d) => (d === -1 ? '?' : d)).join(',')}]`;
const fmtQ = (t: TensorSummary): string => {
  const q = t.quantization;
  if (!q) return '';
  const s = typeof q.scale === 'number' ? `scale ${q.scale.toPrecision(6)}` : `${q.scale.count} scales ${q.scale.min.toPrecision(4)}..${q.scale.max.toPrecision(4)} (dim ${q.quantizedDimension})`;
  return ` ${s} zp ${Array.isArray(q.zeroPoint) ? 'per-channel' : q.zeroPoint}`;
};

export function formatInspect(r: InspectReport): string {
  const lines: string[] = [];
  lines.push(`${r.model}: ${r.bytes} bytes, schema v${r.schemaVersion}${r.description ? `, "${r.description}"` : ''}`);
  lines.push(`quantization: ${r.quantization.detected}${r.quantization.converterMetadata ? ` (converter metadata: ${r.quantization.converterMetadata})` : ''}`);
  if (r.minRuntimeVersion) lines.push(`min runtime version: ${r.minRuntimeVersion}`);
  lines.push(`subgraphs: ${r.subgraphs}${r.signatures.length ? `, signatures: ${r.signatures.map((s) => s.key).join(', ')}` : ''}`);
  for (const [label, list] of [['inputs', r.inputs], ['outputs', r.outputs]] as const) {
    lines.push(`${label}:`);
    for (const t of list) lines.push(`  ${t.name}: ${t.dtype}${fmtShape(t)}${fmtQ(t)}`);
  }
  lines.push('operators:');
  for (const c of r.operatorCounts) lines.push(`  ${c.opcode} v${c.version} x${c.count}`);
  lines.push('weights:');
  for (const [d, b] of Object.entries(r.weightBytesByDtype)) lines.push(`  ${d}: ${b} bytes`);
  lines.push(`tensors (${r.tensors.length}):`);
  for (const t of r.tensors) lines.push(`  #${t.index} ${t.name}: ${t.dtype}${fmtShape(t)}${t.constant ? ' const' : ''}${fmtQ(t)}`);
  if (r.cpuUnsupported.length) {
    lines.push('not runnable on the cpu backend:');
    for (const u of r.cpuUnsupported) lines.push(`  ${u.opcode} v${u.version}: ${u.reason}${u.operators.length ? ` (operators ${u.operators.join(',')})` : ''}`);
  } else {
    lines.push('cpu backend: all operators supported');
  }
  if (r.runtime) {
    const rt = r.runtime;
    lines.push(`backend ${rt.backend}${rt.adapter ? ` on ${rt.adapter}` : ''}, precision ${rt.precision}${rt.fallbackReason ? ` (cpu fallback: ${rt.fallbackReason})` : ''}`);
    lines.push(`  ${rt.backend === 'webgpu' ? 'GPU ' : ''}memory: weights ${rt.weightBytes} bytes, activations ${rt.activationBytes} bytes`);
    const cpuOps = rt.placement.filter((p) => p.on === 'cpu');
    if (rt.backend === 'webgpu') lines.push(cpuOps.length ? `  on the CPU: ${cpuOps.map((p) => `#${p.op} ${p.opcode} (${p.reason})`).join(', ')}` : '  every operator runs on the GPU');
  }
  return lines.join('\n');
}
