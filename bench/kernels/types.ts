// JSON types of the kernel throughput suite (bench:kernels): what the Node runner, the browser runner and the
// GPU-machine entry write, and what the static report and the examples/bench page read.

export type KernelOpName = 'FULLY_CONNECTED' | 'CONV_2D';
/**
 * fp32: float32 weights and math; fp16-packed: weights stored as fp16 pairs (unpack2x16float), f32 math;
 * fp16-native: f16 weights and math (adapters with shader-f16 only); int8-dot4: full-integer int8 with
 * dot4I8Packed where the engine uses it; int8-portable: the same model with the packed dot product turned off.
 */
export type KernelVariant = 'fp32' | 'fp16-packed' | 'fp16-native' | 'int8-dot4' | 'int8-portable';
export const KERNEL_VARIANTS: readonly KernelVariant[] = ['fp32', 'fp16-packed', 'fp16-native', 'int8-dot4', 'int8-portable'];

/** Sweep presets: tiny (smoke test), quick (CPU-emulated adapters, ~2 min), full (real GPUs, up to 4096^3). */
export type SweepName = 'tiny' | 'quick' | 'full';
/** GEMM tiling: the engine's own choice, or forced (register-blocked vs workgroup shared memory). */
export type TilingChoice = 'auto' | 'register' | 'shared';

/** y[m][n] = x[m][k] . w[n][k] (FULLY_CONNECTED, i.e. an m x k x n matmul). */
export interface FcSize { op: 'FULLY_CONNECTED'; m: number; k: number; n: number }
/** NHWC input [batch, h, w, cin], filter [cout, kh, kw, cin], SAME padding. */
export interface ConvSize { op: 'CONV_2D'; batch: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number; stride: number }
export type KernelSize = FcSize | ConvSize;

/** Distribution of one timed quantity over the samples (milliseconds per operator run). */
export interface TimingStats { medianMs: number; p10Ms: number; p90Ms: number; minMs: number; maxMs: number; samples: number }

/** How the GPU output compared with the CPU backend's kernel (the oracle). */
export interface Verification {
  /** Output values compared (large FC problems compare a slice of rows, see `rows`). */
  checked: number;
  outputs: number;
  /** Rows of the output compared (FC: first and last rows; conv: all). */
  rows: string;
  mismatches: number;
  maxAbsErr: number;
  /** Float: the error bound used, as a multiple of sum|x*w| per output; integers: 0 (exact). */
  tolerance: number;
  /** The first mismatching output, for the failure message. */
  firstMismatch?: { index: number; gpu: number; cpu: number };
}

export interface KernelEntry {
  /** Stable key of the problem, e.g. "fc-100x784x128" or "conv-112x112x32-3x3s1-64". */
  id: string;
  /** Human label, e.g. "FC 100x784x128". */
  label: string;
  size: KernelSize;
  variant: KernelVariant;
  /** ok: verified then timed; failed: wrong output or a GPU error (never timed); skipped: variant not available here. */
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  /** 2 x multiply-accumulates of the operator (FLOPs for float, integer ops for int8). */
  ops: number;
  /** Bytes a run must move at least: weights as stored on the GPU + input and output activations (4 bytes each). */
  bytes: number;
  /** shader#entryPoint of each GPU pass of the operator. */
  passes: string[];
  verify?: Verification;
  /** Operator runs encoded back to back per timed sample. */
  repsPerSample?: number;
  /** GPU timestamp-query time of the compute pass / reps: kernel time (null without timestamp-query). */
  kernel?: TimingStats | null;
  /** Wall time from submit to onSubmittedWorkDone / reps (kernel time plus submission overhead). */
  dispatch?: TimingStats;
  /** Wall time of the engine's run() on a one-op model: upload, dispatch, readback (what a user waits). */
  run?: TimingStats;
  /** Which time the throughput numbers use. */
  timeSource?: 'timestamp' | 'dispatch-wall';
  /** ops / time, in 1e9 per second (GFLOP/s for float, GOP/s for int8). */
  gops?: number;
  /** bytes / time, GB/s (1e9 bytes per second). */
  gbps?: number;
}

/** Throughput of each variant relative to fp32 on the same problem (>1: faster than fp32). */
export interface KernelRatio {
  id: string;
  label: string;
  ratios: Partial<Record<Exclude<KernelVariant, 'fp32'>, number>>;
}

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Every feature the adapter offers. */
  features: string[];
  /** Features the benchmark device was opened with. */
  deviceFeatures: string[];
  wgslFeatures: string[];
  timestampQuery: boolean;
}

export interface EnvironmentReport {
  runtime: 'node' | 'browser';
  /** Operating system, CPU model and cores (Node), or what the browser tells. */
  machine: { os: string; cpu: string; cores: number; memoryGiB?: number };
  node?: string;
  userAgent?: string;
  /** name -> version: ours (tflite-webgpu) and the WebGPU implementation package (webgpu) where known. */
  packages: Record<string, string>;
}

export interface KernelSuiteResult {
  suite: 'kernels';
  schemaVersion: 1;
  date: string;
  sweep: SweepName;
  tiling: TilingChoice;
  environment: EnvironmentReport;
  adapter: AdapterReport;
  entries: KernelEntry[];
  ratios: KernelRatio[];
  totalSeconds: number;
}
