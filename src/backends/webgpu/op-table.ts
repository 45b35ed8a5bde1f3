// The WebGPU backend's explicit operator table; operators missing here run on the CPU inside the GPU plan.
import type { GpuKernel } from './kernel.js';
import { addGpuKernel, mulGpuKernel, subGpuKernel } from './kernels/binary.js';

export const GPU_KERNELS: Readonly<Record<string, GpuKernel>> = {
  ADD: addGpuKernel,
  MUL: mulGpuKernel,
  SUB: subGpuKernel,
};
