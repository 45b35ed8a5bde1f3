// RELU6: float min(max(x, 0), 6) and TFLite's quantized ReluX (requantize input -> output, clamp to [0, 6]).
import { describe, expect, it } from 'vitest';
import { relu6Kernel } from '../../src/backends/cpu/kernels/relu6.js';
import type { CpuKernel } from '../../src/backends/cpu/kernel.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;
type Q = { scale: number | number[]; zeroPoint?: number | number[] };

function run(kernel: CpuKernel, dtype: DType, data: number[], inQ?: Q, outQ?: Q): number[] {
  const op = 'RELU6';
  const g = oneOp(op, NONE, [{ dtype, shape: [data.length], data, quant: inQ }], [{ dtype, shape: [data.length], quant: outQ }]);
  return Array.from(runOne(kernel, g) as Float32Array);
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

describe('RELU6 float32', () => {
  it('RELU6 clamps to [0, 6] and maps NaN to 0', () => {
    const out = run(relu6Kernel, 'float32', [-1, 3, 7, NaN, -0, 6]);
    expect(out).toEqual([0, 3, 6, 0, 0, 6]);
    expect(Object.is(out[4], 0)).toBe(true);
  });
});

describe('RELU6 quantized', () => {
  it('uint8 RELU6 with a non-power-of-two scale ratio', () => {
    const q = range(0, 255);
    // upper bound 5 + roundf(6 / float(0.03)) = 205; ratio float(0.1)/float(0.03) = 3.3333333 (never a tie)
    expect(run(relu6Kernel, 'uint8', q, { scale: 0.1, zeroPoint: 0 }, { scale: 0.03, zeroPoint: 5 }))
      .toEqual(q.map((v) => clamp(5 + Math.round((v * 10) / 3), 5, 205)));
  });

  it('int8 RELU6 rounds the 6.0 bound in the output scale', () => {
    // -128 + roundf(6 / 0.047 = 127.66) = 0; zero point -128 keeps the lower bound at -128
    const q = range(-128, 127);
    expect(run(relu6Kernel, 'int8', q, { scale: 0.047, zeroPoint: -128 }, { scale: 0.047, zeroPoint: -128 }))
      .toEqual(q.map((v) => clamp(v, -128, 0)));
    // input zero point 0, output zero point -128 (different offsets, same scale)
    expect(run(relu6Kernel, 'int8', [-5, 0, 3, 127], { scale: 0.047, zeroPoint: 0 }, { scale: 0.047, zeroPoint: -128 }))
      .toEqual([-128, -128, -125, -1]);
    expect(run(relu6Kernel, 'int8', [127, -10], { scale: 0.047, zeroPoint: -10 }, { scale: 0.047, zeroPoint: -128 }))
      .toEqual([0, -128]);
  });

  it('equals native TFLite 2.9 on a uint8 RELU6 with unrelated scales (recorded from its builtin kernel)', () => {
    const TFLITE = [
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83,
      83, 84, 84, 85, 86, 86, 87, 88, 88, 89, 90, 90, 91, 92, 92, 93, 94, 94, 95, 96, 96, 97, 98, 98, 99, 100, 100,
      101, 102, 102, 103, 104, 104, 105, 106, 106, 107, 108, 108, 109, 110, 110, 111, 112, 112, 113, 114, 114, 115,
      116, 116, 117, 118, 118, 119, 120, 120, 121, 122, 122, 123, 124, 124, 125, 126, 126, 127, 128, 128, 129, 130,
      130, 131, 132, 132, 133, 134, 134, 135, 136, 136, 137, 138, 138, 139, 140, 140, 141,
    ];
    expect(run(relu6Kernel, 'uint8', range(0, 255), { scale: 0.031565209194086494, zeroPoint: 168 },
      { scale: 0.04724464236758649, zeroPoint: 83 })).toEqual(TFLITE);
  });

  it('int16 RELU6 with zero points 0', () => {
    expect(run(relu6Kernel, 'int16', [-5, 10, 24576, 24577, 32767], { scale: 2 ** -12 }, { scale: 2 ** -12 }))
      .toEqual([0, 10, 24576, 24576, 24576]);
  });

  it('check rejects unsupported combinations', () => {
    const g = oneOp('RELU6', NONE, [{ dtype: 'int32', shape: [2] }], [{ dtype: 'int32', shape: [2] }]);
    expect(relu6Kernel.check(g.op, g.graph)).toMatch(/int32 not supported/);
    const h = oneOp('RELU6', NONE, [{ dtype: 'int16', shape: [2], quant: { scale: 0.1 } }],
      [{ dtype: 'int16', shape: [2], quant: { scale: 0.1, zeroPoint: 2 } }]);
    expect(relu6Kernel.check(h.op, h.graph)).toMatch(/zero points must be 0/);
  });
});
