// GPU PAD / PADV2 against the CPU kernel, word for word: float32 zeros, quantized zero points at the range ends,
// PADV2 constant and run-time values, rank 6, unpadded dims, an empty input.
import { describe, expect, it } from 'vitest';
import { oneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, randomData, rng } from '../helpers/gpu-compare.js';
import { padGpuKernel } from '../../src/backends/webgpu/kernels/pad.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { PAD: padGpuKernel, PADV2: padGpuKernel };

function pad(dtype: DType, shape: number[], pads: number[], r: () => number, quant?: TensorSpec['quant'], value?: TensorSpec) {
  const out = shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
  const inputs: TensorSpec[] = [
    { dtype, shape, data: randomData(dtype, numel(shape), r), quant },
    { dtype: 'int32', shape: [shape.length, 2], data: pads, constant: true },
  ];
  if (value) inputs.push(value);
  return oneOp(value ? 'PADV2' : 'PAD', { kind: 'none' }, inputs, [{ dtype, shape: out, quant }]);
}

describe('GPU PAD / PADV2 vs CPU', () => {
  it('PAD float32 / int32 with zeros and quantized int8/uint8/int16 with the zero point', async () => {
    const r = rng(9);
    const cases: [number[], number[]][] = [
      [[2, 3], [1, 0, 0, 2]], [[1, 5, 7, 3], [0, 0, 1, 1, 2, 1, 0, 0]], [[1, 4, 4, 8], [0, 0, 1, 1, 1, 1, 0, 0]],
      [[3], [4, 5]], [[2, 3, 4], [0, 0, 0, 0, 0, 0]], [[1, 1, 1, 1], [1, 2, 0, 3, 2, 0, 1, 1]],
    ];
    for (const [shape, pads] of cases) {
      await expectSameAsCpu(pad('float32', shape, pads, r), kernels, `float32 [${shape}] ${pads}`);
      await expectSameAsCpu(pad('int32', shape, pads, r), kernels, `int32 [${shape}] ${pads}`);
      for (const [dtype, zp] of [['int8', -128], ['int8', 127], ['uint8', 0], ['uint8', 255], ['int16', 0]] as [DType, number][]) {
        await expectSameAsCpu(pad(dtype, shape, pads, r, { scale: 0.1, zeroPoint: zp }), kernels, `${dtype} zp ${zp} [${shape}] ${pads}`);
      }
    }
  });

  it('rank 6 and an empty input (all padding)', async () => {
    const r = rng(10);
    await expectSameAsCpu(pad('float32', [2, 1, 3, 2, 1, 4], [1, 0, 0, 2, 1, 1, 0, 0, 2, 1, 0, 3], r), kernels, 'rank 6');
    await expectSameAsCpu(pad('int8', [2, 3, 2, 2, 2, 2], [0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1], r, { scale: 0.5, zeroPoint: -7 }), kernels, 'rank 6 int8');
    await expectSameAsCpu(pad('float32', [0, 3], [1, 1, 0, 2], r), kernels, 'empty input');
  });

  it('PADV2 constant values (float32, quantized int8/uint8) and a run-time value tensor', async () => {
    const r = rng(11);
    const shape = [1, 3, 5, 2], pads = [0, 0, 2, 1, 1, 3, 0, 0];
    for (const v of [-1.5, 3.25, -0, NaN]) {
      await expectSameAsCpu(pad('float32', shape, pads, r, undefined, { dtype: 'float32', shape: [], data: [v], constant: true }), kernels, `value ${v}`);
    }
    const q = { scale: 0.05, zeroPoint: 3 };
    await expectSameAsCpu(pad('int8', shape, pads, r, q, { dtype: 'int8', shape: [1], data: [-100], constant: true, quant: q }), kernels, 'int8 value');
    await expectSameAsCpu(pad('uint8', shape, pads, r, q, { dtype: 'uint8', shape: [], data: [250], constant: true, quant: q }), kernels, 'uint8 value');
    // The value operand as a graph input: the pass binds its buffer.
    await expectSameAsCpu(pad('float32', shape, pads, r, undefined, { dtype: 'float32', shape: [], data: [7.5] }), kernels, 'run-time value');
    await expectSameAsCpu(pad('int32', shape, pads, r, undefined, { dtype: 'int32', shape: [1], data: [-123456] }), kernels, 'run-time int32 value');
  });

  it('check() rejects rank 7 and int64', () => {
    const r = rng(1);
    const g7 = pad('float32', [1, 1, 1, 1, 1, 1, 2], new Array(14).fill(0), r);
    expect(padGpuKernel.check(g7.op, g7.graph, CAPS)).toMatch(/rank-7/);
    const g64 = oneOp('PAD', { kind: 'none' }, [{ dtype: 'int64', shape: [2] }, { dtype: 'int32', shape: [1, 2], data: [1, 1], constant: true }], [{ dtype: 'int64', shape: [4] }]);
    expect(padGpuKernel.check(g64.op, g64.graph, CAPS)).toMatch(/no GPU format/);
  });
});
