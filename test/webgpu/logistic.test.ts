// GPU LOGISTIC vs the CPU kernel: int8/uint8 table bit-exact on all 256 inputs; float32 within 2e-7 absolute + 1e-5 relative.
import { describe, it } from 'vitest';
import { logisticGpuKernel } from '../../src/backends/webgpu/kernels/logistic.js';
import { SPECIAL, allBytesExact, floatClose } from './activation-helpers.js';

describe('GPU LOGISTIC vs CPU', () => {
  it('float32', () => floatClose('LOGISTIC', logisticGpuKernel, 20, 2e-7, 1e-5, SPECIAL));
  it('int8 all values', async () => {
    for (const [s, zp] of [[0.1, 0], [0.0625, -128], [0.02, 127], [1, 5]] as const) {
      await allBytesExact('LOGISTIC', logisticGpuKernel, 'int8', { scale: s, zeroPoint: zp }, { scale: 1 / 256, zeroPoint: -128 });
    }
  });
  it('uint8 all values', async () => {
    for (const [s, zp] of [[0.1, 128], [0.05, 0], [0.03, 255]] as const) {
      await allBytesExact('LOGISTIC', logisticGpuKernel, 'uint8', { scale: s, zeroPoint: zp }, { scale: 1 / 256, zeroPoint: 0 });
    }
  });
});
