// Types of the model suite: what it is asked to run, and the JSON it reports (bench/results/models-*.json).
import type { EnvironmentReport, TimingStats } from '../kernels/types.js';

/** One engine configuration the suite times. */
export interface EngineSpec {
  engine: 'ours' | 'litert' | 'tfjs-tflite';
  /** ours: 'webgpu' | 'cpu'; litert: the accelerator 'webgpu' | 'wasm'; tfjs-tflite: 'wasm'. */
  backend: 'webgpu' | 'cpu' | 'wasm';
  precision: 'fp32' | 'fp16';
}

/** A model given to the suite: its bytes are fetched from `url` (the Node driver serves them) or passed directly. */
export interface ModelSpec {
  /** Stable id, e.g. 'mnist/dmuiruri/mnist_cnn_float32.tflite' or 'examples/mnist_cnn_int8.tflite'. */
  id: string;
  /** 'shared-mnist' | 'demo' | 'mobilenet'. */
  group: string;
  bytes: number;
  url?: string;
}

export interface SuiteOptions {
  /** Untimed runs per engine before timing (default 3). */
  warmup?: number;
  /** Timed batch-1 rounds; each round runs every engine once, in rotating order (default 30). */
  reps?: number;
  /** Stop adding rounds past this many ms per model once `minReps` are done (default 20000). */
  budgetMs?: number;
  minReps?: number;
  /** Batch sizes tried for throughput on engines that resize a dynamic batch (default [1, 8, 32, 100]). */
  batches?: number[];
  /** Timed runs per batch size for throughput (default 3). */
  throughputReps?: number;
  /** Package versions to report per engine (the page cannot read package.json). */
  versions?: Partial<Record<EngineSpec['engine'], string>>;
  /** URLs of the WASM folders (served raw, ending in '/'). */
  wasm?: { litert: string; tflite: string };
  /** tfjs-tflite interpreter threads on a cross-origin-isolated page (default 1, like LiteRT's JSPI build and ours). */
  tfliteThreads?: number;
  /** Called with a line of progress. */
  log?: (line: string) => void;
}

/** The engine's outputs against our CPU backend (bit-exact with TFLite's builtin kernels) on the same input. */
export interface Correctness {
  /** Max |ours_cpu - engine| over all output elements, in raw output units (quantized steps for integer outputs). */
  maxAbsDiff: number;
  /** maxAbsDiff / max|ours_cpu| (0 when the reference is all zeros). */
  relDiff: number;
  /** Elements compared, and how many differ at all. */
  elements: number;
  differing: number;
  /** Whether the argmax of the first output agrees with our CPU backend's (the prediction, for classifiers). */
  argmaxAgrees: boolean;
  /**
   * argmax agrees, and for float outputs relDiff <= 0.05. Loose on purpose: GPU engines may compute in fp16, and
   * XNNPACK (litert wasm, tfjs-tflite) requantizes differently from the builtin kernels (integer outputs up to
   * hundreds of steps apart after a softmax, ../shared/golden/XNNPACK_VS_BUILTIN.md), so integer outputs are judged
   * by the argmax only; this flags a wrong engine, not rounding.
   */
  ok: boolean;
}

export interface EngineResult {
  /** e.g. 'ours-webgpu-fp32', 'litert-wasm', 'tfjs-tflite-wasm'. */
  id: string;
  engine: EngineSpec['engine'];
  backend: EngineSpec['backend'];
  precision: EngineSpec['precision'];
  version?: string;
  /** How the engine ran (build, adapter, threads, fallback). */
  variant?: string;
  /** Set when the engine could not load or run this model; the timings are then absent. */
  error?: string;
  /** Load + compile + first inference, ms. */
  coldStartMs?: number;
  /** Batch-1 latency including readback, ms. */
  medianMs?: number;
  latency?: TimingStats;
  throughput?: { batch: number; itemsPerS: number; perBatch: { batch: number; itemsPerS: number }[] };
  /** Peak bytes held on the GPU (weights + activations) over the runs; ours on WebGPU only. */
  peakGpuBytes?: number;
  correctness?: Correctness;
  /** Model altered for this engine (e.g. LiteRT's WebGPU delegate refuses dynamic shapes: a static-batch copy). */
  note?: string;
  /**
   * Set when the outputs disagree with our CPU backend because of a documented defect of this reference engine on
   * this model (known-defects.ts): the disagreement stays in `correctness`, this says why it is not ours.
   */
  knownDefect?: string;
}

export interface ModelResult {
  model: string;
  group: string;
  bytes: number;
  inputs: { name: string; dtype: string; shape: number[] }[];
  dynamicBatch: boolean;
  engines: EngineResult[];
  /** medianMs(ours config) / medianMs(other engine) for every pair where both ran: < 1 means we are faster. */
  ratios: { ours: string; them: string; ratio: number }[];
}

export interface ModelSuiteResult {
  suite: 'models';
  date: string;
  schemaVersion: 1;
  /** Host machine, Node, browser and package versions (the Node driver fills what the page cannot know). */
  environment: EnvironmentReport & { browser?: string; crossOriginIsolated?: boolean };
  /** The WebGPU adapter our engine ran on (null: none), and the slug naming the results file. */
  adapter: { vendor: string; architecture: string; description: string; features: string[]; slug: string } | null;
  options: { warmup: number; reps: number; batches: number[]; quick: boolean };
  totalSeconds: number;
  models: ModelResult[];
}
