// RESHAPE on the GPU: the planner fixed the output shape; the words are copied unchanged into the output buffer.
import { reshapeKernel } from '../../cpu/kernels/reshape.js';
import { copyThroughGpuKernel } from './copy-box.js';

export const reshapeGpuKernel = copyThroughGpuKernel(reshapeKernel);
