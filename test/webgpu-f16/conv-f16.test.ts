// CONV_2D and DEPTHWISE_CONV_2D with fp16 weights on an adapter with shader-f16 (lavapipe): the native-f16 shaders
// (conv2d_f16.wgsl in both layouts, depthwise_conv2d_f16.wgsl; f16 storage, f32 accumulation) against the CPU
// backend on the same fp16-rounded weights.
import { describe, expect, it } from 'vitest';
import { oneOp, type OneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { floatToHalf, halfToFloat } from '../../src/backends/cpu/kernels/shared/float16.js';
import { conv2dGpuKernel } from '../../src/backends/webgpu/kernels/conv-2d.js';
import { depthwiseConv2dGpuKernel } from '../../src/backends/webgpu/kernels/depthwise-conv-2d.js';
import type { GpuCaps, GpuKernel, GpuPass } from '../../src/backends/webgpu/kernel.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}
/** Values exactly representable in fp16, so the CPU reference sees the same weights the GPU stores. */
const halfs = (n: number, r: () => number, amp = 1) => Array.from({ length: n }, () => halfToFloat(floatToHalf((r() * 2 - 1) * amp)));

/** The CONV_2D kernel with capabilities overridden (to force a layout), recording the passes it plans. */
function spy(caps: Partial<GpuCaps>, seen: GpuPass[], k: GpuKernel = conv2dGpuKernel): GpuKernel {
  return {
    check: k.check,
    passes: (op, ctx) => { const p = k.passes(op, { ...ctx, caps: { ...ctx.caps, ...caps } }); seen.push(...p); return p; },
  };
}

interface Shape { n: number; h: number; w: number; cin: number; cout: number; k: number; stride: number }

function graph(s: Shape, seed: number): OneOp {
  const r = rng(seed);
  const oh = Math.ceil(s.h / s.stride), ow = Math.ceil(s.w / s.stride);
  return oneOp('CONV_2D', { kind: 'conv2d', padding: 'SAME', strideW: s.stride, strideH: s.stride, dilationW: 1, dilationH: 1, activation: 'NONE' },
    [{ dtype: 'float32', shape: [s.n, s.h, s.w, s.cin], data: halfs(s.n * s.h * s.w * s.cin, r) },
      { dtype: 'float32', shape: [s.cout, s.k, s.k, s.cin], data: halfs(s.cout * s.k * s.k * s.cin, r, 0.2), constant: true },
      { dtype: 'float32', shape: [s.cout], data: halfs(s.cout, r), constant: true }],
    [{ dtype: 'float32', shape: [s.n, oh, ow, s.cout] }]);
}

const SHAPES: Shape[] = [
  { n: 2, h: 9, w: 7, cin: 8, cout: 12, k: 3, stride: 1 },
  { n: 1, h: 14, w: 14, cin: 64, cout: 10, k: 3, stride: 2 },
  { n: 1, h: 6, w: 5, cin: 3, cout: 5, k: 5, stride: 1 },
];

describe('CONV_2D fp16 weights, native f16 shader', () => {
  for (const [label, caps] of [['register-blocked', { preferRegisterTiling: true }], ['tiled', { preferRegisterTiling: false, dot4: false }]] as const) {
    it(`${label}: matches the CPU within f32 rounding of the sums`, async () => {
      for (const [i, s] of SHAPES.entries()) {
        const seen: GpuPass[] = [];
        const [gpu, cpu, be] = await runBoth(graph(s, 20 + i), { precision: 'fp16', kernels: { CONV_2D: spy(caps, seen) } });
        expect(be.caps.f16).toBe(true);
        expect(be.precision).toBe('fp16');
        expect(be.placement()[0]!.on).toBe('gpu');
        expect(seen.map((p) => p.shader)).toEqual(['conv2d_f16']);
        const a = gpu[0]!.data as Float32Array, b = cpu[0]!.data as Float32Array;
        expect(a.length).toBe(b.length);
        // Weights and inputs are exact halves and the sums are f32 on both sides: only the summation order differs
        // (<= 1e-5 relative to the window's magnitude, 3x3x64 x 0.2 amplitude < 120).
        for (let j = 0; j < b.length; j++) expect(Math.abs(a[j]! - b[j]!), `${JSON.stringify(s)} #${j}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[j]!)) + 1e-4);
      }
    });
  }

  it('Cin == 1 keeps the c1 shader (f32 words of the fp16-rounded weights) on CPU adapters', async () => {
    const seen: GpuPass[] = [];
    const s: Shape = { n: 2, h: 8, w: 8, cin: 1, cout: 12, k: 3, stride: 1 };
    const [gpu, cpu] = await runBoth(graph(s, 40), { precision: 'fp16', kernels: { CONV_2D: spy({ preferRegisterTiling: true }, seen) } });
    expect(seen.map((p) => `${p.shader}#${p.entryPoint}`)).toEqual(['conv2d#conv2d_c1']);
    const a = gpu[0]!.data as Float32Array, b = cpu[0]!.data as Float32Array;
    for (let j = 0; j < b.length; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[j]!)));
  });

  it('DEPTHWISE_CONV_2D: the native f16 shader matches the CPU within f32 rounding', async () => {
    const r = rng(50);
    for (const [n, h, w, c, mult, k] of [[2, 9, 7, 8, 1, 3], [1, 6, 5, 3, 2, 5]] as const) {
      const cout = c * mult;
      const g = oneOp('DEPTHWISE_CONV_2D', {
        kind: 'depthwiseConv2d', padding: 'SAME', strideW: 1, strideH: 1, dilationW: 1, dilationH: 1, depthMultiplier: mult, activation: 'NONE',
      }, [{ dtype: 'float32', shape: [n, h, w, c], data: halfs(n * h * w * c, r) },
        { dtype: 'float32', shape: [1, k, k, cout], data: halfs(k * k * cout, r, 0.5), constant: true },
        { dtype: 'float32', shape: [cout], data: halfs(cout, r), constant: true }], [{ dtype: 'float32', shape: [n, h, w, cout] }]);
      const seen: GpuPass[] = [];
      const [gpu, cpu, be] = await runBoth(g, { precision: 'fp16', kernels: { DEPTHWISE_CONV_2D: spy({}, seen, depthwiseConv2dGpuKernel) } });
      expect(be.placement()[0]!.on).toBe('gpu');
      expect(seen.map((p) => p.shader)).toEqual(['depthwise_conv2d_f16']);
      const a = gpu[0]!.data as Float32Array, b = cpu[0]!.data as Float32Array;
      expect(a.length).toBe(b.length);
      for (let j = 0; j < b.length; j++) expect(Math.abs(a[j]! - b[j]!), `dw ${c}x${mult} #${j}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[j]!)));
    }
  });
});
