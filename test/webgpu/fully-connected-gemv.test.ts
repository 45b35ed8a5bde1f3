// The batch-1..4 GEMV FULLY_CONNECTED (real-GPU path) forced on SwiftShader against the CPU kernel: float within
// 2e-6 of sum|x*w| (+|bias|), precision 'fp16' within 1e-3 of it, fp16 weights from DEQUANTIZE within 2e-6,
// int8/uint8 bit-exact (portable and dot4 shaders), hybrid within 1e-6 relative; plus the variant selection.
import { describe, expect, it } from 'vitest';
import { oneOp, type OneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { fullyConnectedGpuKernel } from '../../src/backends/webgpu/kernels/fully-connected.js';
import { GEMV_MAX_ROWS, useGemv } from '../../src/backends/webgpu/kernels/fully-connected-gemv.js';
import type { GpuCaps, GpuKernel, GpuKernelContext } from '../../src/backends/webgpu/kernel.js';
import type { Activation, FullyConnectedOptions } from '../../src/graph/options.js';
import { floatToHalf, halfToFloat } from '../../src/backends/cpu/kernels/shared/float16.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}
const floats = (r: () => number, n: number): number[] => Array.from({ length: n }, () => r() * 2 - 1);

/** The kernel with caps forced as on a real GPU (plus `c`), recording the shader#entry of every pass it plans. */
function gemvKernel(c: Partial<GpuCaps>, seen: string[], maxPerDim?: number): GpuKernel {
  return {
    check: fullyConnectedGpuKernel.check,
    passes: (op, ctx) => {
      const maxWorkgroupsPerDim = maxPerDim ?? ctx.maxWorkgroupsPerDim;
      const ps = fullyConnectedGpuKernel.passes(op, { ...ctx, maxWorkgroupsPerDim, caps: { ...ctx.caps, preferRegisterTiling: false, ...c } });
      seen.push(...ps.map((p) => `${p.shader}#${p.entryPoint}`));
      return ps;
    },
  };
}

const opts = (o: Partial<FullyConnectedOptions> = {}): FullyConnectedOptions => ({
  kind: 'fullyConnected', activation: 'NONE', weightsFormat: 'DEFAULT', keepNumDims: false, asymmetricQuantizeInputs: false, ...o,
});

interface Dims { rows: number; depth: number; units: number }
const label = (d: Dims): string => `${d.rows}x${d.depth}->${d.units}`;

// odd depth (not a multiple of 4 or 8), depth < workgroup size, depth 4097, odd units, rows 1..4
const DIMS: Dims[] = [
  { rows: 1, depth: 784, units: 128 }, { rows: 2, depth: 37, units: 29 }, { rows: 3, depth: 3, units: 1001 },
  { rows: 4, depth: 4097, units: 33 }, { rows: 1, depth: 4096, units: 65 }, { rows: 4, depth: 130, units: 7 },
  { rows: 2, depth: 1025, units: 3 }, { rows: 3, depth: 8, units: 1 },
];
const ACTS: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];

function floatGraph(d: Dims, seed: number, act: Activation, bias: boolean): OneOp {
  const r = rng(seed);
  return oneOp('FULLY_CONNECTED', opts({ activation: act }), [
    { dtype: 'float32', shape: [d.rows, d.depth], data: floats(r, d.rows * d.depth) },
    { dtype: 'float32', shape: [d.units, d.depth], data: floats(r, d.units * d.depth), constant: true },
    bias ? { dtype: 'float32', shape: [d.units], data: floats(r, d.units), constant: true } : null,
  ], [{ dtype: 'float32', shape: [d.rows, d.units] }]);
}

function withHalfWeights(o: OneOp): OneOp {
  const w = o.graph.tensors[o.op.inputs[1]!]!;
  w.data = Uint16Array.from(w.data as Float32Array, floatToHalf);
  w.dtype = 'float16';
  w.dequantizeTo = 'float32';
  return o;
}

async function expectFloat(o: OneOp, c: Partial<GpuCaps>, tol: number, what: string, precision: 'fp32' | 'fp16' = 'fp32', maxPerDim?: number): Promise<void> {
  const seen: string[] = [];
  const [gpu, cpu, be] = await runBoth(o, { kernels: { FULLY_CONNECTED: gemvKernel(c, seen, maxPerDim) }, precision });
  expect(be.placement()[0]!.on, what).toBe('gpu');
  expect(seen, what).toEqual(['matmul_gemv#fc_gemv']);
  const g = o.graph, [, iw, ib] = o.op.inputs as [number, number, number];
  const x = o.inputs[0]!.data as Float32Array, wt = g.tensors[iw]!;
  const w = wt.dtype === 'float16' ? Float32Array.from(wt.data as Uint16Array, halfToFloat) : (wt.data as Float32Array);
  const b = ib >= 0 ? (g.tensors[ib]!.data as Float32Array) : null;
  const [units, depth] = wt.shape as [number, number];
  const a = gpu[0]!.data as Float32Array, e = cpu[0]!.data as Float32Array;
  expect(a.length, what).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const r = Math.floor(i / units), u = i % units;
    let mag = b ? Math.abs(b[u]!) : 0;
    for (let k = 0; k < depth; k++) mag += Math.abs(x[r * depth + k]! * w[u * depth + k]!);
    if (!(Math.abs(a[i]! - e[i]!) <= tol * mag + 1e-30)) expect(a[i], `${what} output #${i} (cpu ${e[i]}, tolerance ${tol * mag})`).toBe(e[i]);
  }
}

describe('GEMV FULLY_CONNECTED float vs CPU', () => {
  it('float32 weights: odd / small / large depth, odd units, rows 1..4, fused activations, with and without bias', async () => {
    for (const [i, d] of DIMS.entries()) {
      await expectFloat(floatGraph(d, 10 + i, ACTS[i % 4]!, i !== 2), {}, 2e-6, `f32 ${label(d)} ${ACTS[i % 4]}`);
    }
  });

  it('precision fp16: float32 weights rounded to packed halves (also where the adapter has shader-f16)', async () => {
    for (const [i, d] of DIMS.slice(0, 5).entries()) {
      await expectFloat(floatGraph(d, 30 + i, ACTS[(i + 1) % 4]!, true), { f16: i % 2 === 0 }, 1e-3, `fp16 ${label(d)}`, 'fp16');
    }
  });

  it('more units than workgroups per dimension: the grid folds into y and the shader unfolds it', async () => {
    const d = { rows: 2, depth: 37, units: 29 };
    await expectFloat(floatGraph(d, 70, 'RELU', true), {}, 2e-6, `folded ${label(d)}`, 'fp32', 7);
  });

  it('fp16 weights folded from DEQUANTIZE: the same halves as the CPU expansion', async () => {
    for (const [i, d] of DIMS.slice(1, 5).entries()) {
      await expectFloat(withHalfWeights(floatGraph(d, 50 + i, 'RELU6', true)), {}, 2e-6, `fp16 weights ${label(d)}`);
    }
  });
});

type QDtype = 'int8' | 'uint8';
interface QCase { dtype: QDtype; xZp: number; wZp: number; yZp: number; perChannel: boolean; act: Activation }
const Q_CASES: QCase[] = [
  { dtype: 'int8', xZp: -128, wZp: 0, yZp: 127, perChannel: false, act: 'NONE' },
  { dtype: 'int8', xZp: 127, wZp: 0, yZp: -128, perChannel: true, act: 'RELU' },
  { dtype: 'int8', xZp: 5, wZp: -128, yZp: 3, perChannel: false, act: 'RELU6' },
  { dtype: 'uint8', xZp: 0, wZp: 255, yZp: 128, perChannel: false, act: 'NONE' },
  { dtype: 'uint8', xZp: 255, wZp: 0, yZp: 0, perChannel: false, act: 'RELU6' },
  { dtype: 'int8', xZp: -3, wZp: 0, yZp: -128, perChannel: true, act: 'RELU6' },
];

function quantGraph(d: Dims, c: QCase, seed: number, bias: boolean): OneOp {
  const r = rng(seed);
  const [lo, hi] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
  const ints = (n: number, a = lo, b = hi): number[] => Array.from({ length: n }, () => a + Math.floor(r() * (b - a + 1)));
  const xScale = 0.02 + r() * 0.05;
  const wScales = c.perChannel ? Array.from({ length: d.units }, () => 0.002 + r() * 0.02) : [0.004 + r() * 0.01];
  const yScale = 0.05 + r() * 0.5 * Math.sqrt(d.depth) * 0.05;
  const zeros = wScales.map(() => 0);
  return oneOp('FULLY_CONNECTED', opts({ activation: c.act }), [
    { dtype: c.dtype, shape: [d.rows, d.depth], data: ints(d.rows * d.depth), quant: { scale: xScale, zeroPoint: c.xZp } },
    { dtype: c.dtype, shape: [d.units, d.depth], data: c.perChannel ? ints(d.units * d.depth, -127, 127) : ints(d.units * d.depth), constant: true,
      quant: c.perChannel ? { scale: wScales, zeroPoint: zeros } : { scale: wScales[0]!, zeroPoint: c.wZp } },
    bias ? { dtype: 'int32', shape: [d.units], data: ints(d.units, -20000, 20000), constant: true,
      quant: { scale: c.perChannel ? wScales.map((s) => s * xScale) : xScale * wScales[0]!, zeroPoint: c.perChannel ? zeros : 0 } } : null,
  ], [{ dtype: c.dtype, shape: [d.rows, d.units], quant: { scale: yScale, zeroPoint: c.yZp } }]);
}

async function expectExact(o: OneOp, c: Partial<GpuCaps>, gemm: string, what: string, maxPerDim?: number): Promise<void> {
  const seen: string[] = [];
  const [gpu, cpu, be] = await runBoth(o, { kernels: { FULLY_CONNECTED: gemvKernel(c, seen, maxPerDim) } });
  expect(be.placement()[0]!.on, what).toBe('gpu');
  expect(seen, what).toContain(gemm);
  const a = gpu[0]!.data as Int8Array | Uint8Array, b = cpu[0]!.data as Int8Array | Uint8Array;
  expect(a.length, what).toBe(b.length);
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (i < b.length) expect(Array.from(a.slice(i, i + 8)), `${what}: first difference at #${i}`).toEqual(Array.from(b.slice(i, i + 8)));
}

describe('GEMV FULLY_CONNECTED int8/uint8 vs CPU (bit-exact)', () => {
  const variants: [string, Partial<GpuCaps>, string][] = [
    ['portable', { dot4: false }, 'matmul_quantized_gemv#fc_q_gemv'],
    ['dot4', { dot4: true }, 'matmul_quantized_gemv_dot4#fc_q_gemv'],
  ];
  for (const [name, caps, gemm] of variants) {
    it(`${name}: per-tensor / per-channel, zero points at the range ends, fused RELU / RELU6, rows 1..4`, async () => {
      for (const [i, d] of DIMS.entries()) {
        const c = Q_CASES[i % Q_CASES.length]!;
        await expectExact(quantGraph(d, c, 100 + i, i !== 3), caps, gemm, `${name} ${label(d)} ${JSON.stringify(c)}`);
      }
      // more units than workgroups per dimension (folded grid)
      await expectExact(quantGraph({ rows: 3, depth: 21, units: 29 }, Q_CASES[1]!, 150, true), caps, gemm, `${name} folded grid`, 7);
    });
  }
});

describe('GEMV FULLY_CONNECTED hybrid (float32 x int8 weights) vs CPU', () => {
  it('per-tensor and per-channel scales, symmetric and asymmetric rows', async () => {
    for (const [i, d] of [DIMS[0]!, DIMS[1]!, DIMS[3]!].entries()) {
      const perChannel = i % 2 === 1, r = rng(300 + i);
      const scales = perChannel ? Array.from({ length: d.units }, () => 0.001 + r() * 0.01) : [0.001 + r() * 0.01];
      const o = oneOp('FULLY_CONNECTED', opts({ activation: 'RELU', asymmetricQuantizeInputs: i !== 1 }), [
        { dtype: 'float32', shape: [d.rows, d.depth], data: Array.from({ length: d.rows * d.depth }, () => (r() * 2 - 0.7) * 3) },
        { dtype: 'int8', shape: [d.units, d.depth], data: Array.from({ length: d.units * d.depth }, () => Math.floor(r() * 255) - 127), constant: true,
          quant: { scale: scales, zeroPoint: scales.map(() => 0) } },
        { dtype: 'float32', shape: [d.units], data: floats(r, d.units), constant: true },
      ], [{ dtype: 'float32', shape: [d.rows, d.units] }]);
      const seen: string[] = [];
      const [gpu, cpu] = await runBoth(o, { kernels: { FULLY_CONNECTED: gemvKernel({ dot4: i === 0 }, seen) } });
      expect(seen.some((s) => s.includes('_gemv')), label(d)).toBe(true);
      const a = gpu[0]!.data as Float32Array, b = cpu[0]!.data as Float32Array;
      expect(a.length).toBe(b.length);
      for (let k = 0; k < b.length; k++) {
        if (!(Math.abs(a[k]! - b[k]!) <= 1e-6 * Math.max(1, Math.abs(b[k]!)))) expect(a[k], `${label(d)} output #${k}`).toBe(b[k]);
      }
    }
  });
});

describe('GEMV selection', () => {
  const gpuCaps: GpuCaps = { f16: true, dot4: true, precision: 'fp32', preferRegisterTiling: false };
  const cpuCaps: GpuCaps = { ...gpuCaps, preferRegisterTiling: true };

  it('useGemv: rows 1..GEMV_MAX_ROWS on a real GPU only', () => {
    expect(GEMV_MAX_ROWS).toBe(4);
    for (let rows = 1; rows <= GEMV_MAX_ROWS; rows++) {
      expect(useGemv(rows, gpuCaps), `rows ${rows}`).toBe(true);
      expect(useGemv(rows, cpuCaps), `cpu rows ${rows}`).toBe(false);
    }
    expect(useGemv(GEMV_MAX_ROWS + 1, gpuCaps)).toBe(false);
    expect(useGemv(0, gpuCaps)).toBe(false);
  });

  const planned = (o: OneOp, caps: GpuCaps): string[] => {
    const ctx: GpuKernelContext = { graph: o.graph, shape: (t) => o.graph.tensors[t]!.shape, caps, maxWorkgroupsPerDim: 65535 };
    return fullyConnectedGpuKernel.passes(o.op, ctx).map((p) => `${p.shader}#${p.entryPoint}`);
  };

  it('the kernel plans the GEMV for few rows on a GPU adapter and the tiled GEMMs otherwise', () => {
    const q = Q_CASES[0]!;
    for (const rows of [1, 4, 5, 64]) {
      const d = { rows, depth: 40, units: 9 };
      const gemv = rows <= GEMV_MAX_ROWS;
      expect(planned(floatGraph(d, 1, 'NONE', true), gpuCaps), `float rows ${rows}`).toEqual([gemv ? 'matmul_gemv#fc_gemv' : 'matmul#fc_shared']);
      expect(planned(floatGraph(d, 1, 'NONE', true), cpuCaps), `float cpu rows ${rows}`).toEqual(['matmul#fc_reg']);
      expect(planned(quantGraph(d, q, 1, true), gpuCaps), `int8 rows ${rows}`).toContain(gemv ? 'matmul_quantized_gemv_dot4#fc_q_gemv' : 'matmul_quantized_dot4#fc_q_shared');
      expect(planned(quantGraph(d, q, 1, true), { ...gpuCaps, dot4: false }), `int8 portable rows ${rows}`).toContain(gemv ? 'matmul_quantized_gemv#fc_q_gemv' : 'matmul_quantized#fc_q_shared');
      expect(planned(quantGraph(d, q, 1, true), cpuCaps), `int8 cpu rows ${rows}`).toContain('matmul_quantized#fc_q_reg');
    }
  });
});
