// GPU HARD_SWISH vs the CPU kernel: int8/uint8 table bit-exact on all 256 inputs; float32 within 1e-6 relative.
import { describe, it } from 'vitest';
import { hardSwishGpuKernel } from '../../src/backends/webgpu/kernels/hard-swish.js';
import { SPECIAL, allBytesExact, floatClose } from './activation-helpers.js';

describe('GPU HARD_SWISH vs CPU', () => {
  it('float32', () => floatClose('HARD_SWISH', hardSwishGpuKernel, 8, 1e-30, 1e-6, SPECIAL));
  it('int8 all values', async () => {
    for (const [s, zp, so, zo] of [[1 / 32, 0, 1 / 32, 0], [0.05, -128, 0.03, -100], [0.02, 127, 0.05, 0], [0.1, 10, 0.08, -128]] as const) {
      await allBytesExact('HARD_SWISH', hardSwishGpuKernel, 'int8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
  it('uint8 all values', async () => {
    for (const [s, zp, so, zo] of [[0.05, 128, 0.04, 20], [0.1, 0, 0.1, 0], [0.03, 255, 0.02, 255]] as const) {
      await allBytesExact('HARD_SWISH', hardSwishGpuKernel, 'uint8', { scale: s, zeroPoint: zp }, { scale: so, zeroPoint: zo });
    }
  });
});
