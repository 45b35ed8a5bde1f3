// Finds a WebGPU adapter (navigator.gpu in browsers, the `webgpu` package's Dawn in Node) and opens a device,
// reporting what it found and why it failed.
import { BackendUnavailableError } from '../../errors.js';

export interface GpuInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Adapter features we use: 'shader-f16', 'timestamp-query'. */
  features: string[];
  /** WGSL language features, e.g. 'packed_4x8_integer_dot_product'. */
  wgslFeatures: string[];
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number; maxComputeWorkgroupsPerDimension: number;
    maxComputeInvocationsPerWorkgroup: number; maxStorageBuffersPerShaderStage: number; minStorageBufferOffsetAlignment: number };
}

export interface GpuContext {
  /** Held so the GPU instance outlives its device (Dawn in Node tears the instance down when it is collected). */
  gpu: GPU;
  device: GPUDevice;
  info: GpuInfo;
  /** Set once the device is lost; runs fail with DeviceLostError from then on. */
  lost: { reason: string; message: string } | null;
  /** The first uncaptured validation/out-of-memory error since the last check (cleared by takeError). */
  takeError(): string | null;
}

export interface GpuOptions {
  /** An already-created GPU object (e.g. from a test harness); default: navigator.gpu, else Node's `webgpu`. */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
  /** Ask for shader-f16 when the adapter has it (default true). */
  f16?: boolean;
}

/** The GPU entry point for this environment, or null when there is none (never throws for "absent"). */
export async function findGpu(): Promise<GPU | null> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return null;
  try {
    // Optional peer dependency: a variable specifier keeps bundlers from pulling Dawn into browser builds.
    const name = 'webgpu';
    const mod = (await import(/* @vite-ignore */ name)) as { create(flags: string[]): GPU };
    // Dawn rounds timestamp queries to 65.5 us against timing attacks in browsers; a Node process has no such
    // threat, and per-operator profiles need the real resolution.
    return mod.create(['disable-dawn-features=timestamp_quantization']);
  } catch {
    return null;
  }
}

export async function openGpu(opts: GpuOptions = {}): Promise<GpuContext> {
  const gpu = opts.gpu ?? (await findGpu());
  if (!gpu) throw new BackendUnavailableError('no WebGPU here: navigator.gpu is absent and the `webgpu` package (Dawn) is not installed');
  const adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  if (!adapter) throw new BackendUnavailableError('WebGPU is present but offers no adapter (no GPU driver, or WebGPU disabled)');
  const wanted: GPUFeatureName[] = [];
  if (opts.f16 !== false && adapter.features.has('shader-f16')) wanted.push('shader-f16');
  if (adapter.features.has('timestamp-query')) wanted.push('timestamp-query');
  const al = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: wanted,
    requiredLimits: {
      maxStorageBufferBindingSize: al.maxStorageBufferBindingSize,
      maxBufferSize: al.maxBufferSize,
      maxStorageBuffersPerShaderStage: al.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: al.maxComputeInvocationsPerWorkgroup,
    },
  });
  const ai = adapter.info;
  const wgsl = (gpu as GPU & { wgslLanguageFeatures?: Iterable<string> }).wgslLanguageFeatures;
  const info: GpuInfo = {
    vendor: ai?.vendor ?? '', architecture: ai?.architecture ?? '', device: ai?.device ?? '', description: ai?.description ?? '',
    features: wanted.map(String), wgslFeatures: wgsl ? [...wgsl] : [],
    limits: {
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize, maxBufferSize: device.limits.maxBufferSize,
      maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: device.limits.maxStorageBuffersPerShaderStage,
      minStorageBufferOffsetAlignment: device.limits.minStorageBufferOffsetAlignment,
    },
  };
  const ctx: GpuContext = { gpu, device, info, lost: null, takeError: () => null };
  let firstError: string | null = null;
  device.addEventListener('uncapturederror', (ev) => {
    const e = (ev as GPUUncapturedErrorEvent).error;
    firstError ??= `${e.constructor.name}: ${e.message}`;
  });
  ctx.takeError = () => { const e = firstError; firstError = null; return e; };
  void device.lost.then((l) => { ctx.lost = { reason: String(l.reason), message: l.message }; });
  return ctx;
}

/** A short human name for the adapter, e.g. "google swiftshader (SwiftShader driver 5.0.0)". */
export function adapterName(info: GpuInfo): string {
  const base = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return info.description ? `${base} (${info.description})` : base;
}
