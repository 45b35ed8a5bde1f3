// Load-time support check of a graph against the CPU op table: every problem collected, reported at once.
import type { Graph } from '../../graph/ir.js';
import { UnsupportedOpError, type UnsupportedOp } from '../../errors.js';
import { hasShapeRule } from '../../planning/shape-rules.js';
import { CPU_KERNELS } from './op-table.js';

export function unsupportedOps(g: Graph): UnsupportedOp[] {
  const found = new Map<string, UnsupportedOp>();
  for (const op of g.operators) {
    const kernel = CPU_KERNELS[op.opcode];
    let reason: string | null;
    if (!kernel || !hasShapeRule(op.opcode)) reason = op.opcode.startsWith('CUSTOM:') ? 'custom operator' : 'no CPU kernel';
    else reason = kernel.check(op, g);
    if (reason === null) continue;
    const key = `${op.opcode}\u0000${op.version}\u0000${reason}`;
    const e = found.get(key);
    if (e) e.operators.push(op.index);
    else found.set(key, { opcode: op.opcode, version: op.version, operators: [op.index], reason });
  }
  for (const t of g.tensors) {
    if (t.isVariable) {
      found.set(`var${t.index}`, { opcode: 'VARIABLE_TENSOR', version: 0, operators: [], reason: `stateful variable tensor "${t.name}" not supported` });
    }
  }
  return [...found.values()];
}

export function assertSupported(g: Graph): void {
  const u = unsupportedOps(g);
  if (u.length) throw new UnsupportedOpError(u, 'cpu');
}
