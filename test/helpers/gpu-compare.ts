// Shared by the GPU data-movement/quantization kernel tests: seeded data, and a GPU-vs-CPU run that asserts the op
// really ran on the GPU and that every output word is identical (float32 compared by bits).
import { expect } from 'vitest';
import type { TypedArray } from '../../src/graph/dtype.js';
import type { GpuCaps, GpuKernel } from '../../src/backends/webgpu/kernel.js';
import type { OneOp } from './kernel-harness.js';
import { runBoth } from './gpu.js';

export const CAPS: GpuCaps = { f16: false, dot4: false, precision: 'fp32', preferRegisterTiling: true };

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

export const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Output words as numbers: float32 by its bit pattern (so NaN payloads and -0 count), integers by value. */
export function words(a: TypedArray): number[] {
  if (a instanceof Float32Array) return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
  return Array.from(a as ArrayLike<number>);
}

/** Runs `g` on both backends; the op must be placed on the GPU and output 0 must match word for word. */
export async function expectSameAsCpu(g: OneOp, kernels: Record<string, GpuKernel>, label: string): Promise<TypedArray> {
  const [gpu, cpu, backend] = await runBoth(g, { kernels });
  expect(backend.placement().map((p) => p.on), label).toEqual(['gpu']);
  expect(gpu[0]!.shape, label).toEqual(cpu[0]!.shape);
  const a = words(gpu[0]!.data), b = words(cpu[0]!.data);
  expect(a.length, label).toBe(b.length);
  // Report the first differing word with a little context rather than diffing whole (possibly huge) arrays.
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (i < b.length) expect(a.slice(Math.max(0, i - 2), i + 6), `${label}: first difference at word ${i}`).toEqual(b.slice(Math.max(0, i - 2), i + 6));
  return cpu[0]!.data;
}

const RANGES: Record<string, [number, number]> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-2147483648, 2147483647], bool: [0, 1],
};

/** Seeded values of `dtype` covering its range (float32: mixed magnitudes with -0, ±inf and NaN sprinkled in). */
export function randomData(dtype: string, n: number, r: () => number): number[] {
  if (dtype === 'float32') {
    const special = [-0, Infinity, -Infinity, NaN, 1e-45];
    return Array.from({ length: n }, (_, i) => (i % 97 === 5 ? special[i % special.length]! : (r() * 2 - 1) * 2 ** (r() * 20 - 10)));
  }
  const [lo, hi] = RANGES[dtype]!;
  return Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
}
