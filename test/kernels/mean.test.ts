// MEAN kernel: float means over any axes (negative, repeated, keep_dims false), and the four quantized paths
// TFLite 2.9 dispatches to, hand-checked, against real TFLite 2.9 outputs and against float references.
import { describe, expect, it } from 'vitest';
import { meanKernel } from '../../src/backends/cpu/kernels/mean.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TensorSpec } from '../helpers/kernel-harness.js';

function nums(a: TypedArray): number[] {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) throw new Error('bigint data');
  return Array.from(a);
}

const reducer = (keepDims: boolean) => ({ kind: 'reducer' as const, keepDims });
const axisSpec = (axes: number[]): TensorSpec => ({ dtype: 'int32', shape: [axes.length], data: axes, constant: true });

/** Independent reference: mean over `axes` of a row-major tensor, output in row-major order of the kept dims. */
function meanRef(x: number[], shape: number[], axes: number[]): number[] {
  const red = new Set(axes.map((a) => (a < 0 ? a + shape.length : a)));
  const sums = new Map<number, { s: number; n: number }>();
  const keptShape = shape.map((d, i) => (red.has(i) ? 1 : d));
  for (let flat = 0; flat < x.length; flat++) {
    let rem = flat, key = 0, stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const i = rem % shape[d]!; rem = Math.floor(rem / shape[d]!);
      if (!red.has(d)) { key += i * stride; stride *= keptShape[d]!; }
    }
    const e = sums.get(key) ?? { s: 0, n: 0 };
    e.s += x[flat]!; e.n++;
    sums.set(key, e);
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e.s / e.n);
}

const values = (n: number, f = 1) => Array.from({ length: n }, (_, i) => Math.fround(((Math.sin(i * 91.7) * 1e4) % 5) * f));

describe('MEAN float32', () => {
  const cases: [string, number[], number[], boolean, number[]][] = [
    ['spatial [1,2] keep_dims', [2, 3, 4, 2], [1, 2], true, [2, 1, 1, 2]],
    ['last axis -1, keep_dims false', [2, 3, 4], [-1], false, [2, 3]],
    ['axes [0,2], keep_dims false', [2, 3, 4], [0, 2], false, [3]],
    ['repeated and negative axes [2,-3,0,2]', [2, 3, 4], [2, -3, 0, 2], false, [3]],
    ['all axes to a scalar', [3, 5], [0, 1], false, []],
    ['middle axis keep_dims', [2, 5, 3], [1], true, [2, 1, 3]],
  ];
  for (const [name, shape, axes, keep, outShape] of cases) {
    it(name, () => {
      const x = values(shape.reduce((a, b) => a * b, 1));
      const g = oneOp('MEAN', reducer(keep), [{ dtype: 'float32', shape, data: x }, axisSpec(axes)], [{ dtype: 'float32', shape: outShape }]);
      const out = nums(runOne(meanKernel, g));
      const ref = meanRef(x, shape, axes);
      expect(out.length).toBe(ref.length);
      ref.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
    });
  }

  it('hand-checked', () => {
    const g = oneOp('MEAN', reducer(false), [{ dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 5] }, axisSpec([1])], [{ dtype: 'float32', shape: [2] }]);
    expect(nums(runOne(meanKernel, g))).toEqual([1.5, 4]);
  });

  it('an empty axis list copies the input', () => {
    const g = oneOp('MEAN', reducer(true), [{ dtype: 'float32', shape: [3], data: [1, 2, 3] }, { dtype: 'int32', shape: [0], data: [], constant: true }], [{ dtype: 'float32', shape: [3] }]);
    expect(nums(runOne(meanKernel, g))).toEqual([1, 2, 3]);
  });
});

function q(dtype: DType, shape: number[], scale: number, zeroPoint: number, data?: number[]): TensorSpec {
  return { dtype, shape, data, quant: { scale, zeroPoint } };
}

describe('MEAN quantized', () => {
  it('hand-checked: which TFLite 2.9 path rounds how', () => {
    const run = (dtype: DType, x: number[], axes: number[], zp: number) => nums(runOne(meanKernel, oneOp('MEAN', reducer(true),
      [q(dtype, [1, 2, 2, 1], 1, zp, x), axisSpec(axes)], [q(dtype, [1, 1, 1, 1], 1, zp)])));
    // int8 spatial [1,2] (reference_integer_ops::Mean): 7/4 = 1.75 and -7/4 round half away from zero to 2 and -2.
    expect(run('int8', [1, 2, 2, 2], [1, 2], 0)).toEqual([2]);
    expect(run('int8', [-1, -2, -2, -2], [1, 2], 0)).toEqual([-2]);
    // The same axes written [-3,-2] miss reduce.cc's raw-value test; equal in/out params then take
    // reference_ops::Mean, an integer division that truncates: 1 and -1.
    expect(run('int8', [1, 2, 2, 2], [-3, -2], 0)).toEqual([1]);
    expect(run('int8', [-1, -2, -2, -2], [-3, -2], 0)).toEqual([-1]);
    // uint8 spatial (optimized_ops::Mean): raw 22/4 = 5.5 rounds up to 6 (bias 0); truncation elsewhere gives 5.
    expect(run('uint8', [4, 5, 6, 7], [2, 1], 3)).toEqual([6]);
    expect(run('uint8', [4, 5, 6, 7], [-2, -3], 3)).toEqual([5]);
  });

  it('hand-checked rescaling path with an output scale of half the input scale', () => {
    // Float QuantizedMeanOrSum: round(mean(q) * 2 - 20) with s = 0.5 / 0.25 = 2 and bias -10 * 2.
    const g = oneOp('MEAN', reducer(false), [q('uint8', [2, 3], 0.5, 10, [10, 11, 13, 0, 2, 4]), axisSpec([1])], [q('uint8', [2], 0.25, 0)]);
    // row 0: (0+1+3)/3*2 = 2.67 -> 3; row 1: (-10-8-6)/3*2 = -16 -> clamped to 0
    expect(nums(runOne(meanKernel, g))).toEqual([3, 0]);
  });

  // Outputs of native TFLite 2.9 (the C library in npm's tfjs-tflite-node, default builtin kernels) on one-op
  // models with these exact parameters: one case per quantized path.
  const tflite29: { name: string; dtype: 'int8' | 'uint8'; shape: number[]; axes: number[]; keep: boolean; out: number[];
    si: number; zi: number; so: number; zo: number; x: number[]; want: number[] }[] = [
    { name: 'int8 spatial', dtype: 'int8', shape: [1, 3, 3, 4], axes: [1, 2], keep: true, out: [1, 1, 1, 4],
      si: 0.0705, zi: -9, so: 0.031, zo: 4,
      x: [-127, 15, -110, -8, 77, -36, 14, 45, 3, 77, 78, -104, 107, -13, 116, 38, 25, -7, 18, -116, 12, -86, -14, 39, 15, -82, 79, -34, -116, -112, -84, 42, -47, 25, -106, -55],
      want: [12, -31, 22, -14] },
    { name: 'uint8 spatial', dtype: 'uint8', shape: [1, 3, 4, 3], axes: [2, 1], keep: true, out: [1, 1, 1, 3],
      si: 0.4, zi: 100, so: 0.13, zo: 90,
      x: [176, 139, 242, 35, 120, 112, 62, 199, 156, 7, 254, 24, 190, 124, 40, 51, 94, 70, 61, 242, 249, 85, 101, 250, 75, 252, 229, 39, 74, 28, 143, 223, 183, 217, 175, 153],
      want: [75, 255, 227] },
    { name: 'int8 truncate', dtype: 'int8', shape: [2, 3, 5], axes: [-1], keep: false, out: [2, 3],
      si: 0.05, zi: 7, so: 0.05, zo: 7,
      x: [-56, 6, 16, 106, -123, 35, 68, -113, -74, -105, 122, 46, 54, -39, -110, 3, -20, -76, 57, -100, -82, -13, -105, -110, -124, 5, 92, 35, -64, 31],
      want: [-10, -37, 14, -27, -86, 19] },
    { name: 'uint8 rescale', dtype: 'uint8', shape: [3, 4, 2], axes: [0, 2], keep: false, out: [4],
      si: 0.2, zi: 5, so: 0.3, zo: 20,
      x: [52, 148, 198, 115, 20, 154, 244, 117, 64, 224, 48, 175, 215, 84, 137, 176, 94, 144, 34, 231, 16, 175, 169, 98],
      want: [97, 106, 90, 121] },
    { name: 'int8 spatial keep false = rescale', dtype: 'int8', shape: [1, 2, 3, 3], axes: [1, 2], keep: false, out: [1, 3],
      si: 0.02, zi: 10, so: 0.03, zo: -5,
      x: [62, 107, 118, -79, 60, 9, -103, 3, 115, 108, -12, -68, 4, -93, 92, -41, 11, -59],
      want: [-17, -3, 11] },
  ];
  for (const c of tflite29) {
    it(`equals TFLite 2.9 exactly: ${c.name}`, () => {
      const g = oneOp('MEAN', reducer(c.keep), [q(c.dtype, c.shape, c.si, c.zi, c.x), axisSpec(c.axes)], [q(c.dtype, c.out, c.so, c.zo)]);
      expect(nums(runOne(meanKernel, g))).toEqual(c.want);
    });
  }

  const configs: { name: string; dtype: 'int8' | 'uint8'; shape: number[]; axes: number[]; keep: boolean; out: number[];
    si: number; zi: number; so: number; zo: number }[] = [
    { name: 'int8 spatial [1,2], output scale and zero point differ', dtype: 'int8', shape: [2, 7, 7, 5], axes: [1, 2], keep: true, out: [2, 1, 1, 5], si: 0.0705, zi: -9, so: 0.031, zo: 4 },
    { name: 'uint8 spatial [2,1], same params', dtype: 'uint8', shape: [1, 4, 6, 8], axes: [2, 1], keep: true, out: [1, 1, 1, 8], si: 0.0235, zi: 128, so: 0.0235, zo: 128 },
    { name: 'int8 spatial axes with keep_dims false (general path)', dtype: 'int8', shape: [2, 5, 5, 3], axes: [1, 2], keep: false, out: [2, 3], si: 0.2, zi: 5, so: 0.05, zo: -20 },
    { name: 'uint8 last axis keep_dims false, scale change', dtype: 'uint8', shape: [3, 4, 9], axes: [-1], keep: false, out: [3, 4], si: 0.4, zi: 100, so: 0.13, zo: 90 },
    { name: 'int8 axes [0,2] over a 3-D input', dtype: 'int8', shape: [3, 4, 5], axes: [0, 2], keep: false, out: [4], si: 0.01, zi: 0, so: 0.02, zo: -1 },
    { name: 'int8 same params, truncating path', dtype: 'int8', shape: [4, 6], axes: [0], keep: true, out: [1, 6], si: 0.1, zi: -3, so: 0.1, zo: -3 },
  ];
  for (const c of configs) {
    it(`${c.name}: within one step of dequantize -> mean -> quantize`, () => {
      const [lo, hi] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
      const n = c.shape.reduce((a, b) => a * b, 1);
      const x = Array.from({ length: n }, (_, i) => lo + ((i * 7919 + 17) % 256));
      const g = oneOp('MEAN', reducer(c.keep), [q(c.dtype, c.shape, c.si, c.zi, x), axisSpec(c.axes)], [q(c.dtype, c.out, c.so, c.zo)]);
      const out = nums(runOne(meanKernel, g));
      const ref = meanRef(x.map((v) => (v - c.zi) * c.si), c.shape, c.axes).map((m) => Math.min(hi, Math.max(lo, Math.round(m / c.so) + c.zo)));
      expect(out.length).toBe(ref.length);
      // Each TFLite path errs by under one step: the spatial paths round a fixed-point product (uint8 also a
      // separately rounded zero-point bias), the equal-params path truncates, the rescaling path rounds in float.
      ref.forEach((v, i) => expect(Math.abs(out[i]! - v), `element ${i}`).toBeLessThanOrEqual(1));
    });
  }

  it('check rejects non-constant axes, unsupported dtypes, mismatches, out-of-range axes and missing quantization', () => {
    const chk = (g: ReturnType<typeof oneOp>) => meanKernel.check(g.op, g.graph);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'float32', shape: [2, 3] }, { dtype: 'int32', shape: [1] }], [{ dtype: 'float32', shape: [2, 1] }]))).toMatch(/constant/);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'int32', shape: [2, 3] }, axisSpec([1])], [{ dtype: 'int32', shape: [2, 1] }]))).toMatch(/int32 not supported/);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'float32', shape: [2, 3] }, axisSpec([1])], [{ dtype: 'int8', shape: [2, 1] }]))).toMatch(/dtype mismatch/);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'float32', shape: [2, 3] }, axisSpec([2])], [{ dtype: 'float32', shape: [2, 1] }]))).toMatch(/out of range/);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'int8', shape: [2, 3] }, axisSpec([1])], [{ dtype: 'int8', shape: [2, 1] }]))).toMatch(/quantization/);
    expect(chk(oneOp('MEAN', reducer(true), [q('int16', [2, 3], 0.1, 0), axisSpec([1])], [q('int16', [2, 1], 0.1, 0)]))).toMatch(/int16 not supported/);
    expect(chk(oneOp('MEAN', reducer(true), [{ dtype: 'float32', shape: [2, 3] }, { dtype: 'int64', shape: [1], data: [1], constant: true }], [{ dtype: 'float32', shape: [2, 1] }]))).toMatch(/int32/);
  });
});
