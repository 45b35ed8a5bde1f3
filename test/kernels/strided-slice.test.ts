// Cases follow TFLite's kernels/strided_slice_test.cc (expected values taken from there, re-derived by hand).
import { describe, expect, it } from 'vitest';
import { stridedSliceKernel } from '../../src/backends/cpu/kernels/strided-slice.js';
import { stridedSliceParams } from '../../src/planning/strided-slice-params.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import type { StridedSliceOptions } from '../../src/graph/options.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

type Masks = Partial<Omit<StridedSliceOptions, 'kind'>>;

function options(m: Masks): StridedSliceOptions {
  return { kind: 'stridedSlice', beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    offset: false, ...m };
}

function iota1(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

interface Case {
  shape: number[]; begin: number[]; end: number[]; strides: number[]; masks?: Masks;
  data?: number[]; dtype?: DType; indexDtype?: DType; constant?: boolean;
}

function slice(c: Case, outShape: number[]) {
  const n = c.shape.reduce((a, b) => a * b, 1);
  const idx = (v: number[]) => ({ dtype: c.indexDtype ?? 'int32', shape: [v.length], data: v, constant: c.constant ?? true });
  return oneOp('STRIDED_SLICE', options(c.masks ?? {}), [
    { dtype: c.dtype ?? 'float32', shape: c.shape, data: c.data ?? iota1(n) },
    idx(c.begin), idx(c.end), idx(c.strides),
  ], [{ dtype: c.dtype ?? 'float32', shape: outShape }]);
}

function outShapeOf(c: Case): number[] {
  const p = stridedSliceParams(c.shape, c.begin, c.end, c.strides, options(c.masks ?? {}));
  if (typeof p === 'string') throw new Error(p);
  return p.outputShape;
}

/** Checks the computed output shape, then runs the kernel and checks the values. */
function expectSlice(c: Case, shape: number[], values: number[]): void {
  expect(outShapeOf(c)).toEqual(shape);
  const out = runOne(stridedSliceKernel, slice(c, shape));
  expect(vals(out)).toEqual(values);
}

describe('strided slice params (TFLite shape logic)', () => {
  const shapeOf = (c: Case) => outShapeOf(c);
  it('empty and clamped ranges', () => {
    expect(shapeOf({ shape: [0], begin: [1], end: [3], strides: [1] })).toEqual([0]);
    expect(shapeOf({ shape: [4], begin: [10], end: [3], strides: [1] })).toEqual([0]);
    expect(shapeOf({ shape: [1], begin: [1], end: [1], strides: [1] })).toEqual([0]);
    expect(shapeOf({ shape: [1, 1, 2], begin: [1], end: [0], strides: [1], masks: { endMask: 1 } })).toEqual([0, 1, 2]);
    expect(shapeOf({ shape: [1, 1, 2], begin: [1, 0, 0], end: [0, -1, -1], strides: [1, 1, 1],
      masks: { beginMask: 6, endMask: 7 } })).toEqual([0, 1, 2]);
  });

  it('rejects shrinks that select nothing and zero strides', () => {
    // TFLite's OneOneOneShrinkAxisOOB gives shape [] but writes no element: refused here.
    expect(stridedSliceParams([1], [1], [1], [1], options({ shrinkAxisMask: 1 }))).toMatch(/shrink_axis/);
    expect(stridedSliceParams([3], [1], [2], [-1], options({ shrinkAxisMask: 1 }))).toMatch(/shrink_axis/);
    expect(stridedSliceParams([3], [0], [2], [0], options({}))).toMatch(/stride/);
    expect(stridedSliceParams([3, 3], [0, 0], [1, 1], [1, 1], options({ ellipsisMask: 3 }))).toMatch(/ellipsis/);
  });

  it('offset slices size from end/stride', () => {
    expect(shapeOf({ shape: [5, 6], begin: [4, 4], end: [-4, -3], strides: [-2, -2], masks: { offset: true } }))
      .toEqual([2, 2]);
    // Offset past the end: TFLite sizes 3 but could visit only 2 -> refused.
    expect(stridedSliceParams([4], [2], [3], [1], options({ offset: true }))).toMatch(/visits/);
  });
});

describe('STRIDED_SLICE', () => {
  it('1-D: basic, negative/out-of-range begin and end, masks', () => {
    expectSlice({ shape: [4], begin: [1], end: [3], strides: [1] }, [2], [2, 3]);
    expectSlice({ shape: [4], begin: [-3], end: [3], strides: [1] }, [2], [2, 3]);
    expectSlice({ shape: [4], begin: [-5], end: [3], strides: [1] }, [3], [1, 2, 3]);
    expectSlice({ shape: [4], begin: [1], end: [-2], strides: [1] }, [1], [2]);
    expectSlice({ shape: [4], begin: [-3], end: [5], strides: [1] }, [3], [2, 3, 4]);
    expectSlice({ shape: [4], begin: [1], end: [3], strides: [1], masks: { beginMask: 1 } }, [3], [1, 2, 3]);
    expectSlice({ shape: [4], begin: [1], end: [3], strides: [1], masks: { endMask: 1 } }, [3], [2, 3, 4]);
    expectSlice({ shape: [4], begin: [10], end: [3], strides: [1] }, [0], []);
  });

  it('1-D: negative strides', () => {
    expectSlice({ shape: [4], begin: [-2], end: [-3], strides: [-1] }, [1], [3]);
    expectSlice({ shape: [4], begin: [5], end: [2], strides: [-1] }, [1], [4]);
    expectSlice({ shape: [4], begin: [2], end: [-4], strides: [-1] }, [2], [3, 2]);
    expectSlice({ shape: [4], begin: [-3], end: [-5], strides: [-1] }, [2], [2, 1]);
    expectSlice({ shape: [3], begin: [-1], end: [-4], strides: [-1] }, [3], [3, 2, 1]);
    expectSlice({ shape: [4], begin: [-3], end: [-4], strides: [-1] }, [1], [2]);
    expectSlice({ shape: [4], begin: [-4], end: [-3], strides: [1] }, [1], [1]);
  });

  it('strides of 2', () => {
    expectSlice({ shape: [2], begin: [0], end: [2], strides: [2] }, [1], [1]);
    expectSlice({ shape: [3], begin: [0], end: [3], strides: [2] }, [2], [1, 3]);
    expectSlice({ shape: [2, 3], begin: [0, 0], end: [2, 3], strides: [2, 2] }, [1, 2], [1, 3]);
    expectSlice({ shape: [2, 3, 2], begin: [0, 0, 0], end: [2, 3, 2], strides: [2, 2, 2] }, [1, 2, 1], [1, 5]);
  });

  it('2-D and 3-D with negative strides and begin/end masks', () => {
    expectSlice({ shape: [2, 3], begin: [1, 0], end: [2, 2], strides: [1, 1] }, [1, 2], [4, 5]);
    expectSlice({ shape: [2, 3], begin: [1, -1], end: [2, -4], strides: [2, -1] }, [1, 3], [6, 5, 4]);
    expectSlice({ shape: [2, 3], begin: [1, 0], end: [2, 2], strides: [1, 1], masks: { beginMask: 1 } }, [2, 2], [1, 2, 4, 5]);
    expectSlice({ shape: [2, 3], begin: [1, 0], end: [2, 2], strides: [1, 1], masks: { endMask: 2 } }, [1, 3], [4, 5, 6]);
    expectSlice({ shape: [2, 3], begin: [1, -2], end: [2, -4], strides: [1, -1], masks: { beginMask: 2 } }, [1, 3], [6, 5, 4]);
    expectSlice({ shape: [2, 3], begin: [1, -2], end: [2, -3], strides: [1, -1], masks: { endMask: 2 } }, [1, 2], [5, 4]);
    expectSlice({ shape: [2, 3], begin: [0, -1], end: [2, -3], strides: [1, -1], masks: { endMask: 2 } }, [2, 3],
      [3, 2, 1, 6, 5, 4]);
    expectSlice({ shape: [2, 3, 2], begin: [-1, -1, -1], end: [-3, -4, -3], strides: [-1, -1, -1] }, [2, 3, 2],
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('shrink_axis_mask, including negative begins and shrink+end mask on one axis', () => {
    expectSlice({ shape: [4], begin: [1], end: [2], strides: [1], masks: { shrinkAxisMask: 1 } }, [], [2]);
    expectSlice({ shape: [4], begin: [-1], end: [0], strides: [1], masks: { shrinkAxisMask: 1 } }, [], [4]);
    expectSlice({ shape: [4, 1], begin: [-2, -1], end: [-1, 0], strides: [1, 1], masks: { shrinkAxisMask: 3 } }, [], [3]);
    expectSlice({ shape: [4, 1], begin: [0, -1], end: [0, 0], strides: [1, 1],
      masks: { beginMask: 1, endMask: 1, shrinkAxisMask: 2 } }, [4], [1, 2, 3, 4]);
    expectSlice({ shape: [4], begin: [1], end: [1], strides: [1], masks: { beginMask: 1, shrinkAxisMask: 1 } }, [], [1]);
    expectSlice({ shape: [2, 3], begin: [0, 0], end: [1, 3], strides: [1, 1], masks: { shrinkAxisMask: 1 } }, [3], [1, 2, 3]);
    expectSlice({ shape: [2, 3], begin: [0, 0], end: [2, 1], strides: [1, 1], masks: { shrinkAxisMask: 2 } }, [2], [1, 4]);
    expectSlice({ shape: [2, 2], begin: [0, -1], end: [0, 0], strides: [1, -1],
      masks: { beginMask: 1, endMask: 1, shrinkAxisMask: 1 }, data: [0, 1, 2, 3] }, [1], [1]);
    const s3 = (shrink: number, end: number[]) =>
      ({ shape: [2, 3, 2], begin: [0, 0, 0], end, strides: [1, 1, 1], masks: { shrinkAxisMask: shrink } });
    expectSlice(s3(1, [1, 3, 2]), [3, 2], [1, 2, 3, 4, 5, 6]);
    expectSlice(s3(2, [2, 1, 2]), [2, 2], [1, 2, 7, 8]);
    expectSlice(s3(3, [1, 1, 2]), [2], [1, 2]);
    expectSlice(s3(4, [2, 3, 1]), [2, 3], [1, 3, 5, 7, 9, 11]);
    expectSlice(s3(5, [1, 3, 1]), [3], [1, 3, 5]);
    expectSlice(s3(6, [2, 1, 1]), [2], [1, 7]);
    expectSlice(s3(7, [1, 1, 1]), [], [1]);
  });

  it('short begin/end (remaining dims taken whole) and 5-D', () => {
    expectSlice({ shape: [2, 3, 2], begin: [0], end: [1], strides: [1] }, [1, 3, 2], [1, 2, 3, 4, 5, 6]);
    expectSlice({ shape: [2, 3, 2], begin: [0], end: [1], strides: [1], masks: { shrinkAxisMask: 1 } }, [3, 2],
      [1, 2, 3, 4, 5, 6]);
    expectSlice({ shape: [2, 2, 2, 1, 2], begin: [0, 0, 0, 0, 0], end: [2, 1, 2, 1, 2], strides: [1, 1, 1, 1, 1] },
      [2, 1, 2, 1, 2], [1, 2, 3, 4, 9, 10, 11, 12]);
    expectSlice({ shape: [2, 2, 2, 1, 2], begin: [0, 0, 0, 0, 0], end: [2, 1, 2, 1, 2], strides: [1, 1, 1, 1, 1],
      masks: { shrinkAxisMask: 1 } }, [1, 2, 1, 2], [1, 2, 3, 4]);
  });

  it('ellipsis_mask and new_axis_mask', () => {
    const c = (ellipsisMask: number, newAxisMask: number, end = [1, 2, 1]) =>
      ({ shape: [2, 3, 2], begin: [0, 0, 0], end, strides: [1, 1, 1], masks: { ellipsisMask, newAxisMask } });
    expectSlice(c(1, 2), [2, 3, 1, 1], [1, 3, 5, 7, 9, 11]);
    expectSlice(c(2, 1), [1, 2, 3, 1], [1, 3, 5, 7, 9, 11]);
    expectSlice(c(2, 5), [1, 2, 3, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expectSlice(c(2, 2), [1, 3, 1], [1, 3, 5]);
    expectSlice(c(4, 2), [1, 1, 3, 2], [1, 2, 3, 4, 5, 6]);
    expectSlice(c(2, 0), [1, 3, 1], [1, 3, 5]);
    expectSlice(c(0, 2, [1, 3, 1]), [1, 1, 1, 2], [1, 2]);
    expectSlice(c(0, 1, [1, 3, 1]), [1, 2, 1, 2], [1, 2, 7, 8]);
  });

  it('offset slices (begin as origin, end as size)', () => {
    expectSlice({ shape: [10], begin: [1], end: [3], strides: [1], masks: { offset: true }, data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
      [3], [1, 2, 3]);
    const grid = Array.from({ length: 30 }, (_, i) => i);
    expectSlice({ shape: [5, 6], begin: [0, 1], end: [4, 3], strides: [2, 2], masks: { offset: true }, data: grid },
      [2, 2], [1, 3, 13, 15]);
    expectSlice({ shape: [5, 6], begin: [4, 4], end: [-4, -3], strides: [-2, -2], masks: { offset: true }, data: grid },
      [2, 2], [28, 26, 16, 14]);
  });

  it('is dtype-generic: int8, uint8, int16, int32, int64, bool, float16 bits', () => {
    const c = { shape: [2, 3], begin: [1, -1], end: [2, -4], strides: [2, -1] };
    for (const dtype of ['int8', 'uint8', 'int16', 'int32', 'bool', 'float16'] as DType[]) {
      const data = dtype === 'bool' ? [0, 1, 0, 1, 1, 0] : [11, 12, 13, 14, 15, 16];
      const want = dtype === 'bool' ? [0, 1, 1] : [16, 15, 14];
      expectSlice({ ...c, dtype, data }, [1, 3], want);
    }
    const big = [2 ** 40, -(2 ** 40) - 1, 3, 4, 5, -(2 ** 50)];
    expectSlice({ ...c, dtype: 'int64', data: big }, [1, 3], [-(2 ** 50), 5, 4]);
  });

  it('accepts int64 and non-constant begin/end/strides operands', () => {
    expectSlice({ shape: [2, 3], begin: [1, 0], end: [2, 2], strides: [1, 1], indexDtype: 'int64' }, [1, 2], [4, 5]);
    expectSlice({ shape: [2, 3], begin: [1, 0], end: [2, 2], strides: [1, 1], constant: false }, [1, 2], [4, 5]);
  });

  it('long contiguous rows take the bulk path', () => {
    const data = Array.from({ length: 3 * 100 }, (_, i) => i);
    const out = runOne(stridedSliceKernel, slice({ shape: [3, 100], begin: [1, 10], end: [3, 90], strides: [1, 1], data }, [2, 80]));
    const want: number[] = [];
    for (let r = 1; r < 3; r++) for (let k = 10; k < 90; k++) want.push(r * 100 + k);
    expect(vals(out)).toEqual(want);
  });

  it('check() rejects bad operands and out-of-range shrinks; run() rejects a mismatching output shape', () => {
    const oob = slice({ shape: [1], begin: [1], end: [1], strides: [1], masks: { shrinkAxisMask: 1 } }, []);
    expect(stridedSliceKernel.check(oob.op, oob.graph)).toMatch(/shrink_axis/);
    const f = slice({ shape: [4], begin: [0], end: [2], strides: [1], indexDtype: 'float32' }, [2]);
    expect(stridedSliceKernel.check(f.op, f.graph)).toMatch(/float32 begin/);
    const wrong = slice({ shape: [4], begin: [0], end: [2], strides: [1] }, [3]);
    expect(stridedSliceKernel.check(wrong.op, wrong.graph)).toMatch(/differs/);
    expect(() => stridedSliceKernel.run(wrong)).toThrow(/differs/);
  });
});
