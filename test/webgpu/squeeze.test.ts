// GPU SQUEEZE against the CPU kernel, word for word: listed (negative) dims and all size-1 dims, several dtypes.
import { describe, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { squeezeGpuKernel } from '../../src/backends/webgpu/kernels/squeeze.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { SQUEEZE: squeezeGpuKernel };

describe('GPU SQUEEZE vs CPU', () => {
  it('negative and empty squeeze dims over float32/int8/int16/uint8', async () => {
    const r = rng(4);
    const shape = [1, 7, 1, 9, 1];
    const cases: [number[], number[]][] = [[[0, -1], [7, 1, 9]], [[], [7, 9]], [[2], [1, 7, 9, 1]], [[-5, -3], [7, 9, 1]]];
    for (const dtype of ['float32', 'int8', 'int16', 'uint8'] as DType[]) {
      for (const [squeezeDims, out] of cases) {
        const g = oneOp('SQUEEZE', { kind: 'squeeze', squeezeDims }, [{ dtype, shape, data: randomData(dtype, numel(shape), r) }], [{ dtype, shape: out }]);
        await expectSameAsCpu(g, kernels, `${dtype} squeeze [${squeezeDims}]`);
      }
    }
  });
});
