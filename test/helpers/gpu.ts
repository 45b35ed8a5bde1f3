// Opens one WebGPU device per test file through Dawn (the `webgpu` package) on SwiftShader, and runs one-op
// graphs on the GPU and on the CPU backend (the oracle) for kernel comparisons.
import fs from 'node:fs';
import os from 'node:os';
import type { GpuContext } from '../../src/backends/webgpu/device.js';
import { openGpu } from '../../src/backends/webgpu/device.js';
import { WebGpuBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { CpuBackend } from '../../src/backends/cpu/cpu-backend.js';
import type { HostTensor } from '../../src/backends/backend.js';
import type { OneOp } from './kernel-harness.js';
import type { GpuKernel } from '../../src/backends/webgpu/kernel.js';
import { GPU_KERNELS } from '../../src/backends/webgpu/op-table.js';

/** SwiftShader's Vulkan driver ships with Debian's chromium package (.ci/run installs it). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let ctx: Promise<GpuContext> | null = null;

export function gpuContext(): Promise<GpuContext> {
  if (!ctx) {
    if (!process.env.VK_ICD_FILENAMES && fs.existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    // Mesa's and SwiftShader's loaders print an error on every instance without a runtime dir.
    process.env.XDG_RUNTIME_DIR ??= os.tmpdir();
    ctx = openGpu();
  }
  return ctx;
}

/** Runs the one-op graph on both backends with the same inputs; returns [gpu outputs, cpu outputs]. */
export async function runBoth(g: OneOp, opts: { precision?: 'fp32' | 'fp16'; kernels?: Record<string, GpuKernel> } = {}): Promise<[HostTensor[], HostTensor[], WebGpuBackend]> {
  const gpu = new WebGpuBackend(g.graph, await gpuContext(), opts.precision ?? 'fp32', { ...GPU_KERNELS, ...opts.kernels });
  const cpu = new CpuBackend(g.graph);
  const inputs: HostTensor[] = g.graph.inputs.map((t) => {
    const i = g.op.inputs.indexOf(t);
    const rt = g.inputs[i]!;
    return { shape: rt.shape.slice(), dtype: rt.info.dtype, data: rt.data };
  });
  const [a, b] = [await gpu.run(inputs), await cpu.run(inputs)];
  return [a, b, gpu];
}
