// RELU: max(x, 0) on float32, and TFLite's quantized ReluX (requantize, clamp at zero) on int8/uint8/int16.
import type { CpuKernel } from '../kernel.js';
import { checkReluX, runReluX } from './shared/unary-relux.js';

export const reluKernel: CpuKernel = {
  check: checkReluX,
  run(ctx) {
    runReluX(ctx, 'RELU');
  },
};
