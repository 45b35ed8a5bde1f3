// GPU CONCATENATION against the CPU kernel, word for word: 1-5 inputs along every (also negative) axis, NHWC channel
// concats (vec4 slabs), one-element inputs, int8 with shared params, uint8 rescaled through TFLite's table.
import { describe, expect, it } from 'vitest';
import { oneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { concatenationGpuKernel } from '../../src/backends/webgpu/kernels/concatenation.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { CONCATENATION: concatenationGpuKernel };

function concat(dtype: DType, shapes: number[][], axis: number, r: () => number, quants?: (TensorSpec['quant'])[], outQuant?: TensorSpec['quant']) {
  const rank = shapes[0]!.length;
  const a = axis < 0 ? axis + rank : axis;
  const out = rank === 0 ? [shapes.length] : shapes[0]!.map((d, i) => (i === a ? shapes.reduce((s, x) => s + x[i]!, 0) : d));
  const inputs = shapes.map((shape, i) => ({ dtype, shape, data: randomData(dtype, numel(shape), r), quant: quants?.[i] }));
  return oneOp('CONCATENATION', { kind: 'concatenation', axis, activation: 'NONE' }, inputs, [{ dtype, shape: out, quant: outQuant ?? quants?.[0] }]);
}

describe('GPU CONCATENATION vs CPU', () => {
  it('every axis (also negative), 1 to 5 inputs, several dtypes', async () => {
    const r = rng(12);
    const base = [2, 3, 4, 5];
    for (const dtype of ['float32', 'int32', 'int16', 'bool'] as DType[]) {
      for (const axis of [0, 1, 2, 3, -1, -3]) {
        const a = axis < 0 ? axis + 4 : axis;
        const count = 1 + ((a + dtype.length) % 5);
        const shapes = Array.from({ length: count }, (_, i) => base.map((d, k) => (k === a ? 1 + ((i * 3 + d) % 4) : d)));
        const q = dtype === 'int16' ? shapes.map(() => ({ scale: 0.5, zeroPoint: 0 })) : undefined;
        await expectSameAsCpu(concat(dtype, shapes, axis, r, q), kernels, `${dtype} axis ${axis} x${count}`);
      }
    }
  });

  it('NHWC channel concats (aligned and odd channels) and one-element inputs', async () => {
    const r = rng(13);
    await expectSameAsCpu(concat('float32', [[1, 7, 7, 16], [1, 7, 7, 8], [1, 7, 7, 4]], 3, r), kernels, 'aligned channels');
    await expectSameAsCpu(concat('float32', [[1, 5, 5, 3], [1, 5, 5, 5]], -1, r), kernels, 'odd channels');
    await expectSameAsCpu(concat('int32', [[1], [1], [1]], 0, r), kernels, 'one element each');
  });

  it('int8 with shared params; uint8 inputs rescaled when their params differ', async () => {
    const r = rng(14);
    const q = { scale: 0.02, zeroPoint: -5 };
    await expectSameAsCpu(concat('int8', [[2, 3, 5], [2, 4, 5]], 1, r, [q, q], q), kernels, 'int8');
    const qs = [{ scale: 0.02, zeroPoint: 0 }, { scale: 0.05, zeroPoint: 255 }, { scale: 0.1, zeroPoint: 128 }, { scale: 0.0311, zeroPoint: 3 }];
    await expectSameAsCpu(concat('uint8', [[1, 3, 3, 2], [1, 3, 3, 5], [1, 3, 3, 1], [1, 3, 3, 4]], 3, r, qs, qs[3]), kernels, 'uint8 rescaled (one input already in the output params)');
    await expectSameAsCpu(concat('uint8', [[4, 3], [2, 3]], 0, r, qs.slice(0, 2), { scale: 0.07, zeroPoint: 100 }), kernels, 'uint8 rescaled axis 0');
  });

  it('check() follows TFLite: int8 params must match, no fused activation', () => {
    const r = rng(1);
    const g = concat('int8', [[2], [2]], 0, r, [{ scale: 0.1, zeroPoint: 0 }, { scale: 0.2, zeroPoint: 0 }], { scale: 0.1, zeroPoint: 0 });
    expect(concatenationGpuKernel.check(g.op, g.graph, CAPS)).toMatch(/int8/);
  });
});
