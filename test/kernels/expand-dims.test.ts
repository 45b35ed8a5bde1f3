import { describe, expect, it } from 'vitest';
import { expandDimsKernel } from '../../src/backends/cpu/kernels/expand-dims.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const none = { kind: 'none' } as const;

describe('EXPAND_DIMS', () => {
  it('copies uint8 and bool data (int32 and int64 axis operands)', () => {
    const g = oneOp('EXPAND_DIMS', none, [
      { dtype: 'uint8', shape: [3], data: [0, 128, 255] },
      { dtype: 'int32', shape: [], data: [-1], constant: true },
    ], [{ dtype: 'uint8', shape: [3, 1] }]);
    expect(vals(runOne(expandDimsKernel, g))).toEqual([0, 128, 255]);
    const b = oneOp('EXPAND_DIMS', none, [
      { dtype: 'bool', shape: [2], data: [1, 0] },
      { dtype: 'int64', shape: [1], data: [0], constant: true },
    ], [{ dtype: 'bool', shape: [1, 2] }]);
    expect(vals(runOne(expandDimsKernel, b))).toEqual([1, 0]);
  });

  it('copies float16 bits unchanged', () => {
    const bits = [0x3c00, 0xfc00, 0x7e01, 0x8000];
    const g = oneOp('EXPAND_DIMS', none, [
      { dtype: 'float16', shape: [2, 2], data: bits },
      { dtype: 'int32', shape: [], data: [1], constant: true },
    ], [{ dtype: 'float16', shape: [2, 1, 2] }]);
    expect(vals(runOne(expandDimsKernel, g))).toEqual(bits);
  });

  it('rejects a float axis operand and a missing axis', () => {
    const g = oneOp('EXPAND_DIMS', none, [
      { dtype: 'float32', shape: [2] }, { dtype: 'float32', shape: [], data: [0], constant: true },
    ], [{ dtype: 'float32', shape: [1, 2] }]);
    expect(expandDimsKernel.check(g.op, g.graph)).toMatch(/float32 axis/);
    const m = oneOp('EXPAND_DIMS', none, [{ dtype: 'float32', shape: [2] }], [{ dtype: 'float32', shape: [1, 2] }]);
    expect(expandDimsKernel.check(m.op, m.graph)).toMatch(/missing axis/);
  });
});
