// Shared drivers for the GPU activation tests: every 8-bit input value through the GPU table and the CPU kernel,
// and float32 rows compared within a stated tolerance.
import { expect } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import type { GpuKernel } from '../../src/backends/webgpu/kernel.js';
import type { DType } from '../../src/graph/dtype.js';
import type { WebGpuBackend } from '../../src/backends/webgpu/webgpu-backend.js';

/** Fails when an operator fell back to the CPU (a rejected check would make any GPU-vs-CPU comparison vacuous). */
export function expectOnGpu(be: WebGpuBackend): void {
  for (const p of be.placement()) expect(p.on, `${p.opcode} placed on the CPU: ${p.on === 'cpu' ? p.reason : ''}`).toBe('gpu');
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

const NONE = { kind: 'none' } as const;
type Q = { scale: number; zeroPoint: number };

/** All 256 values of an 8-bit dtype (plus an odd tail so the grid is not a multiple of 64): GPU == CPU. */
export async function allBytesExact(opcode: string, kernel: GpuKernel, dtype: 'int8' | 'uint8', inQ: Q, outQ: Q): Promise<void> {
  const lo = dtype === 'int8' ? -128 : 0;
  const data = [...Array.from({ length: 256 }, (_, i) => lo + i), lo, lo + 255, lo + 7];
  const g = oneOp(opcode, NONE, [{ dtype, shape: [1, data.length], data, quant: inQ }], [{ dtype, shape: [1, data.length], quant: outQ }]);
  const [gpu, cpu, be] = await runBoth(g, { kernels: { [opcode]: kernel } });
  expectOnGpu(be);
  expect(Array.from(gpu[0]!.data as Int8Array), `${opcode} ${dtype} in ${inQ.scale}/${inQ.zeroPoint} out ${outQ.scale}/${outQ.zeroPoint}`)
    .toEqual(Array.from(cpu[0]!.data as Int8Array));
}

/** Integer tensor of any dtype with given data, GPU == CPU. */
export async function intExact(opcode: string, kernel: GpuKernel, dtype: DType, data: number[], inQ: Q, outQ: Q): Promise<void> {
  const g = oneOp(opcode, NONE, [{ dtype, shape: [data.length], data, quant: inQ }], [{ dtype, shape: [data.length], quant: outQ }]);
  const [gpu, cpu, be] = await runBoth(g, { kernels: { [opcode]: kernel } });
  expectOnGpu(be);
  expect(Array.from(gpu[0]!.data as Int16Array)).toEqual(Array.from(cpu[0]!.data as Int16Array));
}

/** float32: |gpu - cpu| <= abs + rel * |cpu| elementwise, over random values in [-range, range] and special points. */
export async function floatClose(opcode: string, kernel: GpuKernel, range: number, abs: number, rel: number, extra: number[] = []): Promise<void> {
  const r = rng(99);
  const data = [...extra, ...Array.from({ length: 1000 }, () => (r() * 2 - 1) * range)].map(Math.fround);
  const g = oneOp(opcode, NONE, [{ dtype: 'float32', shape: [data.length], data }], [{ dtype: 'float32', shape: [data.length] }]);
  const [gpu, cpu, be] = await runBoth(g, { kernels: { [opcode]: kernel } });
  expectOnGpu(be);
  const x = gpu[0]!.data as Float32Array, y = cpu[0]!.data as Float32Array;
  for (let i = 0; i < y.length; i++) {
    expect(Math.abs(x[i]! - y[i]!), `${opcode}(${data[i]}) gpu ${x[i]} cpu ${y[i]}`).toBeLessThanOrEqual(abs + rel * Math.abs(y[i]!));
  }
}

export const SPECIAL = [0, -0, 1, -1, 3, -3, 6, -6, 1e-7, -1e-7, 20, -20, 50, -50, 100, -100, 1e30, -1e30];
