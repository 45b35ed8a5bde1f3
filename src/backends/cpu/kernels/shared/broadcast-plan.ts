// NumPy-style broadcast of two operands reduced to "rows" of one inner loop, for binary elementwise kernels.
import type { TypedArray } from '../../../../graph/dtype.js';
import type { Operator } from '../../../../graph/ir.js';
import { KernelError } from '../../../../errors.js';
import type { CpuTensor } from '../../kernel.js';

/**
 * The output is `rows` runs of `inner` contiguous elements; run r reads operand a from aOffs[r] stepping by
 * aStep (0 when a is broadcast along the innermost collapsed dimension, else 1), and b likewise.
 */
export interface BroadcastPlan {
  readonly rows: number;
  readonly inner: number;
  readonly aStep: number;
  readonly bStep: number;
  readonly aOffs: Int32Array;
  readonly bOffs: Int32Array;
  /** Both operands have the output's shape (no broadcasting at all). */
  readonly elementwise: boolean;
}

/**
 * Plans `out = f(a, b)` for shapes aligned at their last dimension. Dimensions of size 1 in the output are
 * dropped and neighbours whose broadcast pattern agrees are merged, so every case collapses to at most a few
 * dimensions: same shapes and scalar operands become a single run.
 */
export function planBroadcast(a: readonly number[], b: readonly number[], out: readonly number[]): BroadcastPlan | string {
  const rank = out.length;
  if (a.length > rank || b.length > rank) return `operand ranks ${a.length}, ${b.length} exceed output rank ${rank}`;
  const sizes: number[] = [];
  const aVaries: boolean[] = [];
  const bVaries: boolean[] = [];
  for (let i = 0; i < rank; i++) {
    const n = out[i]!;
    const da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)]! : 1;
    const db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)]! : 1;
    if ((da !== n && da !== 1) || (db !== n && db !== 1)) {
      return `shapes [${a}] and [${b}] do not broadcast to [${out}]`;
    }
    if (n === 1) continue;
    const av = da === n, bv = db === n;
    const last = sizes.length - 1;
    if (last >= 0 && aVaries[last] === av && bVaries[last] === bv) {
      sizes[last] = sizes[last]! * n;
    } else {
      sizes.push(n); aVaries.push(av); bVaries.push(bv);
    }
  }
  const elementwise = a.length === b.length && a.every((d, i) => d === out[i + rank - a.length] && d === b[i]);
  if (sizes.length === 0) {
    return { rows: 1, inner: 1, aStep: 0, bStep: 0, aOffs: new Int32Array(1), bOffs: new Int32Array(1), elementwise };
  }
  // Element strides of each collapsed dimension inside a and b (0 where the operand is broadcast).
  const k = sizes.length;
  const aStride = new Array<number>(k), bStride = new Array<number>(k);
  let sa = 1, sb = 1;
  for (let j = k - 1; j >= 0; j--) {
    aStride[j] = aVaries[j] ? sa : 0;
    bStride[j] = bVaries[j] ? sb : 0;
    if (aVaries[j]) sa *= sizes[j]!;
    if (bVaries[j]) sb *= sizes[j]!;
  }
  const inner = sizes[k - 1]!;
  let rows = 1;
  for (let j = 0; j < k - 1; j++) rows *= sizes[j]!;
  const aOffs = new Int32Array(rows), bOffs = new Int32Array(rows);
  // Odometer over the outer collapsed dimensions, innermost of them fastest.
  const idx = new Array<number>(k - 1).fill(0);
  let ao = 0, bo = 0;
  for (let r = 0; r < rows; r++) {
    aOffs[r] = ao; bOffs[r] = bo;
    for (let j = k - 2; j >= 0; j--) {
      idx[j]!++;
      ao += aStride[j]!; bo += bStride[j]!;
      if (idx[j]! < sizes[j]!) break;
      ao -= aStride[j]! * sizes[j]!; bo -= bStride[j]! * sizes[j]!;
      idx[j] = 0;
    }
  }
  return { rows, inner, aStep: aVaries[k - 1] ? 1 : 0, bStep: bVaries[k - 1] ? 1 : 0, aOffs, bOffs, elementwise };
}

/** Caches the plan of the last shapes seen by one operator (shapes rarely change between runs). */
export class BroadcastPlanCache {
  private key = '';
  private plan: BroadcastPlan | null = null;

  get(op: Operator, a: readonly number[], b: readonly number[], out: readonly number[]): BroadcastPlan {
    const key = `${a.join(',')}|${b.join(',')}|${out.join(',')}`;
    if (this.plan !== null && key === this.key) return this.plan;
    const p = planBroadcast(a, b, out);
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    this.key = key;
    this.plan = p;
    return p;
  }
}

/** Typed arrays that hold JS numbers (everything but the 64-bit integer arrays). */
export type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

/** The tensor's data as a number array, or a typed error for 64-bit integer storage. */
export function numberData(op: Operator, t: CpuTensor): NumberArray {
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    throw new KernelError(op.opcode, op.index, `tensor ${t.info.name} holds 64-bit integers, not supported here`);
  }
  return d;
}

/** Runtime input `i` of a kernel call, or a typed error when it is missing. */
export function inputAt(op: Operator, inputs: readonly (CpuTensor | null)[], i: number): CpuTensor {
  const t = inputs[i];
  if (!t) throw new KernelError(op.opcode, op.index, `input ${i} is missing`);
  return t;
}

/** Runtime output `i` of a kernel call, or a typed error when it is missing. */
export function outputAt(op: Operator, outputs: readonly CpuTensor[], i: number): CpuTensor {
  const t = outputs[i];
  if (!t) throw new KernelError(op.opcode, op.index, `output ${i} is missing`);
  return t;
}
