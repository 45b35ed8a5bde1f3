// Checks a GPU output against the CPU backend's kernel (the oracle) before anything is timed: integers must be
// identical, floats within tol * (sum |x*w| + |b|) per output (the magnitude comes from the same CPU kernel run on
// absolute values). Large FC problems compare their first and last rows only (rows are independent in a matmul).
import { CpuBackend } from '../../src/backends/cpu/cpu-backend.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import type { Graph } from '../../src/graph/ir.js';
import { fcModel, type OneOpModel } from './problems.js';
import type { KernelSize, Verification } from './types.js';

/** FC problems with more rows than this are checked on REF_ROWS/2 rows at each end. */
const REF_ROWS = 32;

export interface Reference {
  /** The expected values of the compared outputs, and their positions in the full output. */
  expected: TypedArray;
  positions: (i: number) => number;
  /** Per compared output, sum |x*w| + |b| (floats only). */
  magnitude: Float32Array | null;
  rows: string;
  outputs: number;
}

async function runCpu(g: Graph, x: TypedArray, shape: number[]): Promise<TypedArray> {
  const cpu = new CpuBackend(g);
  const [y] = await cpu.run([{ shape, dtype: g.tensors[g.inputs[0]!]!.dtype, data: x }]);
  cpu.dispose();
  return y!.data;
}

/** The same graph with |constants| (float graphs only), for the error bound. */
function absGraph(g: Graph): Graph {
  return { ...g, tensors: g.tensors.map((t) => (t.data instanceof Float32Array ? { ...t, data: t.data.map(Math.abs) } : t)) };
}

export async function reference(size: KernelSize, m: OneOpModel, seed: number): Promise<Reference> {
  const float = m.family === 'float';
  const outputs = m.graph.tensors[m.op.outputs[0]!]!.shape.reduce((a, b) => a * b, 1);
  if (size.op === 'FULLY_CONNECTED' && size.m > REF_ROWS) {
    const h = REF_ROWS / 2, k = size.k, n = size.n;
    const src = m.input.data as Float32Array | Int8Array;
    const x = src instanceof Float32Array ? new Float32Array(REF_ROWS * k) : new Int8Array(REF_ROWS * k);
    x.set(src.subarray(0, h * k), 0);
    x.set(src.subarray((size.m - h) * k), h * k);
    const sub = fcModel(size, m.family, seed, { m: REF_ROWS, x });
    const expected = await runCpu(sub.graph, x, [REF_ROWS, k]);
    const magnitude = float ? (await runCpu(absGraph(sub.graph), (x as Float32Array).map(Math.abs), [REF_ROWS, k])) as Float32Array : null;
    const positions = (i: number): number => (i < h * n ? i : (size.m - REF_ROWS) * n + i);
    return { expected, positions, magnitude, rows: `0..${h - 1} and ${size.m - h}..${size.m - 1} of ${size.m}`, outputs };
  }
  const expected = await runCpu(m.graph, m.input.data, m.input.shape);
  const magnitude = float ? (await runCpu(absGraph(m.graph), (m.input.data as Float32Array).map(Math.abs), m.input.shape)) as Float32Array : null;
  return { expected, positions: (i) => i, magnitude, rows: 'all', outputs };
}

export function compare(gpu: TypedArray, ref: Reference, tol: number): Verification {
  let mismatches = 0, maxAbsErr = 0;
  let first: Verification['firstMismatch'];
  const n = ref.expected.length;
  if (gpu.length !== ref.outputs) {
    return { checked: 0, outputs: ref.outputs, rows: ref.rows, mismatches: 1, maxAbsErr: Infinity, tolerance: tol,
      firstMismatch: { index: -1, gpu: gpu.length, cpu: ref.outputs } };
  }
  for (let i = 0; i < n; i++) {
    const at = ref.positions(i);
    const a = Number(gpu[at]), c = Number(ref.expected[i]);
    const err = Math.abs(a - c);
    const bound = ref.magnitude ? tol * ref.magnitude[i]! + 1e-30 : 0;
    if (!(err <= bound)) {
      mismatches++;
      first ??= { index: at, gpu: a, cpu: c };
    }
    if (err > maxAbsErr || Number.isNaN(err)) maxAbsErr = Number.isNaN(err) ? Infinity : err;
  }
  return { checked: n, outputs: ref.outputs, rows: ref.rows, mismatches, maxAbsErr, tolerance: ref.magnitude ? tol : 0,
    ...(first ? { firstMismatch: first } : {}) };
}
