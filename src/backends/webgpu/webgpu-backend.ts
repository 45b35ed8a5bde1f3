// The WebGPU backend: per input-shape plan it binds every step once (pipelines, bind groups, buffers reused by
// lifetime), then each inference is one command encoder and one submit, read back through a reused staging
// buffer. Operators without a GPU kernel run on the CPU between GPU segments, and the plan says so.
import type { Backend, HostTensor, OpPlacement as Placement, ProfiledRun } from '../backend.js';
import { allocTyped, numElements } from '../../graph/dtype.js';
import type { Graph, Operator } from '../../graph/ir.js';
import { planGraph, type Plan } from '../../planning/planner.js';
import { planSlots } from '../../planning/buffer-slots.js';
import type { Lifetime } from '../../planning/memory-plan.js';
import { DeviceLostError, GpuLimitError, GpuRuntimeError, KernelError, UnsupportedOpError, type UnsupportedOp } from '../../errors.js';
import { CPU_KERNELS } from '../cpu/op-table.js';
import { cpuEvaluator } from '../cpu/cpu-backend.js';
import { expandFoldedWeights } from '../cpu/expand-weights.js';
import type { CpuTensor, KernelContext } from '../cpu/kernel.js';
import { hasShapeRule } from '../../planning/shape-rules.js';
import { BufferUsage, MapMode } from './gpu-constants.js';
import type { GpuContext } from './device.js';
import { adapterName } from './device.js';
import { fromGpu, gpuFormat, toGpu } from './formats.js';
import type { GpuCaps, GpuKernel, GpuKernelContext, GpuPass } from './kernel.js';
import { GPU_KERNELS } from './op-table.js';
import { PipelineCache } from './pipelines.js';
import { packParams } from './shader-library.js';
import { encodeStep, profileSteps, type GpuStep } from './steps.js';

interface CpuStep { kind: 'cpu'; op: Operator; ctx: KernelContext; download: number[]; upload: number[] }
type Step = GpuStep | CpuStep;

interface Bound {
  plan: Plan;
  steps: Step[];
  buffers: Map<number, GPUBuffer>;
  owned: GPUBuffer[];
  host: Map<number, CpuTensor>;
  staging: GPUBuffer;
  outputOffsets: number[];
  activationBytes: number;
}

const ALIGN = 256;

/** Ops whose output holds the input's words unchanged (every activation format stores one word per element). */
const VIEW_OPS = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS']);

/** Output -> input of the GPU steps that can reuse their input's buffer instead of copying it. */
function viewOutputs(plan: Plan, onCpu: ReadonlySet<number>): Map<number, number> {
  const live = new Set(plan.lifetimes.map((l) => l.tensor));
  const views = new Map<number, number>();
  for (const op of plan.steps) {
    const [src, dst] = [op.inputs[0]!, op.outputs[0]!];
    if (VIEW_OPS.has(op.opcode) && !onCpu.has(op.index) && live.has(src) && live.has(dst)) views.set(dst, src);
  }
  return views;
}
/** Our views are never over SharedArrayBuffers; the DOM typings just cannot know that. */
const bufferSource = (v: ArrayBufferView): GPUAllowSharedBufferSource => v as ArrayBufferView<ArrayBuffer>;
const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  /** The graph GPU kernels see: fp16 weights folded from DEQUANTIZE stay fp16 (`dequantizeTo`), others float32. */
  readonly graph: Graph;
  /** The same operators over fully expanded float32 weights, for CPU fallback kernels. */
  private readonly cpuGraph: Graph;
  private readonly kernels: Readonly<Record<string, GpuKernel>>;
  private readonly placed: Placement[];
  readonly caps: GpuCaps;
  private readonly pipelines: PipelineCache;
  private readonly consts = new Map<string, GPUBuffer>();
  private bound: Bound | null = null;
  private boundKey = '';
  private disposed = false;

  constructor(graph: Graph, readonly gpu: GpuContext, precision: 'fp32' | 'fp16' = 'fp32', kernels: Readonly<Record<string, GpuKernel>> = GPU_KERNELS) {
    this.kernels = kernels;
    this.graph = expandFoldedWeights(graph, (t) => t.dtype !== 'float16');
    this.cpuGraph = expandFoldedWeights(graph);
    const desc = `${gpu.info.vendor} ${gpu.info.architecture} ${gpu.info.description}`.toLowerCase();
    this.caps = {
      f16: gpu.info.features.includes('shader-f16'),
      dot4: gpu.info.wgslFeatures.includes('packed_4x8_integer_dot_product'),
      precision,
      preferRegisterTiling: /swiftshader|llvmpipe|lavapipe|cpu/.test(desc),
    };
    this.pipelines = new PipelineCache(gpu.device);
    this.placed = this.place();
  }

  get adapter(): string {
    return adapterName(this.gpu.info);
  }

  get precision(): 'fp32' | 'fp16' {
    return this.caps.precision;
  }

  placement(): Placement[] {
    return this.placed.map((p) => ({ ...p }));
  }

  private place(): Placement[] {
    const g = this.graph;
    const unsupported = new Map<string, UnsupportedOp>();
    const out: Placement[] = [];
    for (const op of g.operators) {
      const tensorsOk = [...op.inputs, ...op.outputs].every((t) => t < 0 || g.tensors[t]!.data !== null || gpuFormat(g.tensors[t]!.dtype) !== null);
      const gk = this.kernels[op.opcode];
      const gpuReason = !gk ? 'no GPU kernel' : !tensorsOk ? 'a tensor type without a GPU format' : gk.check(op, g, this.caps);
      if (gpuReason === null) { out.push({ op: op.index, opcode: op.opcode, on: 'gpu' }); continue; }
      const ck = CPU_KERNELS[op.opcode];
      const cpuReason = !ck || !hasShapeRule(op.opcode) ? (op.opcode.startsWith('CUSTOM:') ? 'custom operator' : 'no kernel') : ck.check(op, this.cpuGraph);
      if (cpuReason === null) { out.push({ op: op.index, opcode: op.opcode, on: 'cpu', reason: gpuReason }); continue; }
      const key = `${op.opcode}\u0000${op.version}\u0000${cpuReason}`;
      const e = unsupported.get(key);
      if (e) e.operators.push(op.index);
      else unsupported.set(key, { opcode: op.opcode, version: op.version, operators: [op.index], reason: cpuReason });
    }
    if (unsupported.size) throw new UnsupportedOpError([...unsupported.values()], 'webgpu');
    return out;
  }

  /** A model-lifetime constant (weights, packed layouts), uploaded once per key. */
  private constBuffer(key: string, data: () => ArrayBufferView): GPUBuffer {
    let b = this.consts.get(key);
    if (b) return b;
    b = this.filledBuffer(key, data());
    this.consts.set(key, b);
    return b;
  }

  private filledBuffer(label: string, d: ArrayBufferView): GPUBuffer {
    const b = this.gpu.device.createBuffer({ label, size: roundUp(Math.max(d.byteLength, 16), 16), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    // Padded to 16 bytes: kernels may read the last values as vec4 groups.
    const padded = bytes.byteLength % 16 ? (() => { const p = new Uint8Array(roundUp(bytes.byteLength, 16)); p.set(bytes); return p; })() : bytes;
    this.gpu.device.queue.writeBuffer(b, 0, bufferSource(padded));
    return b;
  }

  private async planFor(shapes: number[][]): Promise<Bound> {
    const key = shapes.map((s) => s.join('x')).join(',');
    if (this.bound && this.boundKey === key) return this.bound;
    this.releaseBound();
    const bound = await this.bind(planGraph(this.graph, shapes, cpuEvaluator(this.graph)), key);
    this.bound = bound;
    this.boundKey = key;
    return bound;
  }

  private async bind(plan: Plan, key: string): Promise<Bound> {
    const g = this.graph, dev = this.gpu.device;
    const onCpu = new Set(this.placed.filter((p) => p.on === 'cpu').map((p) => p.op));
    const owned: GPUBuffer[] = [];
    const elems = (t: number): number => numElements(plan.shapes[t]!);
    // Activations at one 32-bit word per element; one buffer per slot, a slot's tensors never live at the same step.
    const sized = plan.lifetimes.map((l) => ({ ...l, bytes: 4 * elems(l.tensor) }));
    this.checkLimits(plan, sized);
    const views = viewOutputs(plan, onCpu);
    const slots = planSlots(sized, views);
    const slotBufs = slots.slotBytes.map((b, i) => {
      const buf = dev.createBuffer({ label: `slot${i}`, size: roundUp(Math.max(b, 4), 16), usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
      owned.push(buf);
      return buf;
    });
    const buffers = new Map<number, GPUBuffer>();
    for (const [t, s] of slots.slotOf) buffers.set(t, slotBufs[s]!);
    const tensorBuffer = (t: number): GPUBuffer => {
      const b = buffers.get(t);
      if (b) return b;
      const info = g.tensors[t]!;
      // Constants used as plain operands (not as packed weights) in the activation format.
      if (info.data) return this.constBuffer(`tensor:${t}`, () => toGpu(info.dtype, info.data!));
      const folded = plan.folded.get(t);
      if (!folded) throw new KernelError('PLAN', -1, `tensor ${t} "${info.name}" has no GPU buffer`);
      // Folded for this plan's input shapes: owned by the plan, released with it.
      const fb = this.filledBuffer(`folded tensor ${t} for ${key}`, toGpu(info.dtype, folded));
      owned.push(fb);
      buffers.set(t, fb);
      return fb;
    };
    const host = new Map<number, CpuTensor>();
    const hostTensor = (t: number): CpuTensor => {
      let h = host.get(t);
      if (h) return h;
      const info = this.cpuGraph.tensors[t]!;
      const value = info.data ?? plan.folded.get(t);
      h = { info, shape: plan.shapes[t]!, data: value ?? allocTyped(info.dtype, elems(t)) };
      host.set(t, h);
      return h;
    };
    const kctx: GpuKernelContext = { graph: g, shape: (t) => plan.shapes[t]!, caps: this.caps, maxWorkgroupsPerDim: this.gpu.info.limits.maxComputeWorkgroupsPerDimension };
    const scratch = new Map<string, GPUBuffer>();
    const passesOf = new Map<number, GpuPass[]>();
    for (const op of plan.steps) {
      if (!onCpu.has(op.index) && !views.has(op.outputs[0]!)) passesOf.set(op.index, this.kernels[op.opcode]!.passes(op, kctx));
    }
    // Every pipeline of the plan compiles at once, before any is used (the cold start is mostly compilation).
    await this.pipelines.prepare([...passesOf.values()].flat());
    const steps: Step[] = plan.steps.map((op): Step => {
      if (onCpu.has(op.index)) {
        const ctx: KernelContext = { op, inputs: op.inputs.map((t) => (t < 0 ? null : hostTensor(t))), outputs: op.outputs.map(hostTensor) };
        const download = op.inputs.filter((t) => t >= 0 && g.tensors[t]!.data === null && !plan.folded.has(t));
        return { kind: 'cpu', op, ctx, download, upload: op.outputs.slice() };
      }
      // A view's output shares its input's buffer: nothing to run (kept as a step so profiles list it).
      const passes = passesOf.get(op.index);
      if (!passes) return { kind: 'gpu', op, dispatches: [] };
      const dispatches = passes.map((p, pi) => {
        const c = this.pipelines.get(p.shader, p.entryPoint, p.overrides);
        const entries: GPUBindGroupEntry[] = [];
        for (const [name, b] of c.entry.bindings) {
          let buffer: GPUBuffer;
          if (b.kind === 'uniform') {
            const data = packParams(c.entry, p.params ?? {});
            buffer = dev.createBuffer({ label: `${op.opcode}#${op.index}.${pi}.params`, size: data.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
            dev.queue.writeBuffer(buffer, 0, data);
            owned.push(buffer);
          } else {
            const r = p.resources[name];
            if (!r) throw new KernelError(op.opcode, op.index, `pass ${p.shader}#${p.entryPoint} gives no resource for "${name}"`);
            if (r.kind === 'tensor') buffer = tensorBuffer(r.tensor);
            else if (r.kind === 'const') buffer = this.constBuffer(r.key, r.data);
            else {
              const sk = `${op.index}:${r.key}`;
              let s = scratch.get(sk);
              if (!s) {
                s = dev.createBuffer({ label: `scratch ${sk}`, size: roundUp(Math.max(r.bytes, 4), 16), usage: BufferUsage.STORAGE });
                scratch.set(sk, s);
                owned.push(s);
              }
              buffer = s;
            }
          }
          entries.push({ binding: b.binding, resource: { buffer } });
        }
        const bindGroup = dev.createBindGroup({ label: `${op.opcode}#${op.index}.${pi}`, layout: c.layout, entries });
        return { pipeline: c.pipeline, bindGroup, workgroups: p.workgroups };
      });
      return { kind: 'gpu', op, dispatches };
    });
    // One staging buffer for all outputs, reused by every run of this plan.
    const outputOffsets: number[] = [];
    let total = 0;
    for (const t of g.outputs) { outputOffsets.push(total); total = roundUp(total + 4 * elems(t), ALIGN); }
    const staging = dev.createBuffer({ label: 'staging', size: Math.max(total, 4), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    owned.push(staging);
    const activationBytes = slots.slotBytes.reduce((a, b) => a + b, 0);
    return { plan, steps, buffers, owned, host, staging, outputOffsets, activationBytes };
  }

  /**
   * Every activation of this plan must fit one storage binding; else a typed error names the tensor and the
   * largest batch that fits (activation sizes grow linearly with the batch), instead of a GPU validation error.
   */
  private checkLimits(plan: Plan, sized: readonly Lifetime[]): void {
    const limit = Math.min(this.gpu.info.limits.maxStorageBufferBindingSize, this.gpu.info.limits.maxBufferSize);
    const worst = sized.reduce<Lifetime | null>((w, l) => (!w || l.bytes > w.bytes ? l : w), null);
    if (!worst || worst.bytes <= limit) return;
    const batch = this.graph.inputs.length ? plan.shapes[this.graph.inputs[0]!]![0] ?? 1 : 1;
    const fits = Math.floor((batch * limit) / worst.bytes);
    const hint = batch > 1 && fits >= 1 ? `; run batches of at most ${fits}` : '';
    throw new GpuLimitError(`tensor ${worst.tensor} "${this.graph.tensors[worst.tensor]!.name}" [${plan.shapes[worst.tensor]!}] needs a ${worst.bytes}-byte GPU buffer; the adapter allows ${limit} bytes per storage buffer${hint}`);
  }

  async run(inputs: HostTensor[]): Promise<HostTensor[]> {
    const b = await this.begin(inputs);
    const g = this.graph, dev = this.gpu.device;
    let enc = dev.createCommandEncoder();
    let pass: GPUComputePassEncoder | null = null;
    for (const s of b.steps) {
      if (s.kind === 'gpu') {
        pass ??= enc.beginComputePass();
        encodeStep(pass, s);
        continue;
      }
      pass?.end();
      pass = null;
      enc = await this.runCpuStep(enc, b, s);
    }
    pass?.end();
    g.outputs.forEach((t, k) => {
      const src = b.buffers.get(t);
      if (src) enc.copyBufferToBuffer(src, 0, b.staging, b.outputOffsets[k]!, 4 * numElements(b.plan.shapes[t]!));
    });
    dev.queue.submit([enc.finish()]);
    await this.mapStaging(b.staging);
    const words = b.staging.getMappedRange().slice(0);
    b.staging.unmap();
    return g.outputs.map((t, k) => {
      const info = g.tensors[t]!;
      const shape = b.plan.shapes[t]!.slice();
      const constant = info.data ?? b.plan.folded.get(t);
      if (constant) return { shape, dtype: info.dtype, data: constant.slice() };
      return { shape, dtype: info.dtype, data: fromGpu(info.dtype, words, b.outputOffsets[k]!, numElements(shape)) };
    });
  }

  async profile(inputs: HostTensor[]): Promise<ProfiledRun> {
    const b = await this.begin(inputs);
    return profileSteps(this.gpu.device, b.steps, {
      cpuStep: (enc, s) => this.runCpuStep(enc, b, s),
      mapped: (buf) => this.mapStaging(buf),
    });
  }

  /** Checks the device, binds the plan for these shapes and uploads the inputs. */
  private async begin(inputs: HostTensor[]): Promise<Bound> {
    if (this.disposed) throw new KernelError('RUN', -1, 'backend disposed');
    this.checkDevice();
    const b = await this.planFor(inputs.map((x) => x.shape));
    const g = this.graph, dev = this.gpu.device;
    g.inputs.forEach((t, i) => {
      const buf = b.buffers.get(t);
      const data = toGpu(inputs[i]!.dtype, inputs[i]!.data);
      if (buf) dev.queue.writeBuffer(buf, 0, bufferSource(data));
      const h = b.host.get(t);
      if (h) (h.data as Uint8Array).set(inputs[i]!.data as Uint8Array);
    });
    return b;
  }

  /** A CPU step: flushes the GPU work in `enc`, fetches the step's inputs, computes, uploads its outputs. */
  private async runCpuStep(enc: GPUCommandEncoder, b: Bound, s: CpuStep): Promise<GPUCommandEncoder> {
    const g = this.graph, dev = this.gpu.device;
    await this.download(enc, b, s.download);
    CPU_KERNELS[s.op.opcode]!.run(s.ctx);
    for (const t of s.upload) {
      const buf = b.buffers.get(t);
      if (buf) dev.queue.writeBuffer(buf, 0, bufferSource(toGpu(g.tensors[t]!.dtype, b.host.get(t)!.data)));
    }
    return dev.createCommandEncoder();
  }

  private async download(enc: GPUCommandEncoder, b: Bound, tensors: number[]): Promise<void> {
    const dev = this.gpu.device;
    const offsets: number[] = [];
    let total = 0;
    for (const t of tensors) { offsets.push(total); total = roundUp(total + 4 * numElements(b.plan.shapes[t]!), ALIGN); }
    const tmp = dev.createBuffer({ label: 'cpu-step download', size: Math.max(total, 4), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    tensors.forEach((t, i) => enc.copyBufferToBuffer(b.buffers.get(t)!, 0, tmp, offsets[i]!, 4 * numElements(b.plan.shapes[t]!)));
    dev.queue.submit([enc.finish()]);
    await this.mapStaging(tmp);
    const words = tmp.getMappedRange().slice(0);
    tmp.destroy();
    tensors.forEach((t, i) => {
      const h = b.host.get(t)!;
      const v = fromGpu(h.info.dtype, words, offsets[i]!, numElements(h.shape));
      (h.data as Uint8Array).set(v as Uint8Array);
    });
  }

  private async mapStaging(buf: GPUBuffer): Promise<void> {
    try {
      await buf.mapAsync(MapMode.READ);
    } catch (e) {
      this.checkDevice();
      throw new GpuRuntimeError(`reading results back failed: ${(e as Error).message}`);
    }
    const err = this.gpu.takeError();
    if (err) {
      buf.unmap();
      throw new GpuRuntimeError(`the GPU reported an error during this run: ${err}`);
    }
    this.checkDevice();
  }

  private checkDevice(): void {
    if (this.gpu.lost) throw new DeviceLostError(`GPU device lost (${this.gpu.lost.reason}): ${this.gpu.lost.message}; reload the model or use backend "cpu"`);
  }

  memoryStats(): { activationBytes: number; weightBytes: number } {
    let weightBytes = 0;
    for (const b of this.consts.values()) weightBytes += b.size;
    return { activationBytes: this.bound?.activationBytes ?? 0, weightBytes };
  }

  private releaseBound(): void {
    for (const buf of this.bound?.owned ?? []) buf.destroy();
    this.bound = null;
  }

  dispose(): void {
    this.releaseBound();
    for (const b of this.consts.values()) b.destroy();
    this.consts.clear();
    this.disposed = true;
  }
}
