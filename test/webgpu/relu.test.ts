// GPU RELU vs the CPU kernel: float32 exact, int8/uint8 table bit-exact on all 256 inputs, int16 requantization bit-exact.
import { describe, it } from 'vitest';
import { reluGpuKernel } from '../../src/backends/webgpu/kernels/relu.js';
import { SPECIAL, allBytesExact, floatClose, intExact, rng } from './activation-helpers.js';

describe('GPU RELU vs CPU', () => {
  it('float32 (exact)', () => floatClose('RELU', reluGpuKernel, 10, 0, 0, SPECIAL));
  it('int8 all values, equal and different scales, zero points at the ends', async () => {
    for (const [s, zp, so, zo] of [[0.05, 0, 0.05, 0], [0.05, -128, 0.03, -128], [0.02, 127, 0.05, 127], [0.1, 10, 0.02, -128], [0.5, 0, 0.01, 0]] as const) {
      await allBytesExact('RELU', reluGpuKernel, 'int8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
  it('uint8 all values', async () => {
    for (const [s, zp, so, zo] of [[0.05, 128, 0.05, 128], [0.1, 0, 0.03, 0], [0.03, 255, 0.02, 255], [0.02, 77, 0.1, 3]] as const) {
      await allBytesExact('RELU', reluGpuKernel, 'uint8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
  it('int16 requantization', async () => {
    const r = rng(3);
    const data = [-32768, 32767, 0, 1, -1, ...Array.from({ length: 500 }, () => Math.floor(r() * 65536) - 32768)];
    for (const [s, so] of [[0.001, 0.001], [0.001, 0.0003], [0.0002, 0.01], [0.01, 0.0001]] as const) {
      await intExact('RELU', reluGpuKernel, 'int16', data, { scale: s, zeroPoint: 0 }, { scale: so, zeroPoint: 0 });
    }
  });
});
