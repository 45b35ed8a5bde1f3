// `quantize MODEL --mode dynamic|int8|fp16 [--representative FILE] [...] -o OUT`: post-training quantization.
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadModelFromBytes } from '../../api/load.js';
import { readSource } from '../../api/source.js';
import { readModel } from '../../format/read-model.js';
import { numElements } from '../../graph/dtype.js';
import type { Tensor } from '../../graph/ir.js';
import { UsageError } from '../../errors.js';
import { quantize, type RepresentativeSample } from '../../quantize/index.js';
import { parseArgs } from '../io/args.js';
import { readIdx } from '../io/idx.js';
import { readMaybeGzip } from '../io/node-files.js';
import { readNpy } from '../io/npy.js';
import { evalMnist, type PixelMode } from '../mnist.js';
import { loadMnist } from './eval-mnist.js';

export const QUANTIZE_SPEC = {
  flags: {
    mode: { type: 'string', required: true, choices: ['dynamic', 'int8', 'fp16'] },
    representative: { type: 'string', description: 'int8: calibration inputs, an IDX file (.gz ok) or a .npy batch' },
    samples: { type: 'number', integer: true, min: 1, default: 500, description: 'calibrate on the first N items of --representative' },
    pixels: { type: 'string', choices: ['unit', 'signed', 'raw'], default: 'unit', description: 'how integer pixels become float inputs' },
    io: { type: 'string', choices: ['float', 'int8', 'uint8'], default: 'float', description: 'int8: type of the model inputs and outputs' },
    out: { type: 'string', required: true, short: 'o', description: 'where to write the quantized .tflite' },
    'eval-mnist': { type: 'boolean', description: 'also print the accuracy before and after on --images/--labels' },
    images: { type: 'string', description: 'IDX image file for --eval-mnist' },
    labels: { type: 'string', description: 'IDX label file for --eval-mnist' },
    limit: { type: 'number', integer: true, min: 1, description: '--eval-mnist on the first N images' },
    batch: { type: 'number', integer: true, min: 1, default: 500, description: 'images per inference for --eval-mnist' },
    json: { type: 'boolean' },
  },
  positionals: [{ name: 'model', required: true }],
} as const;

const CALIBRATION_BATCH = 100;

/** Items of a representative file as float32 values, `perItem` values each. */
async function readItems(file: string, perItem: number, pixels: PixelMode): Promise<{ values: Float32Array; count: number }> {
  let data: ArrayLike<number>, shape: number[], integer: boolean;
  if (file.toLowerCase().endsWith('.npy')) {
    const a = readNpy(await readMaybeGzip(file), file);
    if (a.data instanceof BigInt64Array || a.data instanceof BigUint64Array || a.dtype === 'float16') {
      throw new UsageError(`${file}: ${a.dtype} data; give float32, float64 or 8/16/32-bit integers`);
    }
    ({ data, shape } = a);
    integer = !(a.data instanceof Float32Array || a.data instanceof Float64Array);
  } else {
    const a = readIdx(await readMaybeGzip(file), file);
    ({ data, shape } = a);
    integer = !(a.data instanceof Float32Array || a.data instanceof Float64Array);
  }
  const itemShape = shape.slice(1);
  if (shape.length < 1 || numElements(itemShape) !== perItem) {
    throw new UsageError(`${file} holds items of shape [${itemShape}] (${numElements(itemShape)} values); the model input takes ${perItem} per item`);
  }
  const toFloat = !integer || pixels === 'raw' ? (v: number) => v : pixels === 'unit' ? (v: number) => v / 255 : (v: number) => v / 127.5 - 1;
  return { values: Float32Array.from(data, toFloat), count: shape[0]! };
}

/** Calibration batches for the model's single input (dynamic batch: CALIBRATION_BATCH items per inference). */
function batches(input: Tensor, values: Float32Array, count: number): RepresentativeSample[] {
  const per = numElements(input.shape.slice(1));
  const step = input.shapeSignature?.[0] === -1 ? CALIBRATION_BATCH : 1;
  if (step === 1 && input.shape[0] !== 1) throw new UsageError(`input "${input.name}" has a fixed batch of ${input.shape[0]}; calibration feeds one item per inference`);
  const out: RepresentativeSample[] = [];
  for (let i = 0; i < count; i += step) {
    const n = Math.min(step, count - i);
    out.push([{ data: values.subarray(i * per, (i + n) * per), shape: [n, ...input.shape.slice(1)] }]);
  }
  return out;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

export async function quantizeCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, QUANTIZE_SPEC);
  const f = args.flags;
  const mode = f.mode;
  if (mode === 'int8' && !f.representative) throw new UsageError('--mode int8 needs --representative FILE to calibrate activations');
  if (mode !== 'int8' && f.representative) throw new UsageError(`--representative is for --mode int8 (${mode} needs no calibration)`);
  if (mode !== 'int8' && f.io !== 'float') throw new UsageError(`--io ${f.io} needs --mode int8 (${mode} keeps float inputs and outputs)`);
  const evalMode = f['eval-mnist'];
  if (evalMode && (!f.images || !f.labels)) throw new UsageError('--eval-mnist needs --images and --labels');
  if (!evalMode && (f.images || f.labels || f.limit !== undefined)) throw new UsageError('--images, --labels and --limit go with --eval-mnist');

  const { bytes } = await readSource(args.positionals.model);
  let representative: RepresentativeSample[] | undefined;
  let samples = 0;
  if (f.representative) {
    const g = readModel(bytes, args.positionals.model).subgraphs[0]!;
    if (g.inputs.length !== 1) throw new UsageError(`--representative feeds one-input models; this one has ${g.inputs.length}`);
    const input = g.tensors[g.inputs[0]!]!;
    const { values, count } = await readItems(f.representative, numElements(input.shape.slice(1)), f.pixels);
    samples = Math.min(count, f.samples);
    representative = batches(input, values, samples);
  }
  const r = quantize(bytes, { mode, io: f.io, ...(representative ? { representative } : {}) });
  try {
    await fs.writeFile(f.out, r.bytes);
  } catch (e) {
    throw new UsageError(`cannot write ${f.out}: ${(e as Error).message}`);
  }

  let accBefore: number | null = null, accAfter: number | null = null;
  if (evalMode && f.images && f.labels) {
    const { images, labels } = await loadMnist(f.images, f.labels);
    const opts = { batch: f.batch, pixels: f.pixels, ...(f.limit !== undefined ? { limit: f.limit } : {}) };
    const before = loadModelFromBytes(bytes, args.positionals.model), after = loadModelFromBytes(r.bytes, f.out);
    try {
      accBefore = (await evalMnist(before, images, labels, opts)).accuracy;
      accAfter = (await evalMnist(after, images, labels, opts)).accuracy;
    } finally {
      before.dispose();
      after.dispose();
    }
  }

  const ratio = r.sizeBefore / r.sizeAfter;
  if (f.json) {
    print(JSON.stringify({ model: args.positionals.model, out: f.out, mode, io: f.io, samples: representative ? samples : null,
      size_before: r.sizeBefore, size_after: r.sizeAfter, ratio: Number(ratio.toFixed(3)),
      ...(accBefore !== null ? { accuracy_before: accBefore, accuracy_after: accAfter } : {}) }));
    return;
  }
  const head = ['mode', 'size before', 'size after', 'ratio'];
  const row = [mode, `${r.sizeBefore} B`, `${r.sizeAfter} B`, `${ratio.toFixed(2)}x`];
  if (accBefore !== null && accAfter !== null) {
    head.push('accuracy before', 'accuracy after');
    row.push(pct(accBefore), pct(accAfter));
  }
  const widths = head.map((h, i) => Math.max(h.length, row[i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  print(line(head));
  print(widths.map((w) => '-'.repeat(w)).join('-|-'));
  print(line(row));
  const calibrated = representative ? `, calibrated on ${samples} item(s) of ${path.basename(f.representative ?? '')}` : '';
  print(`wrote ${f.out}${calibrated}`);
}
