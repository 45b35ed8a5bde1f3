// `eval-mnist MODEL --images IDX --labels IDX [...]`: accuracy of a classifier on MNIST-format data.
import path from 'node:path';
import { loadModel } from '../../api/load.js';
import { UsageError } from '../../errors.js';
import { parseArgs } from '../io/args.js';
import { readIdx } from '../io/idx.js';
import { readMaybeGzip } from '../io/node-files.js';
import { createProgress } from '../io/progress.js';
import { evalMnist } from '../mnist.js';

export const EVAL_SPEC = {
  flags: {
    images: { type: 'string', required: true, description: 'IDX image file (.gz ok)' },
    labels: { type: 'string', required: true, description: 'IDX label file (.gz ok)' },
    limit: { type: 'number', integer: true, min: 1, description: 'evaluate the first N images' },
    batch: { type: 'number', integer: true, min: 1, default: 100, description: 'images per inference (dynamic-batch models)' },
    backend: { type: 'string', choices: ['cpu', 'webgpu', 'auto'], default: 'auto' },
    precision: { type: 'string', choices: ['fp32', 'fp16'], default: 'fp32' },
    pixels: { type: 'string', choices: ['unit', 'signed', 'raw'], default: 'unit' },
    json: { type: 'boolean' },
    predictions: { type: 'boolean', description: 'with --json: include the argmax per image' },
  },
  positionals: [{ name: 'model', required: true }],
} as const;

export async function loadMnist(imagesPath: string, labelsPath: string): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const img = readIdx(await readMaybeGzip(imagesPath), imagesPath);
  const lab = readIdx(await readMaybeGzip(labelsPath), labelsPath);
  if (!(img.data instanceof Uint8Array) || img.shape.length !== 3 || img.shape[1] !== 28 || img.shape[2] !== 28) {
    throw new UsageError(`${imagesPath}: expected unsigned-byte images of shape [N,28,28], got [${img.shape}]`);
  }
  if (!(lab.data instanceof Uint8Array) || lab.shape.length !== 1) throw new UsageError(`${labelsPath}: expected unsigned-byte labels [N], got [${lab.shape}]`);
  if (lab.shape[0] !== img.shape[0]) throw new UsageError(`${imagesPath} has ${img.shape[0]} images but ${labelsPath} has ${lab.shape[0]} labels`);
  return { images: img.data, labels: lab.data };
}

export async function evalMnistCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, EVAL_SPEC);
  const { images, labels } = await loadMnist(args.flags.images, args.flags.labels);
  const model = await loadModel(args.positionals.model, { backend: args.flags.backend, precision: args.flags.precision });
  try {
    const total = Math.min(args.flags.limit ?? labels.length, labels.length);
    const bar = createProgress(total, path.basename(args.positionals.model));
    let shown = 0;
    const r = await evalMnist(model, images, labels, {
      limit: total, batch: args.flags.batch, pixels: args.flags.pixels,
      onProgress: (done) => { bar.tick(done - shown); shown = done; },
    });
    bar.done();
    if (args.flags.json) {
      const out: Record<string, unknown> = { model: args.positionals.model, backend: model.backend, precision: model.precision,
        adapter: model.adapter, total: r.total,
        correct: r.correct, accuracy: r.accuracy, ms_per_image: Number(r.msPerImage.toFixed(4)) };
      if (args.flags.predictions) out.predictions = r.predictions;
      print(JSON.stringify(out));
    } else {
      print(`${args.positionals.model} on ${model.backend}${model.adapter ? ` (${model.adapter}, ${model.precision})` : ''}: ${r.correct}/${r.total} correct, accuracy ${(100 * r.accuracy).toFixed(2)}%, ${r.msPerImage.toFixed(3)} ms/image`);
    }
  } finally {
    model.dispose();
  }
}
