// What every backend offers the API layer: load-time support check, run on concrete inputs, dispose.
import type { DType, TypedArray } from '../graph/dtype.js';

export type BackendName = 'cpu' | 'webgpu';

export interface HostTensor {
  shape: number[];
  dtype: DType;
  data: TypedArray;
}

/** Where one operator runs. */
export interface OpPlacement { op: number; opcode: string; on: 'gpu' | 'cpu'; reason?: string }

/** One operator's time in a profiled run. */
export interface OpTiming { op: number; opcode: string; on: 'gpu' | 'cpu'; ms: number }

/**
 * A profiled run: per-step times. 'timestamp': GPU steps timed by timestamp queries around their own compute pass
 * (kernel time); 'wall': each step submitted and awaited alone (kernel time plus one submit's overhead), or CPU time.
 */
export interface ProfiledRun { timeSource: 'timestamp' | 'wall'; ops: OpTiming[] }

export interface Backend {
  readonly name: BackendName;
  /** What actually runs: 'fp16' only on a GPU plan that stores float weights as fp16. */
  readonly precision: 'fp32' | 'fp16';
  /** Adapter description for GPU backends, null on the CPU. */
  readonly adapter: string | null;
  /** Per operator, the device it runs on (and why an op stayed on the CPU). */
  placement(): OpPlacement[];
  /** Runs subgraph 0 on inputs in the graph's input order; returns outputs in the graph's output order. */
  run(inputs: HostTensor[]): Promise<HostTensor[]>;
  /** One run with every step timed alone (slower than run(): for finding where time goes, not for latency). */
  profile(inputs: HostTensor[]): Promise<ProfiledRun>;
  /** Bytes of activation memory the last plan used (arena) and of constant weights held. */
  memoryStats(): { activationBytes: number; weightBytes: number };
  dispose(): void;
}
