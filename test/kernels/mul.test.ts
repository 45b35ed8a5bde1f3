// MUL kernel: broadcasting, float/int32, quantized int8/uint8/int16 against hand-checked values (including
// TFLite's tie rounding), a BigInt transcription of mul.cc + MulElementwise, and float references.
import { describe, expect, it } from 'vitest';
import { mulKernel } from '../../src/backends/cpu/kernels/mul.js';
import { quantizeMultiplier } from '../../src/backends/cpu/quant/fixed-point.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import type { Activation } from '../../src/graph/options.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TensorSpec } from '../helpers/kernel-harness.js';

const opts = (activation: Activation = 'NONE') => ({ kind: 'arithmetic' as const, activation, potScaleInt16: false });

function nums(a: TypedArray): number[] {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) throw new Error('bigint data');
  return Array.from(a);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function qspec(dtype: DType, shape: number[], data: number[], scale: number, zeroPoint: number): TensorSpec {
  return { dtype, shape, data, quant: { scale, zeroPoint } };
}

// BigInt transcription: real multiplier in float (s1*s2/so), QuantizeMultiplier, MultiplyByQuantizedMultiplier.
function tfliteMul(q1: number, z1: number, q2: number, z2: number, s1: number, s2: number, so: number, zo: number, lo: number, hi: number): number {
  const real = Math.fround(Math.fround(Math.fround(s1) * Math.fround(s2)) / Math.fround(so));
  const { multiplier, shift } = quantizeMultiplier(real);
  let x = BigInt((q1 - z1) * (q2 - z2));
  if (shift > 0) x = BigInt.asIntN(32, x << BigInt(shift));
  const ab = x * BigInt(multiplier);
  let v = (ab + (ab >= 0n ? 1n << 30n : 1n - (1n << 30n))) / (1n << 31n);
  if (shift < 0) {
    const p = 1n << BigInt(-shift);
    const rem = ((v % p) + p) % p;
    v = (v - rem) / p + (rem > ((p - 1n) >> 1n) + (v < 0n ? 1n : 0n) ? 1n : 0n);
  }
  return Math.min(hi, Math.max(lo, Number(v) + zo));
}

describe('MUL float32 and int32', () => {
  it('broadcasts a per-channel vector over a rank-4 tensor and applies RELU', () => {
    const a = seq(2 * 2 * 3, (i) => i - 5), b = [1, -2, 0.5];
    const r = runOne(mulKernel, oneOp('MUL', opts('RELU'), [{ dtype: 'float32', shape: [1, 2, 2, 3], data: a }, { dtype: 'float32', shape: [3], data: b }],
      [{ dtype: 'float32', shape: [1, 2, 2, 3] }]));
    expect(nums(r)).toEqual(a.map((x, i) => Math.max(0, x * b[i % 3]!)));
  });

  it('middle-dimension broadcast [2,1,3] * [1,4,1]', () => {
    const a = [1, 2, 3, 4, 5, 6], b = [1, 10, 100, 1000];
    const r = nums(runOne(mulKernel, oneOp('MUL', opts(), [{ dtype: 'float32', shape: [2, 1, 3], data: a }, { dtype: 'float32', shape: [1, 4, 1], data: b }],
      [{ dtype: 'float32', shape: [2, 4, 3] }])));
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) want.push(a[i * 3 + k]! * b[j]!);
    expect(r).toEqual(want);
  });

  it('int32 multiplies with RELU6 clamp and wraps like the C++ product', () => {
    const r = runOne(mulKernel, oneOp('MUL', opts('RELU6'), [{ dtype: 'int32', shape: [4], data: [2, -3, 1, 65536] }, { dtype: 'int32', shape: [], data: [3] }],
      [{ dtype: 'int32', shape: [4] }]));
    expect(nums(r)).toEqual([6, 0, 3, 6]);
    const w = runOne(mulKernel, oneOp('MUL', opts(), [{ dtype: 'int32', shape: [1], data: [65536] }, { dtype: 'int32', shape: [1], data: [65537] }], [{ dtype: 'int32', shape: [1] }]));
    expect(nums(w)).toEqual([65536]);
  });
});

describe('MUL int8/uint8/int16', () => {
  it('hand-checked: real multiplier exactly 1 gives zo + d1*d2, saturating', () => {
    // 0.5 * 0.25 / 0.125 = 1: QuantizeMultiplier gives 2^30 with shift 1, an exact identity.
    const q1 = [3, -5, 20, -20, 0], q2 = [4, 7, 20, 20, 99];
    const g = oneOp('MUL', opts(), [qspec('int8', [5], q1, 0.5, 0), qspec('int8', [5], q2, 0.25, 0)], [{ dtype: 'int8', shape: [5], quant: { scale: 0.125, zeroPoint: 2 } }]);
    expect(nums(runOne(mulKernel, g))).toEqual([14, -33, 127, -128, 2]);
  });

  it('hand-checked ties: a 0.5 multiplier rounds halves toward +infinity (SaturatingRoundingDoublingHighMul)', () => {
    // Products 1, -1, 3, -3, 5 times 0.5: TFLite gives 1, 0, 2, -1, 3; round-half-away would give -1 and -2
    // for the negatives, so a float reference is one step off exactly at these ties.
    const g = oneOp('MUL', opts(), [qspec('int8', [5], [1, -1, 3, -3, 5], 0.5, 0), qspec('int8', [5], [1, 1, 1, 1, 1], 0.5, 0)],
      [{ dtype: 'int8', shape: [5], quant: { scale: 0.5, zeroPoint: 0 } }]);
    expect(nums(runOne(mulKernel, g))).toEqual([1, 0, 2, -1, 3]);
  });

  const configs: { name: string; dtype: 'int8' | 'uint8'; s1: number; z1: number; s2: number; z2: number; so: number; zo: number; act: Activation }[] = [
    { name: 'int8 squares (same tensor params)', dtype: 'int8', s1: 0.388, z1: 10, s2: 0.388, z2: 10, so: 11.256, zo: -128, act: 'NONE' },
    { name: 'int8 multiplier above 1 (positive shift)', dtype: 'int8', s1: 1, z1: -128, s2: 0.0000307, z2: -128, so: 0.00784, zo: -128, act: 'NONE' },
    { name: 'int8 RELU', dtype: 'int8', s1: 0.02, z1: 5, s2: 0.03, z2: -7, so: 0.004, zo: -20, act: 'RELU' },
    { name: 'uint8 RELU6', dtype: 'uint8', s1: 0.05, z1: 128, s2: 0.06, z2: 110, so: 0.03, zo: 40, act: 'RELU6' },
    { name: 'uint8 plain', dtype: 'uint8', s1: 0.0123, z1: 0, s2: 0.0456, z2: 255, so: 0.002, zo: 128, act: 'NONE' },
  ];
  for (const c of configs) {
    it(`${c.name}: bit-exact to the integer pipeline, within 1 step of the float result`, () => {
      const [qmin, qmax] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
      const r = rng(Math.round(c.so * 1e5) + 3);
      const a = seq(40, (i) => (i < 2 ? [qmin, qmax][i]! : qmin + Math.floor(r() * 256)));
      const b = seq(8, (i) => (i < 2 ? [qmax, qmin][i]! : qmin + Math.floor(r() * 256)));
      const g = oneOp('MUL', opts(c.act), [qspec(c.dtype, [5, 8], a, c.s1, c.z1), qspec(c.dtype, [8], b, c.s2, c.z2)],
        [{ dtype: c.dtype, shape: [5, 8], quant: { scale: c.so, zeroPoint: c.zo } }]);
      const out = nums(runOne(mulKernel, g));
      const q = (f: number) => Math.round(f / c.so) + c.zo;
      const lo = Math.max(qmin, c.act === 'NONE' ? qmin : q(0)), hi = Math.min(qmax, c.act === 'RELU6' ? q(6) : qmax);
      expect(out).toEqual(a.map((x, i) => tfliteMul(x, c.z1, b[i % 8]!, c.z2, c.s1, c.s2, c.so, c.zo, lo, hi)));
      // One rounding (of a fixed-point multiplier) against exact float math: at most one step apart.
      a.forEach((x, i) => {
        const ref = Math.min(hi, Math.max(lo, q((x - c.z1) * c.s1 * (b[i % 8]! - c.z2) * c.s2)));
        expect(Math.abs(out[i]! - ref), `element ${i}`).toBeLessThanOrEqual(1);
      });
    });
  }

  it('int16 symmetric: products rescaled and saturated', () => {
    // 2^-10 * 2^-10 / 2^-12 = 2^-8: multiplier 2^30 with shift -7, so q1*q2 is halved (exact for even
    // products) and then divided by 128 rounding half away from zero: -128/256 = -0.5 -> -1.
    const q1 = [256, 300, -300, 32767, 128], q2 = [3, 512, 512, 32767, -1];
    const g = oneOp('MUL', opts(), [qspec('int16', [5], q1, 2 ** -10, 0), qspec('int16', [5], q2, 2 ** -10, 0)], [{ dtype: 'int16', shape: [5], quant: { scale: 2 ** -12, zeroPoint: 0 } }]);
    expect(nums(runOne(mulKernel, g))).toEqual([3, 600, -600, 32767, -1]);
  });

  it('check rejects int16 zero points, mixed dtypes and missing quantization', () => {
    const chk = (g: ReturnType<typeof oneOp>) => mulKernel.check(g.op, g.graph);
    expect(chk(oneOp('MUL', opts(), [qspec('int16', [2], [0, 0], 0.1, 3), qspec('int16', [2], [0, 0], 0.1, 0)], [{ dtype: 'int16', shape: [2], quant: { scale: 0.1 } }]))).toMatch(/zero point 0/);
    expect(chk(oneOp('MUL', opts(), [qspec('int16', [2], [0, 0], 0.1, 0), qspec('int16', [2], [0, 0], 0.1, 0)], [{ dtype: 'int8', shape: [2], quant: { scale: 0.1 } }]))).toMatch(/dtype mismatch/);
    expect(chk(oneOp('MUL', opts(), [{ dtype: 'int8', shape: [2] }, { dtype: 'int8', shape: [2] }], [{ dtype: 'int8', shape: [2] }]))).toMatch(/quantization/);
    expect(chk(oneOp('MUL', opts(), [{ dtype: 'float16', shape: [2] }, { dtype: 'float16', shape: [2] }], [{ dtype: 'float16', shape: [2] }]))).toMatch(/float16 not supported/);
  });
});
