import { describe, expect, it } from 'vitest';
import { fullyConnectedKernel } from '../../src/backends/cpu/kernels/fully-connected.js';
import type { Activation, FullyConnectedOptions } from '../../src/graph/options.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';

/** Output values as plain numbers (the harness returns any typed array). */
const nums = (a: ArrayLike<number | bigint>): number[] => Array.from(a, Number);

const opts = (o: Partial<FullyConnectedOptions> = {}): FullyConnectedOptions => ({
  kind: 'fullyConnected', activation: 'NONE', weightsFormat: 'DEFAULT', keepNumDims: false,
  asymmetricQuantizeInputs: false, ...o,
});

function fc(o: FullyConnectedOptions, x: TensorSpec, w: TensorSpec, b: TensorSpec | null, y: TensorSpec) {
  return oneOp('FULLY_CONNECTED', o, [x, w, b], [y]);
}

// ---- independent integer reference: BigInt arithmetic for TFLite's MultiplyByQuantizedMultiplier ----

/** QuantizeMultiplier, derived by searching the power of two instead of frexp. */
function refQuantizeMultiplier(real: number): [number, number] {
  if (real === 0) return [0, 0];
  let shift = 0;
  while (real * 2 ** -shift >= 1) shift++;
  while (real * 2 ** -shift < 0.5) shift--;
  let q = Math.round(real * 2 ** (31 - shift)); // positive: Math.round == half away from zero
  if (q === 2 ** 31) { q /= 2; shift++; }
  return [q, shift];
}

/**
 * SaturatingRoundingDoublingHighMul then a rounding right shift, on BigInts (two roundings, as TFLite's builtin
 * kernel through ruy): the high-mul rounds half away from zero, the final shift breaks ties upward.
 */
function refMbqm(acc: number, mult: number, shift: number): number {
  const left = Math.max(shift, 0), right = Math.max(-shift, 0);
  const x = BigInt((acc * 2 ** left) | 0);
  const p = x * BigInt(mult);
  const nudge = p >= 0n ? 1n << 30n : 1n - (1n << 30n);
  const hi = (p + nudge) / (1n << 31n); // BigInt division truncates toward zero like C++
  if (right === 0) return Number(hi);
  const d = 1n << BigInt(right);
  const t = hi + d / 2n;
  // floor division (BigInt / truncates toward zero)
  return Number(t >= 0n ? t / d : -((-t + d - 1n) / d));
}

interface QRef {
  x: number[]; xZp: number; w: number[]; wZp: number; b: number[] | null; units: number; depth: number;
  mult: [number, number][]; yZp: number; lo: number; hi: number;
}

function refQuantFc(r: QRef): number[] {
  const rows = r.x.length / r.depth;
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let u = 0; u < r.units; u++) {
      let acc = r.b ? r.b[u]! : 0;
      for (let d = 0; d < r.depth; d++) acc += (r.w[u * r.depth + d]! - r.wZp) * (r.x[i * r.depth + d]! - r.xZp);
      const [m, s] = r.mult[u]!;
      out.push(Math.min(r.hi, Math.max(r.lo, refMbqm(acc, m, s) + r.yZp)));
    }
  }
  return out;
}

/** Deterministic pseudo-random integers in [lo, hi]. */
function ints(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out.push(lo + (s % (hi - lo + 1)));
  }
  return out;
}

const f32 = Math.fround;

describe('FULLY_CONNECTED float32', () => {
  const x = [1, 2, 3, -1, 0.5, 2];
  const w = [1, 0, -1, 0.5, 0.5, 0.5];
  it('computes x W^T + b (hand-checked)', () => {
    const g = fc(opts(), { dtype: 'float32', shape: [2, 3], data: x },
      { dtype: 'float32', shape: [2, 3], data: w, constant: true },
      { dtype: 'float32', shape: [2], data: [10, -1], constant: true }, { dtype: 'float32', shape: [2, 2] });
    // row0: 1-3+10 = 8, (1+2+3)/2-1 = 2; row1: -1-2+10 = 7, (−1+0.5+2)/2−1 = -0.25
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([8, 2, 7, -0.25]);
  });
  it('handles an omitted bias and RELU / RELU6 / RELU_N1_TO_1', () => {
    const run = (activation: Activation) => nums(runOne(fullyConnectedKernel, fc(opts({ activation }),
      { dtype: 'float32', shape: [1, 2], data: [4, -3] }, { dtype: 'float32', shape: [3, 2], data: [1, 1, 2, 0, 0, 1], constant: true },
      null, { dtype: 'float32', shape: [1, 3] })));
    expect(run('NONE')).toEqual([1, 8, -3]);
    expect(run('RELU')).toEqual([1, 8, 0]);
    expect(run('RELU6')).toEqual([1, 6, 0]);
    expect(run('RELU_N1_TO_1')).toEqual([1, 1, -1]);
  });
  it('flattens a higher-rank input into rows; keepNumDims only changes the output shape', () => {
    const xs = Array.from({ length: 12 }, (_, i) => i - 5);
    const g = fc(opts({ keepNumDims: true }), { dtype: 'float32', shape: [2, 2, 3], data: xs },
      { dtype: 'float32', shape: [2, 3], data: w, constant: true }, null, { dtype: 'float32', shape: [2, 2, 2] });
    const want: number[] = [];
    for (let r = 0; r < 4; r++) {
      for (let u = 0; u < 2; u++) {
        let s = 0;
        for (let d = 0; d < 3; d++) s += xs[r * 3 + d]! * w[u * 3 + d]!;
        want.push(s);
      }
    }
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual(want);
  });
  it('accepts non-constant weights', () => {
    const g = fc(opts(), { dtype: 'float32', shape: [1, 3], data: [1, 2, 3] },
      { dtype: 'float32', shape: [1, 3], data: [2, 2, 2] }, null, { dtype: 'float32', shape: [1, 1] });
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([12]);
  });
});

describe('FULLY_CONNECTED int8', () => {
  it('rounds twice like TFLite reference (hand-checked tie)', () => {
    // real multiplier 0.5*0.25/1 = 0.125 = 2^30 * 2^(-2-31): acc 3 -> srdhm(3, 2^30) = round(1.5) = 2,
    // then 2 / 4 = 0.5 rounds away to 1 (exact 0.375 would give 0).
    const g = fc(opts(), { dtype: 'int8', shape: [1, 1], data: [3], quant: { scale: 0.5, zeroPoint: 0 } },
      { dtype: 'int8', shape: [3, 1], data: [1, 5, -3], constant: true, quant: { scale: 0.25 } }, null,
      { dtype: 'int8', shape: [1, 3], quant: { scale: 1, zeroPoint: 0 } });
    // acc 15 -> srdhm 8 (7.5 up) -> 2; acc -9 -> srdhm -4 (-4.5 goes toward zero) -> -1
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([1, 2, -1]);
  });

  it('breaks negative ties of the final shift upward, unlike the reference kernel (native TFLite 2.9 checked)', () => {
    // multiplier 0.125 = 2^30 * 2^(-2-31): acc -12 -> srdhm -6 (exact) -> -6 / 4 = -1.5 -> -1 (reference: -2);
    // acc -10 -> -5 -> -1.25 -> -1; acc -14 -> -7 -> -1.75 -> -2; acc -4 -> -2 -> -0.5 -> 0 (reference: -1).
    const acc = [-12, -10, -14, -4];
    const g = fc(opts(), { dtype: 'int8', shape: [acc.length, 1], data: acc, quant: { scale: 0.5, zeroPoint: 0 } },
      { dtype: 'int8', shape: [1, 1], data: [1], constant: true, quant: { scale: 0.25 } }, null,
      { dtype: 'int8', shape: [acc.length, 1], quant: { scale: 1, zeroPoint: 0 } });
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([-1, -1, -2, 0]);
  });

  it('regression (dmuiruri mnist_cnn_int8, image 70): rounds like native TFLite, not like the reference', () => {
    // The dense layer's scales; acc -38547 -> exact -16.49987, high-mul -33792 = -16.5 * 2^11 -> -16 -> 28.
    // TFLite 2.9 (x86) and its WASM build both give 28; the reference kernel's RoundingDivideByPOT gives 27.
    const g = fc(opts(), { dtype: 'int8', shape: [1, 1], data: [-128], quant: { scale: 0.009075481444597244, zeroPoint: -128 } },
      { dtype: 'int8', shape: [1, 1], data: [5], constant: true, quant: { scale: 0.007609046064317226 } },
      { dtype: 'int32', shape: [1], data: [-38547], constant: true, quant: { scale: 0.0000690557571942918 } },
      { dtype: 'int8', shape: [1, 1], quant: { scale: 0.16132806241512299, zeroPoint: 44 } });
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([28]);
  });

  it('per-tensor: matches an independent BigInt reference with zero points, bias and RELU6', () => {
    const units = 7, depth = 13, rows = 3;
    const x = ints(rows * depth, -128, 127, 1), w = ints(units * depth, -127, 127, 2), b = ints(units, -3000, 3000, 3);
    const inS = 0.0371, wS = 0.0123, outS = 0.0591, xZp = 5, wZp = 3, yZp = -20;
    for (const activation of ['NONE', 'RELU6'] as Activation[]) {
      const g = fc(opts({ activation }), { dtype: 'int8', shape: [rows, depth], data: x, quant: { scale: inS, zeroPoint: xZp } },
        { dtype: 'int8', shape: [units, depth], data: w, constant: true, quant: { scale: wS, zeroPoint: wZp } },
        { dtype: 'int32', shape: [units], data: b, constant: true, quant: { scale: inS * wS } },
        { dtype: 'int8', shape: [rows, units], quant: { scale: outS, zeroPoint: yZp } });
      const m = refQuantizeMultiplier(f32(f32(inS) * f32(wS)) / f32(outS));
      const hi = activation === 'RELU6' ? yZp + Math.round(6 / f32(outS)) : 127;
      const want = refQuantFc({ x, xZp, w, wZp, b, units, depth, mult: Array(units).fill(m), yZp, lo: activation === 'RELU6' ? yZp : -128, hi });
      expect(nums(runOne(fullyConnectedKernel, g))).toEqual(want);
    }
  });

  it('per-channel: one multiplier per output unit, weight zero point ignored', () => {
    const units = 5, depth = 9, rows = 4;
    const x = ints(rows * depth, -128, 127, 11), w = ints(units * depth, -127, 127, 12), b = ints(units, -500, 500, 13);
    const inS = 0.02, outS = 0.05, xZp = -3, yZp = 7;
    const wS = [0.001, 0.01, 0.003, 0.0007, 0.02];
    const g = fc(opts(), { dtype: 'int8', shape: [rows, depth], data: x, quant: { scale: inS, zeroPoint: xZp } },
      { dtype: 'int8', shape: [units, depth], data: w, constant: true, quant: { scale: wS, zeroPoint: [9, 9, 9, 9, 9], quantizedDimension: 0 } },
      { dtype: 'int32', shape: [units], data: b, constant: true, quant: { scale: wS.map((s) => s * inS) } },
      { dtype: 'int8', shape: [rows, units], quant: { scale: outS, zeroPoint: yZp } });
    const mult = wS.map((s) => refQuantizeMultiplier((f32(inS) * f32(s)) / f32(outS)));
    const want = refQuantFc({ x, xZp, w, wZp: 0, b, units, depth, mult, yZp, lo: -128, hi: 127 });
    const got = nums(runOne(fullyConnectedKernel, g));
    expect(got).toEqual(want);
    // the scales really differ per unit: unit 4 saturates more often than unit 3
    expect(new Set(got).size).toBeGreaterThan(5);
  });

  it('per-tensor multiplier uses the float32 product of input and weight scales', () => {
    // Find scales whose multiplier differs between float32 and double products, and an accumulator where
    // that changes the output; then the kernel must give the float32-product answer.
    const inS = f32(0.0371), outS0 = 1.37;
    let wS = 0, outS = 0, mF: [number, number] = [0, 0], mD: [number, number] = [0, 0];
    for (let k = 1; k < 1000 && mF[0] === mD[0]; k++) {
      wS = f32(0.0123 + k * 1e-6);
      outS = f32(inS * wS * 2 ** 25 * outS0); // real ~ 2^-25 / 1.37: sums below 2^31 give outputs below 47
      mF = refQuantizeMultiplier(f32(inS * wS) / outS);
      mD = refQuantizeMultiplier((inS * wS) / outS);
    }
    expect(mF[0]).not.toBe(mD[0]);
    // candidates: accumulators next to the rounding boundaries k + 0.5 of either multiplier
    let acc = 0;
    const real = (mF[0] + mD[0]) / 2 * 2 ** (mF[1] - 31);
    for (let k = 0; k < 127 && acc === 0; k++) {
      for (let d = -3; d <= 3; d++) {
        const a = Math.round((k + 0.5) / real) + d;
        if (a < 2 ** 31 && refMbqm(a, mF[0], mF[1]) !== refMbqm(a, mD[0], mD[1])) { acc = a; break; }
      }
    }
    expect(acc).not.toBe(0);
    const g = fc(opts(), { dtype: 'int8', shape: [1, 1], data: [0], quant: { scale: inS, zeroPoint: 0 } },
      { dtype: 'int8', shape: [1, 1], data: [1], constant: true, quant: { scale: wS } },
      { dtype: 'int32', shape: [1], data: [acc], constant: true, quant: { scale: inS * wS } },
      { dtype: 'int8', shape: [1, 1], quant: { scale: outS, zeroPoint: 0 } });
    expect(runOne(fullyConnectedKernel, g)[0]).toBe(refMbqm(acc, mF[0], mF[1]));
  });

  it('rejects unsupported combinations with a reason', () => {
    const x: TensorSpec = { dtype: 'int8', shape: [1, 2], quant: { scale: 1 } };
    const w: TensorSpec = { dtype: 'int8', shape: [2, 2], data: [1, 2, 3, 4], constant: true, quant: { scale: 1 } };
    const y: TensorSpec = { dtype: 'int8', shape: [1, 2], quant: { scale: 1 } };
    const check = (o: FullyConnectedOptions, xs: TensorSpec, ws: TensorSpec, b: TensorSpec | null, ys: TensorSpec) => {
      const g = fc(o, xs, ws, b, ys);
      return fullyConnectedKernel.check(g.op, g.graph);
    };
    expect(check(opts(), x, w, null, y)).toBeNull();
    expect(check(opts({ weightsFormat: 'SHUFFLED4x16INT8' }), x, w, null, y)).toMatch(/SHUFFLED4x16INT8/);
    expect(check(opts({ activation: 'TANH' }), x, w, null, y)).toMatch(/TANH/);
    expect(check(opts(), { ...x, dtype: 'int16' }, w, null, { ...y, dtype: 'int16' })).toMatch(/int16/);
    expect(check(opts(), x, w, null, { ...y, dtype: 'int16' })).toMatch(/int16 output/);
    expect(check(opts(), { ...x, dtype: 'uint8' }, w, null, { ...y, dtype: 'uint8' })).toMatch(/uint8 input with int8 weights/);
    expect(check(opts(), x, w, { dtype: 'int64', shape: [2], constant: true, data: [0, 0] }, y)).toMatch(/int64 bias/);
    expect(check(opts(), x, w, { dtype: 'int32', shape: [2], constant: true, data: [0, 0], quant: { scale: 0.5 } }, y)).toMatch(/bias scale/);
    expect(check(opts(), x, { ...w, quant: { scale: [1, 2], quantizedDimension: 1 } }, null, y)).toMatch(/dimension 1/);
    expect(check(opts(), { ...x, dtype: 'uint8' }, { ...w, dtype: 'uint8', quant: { scale: [1, 2] } }, null, { ...y, dtype: 'uint8' }))
      .toMatch(/per-channel/);
    expect(check(opts(), { dtype: 'float32', shape: [1, 2] }, { ...w, dtype: 'uint8' }, null, { dtype: 'float32', shape: [1, 2] }))
      .toMatch(/uint8 weights/);
    expect(check(opts(), { dtype: 'float32', shape: [1, 2] }, { dtype: 'float16', shape: [2, 2], constant: true, data: [0, 0, 0, 0] }, null,
      { dtype: 'float32', shape: [1, 2] })).toMatch(/float16/);
  });
});

describe('FULLY_CONNECTED uint8', () => {
  it('applies input, weight and output zero points (BigInt reference)', () => {
    const units = 6, depth = 11, rows = 2;
    const x = ints(rows * depth, 0, 255, 21), w = ints(units * depth, 0, 255, 22), b = ints(units, -2000, 2000, 23);
    const inS = 0.0078125, wS = 0.00390625 * 3, outS = 0.1, xZp = 128, wZp = 120, yZp = 100;
    const g = fc(opts({ activation: 'RELU' }), { dtype: 'uint8', shape: [rows, depth], data: x, quant: { scale: inS, zeroPoint: xZp } },
      { dtype: 'uint8', shape: [units, depth], data: w, constant: true, quant: { scale: wS, zeroPoint: wZp } },
      { dtype: 'int32', shape: [units], data: b, constant: true, quant: { scale: inS * wS } },
      { dtype: 'uint8', shape: [rows, units], quant: { scale: outS, zeroPoint: yZp } });
    const m = refQuantizeMultiplier(f32(f32(inS) * f32(wS)) / f32(outS));
    const want = refQuantFc({ x, xZp, w, wZp, b, units, depth, mult: Array(units).fill(m), yZp, lo: yZp, hi: 255 });
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual(want);
    expect(want.some((v) => v === yZp)).toBe(true); // RELU clamp exercised
  });
});

describe('FULLY_CONNECTED hybrid (float32 input, int8 weights)', () => {
  it('quantizes each row symmetrically (hand-checked)', () => {
    // row max |x| = 127 -> scale 1: q = [127, -64] (-63.5 rounds away), [0, 0] for the zero row (scale 1).
    // weights scale 0.5: out = bias + 0.5 * dot.
    const g = fc(opts(), { dtype: 'float32', shape: [2, 2], data: [127, -63.5, 0, 0] },
      { dtype: 'int8', shape: [2, 2], data: [1, 1, 2, -1], constant: true, quant: { scale: 0.5 } },
      { dtype: 'float32', shape: [2], data: [0.25, -1], constant: true }, { dtype: 'float32', shape: [2, 2] });
    expect(nums(runOne(fullyConnectedKernel, g))).toEqual([0.25 + 0.5 * 63, -1 + 0.5 * 318, 0.25, -1]);
  });

  const units = 8, depth = 32, rows = 3;
  const xs = ints(rows * depth, -1000, 1000, 31).map((v) => f32(v / 997 + 0.3));
  const wq = ints(units * depth, -127, 127, 32);
  const bias = ints(units, -100, 100, 33).map((v) => f32(v / 50));
  const floatRef = (scaleOf: (u: number) => number) => {
    const out: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        let s = bias[u]!;
        for (let d = 0; d < depth; d++) s += xs[r * depth + d]! * wq[u * depth + d]! * scaleOf(u);
        out.push(s);
      }
    }
    return out;
  };

  for (const asymmetricQuantizeInputs of [false, true]) {
    it(`per-tensor ${asymmetricQuantizeInputs ? 'asymmetric' : 'symmetric'} is close to float math`, () => {
      const g = fc(opts({ asymmetricQuantizeInputs }), { dtype: 'float32', shape: [rows, depth], data: xs },
        { dtype: 'int8', shape: [units, depth], data: wq, constant: true, quant: { scale: 0.01 } },
        { dtype: 'float32', shape: [units], data: bias, constant: true }, { dtype: 'float32', shape: [rows, units] });
      const got = nums(runOne(fullyConnectedKernel, g));
      const want = floatRef(() => 0.01);
      // input quantization error: |x| < 1.31 over 255 or 254 levels, 32 terms of |w| <= 1.27
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(0.12);
      expect(got).not.toEqual(want.map(f32)); // it really went through int8
    });
  }

  it('per-channel scales and TANH activation', () => {
    const scales = [0.01, 0.02, 0.005, 0.03, 0.01, 0.001, 0.04, 0.02];
    const g = fc(opts({ activation: 'TANH', asymmetricQuantizeInputs: true }), { dtype: 'float32', shape: [rows, depth], data: xs },
      { dtype: 'int8', shape: [units, depth], data: wq, constant: true, quant: { scale: scales, quantizedDimension: 0 } },
      { dtype: 'float32', shape: [units], data: bias, constant: true }, { dtype: 'float32', shape: [rows, units] });
    const got = nums(runOne(fullyConnectedKernel, g));
    const want = floatRef((u) => scales[u]!).map(Math.tanh);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(0.05);
  });

  it('asymmetric quantization uses the row zero point (all-positive row, hand-checked)', () => {
    // x = [0, 2.55]: rmin 0, rmax 2.55 -> scale 0.01, zero point -128; q = [-128, 127]
    // weights [1, 1] scale 1: dot = -1, row sum 2 -> dot - 2*(-128) = 255 -> 255 * 0.01
    const g = fc(opts({ asymmetricQuantizeInputs: true }), { dtype: 'float32', shape: [1, 2], data: [0, 2.55] },
      { dtype: 'int8', shape: [1, 2], data: [1, 1], constant: true, quant: { scale: 1 } }, null,
      { dtype: 'float32', shape: [1, 1] });
    const scale = f32((f32(2.55) - 0) / 255);
    expect(runOne(fullyConnectedKernel, g)[0]).toBe(f32(255 * scale));
  });
});
