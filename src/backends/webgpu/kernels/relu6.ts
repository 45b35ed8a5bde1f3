// RELU6 on the GPU: float32 min(max(x, 0), 6); int8/uint8 by lookup table, int16 by requantization, as the CPU kernel.
import { makeReluKernel } from './relu-common.js';

export const relu6GpuKernel = makeReluKernel('RELU6');
