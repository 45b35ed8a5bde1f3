// The demo models in examples/models (written by scripts/make-demo-models.ts with our writer and quantizer) load in
// native TFLite 2.9 and give our outputs there: integer-quantized ones value for value, float ones within 1e-4,
// on the first 1,000 MNIST test images; and their 10k accuracy with our CPU backend is what manifest.json says.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromBytes, readModel } from '../../src/index.js';
import { evalMnist, mnistBatch } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { detectQuantMode } from '../../src/graph/quant-mode.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import { NATIVE_ENABLED, runNative } from '../helpers/native-tflite.js';
import { REPO, sharedPath } from '../helpers/shared.js';
import { expectFloatClose } from '../helpers/compare.js';

const DIR = path.join(REPO, 'examples', 'models');
const NATIVE_IMAGES = 1000;
/** manifest accuracies are fractions; 0.05 percentage points. */
const ACCURACY_SLACK = 0.0005;
const MAX_BYTES = 150 * 1024;

interface Entry { file: string; mode: string; io: string; bytes: number; accuracy: number }
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Entry[];

let images: Uint8Array, labels: Uint8Array;
beforeAll(async () => {
  ({ images, labels } = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz')));
});

it('manifest lists every model file in examples/models, once', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.tflite')).sort();
  expect(manifest.map((e) => e.file).sort()).toEqual(files);
  expect(files).toEqual(['mnist_cnn_dynamic.tflite', 'mnist_cnn_float32.tflite', 'mnist_cnn_fp16.tflite', 'mnist_cnn_int8.tflite',
    'mnist_cnn_int8_uint8io.tflite']);
});

const QUANT_MODE: Record<string, string> = { float32: 'float32', dynamic: 'mixed', int8: 'full-integer', fp16: 'float16' };

describe.each(manifest)('$file', (entry) => {
  const file = path.join(DIR, entry.file);
  const bytes = new Uint8Array(fs.readFileSync(file));

  it('has the size, layout and quantization the manifest says', () => {
    expect(bytes.byteLength).toBe(entry.bytes);
    expect(bytes.byteLength).toBeLessThan(MAX_BYTES);
    const g = readModel(bytes).subgraphs[0]!;
    // The first convolution (144 weights) stays float under dynamic range quantization, as in TFLite's converter.
    expect(detectQuantMode(g)).toBe(QUANT_MODE[entry.mode]);
    const input = g.tensors[g.inputs[0]!]!, output = g.tensors[g.outputs[0]!]!;
    const io = entry.io === 'float' ? 'float32' : entry.io;
    expect([input.dtype, output.dtype]).toEqual([io, io]);
    expect(input.shapeSignature).toEqual([-1, 28, 28, 1]);
    expect(output.shapeSignature).toEqual([-1, 10]);
  });

  it('scores the manifest accuracy on the 10k test set with our CPU backend', async () => {
    const model = loadModelFromBytes(bytes, entry.file, { backend: 'cpu' });
    const r = await evalMnist(model, images, labels, { batch: 500 });
    model.dispose();
    expect(r.total).toBe(10000);
    expect(Math.abs(r.accuracy - entry.accuracy), `accuracy ${r.accuracy} vs manifest ${entry.accuracy}`).toBeLessThanOrEqual(ACCURACY_SLACK);
  });

  it.skipIf(!NATIVE_ENABLED)('runs in native TFLite 2.9 with our outputs on 1,000 test images', async () => {
    const model = loadModelFromBytes(bytes, entry.file, { backend: 'cpu' });
    const input = model.inputs[0]!, outDtype = model.outputs[0]!.dtype;
    const [ours] = await model.run([{ data: mnistBatch(input, images, 0, NATIVE_IMAGES, 'unit'), shape: [NATIVE_IMAGES, 28, 28, 1] }]);
    model.dispose();
    expect(ours!.shape).toEqual([NATIVE_IMAGES, 10]);
    const cases = Array.from({ length: NATIVE_IMAGES }, (_, i) => [mnistBatch(input, images, i, 1, 'unit')]);
    const native = runNative(file, cases, [outDtype]);
    // Integer arithmetic inside (int8 with float I/O ends in DEQUANTIZE of equal int8 values): exact.
    const exact = entry.mode === 'int8';
    let agree = 0;
    native.forEach(([n], k) => {
      const row = (ours!.data as TypedArray).subarray(k * 10, (k + 1) * 10) as TypedArray;
      const want = n as TypedArray;
      if (exact) expect(Array.from(row as ArrayLike<number>), `image ${k}`).toEqual(Array.from(want as ArrayLike<number>));
      else expectFloatClose(row as Float32Array, want as Float32Array, `${entry.file} image ${k}`, 1e-4, 0);
      agree++;
    });
    expect(agree).toBe(NATIVE_IMAGES);
  });
});
