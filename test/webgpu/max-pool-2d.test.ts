// GPU MAX_POOL_2D vs the CPU kernel: float32 exact, int8/uint8/int16 bit-exact; SAME borders, stride 2, filters larger than
// the input, fused activations, zero points at the ends of the range.
import { describe, it } from 'vitest';
import { maxPool2dGpuKernel } from '../../src/backends/webgpu/kernels/max-pool-2d.js';
import { poolCase } from './pool-helpers.js';
import type { Activation } from '../../src/graph/options.js';

describe('GPU MAX_POOL_2D vs CPU', () => {
  for (const act of ['NONE', 'RELU6', 'RELU_N1_TO_1'] as Activation[]) {
    it(`float32 ${act}`, () => poolCase('MAX_POOL_2D', maxPool2dGpuKernel, 'float32', act, 0, 1));
  }
  for (const [dtype, zps] of [['int8', [-128, 0, 127]], ['uint8', [0, 128, 255]], ['int16', [0]]] as const) {
    for (const act of ['NONE', 'RELU', 'RELU6'] as Activation[]) {
      it(`${dtype} ${act}`, async () => {
        for (const zp of zps) await poolCase('MAX_POOL_2D', maxPool2dGpuKernel, dtype, act, zp, 5 + zp);
      });
    }
  }
});
