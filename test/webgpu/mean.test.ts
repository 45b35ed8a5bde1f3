// GPU MEAN vs the CPU kernel: float32 within a stated tolerance; int8/uint8 bit-exact on every TFLite 2.9 path
// (int8 spatial, uint8 spatial, truncate, float rescale), both GPU variants (loop, workgroup reduction).
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { meanGpuKernel, meanRescaleThresholds } from '../../src/backends/webgpu/kernels/mean.js';
import { meanQuantParams, meanQuantizedValue } from '../../src/backends/quant-params/mean.js';
import { expectOnGpu, rng } from './activation-helpers.js';

const kernels = { MEAN: meanGpuKernel };

function outShape(shape: number[], axes: number[], keep: boolean): number[] {
  const red = new Set(axes.map((a) => (a < 0 ? a + shape.length : a)));
  return keep ? shape.map((d, i) => (red.has(i) ? 1 : d)) : shape.filter((_, i) => !red.has(i));
}

/** [input shape, axes, keepDims]: spatial, last axis (long: workgroup variant), several groups, negative/repeated, empty. */
const CASES: [number[], number[], boolean][] = [
  [[1, 7, 7, 16], [1, 2], true],
  [[2, 5, 3, 4], [2, 1], true],
  [[1, 7, 7, 16], [1, 2], false],
  [[2, 3, 4, 5], [-3, -2], true],
  [[3, 1000], [-1], false],
  [[2, 300, 3], [1], true],
  [[2, 3, 4, 5, 2, 3], [0, 2, 4], false],
  [[2, 3, 4], [2, -3, 0, 2], false],
  [[4, 6], [0, 1], false],
  [[3, 1, 5], [1], true],
  [[2, 3, 5], [], true],
];

async function run(dtype: 'float32' | 'int8' | 'uint8', shape: number[], axes: number[], keep: boolean, inQ?: { scale: number; zeroPoint: number }, outQ?: typeof inQ, seed = 1) {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const [lo, hi] = dtype === 'int8' ? [-128, 127] : [0, 255];
  const data = dtype === 'float32' ? Array.from({ length: n }, () => r() * 10 - 3) : Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
  const g = oneOp('MEAN', { kind: 'reducer', keepDims: keep },
    [{ dtype, shape, data, quant: inQ }, { dtype: 'int32', shape: [axes.length], data: axes, constant: true }],
    [{ dtype, shape: outShape(shape, axes, keep), quant: outQ }]);
  const [gpu, cpu, be] = await runBoth(g, { kernels });
  expectOnGpu(be);
  return [gpu[0]!.data, cpu[0]!.data, data] as const;
}

describe('GPU MEAN vs CPU', () => {
  it('float32 within 1e-5 relative (the loop variant sums in the CPU order, the workgroup variant in a tree)', async () => {
    for (const [shape, axes, keep] of CASES) {
      const [g, c] = await run('float32', shape, axes, keep);
      const x = g as Float32Array, y = c as Float32Array;
      expect(x.length).toBe(y.length);
      for (let i = 0; i < y.length; i++) expect(Math.abs(x[i]! - y[i]!), `[${shape}] axes [${axes}] #${i}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(y[i]!)));
    }
  });

  it('float32 empty axis list copies (negative zeros included)', async () => {
    const g = oneOp('MEAN', { kind: 'reducer', keepDims: true }, [{ dtype: 'float32', shape: [4], data: [-0, 1.5, -2, 0] }, { dtype: 'int32', shape: [0], data: [], constant: true }], [{ dtype: 'float32', shape: [4] }]);
    const [gpu, cpu] = await runBoth(g, { kernels });
    expect(Array.from(gpu[0]!.data as Float32Array)).toEqual(Array.from(cpu[0]!.data as Float32Array));
    expect(Object.is((gpu[0]!.data as Float32Array)[0], -0)).toBe(true);
  });

  for (const dtype of ['int8', 'uint8'] as const) {
    const [lo, hi] = dtype === 'int8' ? [-128, 127] : [0, 255];
    // same params (truncate off the spatial path), different scales (rescale / spatial), zero points at the ends
    const QS: [number, number, number, number][] = [[0.05, 0, 0.05, 0], [0.05, lo, 0.05, lo], [0.05, hi, 0.03, lo], [0.02, lo, 0.07, hi], [0.1, 3, 0.011, -1 - lo > 0 ? 0 : 7], [0.5, 0, 0.001, 0]];
    it(`${dtype} bit-exact on every path`, async () => {
      let seed = 10;
      for (const [shape, axes, keep] of CASES) {
        for (const [si, zi, so, zo] of QS) {
          const [g, c] = await run(dtype, shape, axes, keep, { scale: si, zeroPoint: zi }, { scale: so, zeroPoint: zo }, seed++);
          expect(Array.from(g as Int8Array), `${dtype} [${shape}] axes [${axes}] keep ${keep} in ${si}/${zi} out ${so}/${zo}`).toEqual(Array.from(c as Int8Array));
        }
      }
    });
  }

  it('rescale thresholds reproduce the CPU value for every sum near each step and across the int32 range', () => {
    const r = rng(42);
    for (const [dtype, si, zi, so, zo, count] of [['int8', 0.05, -128, 0.03, 5, 49], ['uint8', 0.02, 255, 0.07, 0, 1000], ['int8', 0.5, 0, 0.001, 0, 3], ['uint8', 0.01, 0, 100, 0, 7]] as const) {
      const p = meanQuantParams(dtype, { scale: si, zeroPoint: zi }, { scale: so, zeroPoint: zo }, [1], 3, false, count);
      expect(p.mode).toBe('rescale');
      const t = meanRescaleThresholds(p);
      const viaThresholds = (s: number) => { let k = 0; while (k < t.length && t[k]! <= s) k++; return p.lo + k; };
      const probes = [-2147483648, 2147483647, 0, ...Array.from(t).flatMap((s) => [s - 1, s, s + 1]), ...Array.from({ length: 2000 }, () => Math.floor(r() * 2 ** 32) - 2 ** 31),
        ...Array.from({ length: 2000 }, () => Math.floor((r() * 2 - 1) * 256 * count))];
      for (const s of probes) if (s >= -2147483648 && s <= 2147483647) expect(viaThresholds(s), `sum ${s}`).toBe(meanQuantizedValue(p, s));
    }
  });
});
