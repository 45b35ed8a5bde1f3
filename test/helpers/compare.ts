// Output comparison against TFLite goldens: exact for integers (with stated allowances), tolerance for floats.
import { expect } from 'vitest';

/** Float outputs: |ours - tflite| <= ATOL + RTOL * |tflite|. TFLite's own XNNPACK and builtin kernels differ
 * by up to ~4e-6 on these models (XNNPACK_VS_BUILTIN.md); summation order accounts for the rest. */
export const FLOAT_ATOL = 1e-4;
export const FLOAT_RTOL = 1e-4;

export function expectFloatClose(ours: ArrayLike<number>, want: ArrayLike<number>, label: string, atol = FLOAT_ATOL, rtol = FLOAT_RTOL): void {
  expect(ours.length, `${label}: length`).toBe(want.length);
  let worst = 0, at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(ours[i]! - want[i]!) - rtol * Math.abs(want[i]!);
    if (d > worst || Number.isNaN(ours[i]!)) { worst = d; at = i; }
  }
  expect(at === -1 || worst <= atol, `${label}: element ${at} is ${ours[at]} vs TFLite ${want[at]}`).toBe(true);
}

/** Counts integer elements that differ and the largest difference. */
export function intDiff(ours: ArrayLike<number>, want: ArrayLike<number>): { count: number; max: number } {
  let count = 0, max = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(ours[i]! - want[i]!);
    if (d) { count++; max = Math.max(max, d); }
  }
  return { count, max };
}
