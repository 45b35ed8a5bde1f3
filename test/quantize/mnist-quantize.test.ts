// Quantizing the shared float32 MNIST models in each mode (int8 calibrated on MNIST digits outside the test set):
// test-set accuracy stays within 0.5 points of the float model, sizes shrink ~4x (int8, dynamic) and ~2x (fp16),
// and the written files run in our engine and in native TFLite 2.9 with the same outputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromBytes, quantize, readModel, type QuantizeMode, type RepresentativeSample } from '../../src/index.js';
import { evalMnist, mnistBatch } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { detectQuantMode } from '../../src/graph/quant-mode.js';
import { NATIVE_ENABLED, runNative } from '../helpers/native-tflite.js';
import { readGolden, readShared, sharedPath } from '../helpers/shared.js';
import { expectFloatClose } from '../helpers/compare.js';
import { trainingDigits } from '../helpers/mnist-train.js';

const MODELS = ['dmuiruri/mnist_cnn_float32', 'ma_dnn/mnist_mlp_float32', 'aeq/conv_fc_mnist', 'mattn/mnist_mlp_float32'];
const MODES: QuantizeMode[] = ['int8', 'dynamic', 'fp16'];
/**
 * Test images per case: the whole 10k set for int8 (its calibration is where accuracy can go) and wherever it is
 * quick; fewer for the large MLP's float-speed modes, whose float16/hybrid arithmetic changes little.
 */
const IMAGES: Record<string, number> = { 'mattn/mnist_mlp_float32 dynamic': 2000, 'mattn/mnist_mlp_float32 fp16': 2000 };
const CALIBRATION_PER_DIGIT = 20;
const MAX_ACCURACY_DROP = 0.005;
/** The converter's results on these models: 3.4-4x for int8 weights (small models keep more overhead), 1.9-2x for fp16. */
const MIN_RATIO: Record<QuantizeMode, number> = { int8: 3.3, dynamic: 3.3, fp16: 1.85 };

let images: Uint8Array, labels: Uint8Array;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantize-mnist-'));

beforeAll(async () => {
  ({ images, labels } = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz')));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Calibration batches of the training digits for a model whose input is [?, 28, 28(, 1)] or [?, 784]. */
function representative(inputShape: number[]): RepresentativeSample[] {
  const { pixels } = trainingDigits(CALIBRATION_PER_DIGIT);
  const n = pixels.length / 784, out: RepresentativeSample[] = [];
  for (let i = 0; i < n; i += 50) {
    const data = Float32Array.from(pixels.subarray(i * 784, (i + 50) * 784), (p) => p / 255);
    out.push([{ data, shape: [data.length / 784, ...inputShape.slice(1)] }]);
  }
  return out;
}

describe('calibration data', () => {
  it('holds none of the 10k test images', () => {
    const key = (px: Uint8Array) => Buffer.from(px).toString('base64');
    const test = new Set<string>();
    for (let i = 0; i < labels.length; i++) test.add(key(images.subarray(i * 784, (i + 1) * 784)));
    const { pixels } = trainingDigits(CALIBRATION_PER_DIGIT);
    for (let i = 0; i < pixels.length / 784; i++) expect(test.has(key(pixels.subarray(i * 784, (i + 1) * 784)))).toBe(false);
  });
});

describe.each(MODELS)('%s', (name) => {
  const file = `${name}.tflite`;
  const src = readShared('models', 'mnist', file);
  const golden = readGolden(`mnist__${name.replace('/', '__')}.tflite.json`);

  it.each(MODES)('%s', async (mode) => {
    const float = loadModelFromBytes(src, file);
    const r = quantize(src, mode === 'int8' ? { mode, representative: representative(float.inputs[0]!.shape) } : { mode });

    // Size: the weights shrink to int8 (or float16); the graph keeps float I/O.
    expect(r.sizeBefore).toBe(src.byteLength);
    expect(r.sizeAfter).toBe(r.bytes.byteLength);
    const ratio = r.sizeBefore / r.sizeAfter;
    expect(ratio).toBeGreaterThan(MIN_RATIO[mode]);
    expect(ratio).toBeLessThan(mode === 'fp16' ? 2.01 : 4.01);
    const ir = readModel(r.bytes);
    expect(ir.conversionQuantization).toBe({ int8: 'full-integer', dynamic: 'dynamic-range', fp16: 'float16' }[mode]);
    // Dynamic range leaves layers under 1024 weights float, as the converter does: the CNNs' convolutions stay float.
    const cnn = !name.includes('mlp');
    expect(detectQuantMode(ir.subgraphs[0]!)).toBe({ int8: 'full-integer', dynamic: cnn ? 'mixed' : 'dynamic-range', fp16: 'float16' }[mode]);
    const model = loadModelFromBytes(r.bytes, `${file} ${mode}`);
    expect(model.inputs[0]!.dtype).toBe('float32');
    expect(model.outputs[0]!.dtype).toBe('float32');

    // Accuracy on the test set vs the float model's (TFLite's predictions for it) on the same images.
    const limit = IMAGES[`${name} ${mode}`] ?? 10000;
    const res = await evalMnist(model, images, labels, { limit, batch: 500 });
    const floatCorrect = golden.predictions_10k!.slice(0, limit).filter((p, i) => p === labels[i]).length;
    expect(res.total).toBe(limit);
    expect(res.accuracy, `${mode} accuracy ${res.accuracy} vs float ${floatCorrect / limit}`).toBeGreaterThanOrEqual(floatCorrect / limit - MAX_ACCURACY_DROP);

    // Native TFLite 2.9 runs the written file; integer models agree exactly (DEQUANTIZE of equal int8 outputs).
    const cases = [0, 1, 2, 3].map((i) => [mnistBatch(model.inputs[0]!, images, i, 1, 'unit')]);
    const ours: Float32Array[] = [];
    for (const [x] of cases) ours.push((await model.run([{ data: x!, shape: [1, ...model.inputs[0]!.shape.slice(1)] }]))[0]!.data as Float32Array);
    if (!NATIVE_ENABLED) return;
    const out = path.join(dir, `${name.replace('/', '_')}_${mode}.tflite`);
    fs.writeFileSync(out, r.bytes);
    const native = runNative(out, cases, ['float32']);
    native.forEach(([n], k) => {
      if (mode === 'int8') expect(Array.from(ours[k]!)).toEqual(Array.from(n as Float32Array));
      else expectFloatClose(ours[k]!, n as Float32Array, `${mode} image ${k}`, 1e-5, 1e-4);
    });
  });
});
