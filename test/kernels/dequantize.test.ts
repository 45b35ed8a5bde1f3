// DEQUANTIZE: scale * (q - zero_point) per tensor and per channel, and float16 -> float32.
import { describe, expect, it } from 'vitest';
import { dequantizeKernel } from '../../src/backends/cpu/kernels/dequantize.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;

function dequantize(dtype: DType, shape: number[], data: number[], quant?: TensorSpec['quant']): number[] {
  const g = oneOp('DEQUANTIZE', NONE, [{ dtype, shape, data, quant }], [{ dtype: 'float32', shape }]);
  return Array.from(runOne(dequantizeKernel, g) as Float32Array);
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

describe('DEQUANTIZE', () => {
  it('int8 per tensor over all 256 values', () => {
    const q = range(-128, 127);
    expect(dequantize('int8', [256], q, { scale: 0.5, zeroPoint: -3 })).toEqual(q.map((v) => (v + 3) / 2));
  });

  it('uint8 per tensor rounds the product once to float32', () => {
    const q = [0, 127, 128, 129, 138, 255];
    // float(0.1) = 0.100000001490116...; 10 * that rounds back to exactly 1 in float32.
    expect(dequantize('uint8', [6], q, { scale: 0.1, zeroPoint: 128 }))
      .toEqual([-12.800000190734863, -0.10000000149011612, 0, 0.10000000149011612, 1, 12.699999809265137]); // 127 * 0.1000000015 = 12.70000019 -> nearest float32
  });

  it('int16 and int32 per tensor', () => {
    expect(dequantize('int16', [4], [-32768, 16384, 1, 0], { scale: 1 / 32768 })).toEqual([-1, 0.5, 2 ** -15, 0]);
    // float(0.001) * 1000 = 1.0000000474974513 in double, 1 in float32; 2^24 + 1 needs rounding in float32.
    expect(dequantize('int32', [3], [1000, 16777217, -5], { scale: 0.001, zeroPoint: 0 }))
      .toEqual([1, Math.fround(Math.fround(0.001) * 16777217), -0.005000000353902578]);
    expect(dequantize('int32', [1], [16777217], { scale: 1, zeroPoint: 0 })).toEqual([16777216]);
  });

  it('per-channel on the first axis', () => {
    expect(dequantize('int8', [2, 3], [1, 2, 3, 4, 5, 6], { scale: [0.5, 2], zeroPoint: [0, 1], quantizedDimension: 0 }))
      .toEqual([0.5, 1, 1.5, 6, 8, 10]);
  });

  it('per-channel on a middle and on the last axis', () => {
    const data = range(0, 11);
    // shape [2,3,2], axis 1: channel c covers elements (o*3 + c)*2 + {0,1}
    expect(dequantize('int8', [2, 3, 2], data, { scale: [1, 10, 100], zeroPoint: [0, 0, 0], quantizedDimension: 1 }))
      .toEqual([0, 1, 20, 30, 400, 500, 6, 7, 80, 90, 1000, 1100]);
    // shape [1,2,2,3], axis 3 (depthwise filter layout), uint8 with per-channel zero points
    expect(dequantize('uint8', [1, 2, 2, 3], data, { scale: [1, 0.5, 0.25], zeroPoint: [1, 2, 3], quantizedDimension: 3 }))
      .toEqual([-1, -0.5, -0.25, 2, 1, 0.5, 5, 2.5, 1.25, 8, 4, 2]);
  });

  it('float16 -> float32', () => {
    expect(dequantize('float16', [5], [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00]))
      .toEqual([1, -2, 65504, 2 ** -24, Infinity]);
  });

  it('rejects unsupported inputs with a reason', () => {
    const check = (spec: TensorSpec, out: DType = 'float32'): string | null => {
      const g = oneOp('DEQUANTIZE', NONE, [spec], [{ dtype: out, shape: spec.shape }]);
      return dequantizeKernel.check(g.op, g.graph);
    };
    expect(check({ dtype: 'int8', shape: [2], quant: { scale: 0.1 } })).toBeNull();
    expect(check({ dtype: 'float32', shape: [2] })).toMatch(/float32 input not supported/);
    expect(check({ dtype: 'int8', shape: [2], quant: { scale: 0.1 } }, 'float16')).toMatch(/float16 output not supported/);
    expect(check({ dtype: 'int8', shape: [2] })).toMatch(/no quantization/);
    expect(check({ dtype: 'int16', shape: [2], quant: { scale: [0.1, 0.2], zeroPoint: [0, 0] } })).toMatch(/per-channel int16/);
    expect(check({ dtype: 'int8', shape: [3], quant: { scale: [0.1, 0.2], zeroPoint: [0, 0] } })).toMatch(/2 scales for dimension 0 of size 3/);
    expect(check({ dtype: 'int8', shape: [2], quant: { scale: [0.1, 0.2], zeroPoint: [0, 0], quantizedDimension: 1 } }))
      .toMatch(/quantized_dimension 1 out of range/);
    expect(check({ dtype: 'int8', shape: [2], quant: { scale: [0.1, 0.2], zeroPoint: [0] } })).toMatch(/zero points/);
  });
});
