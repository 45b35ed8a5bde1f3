import { describe, expect, it } from 'vitest';
import { packKernel } from '../../src/backends/cpu/kernels/pack.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

function pack(axis: number, inputs: TensorSpec[], output: TensorSpec) {
  return oneOp('PACK', { kind: 'pack', valuesCount: inputs.length, axis }, inputs, [output]);
}

const a: TensorSpec = { dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 4] };
const b: TensorSpec = { dtype: 'float32', shape: [2, 2], data: [5, 6, 7, 8] };

describe('PACK', () => {
  it('stacks along axis 0, 1 and -1 (hand-checked)', () => {
    expect(vals(runOne(packKernel, pack(0, [a, b], { dtype: 'float32', shape: [2, 2, 2] }))))
      .toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(vals(runOne(packKernel, pack(1, [a, b], { dtype: 'float32', shape: [2, 2, 2] }))))
      .toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
    expect(vals(runOne(packKernel, pack(-1, [a, b], { dtype: 'float32', shape: [2, 2, 2] }))))
      .toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
  });

  it('stacks scalars and three int64 vectors', () => {
    const s = pack(0, [
      { dtype: 'int32', shape: [], data: [4] }, { dtype: 'int32', shape: [], data: [-1] },
    ], { dtype: 'int32', shape: [2] });
    expect(vals(runOne(packKernel, s))).toEqual([4, -1]);
    const big = 2 ** 50;
    const v = (x: number): TensorSpec => ({ dtype: 'int64', shape: [2], data: [x, -x] });
    const g = pack(1, [v(1), v(big), v(3)], { dtype: 'int64', shape: [2, 3] });
    expect(vals(runOne(packKernel, g))).toEqual([1, big, 3, -1, -big, -3]);
  });

  it('stacks int8 tensors sharing the output params', () => {
    const q = { scale: 0.1, zeroPoint: 4 };
    const g = pack(0, [
      { dtype: 'int8', shape: [3], data: [-128, 0, 127], quant: q }, { dtype: 'int8', shape: [3], data: [1, 2, 3], quant: q },
    ], { dtype: 'int8', shape: [2, 3], quant: q });
    expect(vals(runOne(packKernel, g))).toEqual([-128, 0, 127, 1, 2, 3]);
  });

  it('rejects differing quantization, shapes, axis and values_count', () => {
    const q = pack(0, [
      { dtype: 'uint8', shape: [1], quant: { scale: 0.1, zeroPoint: 4 } },
      { dtype: 'uint8', shape: [1], quant: { scale: 0.2, zeroPoint: 4 } },
    ], { dtype: 'uint8', shape: [2, 1], quant: { scale: 0.1, zeroPoint: 4 } });
    expect(packKernel.check(q.op, q.graph)).toMatch(/input 1 scale/);
    const sh = pack(0, [a, { dtype: 'float32', shape: [4] }], { dtype: 'float32', shape: [2, 2, 2] });
    expect(packKernel.check(sh.op, sh.graph)).toMatch(/shape/);
    const ax = pack(3, [a, b], { dtype: 'float32', shape: [2, 2, 2] });
    expect(packKernel.check(ax.op, ax.graph)).toMatch(/axis 3/);
    const vc = oneOp('PACK', { kind: 'pack', valuesCount: 3, axis: 0 }, [a, b], [{ dtype: 'float32', shape: [2, 2, 2] }]);
    expect(packKernel.check(vc.op, vc.graph)).toMatch(/values_count 3/);
  });
});
