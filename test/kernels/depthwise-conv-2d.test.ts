// DEPTHWISE_CONV_2D kernel: float, int8 per-channel (quantized_dimension 3), uint8 with a filter zero point,
// hybrid; against hand-checked values and a naive depthwise reference written here.
import { describe, expect, it } from 'vitest';
import { depthwiseConv2dKernel } from '../../src/backends/cpu/kernels/depthwise-conv-2d.js';
import type { Activation, DepthwiseConv2DOptions, Padding } from '../../src/graph/options.js';
import { oneOp, runOne, type OneOp, type TensorSpec } from '../helpers/kernel-harness.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function opts(p: Partial<DepthwiseConv2DOptions> = {}): DepthwiseConv2DOptions {
  return {
    kind: 'depthwiseConv2d', padding: 'VALID', strideW: 1, strideH: 1, dilationW: 1, dilationH: 1, depthMultiplier: 1,
    activation: 'NONE', ...p,
  };
}

interface Geo { padding: Padding; sh: number; sw: number; dh: number; dw: number }

/** Naive depthwise convolution: output channel ic*m + j reads input channel ic; filter [1,kh,kw,c*m]. */
function refDepthwise(
  x: ArrayLike<number>, [n, h, w, c]: number[], f: ArrayLike<number>, [, kh, kw, co]: number[],
  bias: ArrayLike<number> | null, g: Geo,
): { out: number[]; shape: number[] } {
  const m = co / c;
  const eh = (kh - 1) * g.dh + 1, ew = (kw - 1) * g.dw + 1;
  const oh = g.padding === 'SAME' ? Math.ceil(h / g.sh) : Math.ceil((h - eh + 1) / g.sh);
  const ow = g.padding === 'SAME' ? Math.ceil(w / g.sw) : Math.ceil((w - ew + 1) / g.sw);
  const pt = g.padding === 'SAME' ? Math.floor(Math.max(0, (oh - 1) * g.sh + eh - h) / 2) : 0;
  const pl = g.padding === 'SAME' ? Math.floor(Math.max(0, (ow - 1) * g.sw + ew - w) / 2) : 0;
  const out: number[] = [];
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let oc = 0; oc < co; oc++) {
    const ic = Math.floor(oc / m);
    let s = bias ? bias[oc]! : 0;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * g.sh - pt + i * g.dh, ix = xx * g.sw - pl + j * g.dw;
      if (iy >= 0 && iy < h && ix >= 0 && ix < w) s += x[((b * h + iy) * w + ix) * c + ic]! * f[(i * kw + j) * co + oc]!;
    }
    out.push(s);
  }
  return { out, shape: [n, oh, ow, co] };
}

function act(v: number, a: Activation): number {
  if (a === 'RELU') return Math.max(0, v);
  if (a === 'RELU6') return Math.min(6, Math.max(0, v));
  if (a === 'RELU_N1_TO_1') return Math.min(1, Math.max(-1, v));
  return v;
}

function q(real: number, scale: number, zp: number, lo: number, hi: number): number {
  const v = real / scale;
  const r = v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
  return Math.min(hi, Math.max(lo, r + zp));
}

const randInts = (r: () => number, len: number, lo: number, hi: number): number[] =>
  Array.from({ length: len }, () => lo + Math.floor(r() * (hi - lo + 1)));
/** Runs the kernel through the harness and returns output 0 as plain numbers. */
const runNums = (g: OneOp): number[] => Array.from(runOne(depthwiseConv2dKernel, g) as ArrayLike<number>);
const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

describe('DEPTHWISE_CONV_2D float32', () => {
  it('matches a hand-computed case with depth multiplier 2', () => {
    // input 1x2x2x1 = [1,2,3,4]; filter 1x2x2x2: channel 0 = [1,1,1,1] (sum), channel 1 = [1,0,0,-1] (x00 - x11)
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ depthMultiplier: 2 }), [
      { dtype: 'float32', shape: [1, 2, 2, 1], data: [1, 2, 3, 4] },
      { dtype: 'float32', shape: [1, 2, 2, 2], data: [1, 1, 1, 0, 1, 0, 1, -1], constant: true },
      { dtype: 'float32', shape: [2], data: [0.5, 0], constant: true },
    ], [{ dtype: 'float32', shape: [1, 1, 1, 2] }]);
    expect(Array.from(runNums(g))).toEqual([10.5, -3]);
  });

  const cases: { name: string; g: Geo; k: [number, number]; inShape: number[]; m: number; a: Activation }[] = [
    { name: 'SAME 3x3', g: { padding: 'SAME', sh: 1, sw: 1, dh: 1, dw: 1 }, k: [3, 3], inShape: [2, 6, 5, 4], m: 1, a: 'RELU6' },
    { name: 'SAME 3x3 stride 2 multiplier 2', g: { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 }, k: [3, 3], inShape: [1, 9, 8, 3], m: 2, a: 'NONE' },
    { name: 'VALID dilation 2', g: { padding: 'VALID', sh: 1, sw: 1, dh: 2, dw: 2 }, k: [3, 3], inShape: [1, 8, 9, 2], m: 1, a: 'RELU' },
    { name: 'SAME dilation 2 stride 2 multiplier 3', g: { padding: 'SAME', sh: 2, sw: 1, dh: 2, dw: 2 }, k: [2, 3], inShape: [1, 7, 7, 2], m: 3, a: 'RELU_N1_TO_1' },
    { name: '1x1 single input channel multiplier 8', g: { padding: 'VALID', sh: 1, sw: 1, dh: 1, dw: 1 }, k: [1, 1], inShape: [1, 3, 4, 1], m: 8, a: 'NONE' },
  ];
  for (const c of cases) {
    it(`matches the naive reference: ${c.name}`, () => {
      const r = rng(c.name.length * 31 + c.m);
      const co = c.inShape[3]! * c.m;
      const fShape = [1, c.k[0], c.k[1], co];
      const x = Array.from({ length: numel(c.inShape) }, () => r() * 4 - 2);
      const f = Array.from({ length: numel(fShape) }, () => r() * 2 - 1);
      const bias = Array.from({ length: co }, () => r() - 0.5);
      const ref = refDepthwise(x, c.inShape, f, fShape, bias, c.g);
      const g = oneOp('DEPTHWISE_CONV_2D', opts({
        padding: c.g.padding, strideH: c.g.sh, strideW: c.g.sw, dilationH: c.g.dh, dilationW: c.g.dw, depthMultiplier: c.m, activation: c.a,
      }), [
        { dtype: 'float32', shape: c.inShape, data: x },
        { dtype: 'float32', shape: fShape, data: f, constant: true },
        { dtype: 'float32', shape: [co], data: bias, constant: true },
      ], [{ dtype: 'float32', shape: ref.shape }]);
      const got = runNums(g);
      expect(got.length).toBe(ref.out.length);
      ref.out.forEach((v, i) => expect(got[i]).toBeCloseTo(act(v, c.a), 4));
    });
  }
});

describe('DEPTHWISE_CONV_2D int8 per-channel', () => {
  it('gives hand-verified integers with per-channel scales on dimension 3', () => {
    // input 1x1x2x2, real = (q - 1) * 0.5; filter 1x1x1x2 scales [0.5, 0.25]; output scale 0.25 zp -3
    const g = oneOp('DEPTHWISE_CONV_2D', opts(), [
      { dtype: 'int8', shape: [1, 1, 2, 2], data: [5, 3, -1, 1], quant: { scale: 0.5, zeroPoint: 1 } },
      { dtype: 'int8', shape: [1, 1, 1, 2], data: [2, -3], constant: true, quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], quantizedDimension: 3 } },
      { dtype: 'int32', shape: [2], data: [1, 0], constant: true },
    ], [{ dtype: 'int8', shape: [1, 1, 2, 2], quant: { scale: 0.25, zeroPoint: -3 } }]);
    // multipliers: 0.5*0.5/0.25 = 1, 0.5*0.25/0.25 = 0.5
    // px0: c0 acc = 2*4+1 = 9 -> 9 -> 6; c1 acc = -3*2 = -6 -> -3 -> -6
    // px1: c0 acc = 2*(-2)+1 = -3 -> -3 -> -6; c1 acc = -3*0 = 0 -> 0 -> -3
    expect(Array.from(runNums(g))).toEqual([6, -6, -6, -3]);
  });

  it('is within one step of the dequantized reference (multiplier 2, SAME stride 2, RELU6)', () => {
    const r = rng(77);
    const inShape = [2, 7, 6, 3], m = 2, co = 6, fShape = [1, 3, 3, co];
    const inS = 0.04, inZp = 5, outS = 0.03, outZp = -20;
    const fScales = [0.01, 0.02, 0.004, 0.03, 0.006, 0.015];
    const xq = randInts(r, numel(inShape), -128, 127);
    const fq = randInts(r, numel(fShape), -127, 127);
    const bq = randInts(r, co, -3000, 3000);
    const ref = refDepthwise(xq.map((v) => (v - inZp) * inS), inShape, fq.map((v, i) => v * fScales[i % co]!), fShape,
      bq.map((v, c) => v * inS * fScales[c]!), { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 });
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ padding: 'SAME', strideH: 2, strideW: 2, depthMultiplier: m, activation: 'RELU6' }), [
      { dtype: 'int8', shape: inShape, data: xq, quant: { scale: inS, zeroPoint: inZp } },
      { dtype: 'int8', shape: fShape, data: fq, constant: true, quant: { scale: fScales, zeroPoint: fScales.map(() => 0), quantizedDimension: 3 } },
      { dtype: 'int32', shape: [co], data: bq, constant: true },
    ], [{ dtype: 'int8', shape: ref.shape, quant: { scale: outS, zeroPoint: outZp } }]);
    const got = runNums(g);
    const hi = Math.min(127, outZp + Math.round(6 / outS));
    let exact = 0;
    ref.out.forEach((v, i) => {
      const e = q(v, outS, outZp, outZp, hi);
      expect(Math.abs(got[i]! - e)).toBeLessThanOrEqual(1);
      if (got[i] === e) exact++;
    });
    expect(exact / ref.out.length).toBeGreaterThan(0.9);
    expect(Math.min(...got)).toBe(outZp);
  });
});

describe('DEPTHWISE_CONV_2D uint8', () => {
  it('honours the filter zero point (hand-verified)', () => {
    // input real = q - 10 (scale 1); filter real = (q - 128) * 0.5; output scale 0.5 zp 128
    const g = oneOp('DEPTHWISE_CONV_2D', opts(), [
      { dtype: 'uint8', shape: [1, 1, 2, 1], data: [13, 8], quant: { scale: 1, zeroPoint: 10 } },
      { dtype: 'uint8', shape: [1, 1, 2, 1], data: [130, 125], constant: true, quant: { scale: 0.5, zeroPoint: 128 } },
      { dtype: 'int32', shape: [1], data: [-1], constant: true, quant: { scale: 0.5 } },
    ], [{ dtype: 'uint8', shape: [1, 1, 1, 1], quant: { scale: 0.5, zeroPoint: 128 } }]);
    // acc = 2*3 + (-3)*(-2) - 1 = 11; multiplier 1*0.5/0.5 = 1 -> 11 + 128 = 139
    expect(Array.from(runNums(g))).toEqual([139]);
  });

  it('is within one step of the dequantized reference with dilation 2 (DeepLab-style) and RELU6', () => {
    const r = rng(1234);
    const inShape = [1, 9, 9, 5], co = 5, fShape = [1, 3, 3, co];
    const inS = 0.03, inZp = 110, fS = 0.02, fZp = 140, outS = 0.04, outZp = 0;
    const xq = randInts(r, numel(inShape), 0, 255);
    const fq = randInts(r, numel(fShape), 0, 255);
    const bq = randInts(r, co, -4000, 4000);
    const ref = refDepthwise(xq.map((v) => (v - inZp) * inS), inShape, fq.map((v) => (v - fZp) * fS), fShape,
      bq.map((v) => v * inS * fS), { padding: 'SAME', sh: 1, sw: 1, dh: 2, dw: 2 });
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ padding: 'SAME', dilationH: 2, dilationW: 2, activation: 'RELU6' }), [
      { dtype: 'uint8', shape: inShape, data: xq, quant: { scale: inS, zeroPoint: inZp } },
      { dtype: 'uint8', shape: fShape, data: fq, constant: true, quant: { scale: fS, zeroPoint: fZp } },
      { dtype: 'int32', shape: [co], data: bq, constant: true, quant: { scale: inS * fS } },
    ], [{ dtype: 'uint8', shape: ref.shape, quant: { scale: outS, zeroPoint: outZp } }]);
    const got = runNums(g);
    ref.out.forEach((v, i) => expect(Math.abs(got[i]! - q(v, outS, outZp, 0, 150))).toBeLessThanOrEqual(1));
    expect(Math.max(...got)).toBe(150);
  });
});

describe('DEPTHWISE_CONV_2D hybrid (float input, int8 filter)', () => {
  it('is exact where the asymmetric input quantization is exact', () => {
    // input [0, 2.55] -> q = [-128, 127] with scale 0.01; filter scales [0.5, 0.25] on dimension 3
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ depthMultiplier: 2 }), [
      { dtype: 'float32', shape: [1, 1, 2, 1], data: [0, 2.55] },
      { dtype: 'int8', shape: [1, 1, 1, 2], data: [2, -4], constant: true, quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], quantizedDimension: 3 } },
      { dtype: 'float32', shape: [2], data: [0.25, 0], constant: true },
    ], [{ dtype: 'float32', shape: [1, 1, 2, 2] }]);
    const got = Array.from(runNums(g));
    [0.25, 0, 2.8, -2.55].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('stays close to float math on the dequantized filter (batch 2, multiplier 2, stride 2, RELU6)', () => {
    const r = rng(4242);
    const inShape = [2, 7, 7, 3], m = 2, co = 6, fShape = [1, 3, 3, co];
    const fScales = [0.01, 0.02, 0.005, 0.015, 0.008, 0.012];
    const x = Array.from({ length: numel(inShape) }, () => r() * 5 - 1);
    const fq = randInts(r, numel(fShape), -127, 127);
    const bias = Array.from({ length: co }, () => r() - 0.5);
    const ref = refDepthwise(x, inShape, fq.map((v, i) => v * fScales[i % co]!), fShape, bias, { padding: 'SAME', sh: 2, sw: 2, dh: 1, dw: 1 });
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ padding: 'SAME', strideH: 2, strideW: 2, depthMultiplier: m, activation: 'RELU6' }), [
      { dtype: 'float32', shape: inShape, data: x },
      { dtype: 'int8', shape: fShape, data: fq, constant: true, quant: { scale: fScales, zeroPoint: fScales.map(() => 0), quantizedDimension: 3 } },
      { dtype: 'float32', shape: [co], data: bias, constant: true },
    ], [{ dtype: 'float32', shape: ref.shape }]);
    const got = runNums(g);
    // 9 taps, |w| <= 2.54, half an input step (range 6 / 255)
    ref.out.forEach((v, i) => expect(Math.abs(got[i]! - act(v, 'RELU6'))).toBeLessThan(9 * 2.6 * (6 / 255) * 0.5));
    expect(new Set(Array.from(got)).size).toBeGreaterThan(10);
  });
});

describe('DEPTHWISE_CONV_2D check()', () => {
  const base = (over: { input?: Partial<TensorSpec>; filter?: Partial<TensorSpec>; bias?: Partial<TensorSpec> | null; output?: Partial<TensorSpec>; o?: Partial<DepthwiseConv2DOptions> }) => {
    const input: TensorSpec = { dtype: 'int8', shape: [1, 4, 4, 2], quant: { scale: 0.1, zeroPoint: 0 }, ...over.input };
    const filter: TensorSpec = {
      dtype: 'int8', shape: [1, 3, 3, 4], constant: true, data: new Array(36).fill(1),
      quant: { scale: [0.1, 0.2, 0.3, 0.4], zeroPoint: [0, 0, 0, 0], quantizedDimension: 3 }, ...over.filter,
    };
    const bias: TensorSpec | null = over.bias === null ? null : { dtype: 'int32', shape: [4], constant: true, data: [0, 0, 0, 0], ...over.bias };
    const output: TensorSpec = { dtype: 'int8', shape: [1, 2, 2, 4], quant: { scale: 0.2, zeroPoint: 0 }, ...over.output };
    const g = oneOp('DEPTHWISE_CONV_2D', opts({ depthMultiplier: 2, ...over.o }), [input, filter, bias], [output]);
    return depthwiseConv2dKernel.check(g.op, g.graph);
  };
  const hybrid = {
    input: { dtype: 'float32' as const, quant: undefined }, output: { dtype: 'float32' as const, quant: undefined },
    bias: { dtype: 'float32' as const },
  };

  it('accepts the valid int8 per-channel baseline and its hybrid variant', () => {
    expect(base({})).toBeNull();
    expect(base(hybrid)).toBeNull();
  });
  it('rejects int16 activations', () => expect(base({ input: { dtype: 'int16' }, output: { dtype: 'int16' }, bias: { dtype: 'int64' } })).toMatch(/int16/));
  it('rejects filter and bias dtype mismatches', () => {
    expect(base({ filter: { dtype: 'uint8', quant: { scale: 0.1 } } })).toMatch(/filter dtype uint8/);
    expect(base({ bias: { dtype: 'float32' } })).toMatch(/bias dtype float32/);
  });
  it('rejects unknown activations, bad strides and dilations', () => {
    expect(base({ o: { activation: 'TANH' } })).toMatch(/TANH/);
    expect(base({ o: { strideH: -1 } })).toMatch(/stride/);
    expect(base({ o: { dilationW: 0 } })).toMatch(/dilation/);
  });
  it('rejects channel mismatches and a filter not shaped [1,H,W,C]', () => {
    expect(base({ input: { shape: [1, 4, 4, 3] } })).toMatch(/multiple/);
    expect(base({ filter: { shape: [2, 3, 3, 2], data: new Array(36).fill(1) } })).toMatch(/\[1,H,W,C\]/);
    expect(base({ output: { shape: [1, 2, 2, 2] } })).toMatch(/channels/);
  });
  it('rejects per-channel scales on the wrong dimension or of the wrong count', () => {
    expect(base({ filter: { quant: { scale: [0.1, 0.2, 0.3, 0.4], zeroPoint: [0, 0, 0, 0], quantizedDimension: 0 } } })).toMatch(/dimension 0/);
    expect(base({ filter: { quant: { scale: [0.1, 0.2], zeroPoint: [0, 0], quantizedDimension: 3 } } })).toMatch(/2 scales/);
  });
  it('rejects per-channel uint8 and accepts per-tensor uint8 with a filter zero point', () => {
    const u = { input: { dtype: 'uint8' as const }, output: { dtype: 'uint8' as const } };
    expect(base({ ...u, filter: { dtype: 'uint8' } })).toMatch(/per-channel uint8/);
    expect(base({ ...u, filter: { dtype: 'uint8', quant: { scale: 0.1, zeroPoint: 7 } }, bias: { quant: { scale: 0.01 } } })).toBeNull();
  });
  it('rejects hybrid filters with one scale for many channels or a mismatched depth_multiplier option', () => {
    expect(base({ ...hybrid, filter: { quant: { scale: 0.1 } } })).toMatch(/hybrid filter has 1 scales/);
    expect(base({ ...hybrid, o: { depthMultiplier: 1 } })).toMatch(/depth_multiplier/);
  });
});
