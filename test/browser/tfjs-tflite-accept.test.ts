// Real TFLite accepts the models our writer and quantizer produce: each examples/models/*.tflite runs in
// tfjs-tflite's WASM TFLite (headless Chromium, single-threaded SIMD build: the dev server sends no COOP/COEP) on all
// N = 10,000 MNIST test images, and its predictions equal our CPU backend's (Node, loadModelFromBytes + evalMnist);
// raw outputs within RAW_BOUNDS. tfjs-tflite cannot resize its batch, so it runs one image per inference (0.1-2.3
// ms/image); the whole file takes ~95 s on an idle 2-core machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { loadModelFromBytes } from '../../src/index.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import { evalMnist } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { REPO, sharedPath } from '../helpers/shared.js';
import { startBrowser, startServer } from '../helpers/browser.js';

const N = 10_000;
const MODELS = path.join(REPO, 'examples', 'models');

/**
 * Raw outputs (not only argmax) against ours. `differing`: the largest fraction of output elements that may differ;
 * `max`: the largest |difference| in the output's own units (uint8 steps for the uint8-output model). Measured on
 * all 10,000 images, with the bound's margin over it:
 * - int8 models: tfjs-tflite always applies TFLite's default XNNPACK delegate (its options cannot disable it), and
 *   XNNPACK requantizes in float (round to nearest) where TFLite's builtin kernels use gemmlowp fixed point. Run
 *   natively (TFLite 2.9 C library, 10,000 images), our outputs equal the builtin kernels' bit for bit and
 *   tfjs-tflite's equal native XNNPACK's bit for bit; cutting the model after each operator shows builtin vs
 *   XNNPACK differing by at most ±1 step from the first CONV_2D on, 952 of 100,000 int8 logits by 1, which the
 *   coarse SOFTMAX (logit scale 0.167, output scale 1/256) widens to 98 of 100,000 outputs (49 images), max 11
 *   steps (0.043). Bounds: 0.2% of elements (measured 0.098%), 16 steps (1/16 in float units). No argmax flips.
 * - float32 / fp16 (expanded to float32 at load): XNNPACK sums in another order; measured max 2.03e-6.
 * - dynamic range: hybrid kernels quantize each image's float activations on the fly, so a float rounding
 *   difference can move one quantized input step; measured max 6.07e-4 on probabilities (90% of outputs differ;
 *   native TFLite 2.9's builtin hybrid kernels differ from tfjs-tflite's build by up to 2.4e-3 themselves).
 */
const RAW_BOUNDS: Record<string, { differing: number; max: number }> = {
  'mnist_cnn_float32.tflite': { differing: 1, max: 1e-5 },
  'mnist_cnn_fp16.tflite': { differing: 1, max: 1e-5 },
  'mnist_cnn_dynamic.tflite': { differing: 1, max: 2e-3 },
  'mnist_cnn_int8.tflite': { differing: 0.002, max: 16 / 256 },
  'mnist_cnn_int8_uint8io.tflite': { differing: 0.002, max: 16 },
};

const manifest = JSON.parse(fs.readFileSync(path.join(MODELS, 'manifest.json'), 'utf8')) as { file: string; mode: string; io: string }[];

/** Decodes the page's base64 raw output bytes as the output's dtype. */
function decodeOutput(b64: string, dtype: string): Float32Array | Uint8Array | Int8Array {
  const b = Buffer.from(b64, 'base64');
  const bytes = new Uint8Array(b.byteLength);
  bytes.set(b);
  if (dtype === 'float32') return new Float32Array(bytes.buffer);
  if (dtype === 'int8') return new Int8Array(bytes.buffer);
  if (dtype === 'uint8') return bytes;
  throw new Error(`unexpected output dtype ${dtype}`);
}

function concat(parts: TypedArray[], n: number): Float64Array {
  const out = new Float64Array(n);
  let k = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) out[k++] = Number(p[i]);
  return out;
}

describe('real TFLite (tfjs-tflite WASM in headless Chromium) accepts our generated models', () => {
  let server: ViteDevServer, url: string, browser: Browser, page: Page, images: Uint8Array, labels: Uint8Array;
  const pageErrors: string[] = [];
  /** TFLite's error reporter prints through console.warn ("ERROR: ..."); every such line is collected. */
  const tfliteErrors: string[] = [];

  beforeAll(async () => {
    const m = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz'));
    images = m.images.subarray(0, N * 784);
    labels = m.labels.subarray(0, N);
    ({ server, url } = await startServer());
    browser = await startBrowser(false);
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (msg) => { if (/^ERROR\b/.test(msg.text())) tfliteErrors.push(msg.text().trim()); });
    await page.goto(`${url}/test/browser/tfjs-tflite.html`);
    await page.waitForFunction(() => window.tfjsTflite?.ready === true, { timeout: 60_000 });
    const stored = await page.evaluate((b64) => window.tfjsTflite.setImages(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))),
      Buffer.from(images).toString('base64'));
    expect(stored).toBe(N);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const entry of manifest) {
    it(`${entry.file} (${entry.mode}, ${entry.io} I/O): TFLite loads it and predicts as we do`, async () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(MODELS, entry.file)));
      const model = loadModelFromBytes(bytes, entry.file);
      // Chromium classifies while Node runs our CPU backend: the two processes share the machine's two cores.
      const ref = page.evaluate((b64, input, n) => window.tfjsTflite.classify(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), input, n),
        Buffer.from(bytes).toString('base64'), model.inputs[0]!, N);
      ref.catch(() => undefined); // awaited below; this keeps a rejection from going unhandled meanwhile
      // evalMnist gives our predictions; wrapping run() keeps a copy of each batch's raw output for the comparison.
      const ours: TypedArray[] = [];
      const run = model.run.bind(model);
      model.run = async (inputs) => {
        const out = await run(inputs);
        ours.push(out[0]!.data.slice());
        return out;
      };
      const node = await evalMnist(model, images, labels, { batch: 100 });
      model.dispose();
      const r = await ref;

      expect(pageErrors).toEqual([]);
      // Any TFLite error line fails: e.g. a custom_options vector on a builtin operator, which the writer must omit.
      expect(tfliteErrors).toEqual([]);
      expect(r.engine).toBe('tfjs-tflite');
      expect(r.inputs.map((i) => [i.dtype, i.shape])).toEqual(model.inputs.map((i) => [i.dtype, i.shape]));
      expect(r.outputs.map((o) => [o.dtype, o.shape])).toEqual(model.outputs.map((o) => [o.dtype, o.shape]));
      expect(r.predictions).toHaveLength(N);
      expect(node.predictions).toHaveLength(N);
      expect(r.predictions).toEqual(node.predictions);

      const theirs = decodeOutput(r.outputBase64, r.outputDtype);
      const mine = concat(ours, N * 10);
      expect(theirs.length).toBe(N * 10);
      let differ = 0, maxDiff = 0;
      for (let i = 0; i < theirs.length; i++) {
        const d = Math.abs(theirs[i]! - mine[i]!);
        if (d > 0) differ++;
        if (d > maxDiff) maxDiff = d;
      }
      console.log(`${entry.file}: tfjs-tflite ${r.version} (${r.variant}) ${r.msPerImage.toFixed(2)} ms/image; raw outputs: ${differ}/${theirs.length} differ, max ${maxDiff}`);
      const bound = RAW_BOUNDS[entry.file];
      if (!bound) throw new Error(`no raw-output bound for ${entry.file}: measure one and add it to RAW_BOUNDS`);
      expect(differ).toBeLessThanOrEqual(Math.ceil(bound.differing * N * 10));
      expect(maxDiff).toBeLessThanOrEqual(bound.max);
    });
  }
});
