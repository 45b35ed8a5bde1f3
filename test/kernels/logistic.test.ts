import { describe, expect, it } from 'vitest';
import { logisticKernel } from '../../src/backends/cpu/kernels/logistic.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';

/** Output values as plain numbers (the harness returns any typed array). */
const nums = (a: ArrayLike<number | bigint>): number[] => Array.from(a, Number);

const op = (x: TensorSpec, y: TensorSpec) => oneOp('LOGISTIC', { kind: 'none' }, [x], [y]);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('LOGISTIC float32', () => {
  it('computes 1 / (1 + exp(-x))', () => {
    const x = [0, 1, -1, 10, -10, 100, -100, 0.25];
    const got = nums(runOne(logisticKernel, op({ dtype: 'float32', shape: [2, 4], data: x }, { dtype: 'float32', shape: [2, 4] })));
    expect(got[0]).toBe(0.5);
    got.forEach((v, i) => expect(v).toBeCloseTo(sigmoid(x[i]!), 7));
    expect(got[5]).toBe(1);
    expect(got[6]).toBeLessThan(1e-40);
  });
});

describe('LOGISTIC int8 / uint8 (TFLite default kernel: lookup table from float math)', () => {
  it('hand-checked values', () => {
    // int8 in scale 0.5 zp 0: 0 -> 0.5 -> 128 - 128 = 0; 127 -> sigmoid(63.5) ~ 1 -> 256 - 128 saturates at 127;
    // -128 -> sigmoid(-64) ~ 0 -> -128; 2 -> sigmoid(1) = 0.731 -> 187.1 -> 187 - 128 = 59
    const g = op({ dtype: 'int8', shape: [4], data: [0, 127, -128, 2], quant: { scale: 0.5, zeroPoint: 0 } },
      { dtype: 'int8', shape: [4], quant: { scale: 1 / 256, zeroPoint: -128 } });
    expect(nums(runOne(logisticKernel, g))).toEqual([0, 127, -128, 59]);
    const u = op({ dtype: 'uint8', shape: [2], data: [128, 130], quant: { scale: 0.5, zeroPoint: 128 } },
      { dtype: 'uint8', shape: [2], quant: { scale: 1 / 256, zeroPoint: 0 } });
    expect(nums(runOne(logisticKernel, u))).toEqual([128, 187]);
  });

  for (const [dtype, inScale, inZp, outZp] of [['int8', 0.0625, -10, -128], ['int8', 0.1173, 3, -128], ['uint8', 0.05, 128, 0],
    ['uint8', 0.0371, 90, 0], ['int8', 0.02, 0, -100]] as const) {
    it(`${dtype} every input value: round(sigmoid(x) * 256) + zp, exact away from ties (scale ${inScale}, zp ${inZp})`, () => {
      const lo = dtype === 'int8' ? -128 : 0;
      const data = Array.from({ length: 256 }, (_, i) => lo + i);
      const got = nums(runOne(logisticKernel, op({ dtype, shape: [256], data, quant: { scale: inScale, zeroPoint: inZp } },
        { dtype: dtype as DType, shape: [256], quant: { scale: 1 / 256, zeroPoint: outZp } })));
      let nearTie = 0;
      data.forEach((v, i) => {
        const r = sigmoid(inScale * (v - inZp)) * 256;
        const want = Math.min(lo + 255, Math.max(lo, Math.round(r) + outZp));
        if (Math.abs(r - Math.floor(r) - 0.5) < 1e-4) { nearTie++; expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1); }
        else expect(got[i]).toBe(want);
      });
      expect(nearTie).toBeLessThan(5);
    });
  }

  it('rejects what TFLite rejects', () => {
    const check = (x: TensorSpec, y: TensorSpec) => { const g = op(x, y); return logisticKernel.check(g.op, g.graph); };
    const x: TensorSpec = { dtype: 'int8', shape: [3], quant: { scale: 0.1, zeroPoint: 0 } };
    expect(check(x, { dtype: 'int8', shape: [3], quant: { scale: 1 / 256, zeroPoint: -128 } })).toBeNull();
    expect(check(x, { dtype: 'int8', shape: [3], quant: { scale: 1 / 128, zeroPoint: -128 } })).toMatch(/1\/256/);
    expect(check({ ...x, dtype: 'int16' }, { dtype: 'int16', shape: [3], quant: { scale: 1 / 32768 } })).toMatch(/int16 input/);
    expect(check(x, { dtype: 'uint8', shape: [3], quant: { scale: 1 / 256 } })).toMatch(/int8 with output uint8|input int8 with output uint8/);
    expect(check({ dtype: 'int8', shape: [3] }, { dtype: 'int8', shape: [3] })).toMatch(/quantization/);
    expect(check({ dtype: 'float32', shape: [3] }, { dtype: 'float32', shape: [3] })).toBeNull();
  });
});
