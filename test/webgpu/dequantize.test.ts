// GPU DEQUANTIZE against the CPU kernel, float32 results compared bit for bit: int8/uint8/int16 per tensor over
// every input value and many scales, per-channel int8/uint8 along each axis; check() rejects int32/float16.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, numel, rng } from '../helpers/gpu-compare.js';
import { dequantizeGpuKernel } from '../../src/backends/webgpu/kernels/dequantize.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { DEQUANTIZE: dequantizeGpuKernel };
const RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767] };

describe('GPU DEQUANTIZE vs CPU (bit-exact)', () => {
  it('per-tensor int8/uint8/int16 over the whole input range, many scales and zero points', async () => {
    const r = rng(21);
    const scales = [1, 0.1, 1 / 3, 0.00392156862745098, 2 ** -126, 1.1754944e-38 * 3, 1e-20, 123.456, 2 ** 100];
    for (let i = 0; i < 6; i++) scales.push(2 ** (r() * 40 - 20) * (1 + r()));
    for (const dtype of ['int8', 'uint8', 'int16'] as DType[]) {
      const [lo, hi] = RANGE[dtype]!;
      const vals: number[] = [];
      for (let v = lo; v <= hi; v += dtype === 'int16' ? 7 : 1) vals.push(v);
      vals.push(hi, lo + 1);
      for (const [k, scale] of scales.entries()) {
        const zp = dtype === 'int16' ? [0, 5, -9][k % 3]! : [lo, hi, 0, 3][k % 4]!;
        const g = oneOp('DEQUANTIZE', { kind: 'none' }, [{ dtype, shape: [vals.length], data: vals, quant: { scale, zeroPoint: zp } }],
          [{ dtype: 'float32', shape: [vals.length] }]);
        await expectSameAsCpu(g, kernels, `${dtype} scale ${scale} zp ${zp}`);
      }
    }
  });

  it('per-channel int8/uint8 along every axis of a 4-D tensor (odd sizes)', async () => {
    const r = rng(8);
    const shape = [3, 5, 2, 7];
    for (const dtype of ['int8', 'uint8'] as DType[]) {
      const [lo, hi] = RANGE[dtype]!;
      for (let dim = 0; dim < shape.length; dim++) {
        const c = shape[dim]!;
        const scale = Array.from({ length: c }, () => Math.fround(2 ** (r() * 16 - 12) * (1 + r())));
        const zeroPoint = Array.from({ length: c }, (_, i) => (i === 0 ? lo : i === 1 ? hi : lo + Math.floor(r() * 256)));
        const data = Array.from({ length: numel(shape) }, () => lo + Math.floor(r() * 256));
        const g = oneOp('DEQUANTIZE', { kind: 'none' }, [{ dtype, shape, data, quant: { scale, zeroPoint, quantizedDimension: dim } }],
          [{ dtype: 'float32', shape }]);
        await expectSameAsCpu(g, kernels, `${dtype} axis ${dim}`);
      }
    }
  });

  it('a larger odd-sized tensor', async () => {
    const r = rng(2);
    const shape = [1, 37, 41, 3];
    const data = Array.from({ length: numel(shape) }, () => Math.floor(r() * 256) - 128);
    const g = oneOp('DEQUANTIZE', { kind: 'none' }, [{ dtype: 'int8', shape, data, quant: { scale: 0.0235, zeroPoint: -17 } }], [{ dtype: 'float32', shape }]);
    await expectSameAsCpu(g, kernels, 'large');
  });

  it('check() keeps int32, float16, extreme scales and zero points on the CPU', () => {
    const mk = (dtype: DType, scale: number, zeroPoint = 0) =>
      oneOp('DEQUANTIZE', { kind: 'none' }, [{ dtype, shape: [4], quant: { scale, zeroPoint } }], [{ dtype: 'float32', shape: [4] }]);
    const check = (g: ReturnType<typeof mk>) => dequantizeGpuKernel.check(g.op, g.graph, CAPS);
    expect(check(mk('int8', 0.1))).toBeNull();
    expect(check(mk('int32', 0.1))).toMatch(/int32/);
    expect(check(mk('float16', 1))).toMatch(/float16/);
    expect(check(mk('int8', 1e-39))).toMatch(/scale/);
    expect(check(mk('int16', 0.1, 100000))).toMatch(/zero point/);
  });
});
