// What every backend offers the API layer: load-time support check, run on concrete inputs, dispose.
import type { DType, TypedArray } from '../graph/dtype.js';

export type BackendName = 'cpu' | 'webgpu';

export interface HostTensor {
  shape: number[];
  dtype: DType;
  data: TypedArray;
}

export interface Backend {
  readonly name: BackendName;
  /** Runs subgraph 0 on inputs in the graph's input order; returns outputs in the graph's output order. */
  run(inputs: HostTensor[]): Promise<HostTensor[]>;
  /** Bytes of activation memory the last plan used (arena) and of constant weights held. */
  memoryStats(): { activationBytes: number; weightBytes: number };
  dispose(): void;
}
