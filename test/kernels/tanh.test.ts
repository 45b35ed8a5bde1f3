import { describe, expect, it } from 'vitest';
import { tanhKernel } from '../../src/backends/cpu/kernels/tanh.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';

/** Output values as plain numbers (the harness returns any typed array). */
const nums = (a: ArrayLike<number | bigint>): number[] => Array.from(a, Number);

const op = (x: TensorSpec, y: TensorSpec) => oneOp('TANH', { kind: 'none' }, [x], [y]);

describe('TANH float32', () => {
  it('computes tanh', () => {
    const x = [0, 0.5, -0.5, 3, -20, 1e-8];
    const got = nums(runOne(tanhKernel, op({ dtype: 'float32', shape: [6], data: x }, { dtype: 'float32', shape: [6] })));
    expect(got[0]).toBe(0);
    expect(got[4]).toBe(-1);
    got.forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(x[i]!), 7));
  });
});

describe('TANH int8 / uint8 (TFLite default kernel: lookup table from float math)', () => {
  it('hand-checked values', () => {
    // scale 0.25: 0 -> 0; 2 -> tanh(0.5) = 0.4621 -> 59.15 -> 59; -2 -> -59; 127 -> tanh(31.75) = 1 -> 128 saturates
    const g = op({ dtype: 'int8', shape: [5], data: [0, 2, -2, 127, -128], quant: { scale: 0.25, zeroPoint: 0 } },
      { dtype: 'int8', shape: [5], quant: { scale: 1 / 128, zeroPoint: 0 } });
    expect(nums(runOne(tanhKernel, g))).toEqual([0, 59, -59, 127, -128]);
    const u = op({ dtype: 'uint8', shape: [4], data: [128, 130, 0, 255], quant: { scale: 0.25, zeroPoint: 128 } },
      { dtype: 'uint8', shape: [4], quant: { scale: 1 / 128, zeroPoint: 128 } });
    expect(nums(runOne(tanhKernel, u))).toEqual([128, 187, 0, 255]);
  });

  it('honours a non-standard output scale and zero point (TFLite checks none on this path)', () => {
    // tanh(0.5) * 64 = 29.58 -> 30, + 10
    const g = op({ dtype: 'int8', shape: [2], data: [2, 0], quant: { scale: 0.25, zeroPoint: 0 } },
      { dtype: 'int8', shape: [2], quant: { scale: 1 / 64, zeroPoint: 10 } });
    expect(nums(runOne(tanhKernel, g))).toEqual([40, 10]);
  });

  for (const [dtype, inScale, inZp, outZp] of [['int8', 0.03125, 0, 0], ['int8', 0.0713, -7, 0], ['uint8', 0.02, 128, 128],
    ['uint8', 0.0461, 100, 128]] as const) {
    it(`${dtype} every input value: round(tanh(x) * 128) + zp, exact away from ties (scale ${inScale}, zp ${inZp})`, () => {
      const lo = dtype === 'int8' ? -128 : 0;
      const data = Array.from({ length: 256 }, (_, i) => lo + i);
      const got = nums(runOne(tanhKernel, op({ dtype, shape: [16, 16], data, quant: { scale: inScale, zeroPoint: inZp } },
        { dtype: dtype as DType, shape: [16, 16], quant: { scale: 1 / 128, zeroPoint: outZp } })));
      let nearTie = 0;
      data.forEach((v, i) => {
        const r = Math.tanh(inScale * (v - inZp)) * 128;
        const rounded = r < 0 ? -Math.round(-r) : Math.round(r); // half away from zero
        const want = Math.min(lo + 255, Math.max(lo, rounded + outZp));
        if (Math.abs(Math.abs(r) - Math.floor(Math.abs(r)) - 0.5) < 1e-4) { nearTie++; expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1); }
        else expect(got[i]).toBe(want);
      });
      expect(nearTie).toBeLessThan(5);
    });
  }

  it('rejects int16 and mixed types', () => {
    const check = (x: TensorSpec, y: TensorSpec) => { const g = op(x, y); return tanhKernel.check(g.op, g.graph); };
    expect(check({ dtype: 'int16', shape: [2], quant: { scale: 1 / 4096 } }, { dtype: 'int16', shape: [2], quant: { scale: 1 / 32768 } })).toMatch(/int16 input/);
    expect(check({ dtype: 'float32', shape: [2] }, { dtype: 'int8', shape: [2], quant: { scale: 1 / 128 } })).toMatch(/float32 with output int8/);
    expect(check({ dtype: 'uint8', shape: [2] }, { dtype: 'uint8', shape: [2] })).toMatch(/quantization/);
  });
});
