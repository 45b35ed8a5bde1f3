// GPU CAST against the CPU kernel, word for word: float32 -> every GPU integer type and bool (saturation, truncation,
// NaN, ±inf, ±0, values at and around each type's range ends and 2^31), integers/bool -> float32 (nearest even
// above 2^24) and integer -> integer wrapping.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { CAPS, expectSameAsCpu, rng } from '../helpers/gpu-compare.js';
import { castGpuKernel } from '../../src/backends/webgpu/kernels/cast.js';
import type { DType } from '../../src/graph/dtype.js';

const kernels = { CAST: castGpuKernel };
const INTS: DType[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'bool'];
const RANGE: Record<string, [number, number]> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-2147483648, 2147483647], bool: [0, 1],
};

function floatEdges(): number[] {
  const v = [0, -0, NaN, Infinity, -Infinity, 0.5, -0.5, 0.99999994, -0.99999994, 1.5, -1.5, 1e-45, -1e-45, 3.4e38, -3.4e38,
    2147483520, -2147483520, 2147483648, -2147483648, -2147483904, 4294967296, 1e20, -1e20, 16777217, -16777215.5];
  for (const [lo, hi] of Object.values(RANGE)) for (const b of [lo, hi]) for (const d of [-1, -0.5, -0.25, 0, 0.25, 0.5, 1]) v.push(b + d);
  const r = rng(4);
  for (let i = 0; i < 300; i++) v.push((r() * 2 - 1) * 2 ** (r() * 34));
  return v;
}

async function cast(src: DType, dst: DType, data: number[], shape = [data.length]): Promise<void> {
  const g = oneOp('CAST', { kind: 'none' }, [{ dtype: src, shape, data }], [{ dtype: dst, shape }]);
  await expectSameAsCpu(g, kernels, `${src} -> ${dst}`);
}

describe('GPU CAST vs CPU', () => {
  it('float32 -> float32/bool/int8/uint8/int16/uint16/int32', async () => {
    const data = floatEdges();
    for (const dst of ['float32', ...INTS] as DType[]) await cast('float32', dst, data);
  });

  it('integers and bool -> float32 and every integer type', async () => {
    const r = rng(9);
    for (const src of INTS) {
      const [lo, hi] = RANGE[src]!;
      const data = [lo, hi, 0, 1, lo + 1, hi - 1];
      if (src === 'bool') data.push(2, 255, 128, 0); // bytes other than 0/1 count as true
      if (src === 'int32') data.push(16777216, 16777217, 16777219, -16777217, 33554435, 2147483583, 2147483584, 2147483647, -2147483647, 2 ** 30 + 64, 2 ** 30 + 65);
      for (let i = 0; i < 400; i++) data.push(lo + Math.floor(r() * (hi - lo + 1)));
      for (const dst of ['float32', ...INTS] as DType[]) await cast(src, dst, data, [2, data.length / 2]);
    }
  });

  it('check() keeps int64/float16 casts on the CPU', () => {
    for (const [a, b] of [['int64', 'float32'], ['float32', 'int64'], ['float16', 'float32'], ['float32', 'uint32']] as [DType, DType][]) {
      const g = oneOp('CAST', { kind: 'none' }, [{ dtype: a, shape: [2] }], [{ dtype: b, shape: [2] }]);
      expect(castGpuKernel.check(g.op, g.graph, CAPS), `${a}->${b}`).not.toBeNull();
    }
  });
});
