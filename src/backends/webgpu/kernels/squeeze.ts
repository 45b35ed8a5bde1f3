// SQUEEZE on the GPU: the planner dropped the size-1 dims; the words are copied unchanged into the output buffer.
import { squeezeKernel } from '../../cpu/kernels/squeeze.js';
import { copyThroughGpuKernel } from './copy-box.js';

export const squeezeGpuKernel = copyThroughGpuKernel(squeezeKernel);
