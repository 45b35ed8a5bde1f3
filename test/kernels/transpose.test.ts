import { describe, expect, it } from 'vitest';
import { transposeKernel } from '../../src/backends/cpu/kernels/transpose.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const none = { kind: 'none' } as const;

/** Reference: walk the input in order, compute each element's output coordinates from the permutation. */
function transposeRef(data: readonly number[], shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p]!);
  const out = new Array<number>(data.length);
  const coord = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rem = flat;
    for (let d = shape.length - 1; d >= 0; d--) { coord[d] = rem % shape[d]!; rem = Math.floor(rem / shape[d]!); }
    let o = 0;
    for (let i = 0; i < perm.length; i++) o = o * outShape[i]! + coord[perm[i]!]!;
    out[o] = data[flat]!;
  }
  return out;
}

function iota(n: number, f: (i: number) => number = (i) => i): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

function transpose(dtype: DType, shape: number[], data: number[], perm: number[], quant?: TensorSpec['quant']) {
  const norm = perm.map((p) => (p < 0 ? p + shape.length : p));
  const g = oneOp('TRANSPOSE', none, [
    { dtype, shape, data, quant },
    { dtype: 'int32', shape: [perm.length], data: perm, constant: true },
  ], [{ dtype, shape: norm.map((p) => shape[p]!), quant }]);
  return runOne(transposeKernel, g);
}

describe('TRANSPOSE', () => {
  it('transposes a 2-D float32 matrix (hand-checked)', () => {
    expect(vals(transpose('float32', [2, 3], [1, 2, 3, 4, 5, 6], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('NHWC -> NCHW and back, int8 quantized', () => {
    const shape = [2, 3, 4, 5];
    const data = iota(120, (i) => (i % 256) - 128);
    const q = { scale: 0.1, zeroPoint: -3 };
    const nchw = vals(transpose('int8', shape, data, [0, 3, 1, 2], q));
    expect(nchw).toEqual(transposeRef(data, shape, [0, 3, 1, 2]));
    // Hand check: NCHW[n=0][c=1][h=0][w=0] is NHWC[0][0][0][1].
    expect(nchw[1 * 12]).toBe(data[1]);
    const back = vals(transpose('int8', [2, 5, 3, 4], nchw, [0, 2, 3, 1], q));
    expect(back).toEqual(data);
  });

  it('handles rank 6 with a scrambled permutation (float32)', () => {
    const shape = [2, 3, 1, 2, 2, 3];
    const data = iota(72, (i) => i * 0.5 - 7);
    const perm = [5, 3, 0, 1, 4, 2];
    expect(vals(transpose('float32', shape, data, perm))).toEqual(transposeRef(data, shape, perm));
  });

  it('moves int64 values (two 32-bit halves each) intact', () => {
    const shape = [3, 2, 2];
    const data = iota(12, (i) => (i % 2 ? -1 : 1) * (2 ** 40 + i * 977));
    const perm = [2, 0, 1];
    expect(vals(transpose('int64', shape, data, perm))).toEqual(transposeRef(data, shape, perm));
  });

  it('accepts negative perm entries; handles bool, float16 bits, uint8 and int16', () => {
    expect(vals(transpose('bool', [2, 2], [1, 0, 1, 1], [-1, 0]))).toEqual([1, 1, 0, 1]);
    expect(vals(transpose('float16', [1, 3], [0x3c00, 0x7e01, 0x8001], [1, 0]))).toEqual([0x3c00, 0x7e01, 0x8001]);
    const d = iota(24, (i) => i * 10);
    expect(vals(transpose('uint8', [2, 3, 4], d, [1, 2, 0]))).toEqual(transposeRef(d, [2, 3, 4], [1, 2, 0]));
    const d16 = iota(24, (i) => i * 1000 - 12000);
    expect(vals(transpose('int16', [4, 3, 2], d16, [2, 1, 0]))).toEqual(transposeRef(d16, [4, 3, 2], [2, 1, 0]));
  });

  it('large 2-D and 4-D transposes (tiled path) match the reference', () => {
    const d = iota(70 * 65, (i) => i);
    expect(vals(transpose('float32', [70, 65], d, [1, 0]))).toEqual(transposeRef(d, [70, 65], [1, 0]));
    const shape = [1, 9, 11, 40];
    const d4 = iota(9 * 11 * 40, (i) => (i * 7) % 1000);
    expect(vals(transpose('int32', shape, d4, [0, 3, 1, 2]))).toEqual(transposeRef(d4, shape, [0, 3, 1, 2]));
  });

  it('rejects non-constant perm, duplicate perm, rank 7 and mismatched quantized params', () => {
    const nc = oneOp('TRANSPOSE', none, [{ dtype: 'float32', shape: [2, 2] }, { dtype: 'int32', shape: [2] }],
      [{ dtype: 'float32', shape: [2, 2] }]);
    expect(transposeKernel.check(nc.op, nc.graph)).toMatch(/non-constant perm/);
    const dup = oneOp('TRANSPOSE', none, [
      { dtype: 'float32', shape: [2, 3] }, { dtype: 'int32', shape: [2], data: [0, 0], constant: true },
    ], [{ dtype: 'float32', shape: [2, 2] }]);
    expect(transposeKernel.check(dup.op, dup.graph)).toMatch(/repeats/);
    const r7 = oneOp('TRANSPOSE', none, [
      { dtype: 'float32', shape: [1, 1, 1, 1, 1, 1, 1] },
      { dtype: 'int32', shape: [7], data: [0, 1, 2, 3, 4, 5, 6], constant: true },
    ], [{ dtype: 'float32', shape: [1, 1, 1, 1, 1, 1, 1] }]);
    expect(transposeKernel.check(r7.op, r7.graph)).toMatch(/rank-7/);
    const q = oneOp('TRANSPOSE', none, [
      { dtype: 'int8', shape: [2, 2], quant: { scale: 0.5, zeroPoint: 1 } },
      { dtype: 'int32', shape: [2], data: [1, 0], constant: true },
    ], [{ dtype: 'int8', shape: [2, 2], quant: { scale: 0.5, zeroPoint: 2 } }]);
    expect(transposeKernel.check(q.op, q.graph)).toMatch(/scale\/zero point/);
  });
});
