// Page-side entry of the kernel suite (examples/bench calls it): runs on the page's navigator.gpu, reporting what
// the browser can tell about the machine. No Node modules here.
import { openGpu } from '../../src/backends/webgpu/device.js';
import { runSuite, type KernelSuiteOptions } from './suite.js';
import type { EnvironmentReport, KernelSuiteResult } from './types.js';

export interface BrowserKernelSuiteOptions extends KernelSuiteOptions {
  /** Package versions to report (the page cannot read package.json), e.g. { 'tflite-webgpu': '0.1.0' }. */
  packages?: Record<string, string>;
}

interface NavigatorInfo { userAgent?: string; platform?: string; hardwareConcurrency?: number; deviceMemory?: number }

function browserEnvironment(packages: Record<string, string>): EnvironmentReport {
  const nav = (globalThis as { navigator?: NavigatorInfo }).navigator ?? {};
  return {
    runtime: 'browser',
    machine: { os: nav.platform ?? 'unknown', cpu: 'unknown', cores: nav.hardwareConcurrency ?? 0,
      ...(nav.deviceMemory ? { memoryGiB: nav.deviceMemory } : {}) },
    ...(nav.userAgent ? { userAgent: nav.userAgent } : {}),
    packages,
  };
}

/** Opens a device on `gpu` (shader-f16 and timestamp-query when offered), runs the suite, releases the device. */
export async function runKernelSuite(gpu: GPU, opts: BrowserKernelSuiteOptions = {}): Promise<KernelSuiteResult> {
  const ctx = await openGpu({ gpu });
  try {
    return await runSuite(ctx, browserEnvironment(opts.packages ?? {}), opts);
  } finally {
    ctx.device.destroy();
  }
}

export type { KernelSuiteOptions, KernelSuiteResult };
