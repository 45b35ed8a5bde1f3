// A bound plan's GPU steps: how one is encoded, and how a profile times every step alone (GPU timestamps around
// a compute pass per step where the device has 'timestamp-query' at full resolution, else a submit and wait per
// step).
import type { Operator } from '../../graph/ir.js';
import type { OpTiming, ProfiledRun } from '../backend.js';
import { BufferUsage } from './gpu-constants.js';

export interface Dispatch { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: [number, number, number] }
export interface GpuStep { kind: 'gpu'; op: Operator; dispatches: Dispatch[] }

export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): void {
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
  }
}

export function encodeStep(pass: GPUComputePassEncoder, s: GpuStep): void {
  encodeDispatches(pass, s.dispatches);
}

/** What a profile needs from the backend: running a CPU step between GPU work, and mapping with typed errors. */
export interface ProfileHooks<C extends CpuStepLike> {
  /** Runs a CPU step after flushing `enc`; returns the encoder to continue with. */
  cpuStep(enc: GPUCommandEncoder, s: C): Promise<GPUCommandEncoder>;
  /** Maps a MAP_READ buffer, turning device loss and GPU errors into typed errors. */
  mapped(buf: GPUBuffer): Promise<void>;
}

interface CpuStepLike { kind: 'cpu'; op: Operator }

const timing = (s: GpuStep | CpuStepLike, ms: number): OpTiming => ({ op: s.op.index, opcode: s.op.opcode, on: s.kind, ms });

/** Devices whose timestamps turned out quantized: their profiles wait on each step instead, without retrying. */
const quantizedTimestamps = new WeakSet<GPUDevice>();

/** One run of `steps` with each step timed alone. */
export async function profileSteps<C extends CpuStepLike>(dev: GPUDevice, steps: readonly (GpuStep | C)[], hooks: ProfileHooks<C>): Promise<ProfiledRun> {
  const gpuSteps = steps.filter((s) => s.kind === 'gpu').length;
  if (gpuSteps > 0 && dev.features.has('timestamp-query') && !quantizedTimestamps.has(dev)) {
    const r = await timestamped(dev, steps, gpuSteps, hooks);
    if (r) return r;
    quantizedTimestamps.add(dev);
  }
  const ops: OpTiming[] = [];
  for (const s of steps) {
    const t0 = performance.now();
    let enc = dev.createCommandEncoder();
    if (s.kind === 'gpu') {
      const pass = enc.beginComputePass();
      encodeStep(pass, s);
      pass.end();
    } else {
      enc = await hooks.cpuStep(enc, s);
    }
    dev.queue.submit([enc.finish()]);
    await dev.queue.onSubmittedWorkDone();
    ops.push(timing(s, performance.now() - t0));
  }
  return { timeSource: 'wall', ops };
}

/**
 * A compute-pass descriptor writing timestamps `begin` and `begin + 1` of `set`. An older @webgpu/types (under
 * @tensorflow/tfjs-core) merges a pre-spec timestampWrites type into the globals; the object is the spec's.
 */
export function timestampPass(set: GPUQuerySet, begin: number): GPUComputePassDescriptor {
  return { timestampWrites: { querySet: set, beginningOfPassWriteIndex: begin, endOfPassWriteIndex: begin + 1 } } as unknown as GPUComputePassDescriptor;
}

/** ms between two resolved timestamps, or null for a pair the implementation could not time (0 or reversed). */
export function elapsedMs(a: bigint, b: bigint): number | null {
  return b > a && a > 0n ? Number(b - a) / 1e6 : null;
}

/** Timestamps rounded down to multiples of this many ns (Dawn's timestamp_quantization, on in browsers). */
const QUANTUM = 65536n;

/** The profile from timestamps, or null when they are quantized (too coarse for operators of a few us). */
async function timestamped<C extends CpuStepLike>(dev: GPUDevice, steps: readonly (GpuStep | C)[], gpuSteps: number, hooks: ProfileHooks<C>): Promise<ProfiledRun | null> {
  const count = 2 * gpuSteps;
  const set = dev.createQuerySet({ type: 'timestamp', count });
  const resolve = dev.createBuffer({ size: 8 * count, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC });
  const read = dev.createBuffer({ size: 8 * count, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  try {
    const ops: OpTiming[] = [];
    const queryOf: number[] = [];
    let enc = dev.createCommandEncoder();
    for (const s of steps) {
      if (s.kind === 'gpu') {
        const pass = enc.beginComputePass(timestampPass(set, 2 * queryOf.length));
        encodeStep(pass, s);
        pass.end();
        queryOf.push(ops.length);
        ops.push(timing(s, 0));
      } else {
        const t0 = performance.now();
        enc = await hooks.cpuStep(enc, s);
        ops.push(timing(s, performance.now() - t0));
      }
    }
    enc.resolveQuerySet(set, 0, count, resolve, 0);
    enc.copyBufferToBuffer(resolve, 0, read, 0, 8 * count);
    dev.queue.submit([enc.finish()]);
    await hooks.mapped(read);
    const ts = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    const seen = ts.filter((t) => t > 0n);
    if (seen.length >= 4 && seen.every((t) => t % QUANTUM === 0n)) return null;
    // A pass the implementation could not time counts as 0.
    queryOf.forEach((i, k) => { ops[i]!.ms = elapsedMs(ts[2 * k]!, ts[2 * k + 1]!) ?? 0; });
    return { timeSource: 'timestamp', ops };
  } finally {
    set.destroy();
    resolve.destroy();
    read.destroy();
  }
}
