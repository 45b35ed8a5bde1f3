// GPU CONV_2D against the CPU kernel: float (f32 and fp16 weights) within a relative tolerance, int8/uint8
// bit-exact, hybrid within float rounding; every shader variant (register-blocked, tiled, packed dot4; 'reg'
// runs the Cin == 1 shapes on the c1 shaders).
import { describe, expect, it } from 'vitest';
import { oneOp, type OneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { conv2dGpuKernel } from '../../src/backends/webgpu/kernels/conv-2d.js';
import type { GpuCaps, GpuKernel } from '../../src/backends/webgpu/kernel.js';
import type { Activation, Padding } from '../../src/graph/options.js';
import { floatToHalf } from '../../src/backends/cpu/kernels/shared/float16.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

/** The kernel with some capabilities overridden, to force one shader variant on this adapter. */
const withCaps = (k: GpuKernel, c: Partial<GpuCaps>): GpuKernel => ({ check: k.check, passes: (op, ctx) => k.passes(op, { ...ctx, caps: { ...ctx.caps, ...c } }) });
const VARIANTS: Record<string, Partial<GpuCaps>> = {
  reg: { preferRegisterTiling: true, dot4: false },
  tiled: { preferRegisterTiling: false, dot4: false },
  dot4: { preferRegisterTiling: false, dot4: true },
};

interface Geo {
  n: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number;
  padding: Padding; sh: number; sw: number; dh: number; dw: number; act: Activation; bias: boolean;
}

const geo = (g: Partial<Geo> & Pick<Geo, 'h' | 'w' | 'cin' | 'cout' | 'kh' | 'kw'>): Geo => ({
  n: 1, padding: 'SAME', sh: 1, sw: 1, dh: 1, dw: 1, act: 'NONE', bias: true, ...g,
});

function outSize(g: Geo): [number, number] {
  const eh = (g.kh - 1) * g.dh + 1, ew = (g.kw - 1) * g.dw + 1;
  return g.padding === 'SAME' ? [Math.ceil(g.h / g.sh), Math.ceil(g.w / g.sw)] : [Math.ceil((g.h - eh + 1) / g.sh), Math.ceil((g.w - ew + 1) / g.sw)];
}

const label = (g: Geo): string => `${g.n}x${g.h}x${g.w}x${g.cin}->${g.cout} k${g.kh}x${g.kw} s${g.sh}${g.sw} d${g.dh}${g.dw} ${g.padding} ${g.act}${g.bias ? '' : ' nobias'}`;

function graph(g: Geo, input: TensorSpec, filter: TensorSpec, bias: TensorSpec | null, output: Omit<TensorSpec, 'shape'>): OneOp {
  const [oh, ow] = outSize(g);
  return oneOp('CONV_2D', { kind: 'conv2d', padding: g.padding, strideW: g.sw, strideH: g.sh, dilationW: g.dw, dilationH: g.dh, activation: g.act },
    [input, filter, bias], [{ ...output, shape: [g.n, oh, ow, g.cout] }]);
}

function floatGraph(g: Geo, seed: number, constFilter = true): OneOp {
  const r = rng(seed);
  const v = (len: number) => Array.from({ length: len }, () => r() * 2 - 1);
  return graph(g, { dtype: 'float32', shape: [g.n, g.h, g.w, g.cin], data: v(g.n * g.h * g.w * g.cin) },
    { dtype: 'float32', shape: [g.cout, g.kh, g.kw, g.cin], data: v(g.cout * g.kh * g.kw * g.cin), constant: constFilter },
    g.bias ? { dtype: 'float32', shape: [g.cout], data: v(g.cout), constant: true } : null, { dtype: 'float32' });
}

/** The same graph with its filter stored as fp16 (a model's DEQUANTIZE-folded half weights). */
function withHalfFilter(o: OneOp): OneOp {
  const f = o.graph.tensors[o.op.inputs[1]!]!;
  const halves = Uint16Array.from(f.data as Float32Array, floatToHalf);
  f.dtype = 'float16';
  f.data = halves;
  f.dequantizeTo = 'float32';
  return o;
}

async function expectFloatClose(o: OneOp, kernel: GpuKernel, tol: number, what: string, precision: 'fp32' | 'fp16' = 'fp32'): Promise<void> {
  const [gpu, cpu, be] = await runBoth(o, { kernels: { CONV_2D: kernel }, precision });
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

function quantGraph(g: Geo, c: QCase, seed: number): OneOp {
  const r = rng(seed);
  const [lo, hi] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
  const ints = (len: number) => Array.from({ length: len }, () => lo + Math.floor(r() * 256));
  const inScale = 0.02;
  // per-channel scales spread over a factor of 100
  const fScales = Array.from({ length: g.cout }, (_, i) => 0.001 * 10 ** (g.cout > 1 ? (2 * i) / (g.cout - 1) : 1));
  const fScale = c.perChannel ? fScales : [0.01];
  const k = g.kh * g.kw * g.cin;
  const outScale = inScale * 0.01 * 64 * Math.sqrt(k);
  const bias = g.bias ? { dtype: 'int32' as const, shape: [g.cout], constant: true,
    quant: { scale: fScale.map((s) => s * inScale), zeroPoint: fScale.map(() => 0) },
    data: Array.from({ length: g.cout }, () => Math.floor((r() - 0.5) * 4 * 128 * 64 * Math.sqrt(k))) } : null;
  return graph(g, { dtype: c.dtype, shape: [g.n, g.h, g.w, g.cin], data: ints(g.n * g.h * g.w * g.cin), quant: { scale: inScale, zeroPoint: c.inZp } },
    { dtype: c.dtype, shape: [g.cout, g.kh, g.kw, g.cin], data: ints(g.cout * k), constant: true,
      quant: { scale: fScale, zeroPoint: fScale.map(() => c.fZp), quantizedDimension: 0 } },
    bias, { dtype: c.dtype, quant: { scale: outScale, zeroPoint: c.outZp } });
}

async function expectIdentical(o: OneOp, kernel: GpuKernel, what: string): Promise<number[]> {
  const [gpu, cpu, be] = await runBoth(o, { kernels: { CONV_2D: kernel } });
  expect(be.placement()[0]!.on, what).toBe('gpu');
  const y = Array.from(cpu[0]!.data as Int8Array);
  expect(Array.from(gpu[0]!.data as Int8Array), what).toEqual(y);
  return y;
}

const MNIST = geo({ h: 28, w: 28, cin: 1, cout: 32, kh: 3, kw: 3, padding: 'VALID', act: 'RELU' });
const SHAPES: Geo[] = [
  MNIST,
  { ...MNIST, n: 5 },
  geo({ n: 2, h: 7, w: 9, cin: 5, cout: 7, kh: 3, kw: 3, sh: 2, sw: 2 }),
  geo({ h: 11, w: 13, cin: 6, cout: 9, kh: 5, kw: 5, act: 'RELU6' }),
  geo({ h: 10, w: 10, cin: 4, cout: 8, kh: 3, kw: 3, dh: 2, dw: 2 }),
  geo({ h: 12, w: 9, cin: 8, cout: 6, kh: 3, kw: 2, dh: 2, dw: 1, sh: 1, sw: 2, padding: 'VALID', bias: false }),
  geo({ h: 15, w: 15, cin: 3, cout: 16, kh: 3, kw: 3, sh: 2, sw: 2, act: 'RELU_N1_TO_1' }),
  geo({ h: 9, w: 7, cin: 12, cout: 5, kh: 1, kw: 1, sh: 2, sw: 2 }),
  geo({ h: 3, w: 4, cin: 4, cout: 3, kh: 5, kw: 5 }),
  // Cin == 1 (the 'c1' shaders where 'reg' is preferred): 1, 2 and 3 channel blocks per group, partial blocks
  geo({ n: 3, h: 9, w: 8, cin: 1, cout: 5, kh: 3, kw: 3, sh: 2, sw: 1 }),
  geo({ n: 2, h: 6, w: 7, cin: 1, cout: 12, kh: 5, kw: 4, act: 'RELU6' }),
  geo({ h: 5, w: 5, cin: 1, cout: 3, kh: 1, kw: 1, bias: false }),
];
const MOBILENET_1X1 = geo({ h: 112, w: 112, cin: 32, cout: 64, kh: 1, kw: 1, act: 'RELU6' });
// The workgroup-tiled shaders are several times slower on SwiftShader: they get the same edge cases at
// smaller sizes (one MNIST batch, a 56x56 1x1 layer) to keep this file fast.
const shapesFor = (v: string): Geo[] => (v === 'tiled' ? SHAPES.filter((g) => g.n === 1) : SHAPES);
const big1x1 = (v: string): Geo => (v === 'tiled' ? { ...MOBILENET_1X1, h: 56, w: 56 } : MOBILENET_1X1);

describe('GPU CONV_2D float vs CPU', () => {
  for (const v of ['reg', 'tiled']) {
    it(`float32 weights, ${v}`, async () => {
      for (const [i, g] of shapesFor(v).entries()) await expectFloatClose(floatGraph(g, 10 + i), withCaps(conv2dGpuKernel, VARIANTS[v]!), 2e-6, label(g));
    });
    it(`fp16 model weights (exact halves), ${v}`, async () => {
      for (const [i, g] of SHAPES.slice(2, 7).entries()) await expectFloatClose(withHalfFilter(floatGraph(g, 30 + i)), withCaps(conv2dGpuKernel, VARIANTS[v]!), 2e-6, label(g));
    });
    it(`MobileNet-sized 1x1 (${label(big1x1(v))}), ${v}`, async () => {
      await expectFloatClose(floatGraph(big1x1(v), 3), withCaps(conv2dGpuKernel, VARIANTS[v]!), 2e-6, label(big1x1(v)));
    });
  }
  it('precision fp16: float32 weights stored as halves', async () => {
    for (const v of ['reg', 'tiled']) {
      for (const [i, g] of SHAPES.slice(1, 5).entries()) {
        await expectFloatClose(floatGraph(g, 50 + i), withCaps(conv2dGpuKernel, VARIANTS[v]!), 3e-3, `${v} ${label(g)}`, 'fp16');
      }
    }
  });
});

describe('GPU CONV_2D int8 / uint8 vs CPU (bit-exact)', () => {
  const CASES: QCase[] = [
    { dtype: 'int8', inZp: -128, fZp: 0, outZp: 127, perChannel: true },
    { dtype: 'int8', inZp: 127, fZp: 0, outZp: -128, perChannel: false },
    { dtype: 'uint8', inZp: 0, fZp: 255, outZp: 255, perChannel: false },
    { dtype: 'uint8', inZp: 255, fZp: 0, outZp: 0, perChannel: false },
    { dtype: 'uint8', inZp: 131, fZp: 117, outZp: 128, perChannel: false },
  ];
  for (const v of ['reg', 'tiled', 'dot4']) {
    it(`${v}: shapes x zero points at the range ends`, async () => {
      for (const [i, g] of shapesFor(v).entries()) {
        const c = CASES[i % CASES.length]!;
        await expectIdentical(quantGraph(g, c, 100 + i), withCaps(conv2dGpuKernel, VARIANTS[v]!), `${v} ${c.dtype} zp ${c.inZp}/${c.fZp}/${c.outZp} ${label(g)}`);
      }
    });
    it(`${v}: MobileNet-sized 1x1 (${label(big1x1(v))}), uint8 and int8`, async () => {
      const g = big1x1(v);
      await expectIdentical(quantGraph(g, CASES[4]!, 7), withCaps(conv2dGpuKernel, VARIANTS[v]!), `uint8 ${label(g)}`);
      await expectIdentical(quantGraph(g, CASES[0]!, 8), withCaps(conv2dGpuKernel, VARIANTS[v]!), `int8 ${label(g)}`);
    });
    it(`${v}: requantization ties round upward (ruy), not away from zero`, async () => {
      // 1x1 int8 conv, multiplier exactly 2^-11: acc = 64 (x + io) + bias is a tie whenever acc = 1024 mod 2048.
      const g = geo({ h: 16, w: 16, cin: 4, cout: 8, kh: 1, kw: 1 });
      const r = rng(5);
      const x = Array.from({ length: 16 * 16 * 4 }, () => -128 + Math.floor(r() * 256));
      const w = Array.from({ length: 8 * 4 }, (_, i) => (i % 4 === 0 ? 64 : 0));
      const bias = Array.from({ length: 8 }, (_, c) => 1024 + 64 * c - 2048 * 3);
      const o = graph(g, { dtype: 'int8', shape: [1, 16, 16, 4], data: x, quant: { scale: 1, zeroPoint: 5 } },
        { dtype: 'int8', shape: [8, 1, 1, 4], data: w, constant: true, quant: { scale: 1, zeroPoint: 0 } },
        { dtype: 'int32', shape: [8], data: bias, constant: true, quant: { scale: 1, zeroPoint: 0 } },
        { dtype: 'int8', quant: { scale: 2048, zeroPoint: 0 } });
      let negativeTies = 0;
      for (let p = 0; p < 256; p++) for (let c = 0; c < 8; c++) {
        const acc = 64 * (x[p * 4]! - 5) + bias[c]!;
        if (acc < 0 && acc % 2048 === -1024) negativeTies++;
      }
      expect(negativeTies).toBeGreaterThan(20);
      const y = await expectIdentical(o, withCaps(conv2dGpuKernel, VARIANTS[v]!), `${v} ties`);
      expect(y[0]).toBe(Math.floor((64 * (x[0]! - 5) + bias[0]!) / 2048 + 0.5));
    });
  }
});

describe('GPU CONV_2D hybrid (float input, int8 weights) vs CPU', () => {
  function hybridGraph(g: Geo, perChannel: boolean, seed: number): OneOp {
    const r = rng(seed);
    const k = g.kh * g.kw * g.cin;
    const scales = perChannel ? Array.from({ length: g.cout }, (_, i) => 0.002 * 10 ** (i / Math.max(1, g.cout - 1) * 2)) : [0.01];
    return graph(g, { dtype: 'float32', shape: [g.n, g.h, g.w, g.cin], data: Array.from({ length: g.n * g.h * g.w * g.cin }, () => r() * 3 - 1) },
      { dtype: 'int8', shape: [g.cout, g.kh, g.kw, g.cin], data: Array.from({ length: g.cout * k }, () => -127 + Math.floor(r() * 255)), constant: true,
        quant: { scale: scales, zeroPoint: scales.map(() => 0), quantizedDimension: 0 } },
      g.bias ? { dtype: 'float32', shape: [g.cout], data: Array.from({ length: g.cout }, () => r() - 0.5), constant: true } : null, { dtype: 'float32' });
  }
  const HSHAPES = [MNIST, { ...MNIST, n: 3 }, SHAPES[2]!, SHAPES[3]!, geo({ n: 2, h: 8, w: 8, cin: 8, cout: 12, kh: 3, kw: 3, sh: 2, sw: 2 }), SHAPES[7]!];
  for (const v of ['reg', 'tiled', 'dot4']) {
    for (const perChannel of [true, false]) {
      it(`${v}, ${perChannel ? 'per-channel (asymmetric input)' : 'per-tensor (symmetric input)'}`, async () => {
        for (const [i, g] of (v === 'reg' ? HSHAPES : HSHAPES.slice(1, 5)).entries()) await expectFloatClose(hybridGraph(g, perChannel, 200 + i), withCaps(conv2dGpuKernel, VARIANTS[v]!), 1e-6, `${v} ${label(g)}`);
        if (perChannel) {
          const g = geo({ h: 6, w: 6, cin: 4, cout: 4, kh: 3, kw: 3, dh: 2, dw: 2 });
          await expectFloatClose(hybridGraph(g, true, 9), withCaps(conv2dGpuKernel, VARIANTS[v]!), 1e-6, `${v} dilated ${label(g)}`);
        }
      });
    }
  }
});

describe('GPU CONV_2D check()', () => {
  const o = (g: Geo) => floatGraph(g, 1);
  const small = geo({ h: 4, w: 4, cin: 2, cout: 2, kh: 3, kw: 3 });
  it('rejects what it does not run, with reasons, and the op then runs on the CPU', async () => {
    const runtimeFilter = floatGraph(small, 1, false);
    expect(conv2dGpuKernel.check(runtimeFilter.op, runtimeFilter.graph, {} as GpuCaps)).toMatch(/filter is not a constant/);
    const tanh = o({ ...small, act: 'TANH' });
    expect(conv2dGpuKernel.check(tanh.op, tanh.graph, {} as GpuCaps)).toMatch(/TANH/);
    const grouped = o(small);
    grouped.graph.tensors[grouped.op.inputs[0]!]!.shape[3] = 4;
    expect(conv2dGpuKernel.check(grouped.op, grouped.graph, {} as GpuCaps)).toMatch(/grouped/);
    const u8pc = quantGraph(small, { dtype: 'uint8', inZp: 0, fZp: 0, outZp: 0, perChannel: true }, 1);
    expect(conv2dGpuKernel.check(u8pc.op, u8pc.graph, {} as GpuCaps)).toMatch(/per-channel uint8/);

    const [gpu, cpu, be] = await runBoth(runtimeFilter, { kernels: { CONV_2D: conv2dGpuKernel } });
    expect(be.placement()[0]).toMatchObject({ on: 'cpu', reason: expect.stringMatching(/filter is not a constant/) });
    expect(gpu[0]!.data).toEqual(cpu[0]!.data);
  });
});
