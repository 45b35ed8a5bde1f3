// GPU QUANTIZE against the CPU kernel, bit-exact: float32 -> int8/uint8/int16 at exact ties, their float32
// neighbours and random values over many scales (the CPU divides in double, the GPU divides the mantissas exactly),
// specials (±0, ±inf, NaN, subnormals, saturation), and the integer Requantize paths.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { roundHalfAway } from '../../src/backends/cpu/quant/fixed-point.js';
import { quantizeGpuKernel } from '../../src/backends/webgpu/kernels/quantize.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { QUANTIZE: quantizeGpuKernel };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The float32 `steps` ulps away from float32 v (towards +inf for positive steps on positive values). */
function ulpStep(v: number, steps: number): number {
  f32[0] = v;
  u32[0] = u32[0]! + (v < 0 ? -steps : steps);
  return f32[0]!;
}

async function quantizeBoth(data: Float32Array, dtype: DType, scale: number, zeroPoint: number): Promise<[number[], number[]]> {
  const g = oneOp('QUANTIZE', { kind: 'none' }, [{ dtype: 'float32', shape: [data.length], data }],
    [{ dtype, shape: [data.length], quant: { scale, zeroPoint } }]);
  expect(quantizeGpuKernel.check(g.op, g.graph, { f16: false, dot4: false, precision: 'fp32', preferRegisterTiling: true })).toBeNull();
  const [gpu, cpu, backend] = await runBoth(g, { kernels });
  expect(backend.placement()[0]!.on).toBe('gpu');
  return [Array.from(gpu[0]!.data as Int32Array), Array.from(cpu[0]!.data as Int32Array)];
}

/** Values at x = (k + 1/2)·scale rounded to float32, and 1-2 float32 ulps either side, for k over the output range. */
function nearTies(scale: number, kMax: number): number[] {
  const out: number[] = [];
  for (let k = -kMax; k <= kMax; k++) {
    const t = Math.fround((k + 0.5) * scale);
    for (const d of [-2, -1, 0, 1, 2]) out.push(ulpStep(t, d));
    out.push(Math.fround(k * scale));
  }
  return out;
}

describe('GPU QUANTIZE vs CPU', () => {
  it('float32 -> int8/uint8/int16 near ties at many scales, bit-exact', async () => {
    const r = rng(3);
    const scales: number[] = [1, 0.5, 2 ** -7, 0.1, 1 / 3, 0.0078125, 0.02352941, 3.7, 1e-3, 12.5, 2 ** -20, 1e-30, 1e30];
    for (let i = 0; i < 40; i++) scales.push(Math.fround(2 ** (r() * 24 - 16) * (1 + r())));
    let ties = 0, mismatches = 0, f32Disagrees = 0;
    for (const [si, scale0] of scales.entries()) {
      const scale = Math.fround(scale0);
      const dtype: DType = si % 3 === 0 ? 'int8' : si % 3 === 1 ? 'uint8' : 'int16';
      const zp = dtype === 'int8' ? [-128, 0, 127][si % 3]! : dtype === 'uint8' ? [0, 128, 255][si % 3]! : 0;
      const kMax = dtype === 'int16' ? 400 : 300;
      const vals = nearTies(scale, kMax);
      // also ties near the int16 range ends and random values
      if (dtype === 'int16') vals.push(...nearTies(scale, 0).map((v) => v), ...[32766.5, 32767.5, -32768.5, -32767.5].flatMap((k) => [-1, 0, 1].map((d) => ulpStep(Math.fround(k * scale), d))));
      for (let j = 0; j < 200; j++) vals.push(Math.fround((r() * 2 - 1) * scale * 300));
      const data = Float32Array.from(vals);
      for (let j = 0; j < data.length; j++) if (Math.abs(data[j]! / scale - Math.round(data[j]! / scale)) === 0.5) ties++;
      const [gpu, cpu] = await quantizeBoth(data, dtype, scale, zp);
      for (let j = 0; j < cpu.length; j++) {
        if (gpu[j] !== cpu[j]) mismatches++;
        // how often a correctly rounded float32 division would have rounded differently from the double one
        const [lo, hi] = dtype === 'int8' ? [-128, 127] : dtype === 'uint8' ? [0, 255] : [-32768, 32767];
        const naive = Math.min(hi, Math.max(lo, roundHalfAway(Math.fround(data[j]! / scale)) + zp));
        if (naive !== cpu[j]) f32Disagrees++;
      }
      expect(gpu, `scale ${scale} ${dtype} zp ${zp}`).toEqual(cpu);
    }
    expect(mismatches).toBe(0);
    expect(ties).toBeGreaterThan(1000); // the exact-tie inputs really are ties
    expect(f32Disagrees).toBeGreaterThan(50); // and the near-tie inputs would catch a plain float32 division
  });

  it('specials: ±0, ±inf, NaN, subnormals, huge values and the 2^17 saturation cap', async () => {
    const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1.17e-38, -2.5e-39, 3.4e38, -3.4e38, 1e10, -1e10, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5];
    for (const scale of [1, 0.001, 1e-38, 1e-44, 2 ** -149, 65536, 3.4e38]) {
      const s = Math.fround(scale);
      const vals = [...specials];
      for (const k of [65535.5, 65536.5, 131071.5, 131072, 131072.5, 262143.5, 1e6]) for (const sg of [1, -1]) for (const d of [-1, 0, 1]) vals.push(ulpStep(Math.fround(sg * k * s), d));
      const data = Float32Array.from(vals);
      for (const [dtype, zp] of [['int8', -128], ['int8', 127], ['uint8', 0], ['uint8', 255], ['int16', 0]] as const) {
        const [gpu, cpu] = await quantizeBoth(data, dtype, s, zp);
        expect(gpu, `scale ${s} ${dtype} zp ${zp}`).toEqual(cpu);
      }
    }
  });

  it('zero points at ±2^16 (the largest the GPU accepts): quotients near ±2^16 land inside the output range', async () => {
    // 1.9995 and 0.99999: mantissas near 2, so quotients just above 2^16 take the longest (18-bit) division.
    for (const scale of [0.37, 1, 2 ** -10, 1.9995, 0.99999]) {
      const s = Math.fround(scale);
      for (const [dtype, zp] of [['uint8', 65536], ['int8', -65536], ['int16', 0]] as const) {
        const vals: number[] = [];
        for (let k = -300; k <= 300; k++) for (const d of [-1, 0, 1]) vals.push(ulpStep(Math.fround((-zp + k + 0.5) * s), d));
        const [gpu, cpu] = await quantizeBoth(Float32Array.from(vals), dtype, s, zp);
        expect(gpu, `scale ${s} ${dtype} zp ${zp}`).toEqual(cpu);
        if (zp !== 0) expect(new Set(cpu).size).toBeGreaterThan(200); // really inside the range, not saturated
      }
    }
  });

  it('odd sizes and 4-D shapes', async () => {
    const r = rng(11);
    for (const shape of [[1], [3, 5, 7], [2, 9, 9, 3], [1, 1, 1, 1031]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: n }, () => (r() * 2 - 1) * 4);
      const g = oneOp('QUANTIZE', { kind: 'none' }, [{ dtype: 'float32', shape, data }], [{ dtype: 'int8', shape, quant: { scale: 0.0313, zeroPoint: -3 } }]);
      const [gpu, cpu] = await runBoth(g, { kernels });
      expect(Array.from(gpu[0]!.data as Int8Array)).toEqual(Array.from(cpu[0]!.data as Int8Array));
    }
  });

  it('integer Requantize: every allowed dtype pair, scale ratios below and above 1, zero points at the range ends', async () => {
    const r = rng(5);
    const pairs: [DType, DType][] = [['int8', 'int8'], ['int8', 'uint8'], ['uint8', 'int8'], ['uint8', 'uint8'], ['int8', 'int16'], ['int8', 'int32'],
      ['int16', 'int8'], ['int16', 'int16'], ['int16', 'int32'], ['int32', 'int8'], ['int32', 'int16']];
    const range: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647] };
    for (const [a, b] of pairs) {
      for (const [sIn, sOut] of [[0.05, 0.05], [0.02, 0.1], [0.3, 0.01], [1, 0.0001], [0.0123, 0.0456]]) {
        const [lo, hi] = range[a]!;
        const zpIn = a === 'int16' ? 0 : a === 'int32' ? 7 : r() < 0.5 ? lo : hi;
        const zpOut = b === 'int16' ? 0 : b === 'int32' ? -3 : r() < 0.5 ? range[b]![0] : range[b]![1];
        const vals: number[] = [];
        if (a === 'int8' || a === 'uint8') for (let v = lo; v <= hi; v++) vals.push(v);
        else for (let i = 0; i < 2000; i++) vals.push(a === 'int32' ? Math.round((r() * 2 - 1) * (i < 1000 ? 1e5 : 2 ** 31 - 1)) : lo + Math.floor(r() * (hi - lo + 1)));
        vals.push(lo, hi);
        const g = oneOp('QUANTIZE', { kind: 'none' }, [{ dtype: a, shape: [vals.length], data: vals, quant: { scale: sIn, zeroPoint: zpIn } }],
          [{ dtype: b, shape: [vals.length], quant: { scale: sOut, zeroPoint: zpOut } }]);
        const [gpu, cpu] = await runBoth(g, { kernels });
        expect(Array.from(gpu[0]!.data as Int32Array), `${a}->${b} ${sIn}/${sOut} zp ${zpIn}->${zpOut}`).toEqual(Array.from(cpu[0]!.data as Int32Array));
      }
    }
  });

  it('check() rejects what the GPU cannot reproduce', () => {
    const caps = { f16: false, dot4: false, precision: 'fp32' as const, preferRegisterTiling: true };
    const big = oneOp('QUANTIZE', { kind: 'none' }, [{ dtype: 'float32', shape: [2] }], [{ dtype: 'int8', shape: [2], quant: { scale: 0.1, zeroPoint: 100000 } }]);
    expect(quantizeGpuKernel.check(big.op, big.graph, caps)).toMatch(/zero point/);
    const f16 = oneOp('QUANTIZE', { kind: 'none' }, [{ dtype: 'float16', shape: [2] }], [{ dtype: 'int8', shape: [2], quant: { scale: 0.1, zeroPoint: 0 } }]);
    expect(quantizeGpuKernel.check(f16.op, f16.graph, caps)).not.toBeNull();
  });
});
