// Compute pipelines cached by compile-time facts only (shader, entry point, override constants), with explicit
// bind-group layouts built from the shader's reflected resources.
import { reflectEntry, ShaderError, type ReflectedEntry } from './shader-library.js';
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
    const key = `${shader}#${entryPoint}#${Object.entries(overrides).sort().map(([k, v]) => `${k}=${v}`).join(',')}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
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
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint, constants: overrides },
    });
    const c = { pipeline, layout, entry };
    this.cache.set(key, c);
    return c;
  }
}
