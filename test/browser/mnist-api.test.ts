// The MNIST models through the public API in headless Chromium: WebGPU (SwiftShader) with the flag, CPU without;
// predictions equal the Node CPU backend's on 200 test images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { loadModelFromBytes } from '../../src/index.js';
import { evalMnist } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { readShared, sharedPath } from '../helpers/shared.js';
import { startBrowser, startServer } from '../helpers/browser.js';

const MODELS = ['mnist/dmuiruri/mnist_cnn_int8_uint8io.tflite', 'mnist/ma_dnn/mnist_mlp_float16.tflite', 'mnist/dmuiruri/mnist_cnn_dynamic_range.tflite'];
const N = 200;

describe('MNIST models in headless Chromium', () => {
  let server: ViteDevServer, url: string, images: Uint8Array, labels: Uint8Array;
  beforeAll(async () => {
    ({ server, url } = await startServer());
    const m = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz'));
    images = m.images.slice(0, N * 784);
    labels = m.labels.slice(0, N);
  });
  afterAll(async () => { await server?.close(); });

  for (const webgpu of [true, false]) {
    describe(webgpu ? 'with --enable-unsafe-webgpu' : 'without WebGPU', () => {
      let browser: Browser;
      beforeAll(async () => { browser = await startBrowser(webgpu); });
      afterAll(async () => { await browser?.close(); });

      for (const model of MODELS) {
        it(`${model}: ${webgpu ? 'WebGPU' : 'CPU fallback'} predictions equal Node's`, async () => {
          const bytes = readShared('models', model);
          const node = await evalMnist(loadModelFromBytes(bytes, model), images, labels, { batch: 100 });
          const page = await browser.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          await page.goto(`${url}/test/browser/harness.html`);
          await page.waitForFunction(() => window.tflite?.ready === true, { timeout: 60_000 });
          const r = await page.evaluate(async (b64m, b64i, b64l) => {
            const dec = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
            return window.tflite.classify(dec(b64m), dec(b64i), dec(b64l), 'auto');
          }, Buffer.from(bytes).toString('base64'), Buffer.from(images).toString('base64'), Buffer.from(labels).toString('base64'));
          expect(errors).toEqual([]);
          expect(r.backend).toBe(webgpu ? 'webgpu' : 'cpu');
          if (webgpu) expect(r.adapter).toMatch(/swiftshader|google/i);
          else expect(r.fallbackReason).toMatch(/WebGPU/);
          expect(r.predictions).toEqual(node.predictions);
          await page.close();
        });
      }
    });
  }
});
