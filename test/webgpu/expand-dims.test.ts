// GPU EXPAND_DIMS against the CPU kernel, word for word: several dtypes, positive and negative axes.
import { describe, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { expandDimsGpuKernel } from '../../src/backends/webgpu/kernels/expand-dims.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { EXPAND_DIMS: expandDimsGpuKernel };

describe('GPU EXPAND_DIMS vs CPU', () => {
  it('axes 0, -1 and in between over float32/int8/uint8/int32/bool', async () => {
    const r = rng(3);
    const shape = [3, 5, 7];
    for (const dtype of ['float32', 'int8', 'uint8', 'int32', 'bool'] as DType[]) {
      for (const axis of [0, 1, 3, -1, -2, -4]) {
        const a = axis < 0 ? axis + shape.length + 1 : axis;
        const out = [...shape.slice(0, a), 1, ...shape.slice(a)];
        const g = oneOp('EXPAND_DIMS', { kind: 'none' }, [
          { dtype, shape, data: randomData(dtype, numel(shape), r) },
          { dtype: 'int32', shape: [], data: [axis], constant: true },
        ], [{ dtype, shape: out }]);
        await expectSameAsCpu(g, kernels, `${dtype} axis ${axis}`);
      }
    }
  });
});
