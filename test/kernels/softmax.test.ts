import { describe, expect, it } from 'vitest';
import { softmaxKernel } from '../../src/backends/cpu/kernels/softmax.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';

/** Output values as plain numbers (the harness returns any typed array). */
const nums = (a: ArrayLike<number | bigint>): number[] => Array.from(a, Number);

const sm = (beta: number, x: TensorSpec, y: TensorSpec) => oneOp('SOFTMAX', { kind: 'softmax', beta }, [x], [y]);
const f32 = Math.fround;

describe('SOFTMAX float32', () => {
  it('normalises exp(beta * (x - max)) over the last axis', () => {
    const x = [1, 2, 3, 0, 0, -1000];
    const got = nums(runOne(softmaxKernel, sm(0.5, { dtype: 'float32', shape: [2, 3], data: x }, { dtype: 'float32', shape: [2, 3] })));
    const e = [Math.exp(-1), Math.exp(-0.5), 1];
    const s = e[0]! + e[1]! + e[2]!;
    const want = [e[0]! / s, e[1]! / s, e[2]! / s, 0.5, 0.5, 0];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 7));
  });
  it('works on rank 1 and large inputs without overflow', () => {
    const got = runOne(softmaxKernel, sm(1, { dtype: 'float32', shape: [2], data: [1000, 1000] }, { dtype: 'float32', shape: [2] }));
    expect(nums(got)).toEqual([0.5, 0.5]);
  });
});

/**
 * The LUT algorithm re-derived step by step with Float32Array storage as the float32 rounding:
 * e_j = expf((-s*beta) * (max - x_j)), sum in order, inv = 1 / (sum * out_scale), p_j = e_j * inv.
 */
function lutRef(row: number[], inScale: number, beta: number, outScale: number, outZp: number, out: DType): number[] {
  const t = new Float32Array(4);
  t[0] = -f32(inScale) * f32(beta); // k = -s*beta
  const mx = Math.max(...row);
  const e = row.map((v) => { t[1] = t[0]! * (mx - v); t[2] = Math.exp(t[1]!); return t[2]!; });
  t[3] = 0;
  for (const v of e) t[3] = t[3]! + v;
  t[1] = t[3]! * f32(outScale);
  t[2] = 1 / t[1]!;
  const inv = t[2]!;
  const [lo, hi] = out === 'int8' ? [-128, 127] : out === 'uint8' ? [0, 255] : [-32768, 32767];
  return e.map((v) => {
    t[0] = v * inv;
    const p = t[0]!;
    // uint8: (int)(p + 0.5f) and no zero point (TFLite's non-aarch64 build); others: std::round(p) + zero point
    let q: number;
    if (out === 'uint8') { t[1] = p + 0.5; q = Math.trunc(t[1]!); } else q = Math.sign(p) * Math.round(Math.abs(p)) + outZp;
    return Math.min(hi, Math.max(lo, q));
  });
}

/** Plain double-precision softmax, quantized with round half away: agrees with the LUT up to one step. */
function doubleRef(row: number[], inScale: number, beta: number, outScale: number, outZp: number, lo: number, hi: number): number[] {
  const mx = Math.max(...row);
  const e = row.map((v) => Math.exp(inScale * beta * (v - mx)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => Math.min(hi, Math.max(lo, Math.round(v / s / outScale) + outZp)));
}

describe('SOFTMAX int8 / uint8 (TFLite default kernel: float32 exp table)', () => {
  it('hand-checked rows', () => {
    const q8 = { scale: 1 / 256, zeroPoint: -128 };
    const run = (dtype: DType, data: number[], yq: TensorSpec['quant'], ydt: DType = dtype) =>
      nums(runOne(softmaxKernel, sm(1, { dtype, shape: [1, data.length], data, quant: { scale: 0.1, zeroPoint: 3 } },
        { dtype: ydt, shape: [1, data.length], quant: yq })));
    expect(run('int8', [5, 5, 5, 5], q8)).toEqual([-64, -64, -64, -64]); // 0.25 * 256 - 128
    expect(run('int8', [7], q8)).toEqual([127]); // 256 - 128 saturates
    expect(run('uint8', [9, 9], { scale: 1 / 256, zeroPoint: 0 })).toEqual([128, 128]);
    expect(run('uint8', [9], { scale: 1 / 256, zeroPoint: 0 })).toEqual([255]);
    expect(run('int8', [1, 1], { scale: 1 / 32768, zeroPoint: 0 }, 'int16')).toEqual([16384, 16384]);
    // 512 equal values: p = 0.5 exactly; uint8 (0.5 + 0.5f) -> 1, int8 round(0.5) = 1 -> -127
    expect(run('uint8', Array(512).fill(4), { scale: 1 / 256, zeroPoint: 0 })[0]).toBe(1);
    expect(run('int8', Array(512).fill(4), q8)[0]).toBe(-127);
  });

  for (const dtype of ['int8', 'uint8'] as const) {
    for (const [inScale, beta] of [[0.1, 1], [0.0625, 1], [0.37, 0.5], [0.02, 3]] as const) {
      it(`${dtype}: every input value against the re-derived table algorithm (scale ${inScale}, beta ${beta})`, () => {
        const lo = dtype === 'int8' ? -128 : 0;
        const outZp = dtype === 'int8' ? -128 : 0;
        const others = [lo + 40, lo + 200, lo + 128, lo + 129];
        const rows: number[][] = [];
        for (let v = lo; v < lo + 256; v++) rows.push([v, ...others]);
        const g = sm(beta, { dtype, shape: [256, 5], data: rows.flat(), quant: { scale: inScale, zeroPoint: 7 } },
          { dtype, shape: [256, 5], quant: { scale: 1 / 256, zeroPoint: outZp } });
        const got = nums(runOne(softmaxKernel, g));
        let off = 0;
        rows.forEach((row, r) => {
          const mine = got.slice(r * 5, r * 5 + 5);
          expect(mine).toEqual(lutRef(row, inScale, beta, 1 / 256, outZp, dtype));
          const dbl = doubleRef(row, inScale, beta, 1 / 256, outZp, lo, lo + 255);
          mine.forEach((q, i) => { expect(Math.abs(q - dbl[i]!)).toBeLessThanOrEqual(1); if (q !== dbl[i]) off++; });
        });
        expect(off).toBeLessThan(20); // float32 rounding moves only near-ties
      });
    }
  }

  it('uint8 output rounds as (int)(p + 0.5f): p = 0.49999997 gives 1 where std::round gives 0', () => {
    // row [10, 9] at input scale 0.1 with this output scale makes the second probability 0.5 - 2^-25 in float32
    const g = sm(1, { dtype: 'uint8', shape: [1, 2], data: [10, 9], quant: { scale: 0.1, zeroPoint: 0 } },
      { dtype: 'uint8', shape: [1, 2], quant: { scale: 0.950041651725769, zeroPoint: 0 } });
    expect(nums(runOne(softmaxKernel, g))).toEqual([1, 1]);
  });

  it('random rows of several depths match the re-derived algorithm exactly', () => {
    let s = 987654321;
    const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
    // int16 outputs resolve p to 2^-15, where float32 rounding of the table, sum, reciprocal and product shows.
    const cases = [['int8', 'int8', 16, 0.07], ['uint8', 'uint8', 10, 0.15], ['int8', 'int8', 3, 0.5], ['uint8', 'uint8', 64, 0.03],
      ['int8', 'int16', 16, 0.0123], ['uint8', 'int16', 40, 0.031]] as const;
    for (const [dtype, out, depth, inScale] of cases) {
      const rows = 1500;
      const lo = dtype === 'int8' ? -128 : 0;
      const [outScale, zp] = out === 'int16' ? [1 / 32768 + 1e-9, 5] : [1 / 256, dtype === 'int8' ? -128 : 0];
      const data = Array.from({ length: rows * depth }, () => lo + (next() % 256));
      const g = sm(1, { dtype, shape: [rows, depth], data, quant: { scale: inScale } }, { dtype: out, shape: [rows, depth], quant: { scale: outScale, zeroPoint: zp } });
      const got = nums(runOne(softmaxKernel, g));
      const want: number[] = [];
      for (let r = 0; r < rows; r++) want.push(...lutRef(data.slice(r * depth, r * depth + depth), inScale, 1, outScale, zp, out));
      expect(got).toEqual(want);
    }
  });

  it('int8 input with int16 output', () => {
    const row = [-100, 0, 50, 127, 126];
    const g = sm(1, { dtype: 'int8', shape: [1, 5], data: row, quant: { scale: 0.05, zeroPoint: 0 } },
      { dtype: 'int16', shape: [1, 5], quant: { scale: 1 / 32768, zeroPoint: -32768 } });
    expect(nums(runOne(softmaxKernel, g))).toEqual(lutRef(row, 0.05, 1, 1 / 32768, -32768, 'int16'));
  });

  it('rejects what TFLite rejects or what is ambiguous', () => {
    const check = (x: TensorSpec, y: TensorSpec) => { const g = sm(1, x, y); return softmaxKernel.check(g.op, g.graph); };
    const x8: TensorSpec = { dtype: 'int8', shape: [1, 4], quant: { scale: 0.1, zeroPoint: 0 } };
    expect(check(x8, { dtype: 'int8', shape: [1, 4], quant: { scale: 1 / 256, zeroPoint: -128 } })).toBeNull();
    expect(check(x8, { dtype: 'int8', shape: [1, 4], quant: { scale: 1 / 256, zeroPoint: 0 } })).toMatch(/zero point 0 must be -128/);
    expect(check(x8, { dtype: 'int8', shape: [1, 4], quant: { scale: 1 / 128, zeroPoint: -128 } })).toMatch(/scale/);
    expect(check({ ...x8, dtype: 'uint8' }, { dtype: 'uint8', shape: [1, 4], quant: { scale: 1 / 256, zeroPoint: 5 } })).toMatch(/zero point 5/);
    expect(check(x8, { dtype: 'uint8', shape: [1, 4], quant: { scale: 1 / 256 } })).toMatch(/int8 input with uint8 output/);
    expect(check({ ...x8, dtype: 'int16' }, { dtype: 'int16', shape: [1, 4], quant: { scale: 1 / 32768 } })).toMatch(/int16 input/);
    expect(check({ dtype: 'float32', shape: [1, 4] }, { dtype: 'int8', shape: [1, 4] })).toMatch(/float32 input with int8/);
    expect(check({ dtype: 'float32', shape: [] }, { dtype: 'float32', shape: [] })).toMatch(/rank/);
    expect(check({ dtype: 'int8', shape: [4] }, { dtype: 'int8', shape: [4] })).toMatch(/quantization/);
  });
});
