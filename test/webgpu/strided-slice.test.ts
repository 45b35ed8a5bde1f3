// GPU STRIDED_SLICE against the CPU kernel, word for word: positive/negative strides, begin/end masks, shrink, new
// axis, ellipsis, offset, empty results, rank 6, several dtypes; check() wants constant operands.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { stridedSliceGpuKernel } from '../../src/backends/webgpu/kernels/strided-slice.js';
import { stridedSliceParams } from '../../src/planning/strided-slice-params.js';
import type { StridedSliceOptions } from '../../src/graph/options.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { STRIDED_SLICE: stridedSliceGpuKernel };
type Masks = Partial<Omit<StridedSliceOptions, 'kind'>>;
const options = (m: Masks): StridedSliceOptions =>
  ({ kind: 'stridedSlice', beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false, ...m });

function slice(dtype: DType, shape: number[], begin: number[], end: number[], strides: number[], masks: Masks, r: () => number, constant = true) {
  const p = stridedSliceParams(shape, begin, end, strides, options(masks));
  if (typeof p === 'string') throw new Error(p);
  const idx = (v: number[]) => ({ dtype: 'int32' as DType, shape: [v.length], data: v, constant });
  return oneOp('STRIDED_SLICE', options(masks), [{ dtype, shape, data: randomData(dtype, numel(shape), r) }, idx(begin), idx(end), idx(strides)],
    [{ dtype, shape: p.outputShape }]);
}

describe('GPU STRIDED_SLICE vs CPU', () => {
  it('strides, masks, shrink, new axis, ellipsis and offset', async () => {
    const r = rng(7);
    const cases: [number[], number[], number[], number[], Masks][] = [
      [[10], [1], [8], [3], {}],
      [[10], [-1], [-11], [-1], {}],
      [[10], [8], [1], [-3], {}],
      [[4, 6], [1, 0], [3, 6], [1, 2], {}],
      [[4, 6], [0, 5], [4, 0], [1, -2], { beginMask: 1, endMask: 1 }],
      [[3, 5, 7], [1, 0, 2], [2, 5, 7], [1, 1, 1], { shrinkAxisMask: 1 }],
      [[3, 5, 7], [0, 2, 0], [3, 3, 7], [1, 1, -1], { shrinkAxisMask: 2, beginMask: 4, endMask: 4 }],
      [[3, 5, 7], [0, 1], [0, 4], [1, 2], { ellipsisMask: 1 }],
      [[3, 5, 7], [0, 0, 1], [0, 3, 6], [1, 1, 2], { newAxisMask: 1 }],
      [[2, 3, 4], [0, 1, 1], [2, 1, 2], [1, 1, 1], { offset: true }],
      [[1, 9, 9, 8], [0, 1, 1, 0], [1, 8, 8, 8], [1, 2, 2, 1], {}],
      [[1, 9, 9, 8], [0, 0, 0, 4], [1, 9, 9, 8], [1, 1, 1, 1], {}],
      [[5, 4], [3, 0], [1, 4], [1, 1], {}], // empty
    ];
    for (const dtype of ['float32', 'int8', 'int32', 'uint8'] as DType[]) {
      for (const [shape, b, e, s, m] of cases) await expectSameAsCpu(slice(dtype, shape, b, e, s, m, r), kernels, `${dtype} [${shape}] ${b}:${e}:${s} ${JSON.stringify(m)}`);
    }
  });

  it('rank 6 with reversed and strided dims', async () => {
    const r = rng(8);
    const shape = [2, 3, 4, 5, 3, 6];
    await expectSameAsCpu(slice('float32', shape, [1, 0, 3, 0, 2, 1], [2, 3, 0, 5, 0, 6], [1, 2, -1, 2, -2, 3], {}, r), kernels, 'rank 6');
    await expectSameAsCpu(slice('int16', shape, [0, 2, 0, 1, 0, 5], [2, 0, 4, 5, 3, 0], [1, -1, 1, 3, 1, -2], { shrinkAxisMask: 0 }, r), kernels, 'rank 6 int16');
  });

  it('check() wants constant begin/end/strides', () => {
    const g = slice('float32', [4], [0], [2], [1], {}, rng(1), false);
    expect(stridedSliceGpuKernel.check(g.op, g.graph, CAPS)).toMatch(/non-constant/);
  });
});
