// RELU on the GPU: float32 max(x, 0); int8/uint8 by lookup table, int16 by requantization, as the CPU kernel.
import { makeReluKernel } from './relu-common.js';

export const reluGpuKernel = makeReluKernel('RELU');
