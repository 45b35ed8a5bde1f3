import { describe, expect, it } from 'vitest';
import { reshapeKernel } from '../../src/backends/cpu/kernels/reshape.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import { fillElements } from '../../src/backends/cpu/kernels/shared/copy-words.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const opts = { kind: 'reshape', newShape: null } as const;

describe('RESHAPE', () => {
  it('copies float32 data into the new shape, with a constant shape operand', () => {
    const g = oneOp('RESHAPE', opts, [
      { dtype: 'float32', shape: [2, 3], data: [1.5, -2, 3, 4, 5, Number.NaN] },
      { dtype: 'int32', shape: [2], data: [3, 2], constant: true },
    ], [{ dtype: 'float32', shape: [3, 2] }]);
    expect(vals(runOne(reshapeKernel, g))).toEqual([1.5, -2, 3, 4, 5, Number.NaN]);
  });

  it('copies int64 values beyond 32 bits and int8 without a shape operand', () => {
    const big = [2 ** 40 + 7, -(2 ** 35) - 1, 1, 0];
    const g = oneOp('RESHAPE', opts, [{ dtype: 'int64', shape: [4], data: big }], [{ dtype: 'int64', shape: [2, 2] }]);
    expect(vals(runOne(reshapeKernel, g))).toEqual(big);
    const g8 = oneOp('RESHAPE', opts, [{ dtype: 'int8', shape: [1, 3], data: [-128, 0, 127] }, null],
      [{ dtype: 'int8', shape: [3] }]);
    expect(vals(runOne(reshapeKernel, g8))).toEqual([-128, 0, 127]);
  });

  it('overwrites stale output data', () => {
    const g = oneOp('RESHAPE', opts, [{ dtype: 'int16', shape: [2], data: [7, -7] }], [{ dtype: 'int16', shape: [1, 2] }]);
    fillElements(g.outputs[0]!.data, 99);
    expect(vals(runOne(reshapeKernel, g))).toEqual([7, -7]);
  });

  it('rejects dtype mismatches and unsupported dtypes; throws on element-count mismatch', () => {
    const g = oneOp('RESHAPE', opts, [{ dtype: 'float32', shape: [2] }], [{ dtype: 'int32', shape: [2] }]);
    expect(reshapeKernel.check(g.op, g.graph)).toMatch(/float32.*int32/);
    const s = oneOp('RESHAPE', opts, [{ dtype: 'string', shape: [2] }], [{ dtype: 'string', shape: [2] }]);
    expect(reshapeKernel.check(s.op, s.graph)).toMatch(/string/);
    const m = oneOp('RESHAPE', opts, [{ dtype: 'float32', shape: [4] }], [{ dtype: 'float32', shape: [3] }]);
    expect(() => reshapeKernel.run(m)).toThrow(/4 elements/);
  });
});
