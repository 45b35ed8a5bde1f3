// AVERAGE_POOL_2D on the GPU (float32, int8, uint8, int16): in-bounds tap count and TFLite's integer rounding.
import { makePoolKernel } from './pool-common.js';

export const averagePool2dGpuKernel = makePoolKernel('avg');
