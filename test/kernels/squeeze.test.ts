import { describe, expect, it } from 'vitest';
import { squeezeKernel } from '../../src/backends/cpu/kernels/squeeze.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

describe('SQUEEZE', () => {
  it('copies int32 data with explicit (negative) squeeze dims', () => {
    const g = oneOp('SQUEEZE', { kind: 'squeeze', squeezeDims: [0, -1] },
      [{ dtype: 'int32', shape: [1, 3, 1], data: [5, -6, 2147483647] }], [{ dtype: 'int32', shape: [3] }]);
    expect(vals(runOne(squeezeKernel, g))).toEqual([5, -6, 2147483647]);
  });

  it('copies float32 with no squeeze dims (all unit dims)', () => {
    const g = oneOp('SQUEEZE', { kind: 'squeeze', squeezeDims: [] },
      [{ dtype: 'float32', shape: [1, 2, 1, 2], data: [0.25, -1, 3, 4] }], [{ dtype: 'float32', shape: [2, 2] }]);
    expect(vals(runOne(squeezeKernel, g))).toEqual([0.25, -1, 3, 4]);
  });

  it('rejects squeeze dims out of range or naming a dimension larger than 1', () => {
    const a = oneOp('SQUEEZE', { kind: 'squeeze', squeezeDims: [3] },
      [{ dtype: 'float32', shape: [1, 2, 1] }], [{ dtype: 'float32', shape: [2] }]);
    expect(squeezeKernel.check(a.op, a.graph)).toMatch(/out of range/);
    const b = oneOp('SQUEEZE', { kind: 'squeeze', squeezeDims: [1] },
      [{ dtype: 'float32', shape: [1, 2, 1] }], [{ dtype: 'float32', shape: [2] }]);
    expect(squeezeKernel.check(b.op, b.graph)).toMatch(/size 2/);
  });
});
