// GPU DEPTHWISE_CONV_2D against the CPU kernel: float (f32 and fp16 weights) within a relative tolerance,
// int8/uint8 bit-exact, hybrid within float rounding; depth multipliers, strides, dilation, padding.
import { describe, expect, it } from 'vitest';
import { oneOp, type OneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { depthwiseConv2dGpuKernel } from '../../src/backends/webgpu/kernels/depthwise-conv-2d.js';
import type { GpuCaps } from '../../src/backends/webgpu/kernel.js';
import type { Activation, Padding } from '../../src/graph/options.js';
import { floatToHalf } from '../../src/backends/cpu/kernels/shared/float16.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

interface Geo {
  n: number; h: number; w: number; cin: number; mult: number; kh: number; kw: number;
  padding: Padding; sh: number; sw: number; dh: number; dw: number; act: Activation; bias: boolean;
}
const geo = (g: Partial<Geo> & Pick<Geo, 'h' | 'w' | 'cin' | 'kh' | 'kw'>): Geo => ({
  n: 1, mult: 1, padding: 'SAME', sh: 1, sw: 1, dh: 1, dw: 1, act: 'NONE', bias: true, ...g,
});
const label = (g: Geo): string => `${g.n}x${g.h}x${g.w}x${g.cin} m${g.mult} k${g.kh}x${g.kw} s${g.sh}${g.sw} d${g.dh}${g.dw} ${g.padding} ${g.act}${g.bias ? '' : ' nobias'}`;

function outSize(g: Geo): [number, number] {
  const eh = (g.kh - 1) * g.dh + 1, ew = (g.kw - 1) * g.dw + 1;
  return g.padding === 'SAME' ? [Math.ceil(g.h / g.sh), Math.ceil(g.w / g.sw)] : [Math.ceil((g.h - eh + 1) / g.sh), Math.ceil((g.w - ew + 1) / g.sw)];
}

function graph(g: Geo, input: TensorSpec, filter: TensorSpec, bias: TensorSpec | null, output: Omit<TensorSpec, 'shape'>): OneOp {
  const [oh, ow] = outSize(g);
  return oneOp('DEPTHWISE_CONV_2D', {
    kind: 'depthwiseConv2d', padding: g.padding, strideW: g.sw, strideH: g.sh, dilationW: g.dw, dilationH: g.dh,
    depthMultiplier: g.mult, activation: g.act,
  }, [input, filter, bias], [{ ...output, shape: [g.n, oh, ow, g.cin * g.mult] }]);
}

const SHAPES: Geo[] = [
  geo({ h: 56, w: 56, cin: 64, kh: 3, kw: 3, sh: 2, sw: 2, act: 'RELU6' }),
  geo({ n: 2, h: 9, w: 7, cin: 5, kh: 3, kw: 3 }),
  geo({ h: 8, w: 10, cin: 3, mult: 2, kh: 3, kw: 3, sh: 2, sw: 1, act: 'RELU' }),
  geo({ h: 11, w: 11, cin: 8, kh: 5, kw: 5, padding: 'VALID', bias: false }),
  geo({ h: 12, w: 12, cin: 4, kh: 3, kw: 3, dh: 2, dw: 2 }),
  geo({ h: 7, w: 6, cin: 6, mult: 3, kh: 2, kw: 3, dh: 1, dw: 2, padding: 'VALID', act: 'RELU_N1_TO_1' }),
  geo({ h: 5, w: 5, cin: 1, mult: 4, kh: 1, kw: 1, sh: 2, sw: 2 }),
  geo({ h: 3, w: 2, cin: 12, kh: 5, kw: 5 }),
];

function floatGraph(g: Geo, seed: number, half = false): OneOp {
  const r = rng(seed);
  const v = (len: number) => Array.from({ length: len }, () => r() * 2 - 1);
  const c = g.cin * g.mult;
  const o = graph(g, { dtype: 'float32', shape: [g.n, g.h, g.w, g.cin], data: v(g.n * g.h * g.w * g.cin) },
    { dtype: 'float32', shape: [1, g.kh, g.kw, c], data: v(g.kh * g.kw * c), constant: true },
    g.bias ? { dtype: 'float32', shape: [c], data: v(c), constant: true } : null, { dtype: 'float32' });
  if (half) {
    const f = o.graph.tensors[o.op.inputs[1]!]!;
    f.data = Uint16Array.from(f.data as Float32Array, floatToHalf);
    f.dtype = 'float16';
    f.dequantizeTo = 'float32';
  }
  return o;
}

async function expectFloatClose(o: OneOp, tol: number, what: string, precision: 'fp32' | 'fp16' = 'fp32'): Promise<void> {
  const [gpu, cpu, be] = await runBoth(o, { kernels: { DEPTHWISE_CONV_2D: depthwiseConv2dGpuKernel }, precision });
  expect(be.placement()[0]!.on, what).toBe('gpu');
  const x = gpu[0]!.data as Float32Array, y = cpu[0]!.data as Float32Array;
  expect(x.length).toBe(y.length);
  let scale = 1;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  let worst = 0, at = -1;
  for (let i = 0; i < y.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  expect(worst, `${what}: worst |gpu-cpu| at #${at}: ${x[at]} vs ${y[at]}`).toBeLessThanOrEqual(tol * scale);
}

type QDtype = 'int8' | 'uint8';
interface QCase { dtype: QDtype; inZp: number; fZp: number; outZp: number; perChannel: boolean }

function quantGraph(g: Geo, q: QCase, seed: number): OneOp {
  const r = rng(seed);
  const [lo] = q.dtype === 'int8' ? [-128] : [0];
  const ints = (len: number) => Array.from({ length: len }, () => lo + Math.floor(r() * 256));
  const c = g.cin * g.mult;
  const inScale = 0.02;
  // per-channel scales spread over a factor of 100
  const fScale = q.perChannel ? Array.from({ length: c }, (_, i) => 0.001 * 10 ** (c > 1 ? (2 * i) / (c - 1) : 1)) : [0.01];
  const taps = g.kh * g.kw;
  const outScale = inScale * 0.01 * 64 * Math.sqrt(taps);
  const bias = g.bias ? { dtype: 'int32' as const, shape: [c], constant: true,
    quant: { scale: fScale.map((s) => s * inScale), zeroPoint: fScale.map(() => 0), quantizedDimension: 0 },
    data: Array.from({ length: c }, () => Math.floor((r() - 0.5) * 4 * 128 * 64 * Math.sqrt(taps))) } : null;
  return graph(g, { dtype: q.dtype, shape: [g.n, g.h, g.w, g.cin], data: ints(g.n * g.h * g.w * g.cin), quant: { scale: inScale, zeroPoint: q.inZp } },
    { dtype: q.dtype, shape: [1, g.kh, g.kw, c], data: ints(taps * c), constant: true,
      quant: { scale: fScale, zeroPoint: fScale.map(() => q.fZp), quantizedDimension: 3 } },
    bias, { dtype: q.dtype, quant: { scale: outScale, zeroPoint: q.outZp } });
}

describe('GPU DEPTHWISE_CONV_2D vs CPU', () => {
  it('float32 weights', async () => {
    for (const [i, g] of SHAPES.entries()) await expectFloatClose(floatGraph(g, 10 + i), 2e-6, label(g));
  });
  it('fp16 model weights (exact halves)', async () => {
    for (const [i, g] of SHAPES.entries()) await expectFloatClose(floatGraph(g, 20 + i, true), 2e-6, label(g));
  });
  it('precision fp16: float32 weights stored as halves', async () => {
    for (const [i, g] of SHAPES.slice(0, 4).entries()) await expectFloatClose(floatGraph(g, 30 + i), 3e-3, label(g), 'fp16');
  });

  const CASES: QCase[] = [
    { dtype: 'int8', inZp: -128, fZp: 0, outZp: 127, perChannel: true },
    { dtype: 'uint8', inZp: 0, fZp: 255, outZp: 255, perChannel: false },
    { dtype: 'int8', inZp: 127, fZp: 0, outZp: -128, perChannel: true },
    { dtype: 'uint8', inZp: 255, fZp: 0, outZp: 0, perChannel: false },
    { dtype: 'int8', inZp: 3, fZp: 0, outZp: -5, perChannel: false },
    { dtype: 'uint8', inZp: 131, fZp: 117, outZp: 128, perChannel: false },
  ];
  it('int8 / uint8 bit-exact, zero points at the range ends, per-channel scales over 100x', async () => {
    for (const [i, g] of SHAPES.entries()) {
      for (const q of [CASES[i % CASES.length]!, CASES[(i + 3) % CASES.length]!]) {
        const [gpu, cpu, be] = await runBoth(quantGraph(g, q, 100 + i), { kernels: { DEPTHWISE_CONV_2D: depthwiseConv2dGpuKernel } });
        expect(be.placement()[0]!.on).toBe('gpu');
        expect(Array.from(gpu[0]!.data as Int8Array), `${q.dtype} zp ${q.inZp}/${q.fZp}/${q.outZp} ${label(g)}`).toEqual(Array.from(cpu[0]!.data as Int8Array));
      }
    }
  });

  it('requantization ties round away from zero (reference kernels, unlike CONV_2D)', async () => {
    // 1x1 int8 depthwise, multiplier exactly 2^-11: acc = 64 (x + io) + bias is a tie whenever acc = 1024 mod 2048.
    const g = geo({ h: 8, w: 8, cin: 8, kh: 1, kw: 1 });
    const r = rng(11);
    const x = Array.from({ length: 8 * 8 * 8 }, () => -128 + Math.floor(r() * 256));
    const bias = Array.from({ length: 8 }, (_, c) => 1024 + 64 * c - 2048 * 3);
    const o = graph(g, { dtype: 'int8', shape: [1, 8, 8, 8], data: x, quant: { scale: 1, zeroPoint: -3 } },
      { dtype: 'int8', shape: [1, 1, 1, 8], data: new Array(8).fill(64), constant: true, quant: { scale: 1, zeroPoint: 0 } },
      { dtype: 'int32', shape: [8], data: bias, constant: true, quant: { scale: 1, zeroPoint: 0 } },
      { dtype: 'int8', quant: { scale: 2048, zeroPoint: 0 } });
    const acc = x.map((v, i) => 64 * (v + 3) + bias[i % 8]!);
    expect(acc.filter((a) => a < 0 && a % 2048 === -1024).length).toBeGreaterThan(5);
    const [gpu, cpu] = await runBoth(o, { kernels: { DEPTHWISE_CONV_2D: depthwiseConv2dGpuKernel } });
    const y = Array.from(cpu[0]!.data as Int8Array);
    expect(Array.from(gpu[0]!.data as Int8Array)).toEqual(y);
    expect(y).toEqual(acc.map((a) => Math.max(-128, Math.min(127, (Math.sign(a) * Math.floor(Math.abs(a) / 2048 + 0.5)) | 0))));
  });

  it('hybrid (float input, int8 per-channel weights, asymmetric per-batch input)', async () => {
    const shapes = [SHAPES[0]!, { ...SHAPES[1]!, n: 3 }, SHAPES[2]!, SHAPES[4]!, SHAPES[5]!];
    for (const [i, g] of shapes.entries()) {
      const r = rng(300 + i);
      const c = g.cin * g.mult;
      const scales = Array.from({ length: c }, (_, k) => 0.002 * 10 ** ((2 * k) / Math.max(1, c - 1)));
      const o = graph(g, { dtype: 'float32', shape: [g.n, g.h, g.w, g.cin], data: Array.from({ length: g.n * g.h * g.w * g.cin }, () => r() * 3 - 1) },
        { dtype: 'int8', shape: [1, g.kh, g.kw, c], data: Array.from({ length: g.kh * g.kw * c }, () => -127 + Math.floor(r() * 255)), constant: true,
          quant: { scale: scales, zeroPoint: scales.map(() => 0), quantizedDimension: 3 } },
        g.bias ? { dtype: 'float32', shape: [c], data: Array.from({ length: c }, () => r() - 0.5), constant: true } : null, { dtype: 'float32' });
      await expectFloatClose(o, 1e-6, `hybrid ${label(g)}`);
    }
  });

  it('check() rejects with reasons', () => {
    const g = geo({ h: 4, w: 4, cin: 2, kh: 3, kw: 3 });
    const tanh = floatGraph({ ...g, act: 'TANH' }, 1);
    expect(depthwiseConv2dGpuKernel.check(tanh.op, tanh.graph, {} as GpuCaps)).toMatch(/TANH/);
    const bad = floatGraph(g, 1);
    bad.graph.tensors[bad.op.inputs[1]!]!.shape[0] = 2;
    expect(depthwiseConv2dGpuKernel.check(bad.op, bad.graph, {} as GpuCaps)).toMatch(/\[1,H,W,C\]/);
    const q = quantGraph(g, { dtype: 'int8', inZp: 0, fZp: 0, outZp: 0, perChannel: true }, 1);
    q.graph.tensors[q.op.inputs[1]!]!.quantization!.quantizedDimension = 0;
    expect(depthwiseConv2dGpuKernel.check(q.op, q.graph, {} as GpuCaps)).toMatch(/dimension 3/);
    const ok = quantGraph(g, { dtype: 'int8', inZp: 0, fZp: 0, outZp: 0, perChannel: true }, 1);
    expect(depthwiseConv2dGpuKernel.check(ok.op, ok.graph, {} as GpuCaps)).toBeNull();
  });
});
