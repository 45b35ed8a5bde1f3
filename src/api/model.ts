// The public Model: its inputs/outputs, quantization facts, and run()/dispose() over the chosen backend.
import type { Backend, BackendName, OpPlacement } from '../backends/backend.js';
import type { Graph, ModelIR } from '../graph/ir.js';
import type { QuantMode } from '../graph/quant-mode.js';
import { DisposedError } from '../errors.js';
import { profileBackend, type ModelProfile, type ProfileOptions } from './profile.js';
import { tensorInfo, toHostInputs, type ModelInputs, type NamedTensor, type TensorInfo } from './tensors.js';

export class Model {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  private backendImpl: Backend | null;
  /**
   * Runs and profiles queue here and start in call order: a backend holds one set of buffers per plan (WebGPU:
   * input, activation and staging buffers, mapped once per run), so overlapping runs would collide.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The model as read from the file (all subgraphs, metadata, signatures). */
    readonly ir: ModelIR,
    /** Subgraph 0 after load-time preparation (DEQUANTIZE folding). */
    readonly graph: Graph,
    readonly quantization: QuantMode,
    backend: Backend,
    /** Why 'auto' chose the CPU (no WebGPU adapter...), or null. */
    readonly fallbackReason: string | null = null,
  ) {
    this.backendImpl = backend;
    this.inputs = graph.inputs.map((t) => tensorInfo(graph.tensors[t]!));
    this.outputs = graph.outputs.map((t) => tensorInfo(graph.tensors[t]!));
  }

  get backend(): BackendName {
    return this.live().name;
  }

  /** 'fp16' when the GPU stores float weights as fp16 for this model. */
  get precision(): 'fp32' | 'fp16' {
    return this.live().precision;
  }

  /** The WebGPU adapter running the model, or null on the CPU. */
  get adapter(): string | null {
    return this.live().adapter;
  }

  /** Which device runs each operator (ops without a GPU kernel run on the CPU inside a GPU plan). */
  placement(): OpPlacement[] {
    return this.live().placement();
  }

  private live(): Backend {
    if (!this.backendImpl) throw new DisposedError();
    return this.backendImpl;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Runs one inference (a batch where the model's signature has a dynamic batch). Outputs in model order.
   * Calls may overlap: they run one after another in call order, each reading its inputs when it starts.
   */
  async run(inputs: ModelInputs): Promise<NamedTensor[]> {
    const backend = this.live();
    const host = toHostInputs(this.inputs, inputs);
    const out = await this.serial(() => backend.run(host));
    return out.map((t, k) => ({ name: this.outputs[k]!.name, shape: t.shape, dtype: t.dtype, data: t.data }));
  }

  /**
   * Where an inference spends its time: every operator run and timed alone (GPU timestamps where the adapter
   * has 'timestamp-query'), medians over `runs`, beside the median latency of normal runs on the same inputs.
   */
  async profile(inputs: ModelInputs, options: ProfileOptions = {}): Promise<ModelProfile> {
    const backend = this.live();
    const host = toHostInputs(this.inputs, inputs);
    return this.serial(() => profileBackend(backend, host, options));
  }

  /** Bytes held: weights (constants as the backend stores them) and activations of the last plan. */
  memory(): { weightBytes: number; activationBytes: number } {
    return this.live().memoryStats();
  }

  /** Releases the backend's memory once the runs already requested have finished; later calls fail with DisposedError. */
  dispose(): void {
    const b = this.backendImpl;
    this.backendImpl = null;
    if (b) void this.queue.then(() => b.dispose());
  }
}
