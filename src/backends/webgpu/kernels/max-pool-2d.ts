// MAX_POOL_2D on the GPU (float32, int8, uint8, int16), as the CPU kernel's reference pooling.
import { makePoolKernel } from './pool-common.js';

export const maxPool2dGpuKernel = makePoolKernel('max');
