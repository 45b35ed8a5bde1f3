// A bound plan's GPU steps: how one is encoded, and how a profile times every step alone (GPU timestamps around
// a compute pass per step where the device has 'timestamp-query' at full resolution, else a submit and wait per
// step).
import type { Operator } from '../../graph/ir.js';
import type { OpTiming, ProfiledRun } from '../backend.js';
import { BufferUsage } from './gpu-constants.js';

interface Dispatch { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: [number, number, number] }
export interface GpuStep { kind: 'gpu'; op: Operator; dispatches: Dispatch[] }

export function encodeStep(pass: GPUComputePassEncoder, s: GpuStep): void {
  for (const d of s.dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
  }
}

export interface ProfileHooks {
  encode(pass: GPUComputePassEncoder, s: GpuStep): void;
  /** Runs a CPU step after flushing `enc`; returns the encoder to continue with. */
  cpuStep(enc: GPUCommandEncoder, s: { kind: 'cpu'; op: Operator }): Promise<GPUCommandEncoder>;
  /** Maps a MAP_READ buffer, turning device loss and GPU errors into typed errors. */
  mapped(buf: GPUBuffer): Promise<void>;
}

type AnyStep = GpuStep | { kind: 'cpu'; op: Operator };

const timing = (s: AnyStep, ms: number): OpTiming => ({ op: s.op.index, opcode: s.op.opcode, on: s.kind, ms });

/** One run of `steps` with each step timed alone. */
export async function profileSteps(dev: GPUDevice, steps: readonly AnyStep[], hooks: ProfileHooks): Promise<ProfiledRun> {
  const gpuSteps = steps.filter((s) => s.kind === 'gpu').length;
  if (gpuSteps > 0 && dev.features.has('timestamp-query')) {
    const r = await timestamped(dev, steps, gpuSteps, hooks);
    if (r) return r;
  }
  const ops: OpTiming[] = [];
  for (const s of steps) {
    const t0 = performance.now();
    let enc = dev.createCommandEncoder();
    if (s.kind === 'gpu') {
      const pass = enc.beginComputePass();
      hooks.encode(pass, s);
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

/** Timestamps rounded down to multiples of this many ns (Dawn's timestamp_quantization, on in browsers). */
const QUANTUM = 65536n;

/** The profile from timestamps, or null when they are quantized (too coarse for operators of a few us). */
async function timestamped(dev: GPUDevice, steps: readonly AnyStep[], gpuSteps: number, hooks: ProfileHooks): Promise<ProfiledRun | null> {
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
        const q = 2 * queryOf.length;
        // An older @webgpu/types (under @tensorflow/tfjs-core) merges a pre-spec timestampWrites type into the
        // globals; the object is the spec's.
        const desc = { timestampWrites: { querySet: set, beginningOfPassWriteIndex: q, endOfPassWriteIndex: q + 1 } };
        const pass = enc.beginComputePass(desc as unknown as GPUComputePassDescriptor);
        hooks.encode(pass, s);
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
    queryOf.forEach((i, k) => {
      const a = ts[2 * k]!, b = ts[2 * k + 1]!;
      // Implementations may report 0 or a reversed pair for a pass they could not time: count it as 0.
      ops[i]!.ms = b > a && a > 0n ? Number(b - a) / 1e6 : 0;
    });
    return { timeSource: 'timestamp', ops };
  } finally {
    set.destroy();
    resolve.destroy();
    read.destroy();
  }
}
