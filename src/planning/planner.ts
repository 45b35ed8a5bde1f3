// Plans one inference for concrete input shapes: infers every shape, folds operators whose inputs are all
// known at plan time (the SHAPE -> STRIDED_SLICE -> PACK chain of a dynamic batch, constant subgraphs),
// and lays out activations in one arena.
import type { TypedArray } from '../graph/dtype.js';
import { dtypeBytes, numElements } from '../graph/dtype.js';
import type { Graph, Operator } from '../graph/ir.js';
import { ModelValidationError } from '../errors.js';
import { inferOutputShapes } from './shape-rules.js';
import { planMemory, type Lifetime, type MemoryPlan } from './memory-plan.js';

/** Largest output (elements) folded at plan time; bigger constant work runs as a normal step. */
const FOLD_LIMIT = 1 << 16;
/** Refuse plans whose activations would need more than this many bytes (guards absurd batch sizes). */
export const MAX_ARENA_BYTES = 2 ** 31;

/** Evaluates one operator on known inputs (the CPU kernels); used for folding. */
export type Evaluator = (op: Operator, inputs: ({ shape: number[]; data: TypedArray } | null)[], outputShapes: number[][]) => TypedArray[];

export interface Plan {
  /** Shape of every tensor used by this plan (index = tensor index). */
  shapes: (number[] | null)[];
  /** Values known at plan time: model constants are not repeated here, only folded results. */
  folded: Map<number, TypedArray>;
  /** Operators left to run, in order. */
  steps: Operator[];
  /** Activation lifetimes over `steps` (bytes as the model's dtypes store them). */
  lifetimes: Lifetime[];
  memory: MemoryPlan;
}

export function planGraph(g: Graph, inputShapes: number[][], evaluate: Evaluator): Plan {
  const shapes: (number[] | null)[] = g.tensors.map((t) => (t.data ? t.shape.slice() : null));
  g.inputs.forEach((t, i) => { shapes[t] = inputShapes[i]!.slice(); });
  const folded = new Map<number, TypedArray>();
  const valueOf = (t: number): TypedArray | null => (t < 0 ? null : g.tensors[t]!.data ?? folded.get(t) ?? null);
  const steps: Operator[] = [];

  for (const op of g.operators) {
    const where = `operator ${op.index} (${op.opcode})`;
    const env = {
      where,
      shape: (i: number) => {
        const t = op.inputs[i];
        if (t === undefined || t < 0) return null;
        const s = shapes[t];
        if (!s) throw new ModelValidationError(`${where}: input ${i} (tensor ${t} "${g.tensors[t]!.name}") is read before any operator writes it`);
        return s;
      },
      values: (i: number) => {
        const t = op.inputs[i];
        const v = t === undefined ? null : valueOf(t);
        return v ? Array.from(v as ArrayLike<number | bigint>, Number) : null;
      },
    };
    const outShapes = inferOutputShapes(op, env);
    for (const [k, s] of outShapes.entries()) {
      if (numElements(s) > 2 ** 31 - 1) throw new ModelValidationError(`${where}: output ${k} would have shape [${s}], too large`);
      shapes[op.outputs[k]!] = s;
    }
    // SHAPE needs only its input's shape; every other op needs all input values.
    const inputsKnown = op.opcode === 'SHAPE' || op.inputs.every((t) => t < 0 || valueOf(t) !== null);
    const small = outShapes.every((s) => numElements(s) <= FOLD_LIMIT);
    if (inputsKnown && small && op.outputs.every((t) => !g.outputs.includes(t))) {
      const ins = op.inputs.map((t) => {
        if (t < 0) return null;
        const v = valueOf(t);
        return { shape: shapes[t]!, data: v ?? new Uint8Array(0) };
      });
      evaluate(op, ins, outShapes).forEach((d, k) => folded.set(op.outputs[k]!, d));
      continue;
    }
    steps.push(op);
  }

  const lifetimes = activationLifetimes(g, steps, shapes, valueOf);
  const memory = planMemory(lifetimes);
  if (memory.arenaBytes > MAX_ARENA_BYTES) {
    throw new ModelValidationError(`activations for input shapes ${inputShapes.map((s) => `[${s}]`).join(', ')} need ${memory.arenaBytes} bytes, over the ${MAX_ARENA_BYTES}-byte limit`);
  }
  return { shapes, folded, steps, lifetimes, memory };
}

function activationLifetimes(g: Graph, steps: Operator[], shapes: (number[] | null)[], valueOf: (t: number) => TypedArray | null): Lifetime[] {
  const life = new Map<number, Lifetime>();
  const touch = (t: number, step: number, isDef: boolean): void => {
    if (t < 0 || valueOf(t) !== null) return;
    const s = shapes[t]!;
    const bytes = Math.ceil(numElements(s) * dtypeBytes(g.tensors[t]!.dtype));
    const l = life.get(t);
    if (!l) life.set(t, { tensor: t, bytes, first: isDef ? step : -1, last: step });
    else l.last = Math.max(l.last, step);
  };
  for (const t of g.inputs) touch(t, -1, true);
  steps.forEach((op, i) => {
    for (const t of op.inputs) touch(t, i, false);
    for (const t of op.outputs) touch(t, i, true);
  });
  for (const t of g.outputs) touch(t, steps.length, false);
  return [...life.values()];
}
