// RELU6: min(max(x, 0), 6) on float32, and TFLite's quantized ReluX (requantize, clamp to [0, 6]) on int8/uint8/int16.
import type { CpuKernel } from '../kernel.js';
import { checkReluX, runReluX } from './shared/unary-relux.js';

export const relu6Kernel: CpuKernel = {
  check: checkReluX,
  run(ctx) {
    runReluX(ctx, 'RELU6');
  },
};
