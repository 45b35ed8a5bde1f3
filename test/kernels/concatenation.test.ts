import { describe, expect, it } from 'vitest';
import { concatenationKernel } from '../../src/backends/cpu/kernels/concatenation.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';
import type { Activation } from '../../src/graph/options.js';
import type { TypedArray } from '../../src/graph/dtype.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const opts = (axis: number, activation: Activation = 'NONE') => ({ kind: 'concatenation', axis, activation }) as const;

function concat(axis: number, inputs: TensorSpec[], output: TensorSpec, activation: Activation = 'NONE') {
  return oneOp('CONCATENATION', opts(axis, activation), inputs, [output]);
}

describe('CONCATENATION', () => {
  it('concatenates float32 along axis 1 and along axis 0 (hand-checked)', () => {
    const a: TensorSpec = { dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 4] };
    const b: TensorSpec = { dtype: 'float32', shape: [2, 1], data: [5, 6] };
    expect(vals(runOne(concatenationKernel, concat(1, [a, b], { dtype: 'float32', shape: [2, 3] }))))
      .toEqual([1, 2, 5, 3, 4, 6]);
    const c: TensorSpec = { dtype: 'float32', shape: [1, 2], data: [7, 8] };
    expect(vals(runOne(concatenationKernel, concat(0, [a, c], { dtype: 'float32', shape: [3, 2] }))))
      .toEqual([1, 2, 3, 4, 7, 8]);
  });

  it('accepts a negative axis (int32, 3-D, three inputs incl. long chunks)', () => {
    const mk = (c: number, base: number): TensorSpec =>
      ({ dtype: 'int32', shape: [2, 2, c], data: Array.from({ length: 4 * c }, (_, i) => base + i) });
    const g = concat(-1, [mk(1, 0), mk(40, 100), mk(2, 1000)], { dtype: 'int32', shape: [2, 2, 43] });
    const out = vals(runOne(concatenationKernel, g));
    const want: number[] = [];
    for (let row = 0; row < 4; row++) {
      want.push(row);
      for (let j = 0; j < 40; j++) want.push(100 + row * 40 + j);
      want.push(1000 + row * 2, 1000 + row * 2 + 1);
    }
    expect(out).toEqual(want);
  });

  it('concatenates int64 and bool', () => {
    const big = 2 ** 45 + 3;
    const g = concat(0, [
      { dtype: 'int64', shape: [1], data: [big] }, { dtype: 'int64', shape: [2], data: [-1, -big] },
    ], { dtype: 'int64', shape: [3] });
    expect(vals(runOne(concatenationKernel, g))).toEqual([big, -1, -big]);
    const b = concat(1, [
      { dtype: 'bool', shape: [2, 1], data: [1, 0] }, { dtype: 'bool', shape: [2, 1], data: [0, 1] },
    ], { dtype: 'bool', shape: [2, 2] });
    expect(vals(runOne(concatenationKernel, b))).toEqual([1, 0, 0, 1]);
  });

  it('concatenates scalars into a vector', () => {
    const g = concat(0, [
      { dtype: 'float32', shape: [], data: [1.5] }, { dtype: 'float32', shape: [], data: [-2] },
      { dtype: 'float32', shape: [], data: [3] },
    ], { dtype: 'float32', shape: [3] });
    expect(vals(runOne(concatenationKernel, g))).toEqual([1.5, -2, 3]);
  });

  it('copies int8 inputs that share the output params', () => {
    const q = { scale: 0.02, zeroPoint: -7 };
    const g = concat(1, [
      { dtype: 'int8', shape: [1, 2], data: [-128, 127], quant: q }, { dtype: 'int8', shape: [1, 1], data: [5], quant: q },
    ], { dtype: 'int8', shape: [1, 3], quant: q });
    expect(vals(runOne(concatenationKernel, g))).toEqual([-128, 127, 5]);
  });

  it('requantizes uint8 inputs with other params (hand-checked, incl. half-away rounding and clamping)', () => {
    // in0: scale 0.5, zp 10 -> out scale 1, zp 0: value = (q - 10) * 0.5, rounded half away from zero.
    // in1 already has the output params and is copied as is.
    const g = concat(1, [
      { dtype: 'uint8', shape: [2, 4], data: [20, 11, 9, 255, 0, 10, 13, 12], quant: { scale: 0.5, zeroPoint: 10 } },
      { dtype: 'uint8', shape: [2, 1], data: [200, 3], quant: { scale: 1, zeroPoint: 0 } },
    ], { dtype: 'uint8', shape: [2, 5], quant: { scale: 1, zeroPoint: 0 } });
    expect(vals(runOne(concatenationKernel, g))).toEqual([
      5, 1, 0, 123, 200, // 20->5, 11->0.5->1, 9->-0.5->-1->0 (clamped), 255->122.5->123
      0, 0, 2, 1, 3, //     0->-5->0, 10->0, 13->1.5->2, 12->1
    ]);
  });

  it('requantizes uint8 into an output with a zero point (scale ratio 2)', () => {
    // in: scale 0.2, zp 0; out: scale 0.1, zp 128 -> q_out = 2*q + 128, clamped to 255.
    const g = concat(0, [
      { dtype: 'uint8', shape: [4], data: [0, 1, 63, 64], quant: { scale: 0.2, zeroPoint: 0 } },
    ], { dtype: 'uint8', shape: [4], quant: { scale: 0.1, zeroPoint: 128 } });
    expect(vals(runOne(concatenationKernel, g))).toEqual([128, 130, 254, 255]);
  });

  it('rejects fused activations, int8 rescaling and dtype mismatches', () => {
    const f: TensorSpec = { dtype: 'float32', shape: [2] };
    const relu = concat(0, [f, f], { dtype: 'float32', shape: [4] }, 'RELU');
    expect(concatenationKernel.check(relu.op, relu.graph)).toMatch(/RELU/);
    const i8 = concat(0, [
      { dtype: 'int8', shape: [1], quant: { scale: 0.5, zeroPoint: 0 } },
      { dtype: 'int8', shape: [1], quant: { scale: 0.25, zeroPoint: 0 } },
    ], { dtype: 'int8', shape: [2], quant: { scale: 0.5, zeroPoint: 0 } });
    expect(concatenationKernel.check(i8.op, i8.graph)).toMatch(/int8 input 1/);
    const mix = concat(0, [f, { dtype: 'int32', shape: [2] }], { dtype: 'float32', shape: [4] });
    expect(concatenationKernel.check(mix.op, mix.graph)).toMatch(/input 1 dtype int32/);
    const ax = concat(2, [f, f], { dtype: 'float32', shape: [4] });
    expect(concatenationKernel.check(ax.op, ax.graph)).toMatch(/axis 2/);
  });
});
