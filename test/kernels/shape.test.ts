import { describe, expect, it } from 'vitest';
import { shapeKernel } from '../../src/backends/cpu/kernels/shape.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const none = { kind: 'none' } as const;

describe('SHAPE', () => {
  it('writes the input shape as int32', () => {
    const g = oneOp('SHAPE', none, [{ dtype: 'int8', shape: [1, 7, 5, 3] }], [{ dtype: 'int32', shape: [4] }]);
    expect(vals(runOne(shapeKernel, g))).toEqual([1, 7, 5, 3]);
  });

  it('writes the input shape as int64 (out_type) and handles a scalar input', () => {
    const g = oneOp('SHAPE', none, [{ dtype: 'float32', shape: [2, 9] }], [{ dtype: 'int64', shape: [2] }]);
    expect(vals(runOne(shapeKernel, g))).toEqual([2, 9]);
    const s = oneOp('SHAPE', none, [{ dtype: 'float32', shape: [] }], [{ dtype: 'int32', shape: [0] }]);
    expect(vals(runOne(shapeKernel, s))).toEqual([]);
  });

  it('uses the run-time shape, not the static one', () => {
    const g = oneOp('SHAPE', none, [{ dtype: 'float32', shape: [1, 3] }], [{ dtype: 'int32', shape: [2] }]);
    const inputs = [{ ...g.inputs[0]!, shape: [4, 3], data: new Float32Array(12) }];
    shapeKernel.run({ op: g.op, inputs, outputs: g.outputs });
    expect(vals(g.outputs[0]!.data)).toEqual([4, 3]);
  });

  it('rejects other output dtypes', () => {
    const g = oneOp('SHAPE', none, [{ dtype: 'float32', shape: [2] }], [{ dtype: 'float32', shape: [1] }]);
    expect(shapeKernel.check(g.op, g.graph)).toMatch(/float32 output/);
  });
});
