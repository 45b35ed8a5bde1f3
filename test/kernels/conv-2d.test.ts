// CONV_2D kernel: float, int8 per-channel, uint8 (filter zero point), hybrid; against hand-checked values and a
// naive reference convolution written here (its own padding arithmetic, float math on dequantized values).
import { describe, expect, it } from 'vitest';
import { conv2dKernel } from '../../src/backends/cpu/kernels/conv-2d.js';
import type { Activation, Conv2DOptions, Padding } from '../../src/graph/options.js';
import { oneOp, runOne, type OneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { KernelError } from '../../src/errors.js';
import {
  asymmetricQuantizeFloats, perChannelMultipliers, symmetricQuantizeFloats, uint8Multiplier,
} from '../../src/backends/cpu/kernels/shared/conv-quant.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function opts(p: Partial<Conv2DOptions> = {}): Conv2DOptions {
  return { kind: 'conv2d', padding: 'VALID', strideW: 1, strideH: 1, dilationW: 1, dilationH: 1, activation: 'NONE', ...p };
}

interface Geo { padding: Padding; sh: number; sw: number; dh: number; dw: number }

/** Straightforward NHWC convolution in double: padding from ceil() output sizes, taps outside skipped. */
function refConv(
  x: ArrayLike<number>, [n, h, w, c]: number[], f: ArrayLike<number>, [o, kh, kw]: number[],
  bias: ArrayLike<number> | null, g: Geo,
): { out: number[]; shape: number[] } {
  const eh = (kh - 1) * g.dh + 1, ew = (kw - 1) * g.dw + 1;
  const oh = g.padding === 'SAME' ? Math.ceil(h / g.sh) : Math.ceil((h - eh + 1) / g.sh);
  const ow = g.padding === 'SAME' ? Math.ceil(w / g.sw) : Math.ceil((w - ew + 1) / g.sw);
  const pt = g.padding === 'SAME' ? Math.floor(Math.max(0, (oh - 1) * g.sh + eh - h) / 2) : 0;
  const pl = g.padding === 'SAME' ? Math.floor(Math.max(0, (ow - 1) * g.sw + ew - w) / 2) : 0;
  const out: number[] = [];
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let oc = 0; oc < o; oc++) {
    let s = bias ? bias[oc]! : 0;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * g.sh - pt + i * g.dh, ix = xx * g.sw - pl + j * g.dw;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      for (let ci = 0; ci < c; ci++) s += x[((b * h + iy) * w + ix) * c + ci]! * f[((oc * kh + i) * kw + j) * c + ci]!;
    }
    out.push(s);
  }
  return { out, shape: [n, oh, ow, o] };
}

function act(v: number, a: Activation): number {
  if (a === 'RELU') return Math.max(0, v);
  if (a === 'RELU6') return Math.min(6, Math.max(0, v));
  if (a === 'RELU_N1_TO_1') return Math.min(1, Math.max(-1, v));
  return v;
}

function randInts(r: () => number, len: number, lo: number, hi: number): number[] {
  return Array.from({ length: len }, () => lo + Math.floor(r() * (hi - lo + 1)));
}

/** Runs the kernel through the harness and returns output 0 as plain numbers. */
const runNums = (g: OneOp): number[] => Array.from(runOne(conv2dKernel, g) as ArrayLike<number>);
const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

describe('CONV_2D float32', () => {
  it('matches a hand-computed 3x3 input, 2x2 filter, VALID, with bias', () => {
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'float32', shape: [1, 3, 3, 1], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      { dtype: 'float32', shape: [1, 2, 2, 1], data: [1, 2, 3, 4], constant: true },
      { dtype: 'float32', shape: [1], data: [1], constant: true },
    ], [{ dtype: 'float32', shape: [1, 2, 2, 1] }]);
    // 1*1+2*2+4*3+5*4 = 37 (+1), then 47, 67, 77
    expect(Array.from(runNums(g))).toEqual([38, 48, 68, 78]);
  });

  it('SAME with stride 2 pads only at the end when the total padding is odd', () => {
    // 4x4 input, 3x3 ones filter, stride 2: out 2x2, total pad 1 -> top/left 0, bottom/right 1
    const x = Array.from({ length: 16 }, (_, i) => i);
    const g = oneOp('CONV_2D', opts({ padding: 'SAME', strideH: 2, strideW: 2 }), [
      { dtype: 'float32', shape: [1, 4, 4, 1], data: x },
      { dtype: 'float32', shape: [1, 3, 3, 1], data: new Array(9).fill(1), constant: true },
      null,
    ], [{ dtype: 'float32', shape: [1, 2, 2, 1] }]);
    // (0,0): rows 0..2 cols 0..2 = 0+1+2+4+5+6+8+9+10 = 45; (0,1): cols 2..3 rows 0..2 = 2+3+6+7+10+11 = 39
    // (1,0): rows 2..3 cols 0..2 = 8+9+10+12+13+14 = 66; (1,1): rows 2..3 cols 2..3 = 10+11+14+15 = 50
    expect(Array.from(runNums(g))).toEqual([45, 39, 66, 50]);
  });

  const cases: { name: string; g: Geo; k: [number, number]; inShape: number[]; cout: number; a: Activation }[] = [
    { name: 'VALID 3x3', g: { padding: 'VALID', sh: 1, sw: 1, dh: 1, dw: 1 }, k: [3, 3], inShape: [2, 7, 6, 3], cout: 4, a: 'NONE' },
    { name: 'SAME 3x3 stride 2', g: { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 }, k: [3, 3], inShape: [1, 9, 8, 2], cout: 5, a: 'RELU' },
    { name: 'SAME 3x2 dilation 2', g: { padding: 'SAME', sh: 1, sw: 1, dh: 2, dw: 2 }, k: [3, 2], inShape: [1, 7, 7, 3], cout: 3, a: 'RELU6' },
    { name: 'VALID dilation 2 stride 2', g: { padding: 'VALID', sh: 2, sw: 1, dh: 2, dw: 3 }, k: [2, 3], inShape: [1, 9, 11, 2], cout: 2, a: 'RELU_N1_TO_1' },
    { name: '1x1', g: { padding: 'SAME', sh: 1, sw: 1, dh: 1, dw: 1 }, k: [1, 1], inShape: [1, 4, 5, 16], cout: 8, a: 'NONE' },
    { name: 'filter larger than SAME input', g: { padding: 'SAME', sh: 1, sw: 1, dh: 1, dw: 1 }, k: [5, 5], inShape: [1, 2, 3, 2], cout: 2, a: 'NONE' },
  ];
  for (const c of cases) {
    it(`matches the naive reference: ${c.name}`, () => {
      const r = rng(c.name.length * 7919);
      const fShape = [c.cout, c.k[0], c.k[1], c.inShape[3]!];
      const x = Array.from({ length: numel(c.inShape) }, () => r() * 4 - 2);
      const f = Array.from({ length: numel(fShape) }, () => r() * 2 - 1);
      const bias = Array.from({ length: c.cout }, () => r() - 0.5);
      const ref = refConv(x, c.inShape, f, fShape, bias, c.g);
      const g = oneOp('CONV_2D', opts({ padding: c.g.padding, strideH: c.g.sh, strideW: c.g.sw, dilationH: c.g.dh, dilationW: c.g.dw, activation: c.a }), [
        { dtype: 'float32', shape: c.inShape, data: x },
        { dtype: 'float32', shape: fShape, data: f, constant: true },
        { dtype: 'float32', shape: [c.cout], data: bias, constant: true },
      ], [{ dtype: 'float32', shape: ref.shape }]);
      const got = runNums(g);
      expect(got.length).toBe(ref.out.length);
      ref.out.forEach((v, i) => expect(got[i]).toBeCloseTo(act(v, c.a), 4));
    });
  }

  it('reads a non-constant filter at run time and accepts an omitted bias', () => {
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'float32', shape: [1, 1, 2, 2], data: [1, 2, 3, 4] },
      { dtype: 'float32', shape: [2, 1, 1, 2], data: [1, 1, 0.5, -1] },
      null,
    ], [{ dtype: 'float32', shape: [1, 1, 2, 2] }]);
    expect(Array.from(runNums(g))).toEqual([3, -1.5, 7, -2.5]);
    // a second run with a changed filter must not use a stale copy
    (g.inputs[1]!.data as Float32Array).set([2, 0, 0, 2]);
    conv2dKernel.run({ op: g.op, inputs: g.inputs, outputs: g.outputs });
    expect(Array.from(g.outputs[0]!.data as ArrayLike<number>)).toEqual([2, 4, 6, 8]);
  });
});

/** Quantize a real value to the output grid exactly as the test expects (round half away, clamp). */
function q(real: number, scale: number, zp: number, lo: number, hi: number): number {
  const v = real / scale;
  const r = v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
  return Math.min(hi, Math.max(lo, r + zp));
}

describe('CONV_2D int8 per-channel', () => {
  it('gives hand-verified integers, including halves (negative ones rounded up, as TFLite\'s ruy GEMM does)', () => {
    // input real = (q + 1) * 0.5; filter scales [0.25, 0.125] -> multipliers 0.25 and 0.125; output zp 10
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'int8', shape: [1, 1, 3, 1], data: [3, 5, -1], quant: { scale: 0.5, zeroPoint: -1 } },
      { dtype: 'int8', shape: [2, 1, 1, 1], data: [2, -4], constant: true, quant: { scale: [0.25, 0.125], zeroPoint: [0, 0] } },
      { dtype: 'int32', shape: [2], data: [4, -8], constant: true, quant: { scale: [0.125, 0.0625], zeroPoint: [0, 0] } },
    ], [{ dtype: 'int8', shape: [1, 1, 3, 2], quant: { scale: 0.5, zeroPoint: 10 } }]);
    // x=3: acc0 = 2*4+4 = 12 -> 3 -> 13; acc1 = -16-8 = -24 -> -3 -> 7
    // x=5: acc0 = 16 -> 4 -> 14; acc1 = -32 -> -4 -> 6
    // x=-1: acc0 = 0+4 = 4 -> 1 -> 11; acc1 = -8 -> -1 -> 9 ; and below the .5 cases
    expect(Array.from(runNums(g))).toEqual([13, 7, 14, 6, 11, 9]);
    const h = oneOp('CONV_2D', opts(), [
      { dtype: 'int8', shape: [1, 1, 1, 1], data: [0], quant: { scale: 0.5, zeroPoint: -1 } },
      { dtype: 'int8', shape: [2, 1, 1, 1], data: [2, -4], constant: true, quant: { scale: [0.25, 0.125], zeroPoint: [0, 0] } },
      { dtype: 'int32', shape: [2], data: [4, -8], constant: true },
    ], [{ dtype: 'int8', shape: [1, 1, 1, 2], quant: { scale: 0.5, zeroPoint: 10 } }]);
    // acc0 = 2+4 = 6 -> 1.5 -> 2 -> 12; acc1 = -4-8 = -12 -> high-mul -6 (exact), -6 >> 3 = -1.5: the builtin
    // kernel's final rounding shift breaks the tie upward -> -1 -> 9 (the reference kernel would give 8).
    expect(Array.from(runNums(h))).toEqual([12, 9]);
  });

  it('breaks negative ties of the final shift upward, unlike the reference kernel (native TFLite 2.9 checked)', () => {
    // multiplier 0.25 = 2^30 * 2^(-1-31): acc -> srdhm(acc, 2^30) = acc/2 rounded (ties up), then >> 1 tie up.
    // Native TFLite 2.9 on this op: acc -2 -> 0 (reference -1), -3 -> 0 (-1.5 -> -1 -> -0.5 -> 0; reference -1),
    // -5 -> -1, -6 -> -1 (reference -2), 6 -> 2 (positive ties go up in both).
    const acc = [-2, -3, -5, -6, 6, 2];
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'int8', shape: [1, 1, acc.length, 1], data: acc, quant: { scale: 1, zeroPoint: 0 } },
      { dtype: 'int8', shape: [1, 1, 1, 1], data: [1], constant: true, quant: { scale: [1], zeroPoint: [0] } },
      { dtype: 'int32', shape: [1], data: [0], constant: true },
    ], [{ dtype: 'int8', shape: [1, 1, acc.length, 1], quant: { scale: 4, zeroPoint: 0 } }]);
    expect(Array.from(runNums(g))).toEqual([0, 0, -1, -1, 2, 1]);
  });

  for (const a of ['NONE', 'RELU6'] as const) {
    it(`is within one step of the dequantized reference, distinct channel scales, SAME stride 2, ${a}`, () => {
      const r = rng(a === 'NONE' ? 11 : 12);
      const inShape = [2, 6, 7, 3], cout = 4, fShape = [cout, 3, 3, 3];
      const inS = 0.05, inZp = -7, outS = 0.09, outZp = 3;
      const fScales = [0.01, 0.002, 0.03, 0.007];
      const xq = randInts(r, numel(inShape), -128, 127);
      const fq = randInts(r, numel(fShape), -127, 127);
      const bq = randInts(r, cout, -2000, 2000);
      const per = numel(fShape) / cout;
      const xr = xq.map((v) => (v - inZp) * inS);
      const fr = fq.map((v, i) => v * fScales[Math.floor(i / per)]!);
      const br = bq.map((v, c) => v * inS * fScales[c]!);
      const g0: Geo = { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 };
      const ref = refConv(xr, inShape, fr, fShape, br, g0);
      const g = oneOp('CONV_2D', opts({ padding: 'SAME', strideH: 2, strideW: 2, activation: a }), [
        { dtype: 'int8', shape: inShape, data: xq, quant: { scale: inS, zeroPoint: inZp } },
        { dtype: 'int8', shape: fShape, data: fq, constant: true, quant: { scale: fScales, zeroPoint: [0, 0, 0, 0], quantizedDimension: 0 } },
        { dtype: 'int32', shape: [cout], data: bq, constant: true },
      ], [{ dtype: 'int8', shape: ref.shape, quant: { scale: outS, zeroPoint: outZp } }]);
      const got = runNums(g);
      const lo = a === 'RELU6' ? Math.max(-128, outZp) : -128;
      const hi = a === 'RELU6' ? Math.min(127, outZp + Math.round(6 / outS)) : 127;
      let exact = 0;
      ref.out.forEach((v, i) => {
        const e = q(v, outS, outZp, lo, hi);
        expect(Math.abs(got[i]! - e)).toBeLessThanOrEqual(1);
        if (got[i] === e) exact++;
        expect(got[i]!).toBeGreaterThanOrEqual(lo);
        expect(got[i]!).toBeLessThanOrEqual(hi);
      });
      expect(exact / ref.out.length).toBeGreaterThan(0.9);
    });
  }

  it('clamps RELU6 to the quantized [0, 6] range', () => {
    // scale 0.5, zp -100: q(0) = -100, q(6) = -88
    const g = oneOp('CONV_2D', opts({ activation: 'RELU6' }), [
      { dtype: 'int8', shape: [1, 1, 3, 1], data: [-50, 0, 100], quant: { scale: 0.5, zeroPoint: 0 } },
      { dtype: 'int8', shape: [1, 1, 1, 1], data: [1], constant: true, quant: { scale: 0.5 } },
      null,
    ], [{ dtype: 'int8', shape: [1, 1, 3, 1], quant: { scale: 0.5, zeroPoint: -100 } }]);
    // reals -12.5, 0, 25 -> clamp to [0, 6]
    expect(Array.from(runNums(g))).toEqual([-100, -100, -88]);
  });
});

describe('CONV_2D uint8', () => {
  it('honours the filter zero point (hand-verified)', () => {
    // input real = q - 2, filter real = q - 3, output scale 2 zp 100
    const mk = (a: Activation) => oneOp('CONV_2D', opts({ activation: a }), [
      { dtype: 'uint8', shape: [1, 2, 2, 1], data: [2, 4, 6, 8], quant: { scale: 1, zeroPoint: 2 } },
      { dtype: 'uint8', shape: [1, 2, 2, 1], data: [3, 4, 5, 1], constant: true, quant: { scale: 1, zeroPoint: 3 } },
      { dtype: 'int32', shape: [1], data: [5], constant: true, quant: { scale: 1 } },
    ], [{ dtype: 'uint8', shape: [1, 1, 1, 1], quant: { scale: 2, zeroPoint: 100 } }]);
    // acc = 0*0 + 1*2 + 2*4 + (-2)*6 + 5 = 3 -> 1.5 -> 2 -> 102
    expect(Array.from(runNums(mk('NONE')))).toEqual([102]);
  });

  it('regression (MNISTnet_v2 1x1 conv): rounds like native TFLite, not like the reference kernel', () => {
    // Scales of MNISTnet_v2_uint8_quant's expanded_conv/project: multiplier 1524110984 * 2^(-8-31).
    // acc -7395 -> exact -20.5015, high-mul -5248 = -20.5 * 2^8: the tie goes up -> -20 -> 115 (TFLite 2.9 x86
    // and WASM both give 115; the reference kernel gives 114). acc 5230 (exact 14.4993) -> 5230 * M
    // high-mul 3712 = 14.5 * 2^8 rounds up -> 150 in both. The filter tap is zero (q == zero point), so acc = bias.
    const run1 = (bias: number) => runNums(oneOp('CONV_2D', opts(), [
      { dtype: 'uint8', shape: [1, 1, 1, 1], data: [7], quant: { scale: 0.022528026252985, zeroPoint: 0 } },
      { dtype: 'uint8', shape: [1, 1, 1, 1], data: [122], constant: true, quant: { scale: 0.005877997260540724, zeroPoint: 122 } },
      { dtype: 'int32', shape: [1], data: [bias], constant: true, quant: { scale: 0.0001324196782661602 } },
    ], [{ dtype: 'uint8', shape: [1, 1, 1, 1], quant: { scale: 0.04776455834507942, zeroPoint: 135 } }]))[0];
    expect(run1(-7395)).toBe(115);
    expect(run1(5230)).toBe(150);
    expect(run1(-8837)).toBe(111); // exact -24.4992: not a tie, plain rounding
  });

  it('is within one step of the dequantized reference with dilation 2 and RELU6', () => {
    const r = rng(99);
    const inShape = [1, 9, 8, 4], cout = 3, fShape = [cout, 2, 3, 4];
    const inS = 0.02, inZp = 130, fS = 0.015, fZp = 120, outS = 0.05, outZp = 20;
    const xq = randInts(r, numel(inShape), 0, 255);
    const fq = randInts(r, numel(fShape), 0, 255);
    const bq = randInts(r, cout, -3000, 3000);
    const ref = refConv(xq.map((v) => (v - inZp) * inS), inShape, fq.map((v) => (v - fZp) * fS), fShape,
      bq.map((v) => v * inS * fS), { padding: 'SAME', sh: 1, sw: 2, dh: 2, dw: 2 });
    const g = oneOp('CONV_2D', opts({ padding: 'SAME', strideW: 2, dilationH: 2, dilationW: 2, activation: 'RELU6' }), [
      { dtype: 'uint8', shape: inShape, data: xq, quant: { scale: inS, zeroPoint: inZp } },
      { dtype: 'uint8', shape: fShape, data: fq, constant: true, quant: { scale: fS, zeroPoint: fZp } },
      { dtype: 'int32', shape: [cout], data: bq, constant: true, quant: { scale: inS * fS } },
    ], [{ dtype: 'uint8', shape: ref.shape, quant: { scale: outS, zeroPoint: outZp } }]);
    const got = runNums(g);
    const hi = outZp + Math.round(6 / outS);
    ref.out.forEach((v, i) => expect(Math.abs(got[i]! - q(v, outS, outZp, outZp, hi))).toBeLessThanOrEqual(1));
    expect(Math.max(...got)).toBe(hi); // some outputs saturate at 6.0
  });
});

describe('CONV_2D hybrid (float input, int8 filter)', () => {
  it('per-channel: exact on an input the asymmetric quantizer represents exactly', () => {
    // input [0, 2.55]: scale 0.01, offset -128 -> q = [-128, 127]; filter reals [1, 1]
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'float32', shape: [1, 1, 2, 1], data: [0, 2.55] },
      { dtype: 'int8', shape: [2, 1, 1, 1], data: [2, 4], constant: true, quant: { scale: [0.5, 0.25], zeroPoint: [0, 0] } },
      { dtype: 'float32', shape: [2], data: [0.5, -1], constant: true },
    ], [{ dtype: 'float32', shape: [1, 1, 2, 2] }]);
    const got = Array.from(runNums(g));
    [0.5, -1, 3.05, 1.55].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('per-tensor: symmetric input quantization (max |x| -> 127)', () => {
    const g = oneOp('CONV_2D', opts(), [
      { dtype: 'float32', shape: [1, 1, 2, 1], data: [-1.27, 0.5] },
      { dtype: 'int8', shape: [1, 1, 1, 1], data: [2], constant: true, quant: { scale: 0.5 } },
      null,
    ], [{ dtype: 'float32', shape: [1, 1, 2, 1] }]);
    const got = Array.from(runNums(g));
    expect(got[0]).toBeCloseTo(-1.27, 5);
    expect(got[1]).toBeCloseTo(0.5, 5);
  });

  for (const perChannel of [true, false]) {
    it(`${perChannel ? 'per-channel' : 'per-tensor'} stays close to float math on the dequantized filter (batch 2, odd pixel count, SAME, stride 2, RELU)`, () => {
      const r = rng(perChannel ? 5 : 6);
      const inShape = [2, 5, 5, 3], cout = 4, fShape = [cout, 3, 3, 3]; // 9 outputs per batch: a pixel pair straddles the batches
      const fScales = perChannel ? [0.01, 0.004, 0.02, 0.008] : [0.01];
      const x = Array.from({ length: numel(inShape) }, (_, i) => (i < numel(inShape) / 2 ? r() * 3 - 1 : r() * 10));
      const fq = randInts(r, numel(fShape), -127, 127);
      const per = numel(fShape) / cout;
      const fr = fq.map((v, i) => v * fScales[perChannel ? Math.floor(i / per) : 0]!);
      const bias = Array.from({ length: cout }, () => r() - 0.5);
      const g0: Geo = { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 };
      const ref = refConv(x, inShape, fr, fShape, bias, g0);
      const g = oneOp('CONV_2D', opts({ padding: 'SAME', strideH: 2, strideW: 2, activation: 'RELU' }), [
        { dtype: 'float32', shape: inShape, data: x },
        { dtype: 'int8', shape: fShape, data: fq, constant: true, quant: { scale: fScales, zeroPoint: fScales.map(() => 0) } },
        { dtype: 'float32', shape: [cout], data: bias, constant: true },
      ], [{ dtype: 'float32', shape: ref.shape }]);
      const got = runNums(g);
      const half = ref.out.length / 2;
      ref.out.forEach((v, i) => {
        // error bound: half an input step per tap times sum |w| (27 taps, |w| <= 2.54)
        const step = i < half ? 4 / 255 : 10 / (perChannel ? 255 : 127);
        expect(Math.abs(got[i]! - Math.max(0, v))).toBeLessThan(27 * 2.6 * step * 0.5);
      });
      // and it is not trivially close: a coarse check that outputs vary
      expect(new Set(Array.from(got)).size).toBeGreaterThan(10);
    });
  }
});

describe('CONV_2D check()', () => {
  const base = (over: { input?: Partial<TensorSpec>; filter?: Partial<TensorSpec>; bias?: Partial<TensorSpec> | null; output?: Partial<TensorSpec>; o?: Partial<Conv2DOptions> }) => {
    const input: TensorSpec = { dtype: 'int8', shape: [1, 4, 4, 2], quant: { scale: 0.1, zeroPoint: 0 }, ...over.input };
    const filter: TensorSpec = { dtype: 'int8', shape: [3, 1, 1, 2], constant: true, data: new Array(6).fill(1), quant: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0] }, ...over.filter };
    const bias: TensorSpec | null = over.bias === null ? null : { dtype: 'int32', shape: [3], constant: true, data: [0, 0, 0], ...over.bias };
    const output: TensorSpec = { dtype: 'int8', shape: [1, 4, 4, 3], quant: { scale: 0.2, zeroPoint: 0 }, ...over.output };
    const g = oneOp('CONV_2D', opts(over.o), [input, filter, bias], [output]);
    return conv2dKernel.check(g.op, g.graph);
  };

  it('accepts the valid int8 per-channel baseline', () => expect(base({})).toBeNull());
  it('rejects int16 activations', () => expect(base({ input: { dtype: 'int16' }, output: { dtype: 'int16' }, bias: { dtype: 'int64' } })).toMatch(/int16/));
  it('rejects a filter dtype mismatch', () => expect(base({ filter: { dtype: 'uint8', quant: { scale: 0.1 } } })).toMatch(/filter dtype uint8/));
  it('rejects a bias dtype mismatch', () => expect(base({ bias: { dtype: 'float32' } })).toMatch(/bias dtype float32/));
  it('rejects TANH and SIGN_BIT', () => {
    expect(base({ o: { activation: 'TANH' } })).toMatch(/TANH/);
    expect(base({ o: { activation: 'SIGN_BIT' } })).toMatch(/SIGN_BIT/);
  });
  it('rejects non-positive stride and dilation', () => {
    expect(base({ o: { strideW: 0 } })).toMatch(/stride/);
    expect(base({ o: { dilationH: 0 } })).toMatch(/dilation/);
  });
  it('rejects input/filter channel mismatches (grouped convolution)', () => {
    expect(base({ input: { shape: [1, 4, 4, 4] } })).toMatch(/grouped/);
  });
  it('rejects a per-channel scale count that does not match the output channels', () => {
    expect(base({ filter: { quant: { scale: [0.1, 0.2], zeroPoint: [0, 0] } } })).toMatch(/2 scales/);
    expect(base({ filter: { quant: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0], quantizedDimension: 3 } } })).toMatch(/dimension 3/);
  });
  it('rejects a non-zero int8 filter zero point', () => {
    expect(base({ filter: { quant: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 1, 0] } } })).toMatch(/zero point/);
  });
  it('rejects per-channel uint8 and a uint8 bias scale TFLite would refuse', () => {
    const u = { input: { dtype: 'uint8' as const }, output: { dtype: 'uint8' as const } };
    expect(base({ ...u, filter: { dtype: 'uint8' } })).toMatch(/per-channel uint8/);
    expect(base({ ...u, filter: { dtype: 'uint8', quant: { scale: 0.1, zeroPoint: 3 } }, bias: { quant: { scale: 0.5 } } })).toMatch(/bias scale/);
    expect(base({ ...u, filter: { dtype: 'uint8', quant: { scale: 0.1, zeroPoint: 3 } }, bias: { quant: { scale: 0.01 } } })).toBeNull();
  });
  it('rejects hybrid filters it cannot run like TFLite', () => {
    const f = { input: { dtype: 'float32' as const, quant: undefined }, output: { dtype: 'float32' as const, quant: undefined }, bias: { dtype: 'float32' as const } };
    expect(base(f)).toBeNull();
    expect(base({ ...f, filter: { quant: { scale: [0.1, 0.1, 0.1], zeroPoint: [0, 0, 0] } } })).toMatch(/identical/);
    expect(base({ ...f, filter: { dtype: 'uint8', quant: { scale: 0.1 } } })).toMatch(/filter dtype uint8/);
    expect(base({ ...f, filter: { quant: { scale: 0.1 } } })).toBeNull();
    expect(base({ ...f, filter: { quant: { scale: 0.1 } }, o: { dilationW: 2 } })).toMatch(/dilation/);
  });
  it('rejects an output channel count that differs from the filter', () => {
    expect(base({ output: { shape: [1, 4, 4, 2] } })).toMatch(/channels/);
  });

  it('throws a KernelError when the output buffer shape disagrees with TFLite’s output size', () => {
    const g = oneOp('CONV_2D', opts({ padding: 'VALID' }), [
      { dtype: 'float32', shape: [1, 3, 3, 1], data: new Array(9).fill(1) },
      { dtype: 'float32', shape: [1, 2, 2, 1], data: [1, 1, 1, 1], constant: true },
      null,
    ], [{ dtype: 'float32', shape: [1, 3, 3, 1] }]);
    expect(() => conv2dKernel.run({ op: g.op, inputs: g.inputs, outputs: g.outputs })).toThrow(KernelError);
  });
});

describe('conv quantization helpers', () => {
  it('uint8 multiplies input*filter scale in float first, int8 per-channel in double', () => {
    // scales where the float32 product changes the quantized multiplier
    const a = 0.0047, b = 0.002101, o = 0.05;
    const u = uint8Multiplier(a, b, o);
    const p = perChannelMultipliers(a, [b], o, 2);
    expect(u.multiplier[0]).toBe(1737175494);
    expect(Array.from(p.multiplier)).toEqual([1737175489, 1737175489]);
    expect(u.shift[0]).toBe(-12);
    expect(Array.from(p.shift)).toEqual([-12, -12]);
  });

  it('per-channel multipliers are exact powers of two where the scales are', () => {
    const p = perChannelMultipliers(0.5, [0.25, 0.125], 0.5, 2);
    expect(Array.from(p.multiplier)).toEqual([1073741824, 1073741824]);
    expect(Array.from(p.shift)).toEqual([-1, -2]);
  });

  it('asymmetric input quantization nudges the zero point to the end with the smaller error', () => {
    const dst = new Int8Array(2);
    const neg = asymmetricQuantizeFloats(Float32Array.of(-2.55, 0), 0, 2, dst);
    expect(neg.offset).toBe(127);
    expect(neg.scale).toBeCloseTo(0.01, 8);
    expect(Array.from(dst)).toEqual([-128, 127]);
    const pos = asymmetricQuantizeFloats(Float32Array.of(0, 2.55), 0, 2, dst);
    expect(pos.offset).toBe(-128);
    expect(Array.from(dst)).toEqual([-128, 127]);
    const zero = asymmetricQuantizeFloats(Float32Array.of(0, 0), 0, 2, dst);
    expect(zero).toEqual({ scale: 1, offset: 0 });
    expect(Array.from(dst)).toEqual([0, 0]);
  });

  it('symmetric input quantization maps max |x| to 127 and clamps at -127', () => {
    const dst = new Int8Array(3);
    const s = symmetricQuantizeFloats(Float32Array.of(-1.27, 0.5, 1.27), 0, 3, dst);
    expect(s.offset).toBe(0);
    expect(s.scale).toBeCloseTo(0.01, 8);
    expect(Array.from(dst)).toEqual([-127, 50, 127]);
  });
});
