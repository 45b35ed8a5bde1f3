// Shared driver for the GPU pooling tests: SAME/VALID geometry at the borders, stride 2, filters larger than
// the input, fused activations; float32 within a tolerance, integers bit-exact.
import { expect } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import type { GpuKernel } from '../../src/backends/webgpu/kernel.js';
import type { Activation, Padding } from '../../src/graph/options.js';
import { poolOutSize } from '../../src/backends/cpu/kernels/shared/pool-padding.js';
import { expectOnGpu, rng } from './activation-helpers.js';

/** [input NHWC, filter h, filter w, stride h, stride w, padding] */
export const POOL_CASES: [number[], number, number, number, number, Padding][] = [
  [[1, 7, 7, 3], 3, 3, 2, 2, 'SAME'],
  [[2, 5, 6, 4], 2, 3, 1, 1, 'VALID'],
  [[1, 4, 4, 5], 5, 5, 1, 1, 'SAME'],
  [[1, 3, 3, 2], 4, 4, 2, 2, 'SAME'],
  [[1, 8, 8, 1], 1, 1, 2, 2, 'SAME'],
  [[1, 7, 7, 16], 7, 7, 1, 1, 'VALID'],
  [[1, 6, 5, 3], 3, 2, 3, 1, 'SAME'],
  [[3, 9, 4, 7], 2, 2, 2, 2, 'VALID'],
];

export type PoolDType = 'float32' | 'int8' | 'uint8' | 'int16';

export async function poolCase(opcode: string, kernel: GpuKernel, dtype: PoolDType, act: Activation, zp: number, seed: number): Promise<void> {
  const r = rng(seed);
  const [lo, hi] = dtype === 'int8' ? [-128, 127] : dtype === 'uint8' ? [0, 255] : [-32768, 32767];
  for (const [shape, fh, fw, sh, sw, padding] of POOL_CASES) {
    const [b, h, w, c] = shape as [number, number, number, number];
    const out = [b, poolOutSize(padding, h, fh, sh), poolOutSize(padding, w, fw, sw), c];
    const n = b * h * w * c;
    const data = dtype === 'float32' ? Array.from({ length: n }, () => r() * 16 - 8) : Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
    const quant = dtype === 'float32' ? undefined : { scale: dtype === 'int16' ? 0.001 : 0.05, zeroPoint: zp };
    const g = oneOp(opcode, { kind: 'pool2d', padding, strideH: sh, strideW: sw, filterH: fh, filterW: fw, activation: act },
      [{ dtype, shape, data, quant }], [{ dtype, shape: out, quant }]);
    const [gpu, cpu, be] = await runBoth(g, { kernels: { [opcode]: kernel } });
    expectOnGpu(be);
    const what = `${opcode} ${dtype} [${shape}] f${fh}x${fw} s${sh}x${sw} ${padding} ${act} zp ${zp}`;
    if (dtype === 'float32') {
      const x = gpu[0]!.data as Float32Array, y = cpu[0]!.data as Float32Array;
      expect(x.length, what).toBe(y.length);
      // Sums are added in the CPU's order; only the final division may differ (WGSL allows 2.5 ulp).
      for (let i = 0; i < y.length; i++) expect(Math.abs(x[i]! - y[i]!), `${what} #${i}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(y[i]!)));
    } else {
      expect(Array.from(gpu[0]!.data as Int16Array), what).toEqual(Array.from(cpu[0]!.data as Int16Array));
    }
  }
}
