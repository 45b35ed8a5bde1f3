// GPU TRANSPOSE against the CPU kernel, word for word: NHWC<->NCHW, 2-D, rank 6 random permutations,
// size-1 dims, several dtypes (vec4 and scalar gathers).
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { transposeGpuKernel } from '../../src/backends/webgpu/kernels/transpose.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { TRANSPOSE: transposeGpuKernel };

function transpose(dtype: DType, shape: number[], perm: number[], r: () => number) {
  const p = perm.map((v) => (v < 0 ? v + shape.length : v));
  return oneOp('TRANSPOSE', { kind: 'none' }, [
    { dtype, shape, data: randomData(dtype, numel(shape), r) },
    { dtype: 'int32', shape: [perm.length], data: perm, constant: true },
  ], [{ dtype, shape: p.map((i) => shape[i]!) }]);
}

describe('GPU TRANSPOSE vs CPU', () => {
  it('NHWC <-> NCHW and 2-D over several dtypes', async () => {
    const r = rng(5);
    for (const dtype of ['float32', 'int8', 'uint8', 'int32'] as DType[]) {
      for (const [shape, perm] of [[[2, 5, 7, 3], [0, 3, 1, 2]], [[1, 3, 6, 5], [0, 2, 3, 1]], [[1, 8, 8, 16], [0, 3, 1, 2]], [[33, 17], [1, 0]], [[64, 4], [1, 0]]] as [number[], number[]][]) {
        await expectSameAsCpu(transpose(dtype, shape, perm, r), kernels, `${dtype} [${shape}] perm [${perm}]`);
      }
    }
  });

  it('rank 6 random permutations, size-1 dims, identity', async () => {
    const r = rng(6);
    const shapes = [[2, 3, 1, 4, 5, 3], [3, 1, 2, 5, 1, 7], [2, 2, 2, 2, 2, 2]];
    for (const shape of shapes) {
      for (let t = 0; t < 5; t++) {
        const perm = [0, 1, 2, 3, 4, 5];
        for (let i = 5; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
        if (t === 4) perm.sort();
        await expectSameAsCpu(transpose(t % 2 ? 'int16' : 'float32', shape, perm, r), kernels, `[${shape}] perm [${perm}]`);
      }
    }
    await expectSameAsCpu(transpose('bool', [7], [0], r), kernels, 'rank 1');
    await expectSameAsCpu(transpose('float32', [1, 1, 1], [2, 0, 1], r), kernels, 'all ones');
  });

  it('check() rejects rank 7 and int64', () => {
    const r = rng(1);
    const g7 = transpose('float32', [1, 1, 1, 1, 1, 1, 2], [6, 5, 4, 3, 2, 1, 0], r);
    expect(transposeGpuKernel.check(g7.op, g7.graph, CAPS)).toMatch(/rank-7/);
    const g64 = oneOp('TRANSPOSE', { kind: 'none' }, [{ dtype: 'int64', shape: [2, 2] }, { dtype: 'int32', shape: [2], data: [1, 0], constant: true }], [{ dtype: 'int64', shape: [2, 2] }]);
    expect(transposeGpuKernel.check(g64.op, g64.graph, CAPS)).toMatch(/no GPU format/);
  });
});
