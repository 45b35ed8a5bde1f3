// GPU RESHAPE against the CPU kernel, word for word: every GPU dtype, odd and vec4-aligned sizes, a tensor large
// enough for a two-dimensional dispatch grid.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { reshapeGpuKernel } from '../../src/backends/webgpu/kernels/reshape.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { RESHAPE: reshapeGpuKernel };
const opts = { kind: 'reshape', newShape: null } as const;

describe('GPU RESHAPE vs CPU', () => {
  it('every GPU dtype, odd and aligned sizes, with and without a shape operand', async () => {
    const r = rng(1);
    const cases: [number[], number[]][] = [[[2, 3], [3, 2]], [[1, 7, 5], [35]], [[4, 4, 3], [2, 24]], [[1], [1, 1, 1]], [[3, 1, 5, 1, 2, 3], [90]]];
    for (const dtype of ['float32', 'int8', 'uint8', 'int16', 'int32', 'bool', 'uint16'] as DType[]) {
      for (const [k, [a, b]] of cases.entries()) {
        const data = randomData(dtype, numel(a), r);
        const inputs = k % 2 === 0
          ? [{ dtype, shape: a, data }, { dtype: 'int32' as DType, shape: [b.length], data: b, constant: true }]
          : [{ dtype, shape: a, data }];
        const o = k % 2 === 0 ? opts : { kind: 'reshape' as const, newShape: b };
        await expectSameAsCpu(oneOp('RESHAPE', o, inputs, [{ dtype, shape: b }]), kernels, `${dtype} [${a}] -> [${b}]`);
      }
    }
  });

  it('a tensor past 65535 workgroups (folded grid), odd length', async () => {
    const n = 65535 * 64 + 4099;
    const r = rng(2);
    const data = Int32Array.from({ length: n }, () => (r() * 2 ** 32) | 0);
    await expectSameAsCpu(oneOp('RESHAPE', { kind: 'reshape', newShape: [1, n] }, [{ dtype: 'int32', shape: [n], data }], [{ dtype: 'int32', shape: [1, n] }]), kernels, 'large');
  });

  it('check() keeps int64 and float16 on the CPU', () => {
    for (const dtype of ['int64', 'float16'] as DType[]) {
      const g = oneOp('RESHAPE', opts, [{ dtype, shape: [2] }], [{ dtype, shape: [1, 2] }]);
      expect(reshapeGpuKernel.check(g.op, g.graph, CAPS)).toMatch(/no GPU format/);
    }
  });
});
