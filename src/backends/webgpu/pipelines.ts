// Compute pipelines cached by compile-time facts only (shader, entry point, override constants), with explicit
// bind-group layouts built from the shader's reflected resources.
import { ShaderError } from '../../errors.js';
import { reflectEntry, type ReflectedEntry } from './shader-library.js';
import { ShaderStage } from './gpu-constants.js';

export interface CachedPipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  entry: ReflectedEntry;
}

export class PipelineCache {
  private readonly cache = new Map<string, CachedPipeline>();
  private readonly modules = new Map<string, GPUShaderModule>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.cache.size;
  }

  get(shader: string, entryPoint: string, overrides: Record<string, number> = {}): CachedPipeline {
    const key = pipelineKey(shader, entryPoint, overrides);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { layout, entry, descriptor } = this.describe(key, shader, entryPoint, overrides);
    const c = { pipeline: this.device.createComputePipeline(descriptor), layout, entry };
    this.cache.set(key, c);
    return c;
  }

  /**
   * Compiles the pipelines of `specs` not cached yet, all at once with createComputePipelineAsync: the
   * implementation may compile them in parallel (Chromium's GPU process and Dawn use worker threads), and a
   * browser page's main thread is not blocked meanwhile. Later get() calls find them cached.
   */
  async prepare(specs: readonly PipelineSpec[]): Promise<void> {
    const pending = new Map<string, Promise<CachedPipeline>>();
    for (const { shader, entryPoint, overrides = {} } of specs) {
      const key = pipelineKey(shader, entryPoint, overrides);
      if (this.cache.has(key) || pending.has(key)) continue;
      const { layout, entry, descriptor } = this.describe(key, shader, entryPoint, overrides);
      pending.set(key, this.device.createComputePipelineAsync(descriptor).then(
        (pipeline) => ({ pipeline, layout, entry }),
        (e: unknown) => { throw new ShaderError(`shaders/${shader}.wgsl#${entryPoint}: pipeline creation failed: ${(e as Error).message}`); },
      ));
    }
    const built = await Promise.all([...pending].map(async ([key, p]) => [key, await p] as const));
    for (const [key, c] of built) this.cache.set(key, c);
  }

  private describe(key: string, shader: string, entryPoint: string, overrides: Record<string, number>):
    { layout: GPUBindGroupLayout; entry: ReflectedEntry; descriptor: GPUComputePipelineDescriptor } {
    const entry = reflectEntry(shader, entryPoint);
    const unknown = Object.keys(overrides).filter((k) => !entry.overrides.includes(k));
    if (unknown.length) throw new ShaderError(`shaders/${shader}.wgsl#${entryPoint}: no override constant(s) ${unknown.join(', ')}`);
    let module = this.modules.get(shader);
    if (!module) {
      module = this.device.createShaderModule({ code: entry.code, label: shader });
      this.modules.set(shader, module);
    }
    const layout = this.device.createBindGroupLayout({
      label: `${shader}#${entryPoint}`,
      entries: [...entry.bindings.values()].map((b) => ({
        binding: b.binding, visibility: ShaderStage.COMPUTE,
        buffer: { type: b.kind === 'uniform' ? 'uniform' : b.kind === 'storage-read' ? 'read-only-storage' : 'storage' },
      })),
    });
    const descriptor: GPUComputePipelineDescriptor = {
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint, constants: overrides },
    };
    return { layout, entry, descriptor };
  }
}

export interface PipelineSpec { shader: string; entryPoint: string; overrides?: Record<string, number> }

function pipelineKey(shader: string, entryPoint: string, overrides: Record<string, number>): string {
  return `${shader}#${entryPoint}#${Object.entries(overrides).sort().map(([k, v]) => `${k}=${v}`).join(',')}`;
}
