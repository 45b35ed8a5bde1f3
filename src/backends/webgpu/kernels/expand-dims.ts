// EXPAND_DIMS on the GPU: the planner inserted the size-1 dim; the words are copied unchanged into the output buffer.
import { expandDimsKernel } from '../../cpu/kernels/expand-dims.js';
import { copyThroughGpuKernel } from './copy-box.js';

export const expandDimsGpuKernel = copyThroughGpuKernel(expandDimsKernel);
