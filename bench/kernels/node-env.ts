// Node-only: the machine, Node and package versions for the results JSON, the adapter slug that names the
// results file, and the default Vulkan driver (SwiftShader) for Dawn on machines without a GPU.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GpuInfo } from '../../src/backends/webgpu/device.js';
import type { EnvironmentReport } from './types.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Dawn picks the Vulkan driver per process: default to SwiftShader when nothing is chosen and it exists. */
export function defaultVulkanDriver(): void {
  if (!process.env.VK_ICD_FILENAMES && fs.existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // Mesa's and SwiftShader's loaders complain on every instance without a runtime dir.
  process.env.XDG_RUNTIME_DIR ??= os.tmpdir();
}

function versionOf(file: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Run from the project root (npm scripts and the GPU-machine command both are). */
export function nodeEnvironment(root = process.cwd()): EnvironmentReport {
  const packages: Record<string, string> = {};
  const ours = versionOf(path.join(root, 'package.json'));
  if (ours) packages['tflite-webgpu'] = ours;
  const dawn = versionOf(path.join(root, 'node_modules', 'webgpu', 'package.json'));
  if (dawn) packages.webgpu = dawn;
  const cpus = os.cpus();
  return {
    runtime: 'node',
    machine: { os: `${os.type()} ${os.release()} ${os.arch()}`, cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    node: process.version, packages,
  };
}

/** e.g. "google-swiftshader", "mesa-llvmpipe", "nvidia-hopper": names one results file per machine. */
export function adapterSlug(info: Pick<GpuInfo, 'vendor' | 'architecture' | 'description'>): string {
  const generic = !info.architecture || info.architecture === 'software';
  const second = generic ? info.description.split(/[\s:(]+/)[0] ?? '' : info.architecture;
  const slug = [info.vendor, second].filter(Boolean).join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return slug || 'unknown-adapter';
}
