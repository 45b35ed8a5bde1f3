// MNIST evaluation: turns IDX pixel bytes into the model's input convention, runs batches, scores argmax.
import type { Model } from '../api/model.js';
import type { TensorInfo } from '../api/tensors.js';
import type { TypedArray } from '../graph/dtype.js';
import { allocTyped } from '../graph/dtype.js';
import { UsageError } from '../errors.js';
import { roundHalfAway } from '../backends/cpu/quant/fixed-point.js';

export type PixelMode = 'unit' | 'signed' | 'raw';
const PIXELS = 28 * 28;

/** Checks the input is one of the MNIST layouts [N,28,28], [N,28,28,1], [N,784] and says if N may vary. */
export function mnistLayout(input: TensorInfo): { dynamicBatch: boolean } {
  const s = input.shape;
  const ok = (s.length === 3 && s[1] === 28 && s[2] === 28) || (s.length === 4 && s[1] === 28 && s[2] === 28 && s[3] === 1) ||
    (s.length === 2 && s[1] === 784);
  if (!ok) throw new UsageError(`input "${input.name}" has shape [${s}]; eval-mnist needs [N,28,28], [N,28,28,1] or [N,784]`);
  return { dynamicBatch: input.shapeSignature[0] === -1 };
}

/** Writes `count` images starting at `first` into a typed array of the input's dtype. */
export function mnistBatch(input: TensorInfo, pixels: Uint8Array, first: number, count: number, mode: PixelMode): TypedArray {
  const n = count * PIXELS;
  const out = allocTyped(input.dtype, n);
  const src = pixels.subarray(first * PIXELS, first * PIXELS + n);
  const toReal = mode === 'unit' ? (p: number) => p / 255 : mode === 'signed' ? (p: number) => p / 127.5 - 1 : (p: number) => p;
  if (input.dtype === 'float32') {
    const f = out as Float32Array;
    for (let i = 0; i < n; i++) f[i] = toReal(src[i]!);
    return out;
  }
  if (input.dtype !== 'int8' && input.dtype !== 'uint8') throw new UsageError(`input "${input.name}" is ${input.dtype}; eval-mnist feeds float32, int8 or uint8`);
  const [lo, hi] = input.dtype === 'int8' ? [-128, 127] : [0, 255];
  const q = input.quantization;
  const ints = out as Int8Array | Uint8Array;
  if (mode === 'raw' || !q || q.scale.length === 0 || q.scale[0] === 0) {
    // Integer input without quantization (or raw mode): the pixel bytes themselves (int8 shifted into range).
    for (let i = 0; i < n; i++) ints[i] = input.dtype === 'int8' ? src[i]! - 128 : src[i]!;
    return out;
  }
  const scale = q.scale[0]!, zp = q.zeroPoint[0] ?? 0;
  for (let i = 0; i < n; i++) {
    const v = roundHalfAway(toReal(src[i]!) / scale) + zp;
    ints[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

/** Index of the first maximum of each row of `cols` values (np.argmax). */
export function argmaxRows(data: ArrayLike<number>, cols: number): number[] {
  const rows = data.length / cols;
  const out: number[] = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0, bv = data[r * cols]!;
    for (let c = 1; c < cols; c++) if (data[r * cols + c]! > bv) { bv = data[r * cols + c]!; best = c; }
    out[r] = best;
  }
  return out;
}

export interface EvalOptions {
  limit?: number;
  batch?: number;
  pixels?: PixelMode;
  onProgress?: (done: number) => void;
}

export interface EvalResult {
  total: number;
  correct: number;
  accuracy: number;
  msPerImage: number;
  predictions: number[];
}

export async function evalMnist(model: Model, images: Uint8Array, labels: Uint8Array, opts: EvalOptions = {}): Promise<EvalResult> {
  if (model.inputs.length !== 1) throw new UsageError(`eval-mnist needs a one-input model; this one has ${model.inputs.length}`);
  const input = model.inputs[0]!;
  const { dynamicBatch } = mnistLayout(input);
  const available = Math.min(Math.floor(images.length / PIXELS), labels.length);
  const total = Math.min(opts.limit ?? available, available);
  const batch = dynamicBatch ? Math.max(1, opts.batch ?? 100) : 1;
  const mode = opts.pixels ?? 'unit';
  const predictions: number[] = [];
  const t0 = performance.now();
  for (let first = 0; first < total; first += batch) {
    const count = Math.min(batch, total - first);
    const data = mnistBatch(input, images, first, count, mode);
    const [out] = await model.run([{ data, shape: [count, ...input.shape.slice(1)] }]);
    if (!out) throw new UsageError('model produced no output');
    const cols = out.shape[out.shape.length - 1]!;
    if (out.data.length !== count * cols) throw new UsageError(`output "${out.name}" has shape [${out.shape}], expected one row of class scores per image`);
    predictions.push(...argmaxRows(out.data as ArrayLike<number>, cols));
    opts.onProgress?.(first + count);
  }
  const ms = performance.now() - t0;
  let correct = 0;
  for (let i = 0; i < total; i++) if (predictions[i] === labels[i]) correct++;
  return { total, correct, accuracy: total ? correct / total : 0, msPerImage: total ? ms / total : 0, predictions };
}
