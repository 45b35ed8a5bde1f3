// GPU TANH vs the CPU kernel: int8/uint8 table bit-exact on all 256 inputs; float32 within 2e-7 absolute + 1e-5 relative.
import { describe, it } from 'vitest';
import { tanhGpuKernel } from '../../src/backends/webgpu/kernels/tanh.js';
import { SPECIAL, allBytesExact, floatClose } from './activation-helpers.js';

describe('GPU TANH vs CPU', () => {
  it('float32', () => floatClose('TANH', tanhGpuKernel, 6, 2e-7, 1e-5, SPECIAL));
  it('int8 all values', async () => {
    for (const [s, zp, so, zo] of [[0.05, 0, 1 / 128, 0], [0.1, -128, 1 / 128, 0], [0.02, 127, 0.01, 3]] as const) {
      await allBytesExact('TANH', tanhGpuKernel, 'int8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
  it('uint8 all values', async () => {
    for (const [s, zp, so, zo] of [[0.05, 128, 1 / 128, 128], [0.1, 0, 1 / 128, 128], [0.03, 255, 0.02, 0]] as const) {
      await allBytesExact('TANH', tanhGpuKernel, 'uint8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
});
