// Binds one operator's GPU passes (the engine's pipelines, uniform packing and resource kinds) to buffers of
// its own, so the suite can encode many runs back to back in one compute pass, time them with GPU timestamps and
// read the output back: kernel time without upload, readback or per-run submission.
import type { GpuContext } from '../../src/backends/webgpu/device.js';
import type { GpuPass } from '../../src/backends/webgpu/kernel.js';
import { PipelineCache } from '../../src/backends/webgpu/pipelines.js';
import { packParams } from '../../src/backends/webgpu/shader-library.js';
import { BufferUsage, MapMode } from '../../src/backends/webgpu/gpu-constants.js';
import { fromGpu, toGpu } from '../../src/backends/webgpu/formats.js';
import { elapsedMs, encodeDispatches, timestampPass, type Dispatch } from '../../src/backends/webgpu/steps.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import { numElements } from '../../src/graph/dtype.js';
import type { OneOpModel } from './problems.js';


/** One timed submission: wall time from submit to completion, and the pass's GPU time when timestamps exist. */
export interface Sample { wallMs: number; kernelMs: number | null }

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;
const asSource = (v: ArrayBufferView): GPUAllowSharedBufferSource => v as ArrayBufferView<ArrayBuffer>;

export class BoundOp {
  private readonly buffers: GPUBuffer[] = [];
  private readonly dispatches: Dispatch[];
  private readonly output: GPUBuffer;
  private readonly outElems: number;
  private readonly query: { set: GPUQuerySet; resolve: GPUBuffer; read: GPUBuffer } | null;

  constructor(private readonly ctx: GpuContext, private readonly m: OneOpModel, passes: GpuPass[], pipelines: PipelineCache) {
    const dev = ctx.device, g = m.graph;
    const byKey = new Map<string, GPUBuffer>();
    const make = (key: string, bytes: number, usage: number, init?: ArrayBufferView): GPUBuffer => {
      let b = byKey.get(key);
      if (b) return b;
      b = dev.createBuffer({ label: key, size: roundUp(Math.max(bytes, 16), 16), usage: usage | BufferUsage.COPY_DST });
      if (init) {
        // Padded to 16 bytes like the engine's constants: kernels may read the last values as vec4 groups.
        const padded = new Uint8Array(roundUp(Math.max(init.byteLength, 16), 16));
        padded.set(new Uint8Array(init.buffer, init.byteOffset, init.byteLength));
        dev.queue.writeBuffer(b, 0, asSource(padded));
      }
      byKey.set(key, b);
      this.buffers.push(b);
      return b;
    };
    const outT = m.op.outputs[0]!;
    this.outElems = numElements(g.tensors[outT]!.shape);
    const tensor = (t: number): GPUBuffer => {
      const info = g.tensors[t]!;
      const data = info.data ?? (t === g.inputs[0] ? m.input.data : null);
      return make(`tensor:${t}`, 4 * numElements(info.shape), BufferUsage.STORAGE | BufferUsage.COPY_SRC, data ? toGpu(info.dtype, data) : undefined);
    };
    this.dispatches = passes.map((p, i) => {
      const c = pipelines.get(p.shader, p.entryPoint, p.overrides);
      const entries: GPUBindGroupEntry[] = [];
      for (const [name, b] of c.entry.bindings) {
        let buffer: GPUBuffer;
        if (b.kind === 'uniform') {
          const data = packParams(c.entry, p.params ?? {});
          buffer = make(`params:${i}`, data.byteLength, BufferUsage.UNIFORM, new Uint8Array(data));
        } else {
          const r = p.resources[name];
          if (!r) throw new Error(`pass ${p.shader}#${p.entryPoint} gives no resource for "${name}"`);
          if (r.kind === 'tensor') buffer = tensor(r.tensor);
          else if (r.kind === 'const') { const d = byKey.has(`const:${r.key}`) ? undefined : r.data(); buffer = make(`const:${r.key}`, d?.byteLength ?? 0, BufferUsage.STORAGE, d); }
          else buffer = make(`scratch:${r.key}`, r.bytes, BufferUsage.STORAGE);
        }
        entries.push({ binding: b.binding, resource: { buffer } });
      }
      return { pipeline: c.pipeline, bindGroup: dev.createBindGroup({ layout: c.layout, entries }), workgroups: p.workgroups };
    });
    this.output = tensor(outT);
    this.query = ctx.device.features.has('timestamp-query') ? {
      set: dev.createQuerySet({ type: 'timestamp', count: 2 }),
      resolve: dev.createBuffer({ size: 16, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC }),
      read: dev.createBuffer({ size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }),
    } : null;
  }

  get hasTimestamps(): boolean {
    return this.query !== null;
  }

  /** Encodes `reps` runs of the operator in one compute pass, submits, and waits for the GPU. */
  async sample(reps: number): Promise<Sample> {
    const dev = this.ctx.device;
    const enc = dev.createCommandEncoder();
    const q = this.query;
    const pass = enc.beginComputePass(q ? timestampPass(q.set, 0) : {});
    for (let r = 0; r < reps; r++) encodeDispatches(pass, this.dispatches);
    pass.end();
    if (q) {
      enc.resolveQuerySet(q.set, 0, 2, q.resolve, 0);
      enc.copyBufferToBuffer(q.resolve, 0, q.read, 0, 16);
    }
    const cmd = enc.finish();
    const t0 = performance.now();
    dev.queue.submit([cmd]);
    await dev.queue.onSubmittedWorkDone();
    const wallMs = performance.now() - t0;
    this.raiseGpuError();
    let kernelMs: number | null = null;
    if (q) {
      await q.read.mapAsync(MapMode.READ);
      const [a, b] = new BigUint64Array(q.read.getMappedRange().slice(0));
      q.read.unmap();
      if (a !== undefined && b !== undefined) kernelMs = elapsedMs(a, b);
    }
    return { wallMs, kernelMs };
  }

  /** The output tensor as the host dtype (after at least one sample). */
  async readOutput(): Promise<TypedArray> {
    const dev = this.ctx.device;
    const bytes = 4 * this.outElems;
    const staging = dev.createBuffer({ size: roundUp(Math.max(bytes, 4), 4), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const enc = dev.createCommandEncoder();
    enc.copyBufferToBuffer(this.output, 0, staging, 0, bytes);
    dev.queue.submit([enc.finish()]);
    await staging.mapAsync(MapMode.READ);
    const words = staging.getMappedRange().slice(0);
    staging.destroy();
    this.raiseGpuError();
    const dtype = this.m.graph.tensors[this.m.op.outputs[0]!]!.dtype;
    return fromGpu(dtype, words, 0, this.outElems);
  }

  private raiseGpuError(): void {
    const e = this.ctx.takeError();
    if (e) throw new Error(`the GPU reported an error: ${e}`);
    if (this.ctx.lost) throw new Error(`GPU device lost: ${this.ctx.lost.message}`);
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    if (this.query) { this.query.set.destroy(); this.query.resolve.destroy(); this.query.read.destroy(); }
  }
}
