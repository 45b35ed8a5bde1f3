// RELU: float max(x, 0) and TFLite's quantized ReluX (requantize input -> output, clamp at the zero point).
import { describe, expect, it } from 'vitest';
import { reluKernel } from '../../src/backends/cpu/kernels/relu.js';
import type { CpuKernel } from '../../src/backends/cpu/kernel.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;
type Q = { scale: number | number[]; zeroPoint?: number | number[] };

function run(kernel: CpuKernel, dtype: DType, data: number[], inQ?: Q, outQ?: Q): number[] {
  const op = 'RELU';
  const g = oneOp(op, NONE, [{ dtype, shape: [data.length], data, quant: inQ }], [{ dtype, shape: [data.length], quant: outQ }]);
  return Array.from(runOne(kernel, g) as Float32Array);
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

describe('RELU float32', () => {
  it('RELU passes NaN and -0, zeroes negatives', () => {
    const out = run(reluKernel, 'float32', [-1, 0, 2.5, -0, NaN, 1e30]);
    expect(out.slice(0, 3)).toEqual([0, 0, 2.5]);
    expect(Object.is(out[3], -0)).toBe(true);
    expect(out[4]).toBeNaN();
    expect(out[5]).toBe(Math.fround(1e30));
  });
});

describe('RELU quantized', () => {
  it('int8 RELU with equal scales clamps at the zero point', () => {
    const q = range(-128, 127);
    expect(run(reluKernel, 'int8', q, { scale: 0.1, zeroPoint: -10 }, { scale: 0.1, zeroPoint: -10 }))
      .toEqual(q.map((v) => Math.max(v, -10)));
  });

  it('int8 RELU with a different output scale requantizes (ratio 2)', () => {
    const q = range(-128, 127);
    expect(run(reluKernel, 'int8', q, { scale: 0.1, zeroPoint: -10 }, { scale: 0.05, zeroPoint: -128 }))
      .toEqual(q.map((v) => clamp(-128 + 2 * (v + 10), -128, 127)));
  });
  it('int16 RELU with zero points 0', () => {
    expect(run(reluKernel, 'int16', [-32768, -1, 0, 100, 8191, 8192], { scale: 2 ** -10 }, { scale: 2 ** -12 }))
      .toEqual([0, 0, 0, 400, 32764, 32767]);
  });

  it('check rejects unsupported combinations', () => {
    const check = (k: CpuKernel, dt: DType, outDt: DType, inQ?: Q, outQ?: Q): string | null => {
      const g = oneOp('RELU', NONE, [{ dtype: dt, shape: [2], quant: inQ }], [{ dtype: outDt, shape: [2], quant: outQ }]);
      return k.check(g.op, g.graph);
    };
    expect(check(reluKernel, 'int8', 'int8', { scale: 0.1 }, { scale: 0.2 })).toBeNull();
    expect(check(reluKernel, 'int8', 'uint8', { scale: 0.1 }, { scale: 0.2 })).toMatch(/differ/);
    expect(check(reluKernel, 'int32', 'int32')).toMatch(/int32 not supported/);
    expect(check(reluKernel, 'int16', 'int16', { scale: 0.1, zeroPoint: 3 }, { scale: 0.1 })).toMatch(/zero points must be 0/);
    expect(check(reluKernel, 'uint8', 'uint8', { scale: 0.1 }, undefined)).toMatch(/output has no quantization/);
    expect(check(reluKernel, 'int8', 'int8', { scale: [0.1, 0.2], zeroPoint: [0, 0] }, { scale: 0.1 })).toMatch(/per-channel/);
  });});
