// The MNIST demo page (examples/mnist) built by Vite and served by its preview server, in headless Chromium: WebGPU
// with the flag, the CPU with a message without it; drawn digits, 200 MNIST images against Node, dropped files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { loadModelFromBytes } from '../../src/index.js';
import { evalMnist } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { readShared, sharedPath, REPO } from '../helpers/shared.js';
import { startBrowser } from '../helpers/browser.js';
import { startExamplesPreview, type ExamplesPreview } from '../helpers/preview.js';
import { barHeights, demoState, drawDigit, dropFile, openDemo, type OpenPage } from './page-driver.js';

const N = 200;
const MODELS_DIR = path.join(REPO, 'examples', 'models');
const BUNDLED = (JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'manifest.json'), 'utf8')) as { file: string }[]).map((m) => m.file);
const ARTIFACTS = path.join(REPO, 'test-results');

let preview: ExamplesPreview, images: Uint8Array, labels: Uint8Array;
const nodePredictions = new Map<string, number[]>();

/** Predictions of the page's preprocessing-free path (MNIST bytes straight into the model input) for the test images. */
function pagePredictions(page: Page, count = N): Promise<number[]> {
  return page.evaluate(async (b64) => {
    const px = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return (await window.mnistDemo!.classifyPixels(px)).predictions;
  }, Buffer.from(images.subarray(0, count * 784)).toString('base64'));
}

async function visibleText(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => ((e as HTMLElement).hidden ? '' : e.textContent ?? ''));
}

beforeAll(async () => {
  preview = await startExamplesPreview(['mnist']);
  const m = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz'));
  images = m.images.slice(0, N * 784);
  labels = m.labels.slice(0, N);
  for (const file of BUNDLED) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(MODELS_DIR, file)));
    nodePredictions.set(file, (await evalMnist(loadModelFromBytes(bytes, file), images, labels, { batch: 100 })).predictions);
  }
});
afterAll(async () => { await preview?.close(); });

describe('MNIST demo page with --enable-unsafe-webgpu', () => {
  let browser: Browser, open: OpenPage;
  beforeAll(async () => {
    browser = await startBrowser(true);
    open = await openDemo(browser, `${preview.url}mnist/`);
  });
  afterAll(async () => { await browser?.close(); });

  it('reports the WebGPU backend, its adapter and the precision', async () => {
    const s = await demoState(open.page);
    expect(s.backend).toBe('webgpu');
    expect(s.adapter).toMatch(/swiftshader|google/i);
    expect(await visibleText(open.page, '#backend-badge')).toMatch(/^WebGPU · .*swiftshader/i);
    expect(await visibleText(open.page, '#precision-badge')).toBe('fp32');
    expect(await visibleText(open.page, '#notice')).toBe('');
    expect(s.firstClassificationMs).toBeGreaterThan(0);
    expect(await visibleText(open.page, '#info')).toMatch(/float32.*CONV_2D ×2/s);
  });

  it('classifies digits drawn with real pointer events', async () => {
    const { page } = open;
    for (const digit of [1, 7, 0]) {
      await drawDigit(page, digit);
      const s = await demoState(page);
      expect(s.prediction, `drawn ${digit}, probabilities ${s.probabilities?.map((p) => p.toFixed(3)).join(' ')}`).toBe(digit);
      expect(await visibleText(page, '#prediction')).toBe(String(digit));
      expect(await visibleText(page, '#latency')).toMatch(/Inference: \d+\.\d ms/);
    }
    // The 28x28 input view shows ink (white on black) once something is drawn.
    const inkPixels = await page.evaluate(() => {
      const c = document.getElementById('input28') as HTMLCanvasElement;
      return c.getContext('2d')!.getImageData(0, 0, 28, 28).data.filter((v, i) => i % 4 === 0 && v > 128).length;
    });
    expect(inkPixels).toBeGreaterThan(10);

    // Screenshot after a classification (test artifact, not committed), and the bar chart is drawn: the tallest bar
    // is the predicted digit's.
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'mnist-page-webgpu.png'), fullPage: true });
    const heights = await barHeights(page);
    expect(Math.max(...heights)).toBeGreaterThan(20);
    expect(heights.indexOf(Math.max(...heights))).toBe((await demoState(page)).prediction);

    await page.click('#clear');
    await page.evaluate(() => window.mnistDemo!.settled());
    expect((await demoState(page)).prediction).toBeNull();
    expect(await visibleText(page, '#prediction')).toBe('–');
  });

  it(`gives the Node CPU backend's predictions on ${N} MNIST test images for every bundled model`, async () => {
    const { page } = open;
    for (const file of BUNDLED) {
      await page.evaluate((f) => window.mnistDemo!.selectModel(f), file);
      const s = await demoState(page);
      expect(s.model).toBe(file);
      expect(s.backend).toBe('webgpu');
      expect(await page.$eval('#model-select', (e) => (e as HTMLSelectElement).value)).toBe(file);
      expect(await pagePredictions(page), file).toEqual(nodePredictions.get(file));
    }
  });

  it('shows an error for a corrupt dropped file and keeps classifying with the previous model', async () => {
    const { page } = open;
    await page.evaluate(() => window.mnistDemo!.selectModel('mnist_cnn_int8.tflite'));
    const garbage = new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 255);
    await dropFile(page, 'garbage.tflite', garbage);
    const error = await visibleText(page, '#error');
    expect(error).toContain('garbage.tflite');
    expect(error).toMatch(/not a TensorFlow Lite model/);
    expect(error).toContain('Still using mnist_cnn_int8.tflite');
    const s = await demoState(page);
    expect(s.ready).toBe(true);
    expect(s.model).toBe('mnist_cnn_int8.tflite');
    expect(await page.$eval('#model-select', (e) => (e as HTMLSelectElement).value)).toBe('mnist_cnn_int8.tflite');
    await drawDigit(page, 1);
    expect((await demoState(page)).prediction).toBe(1);
    expect(await pagePredictions(page, 20)).toEqual(nodePredictions.get('mnist_cnn_int8.tflite')!.slice(0, 20));
  });

  it('loads a dropped MNIST model from elsewhere and refuses a model that is not an MNIST classifier', async () => {
    const { page } = open;
    const file = 'mnist_cnn_int8_uint8io.tflite';
    await dropFile(page, file, readShared('models', 'mnist', 'dmuiruri', file));
    let s = await demoState(page);
    expect(s.error).toBe('');
    expect(s.model).toBe(file);
    expect(await visibleText(page, '#info')).toMatch(/full-integer/);
    expect(await page.$eval('#model-select', (e) => (e as HTMLSelectElement).value)).toBe(`file:${file}`);
    await drawDigit(page, 1);
    expect((await demoState(page)).prediction).toBe(1);

    await dropFile(page, 'mobilenet.tflite', readShared('models', 'mobilenet', 'mobilenet_v1_0.25_128_quant.tflite'));
    s = await demoState(page);
    expect(await visibleText(page, '#error')).toMatch(/mobilenet\.tflite.*an MNIST classifier takes/);
    expect(s.model).toBe(file);
  });

  it('logs no console errors', () => {
    expect(open.errors).toEqual([]);
  });
});

describe('MNIST demo page without WebGPU', () => {
  let browser: Browser, open: OpenPage;
  beforeAll(async () => {
    browser = await startBrowser(false);
    open = await openDemo(browser, `${preview.url}mnist/`);
  });
  afterAll(async () => { await browser?.close(); });

  it('says WebGPU is unavailable and classifies on the CPU', async () => {
    const { page } = open;
    const s = await demoState(page);
    expect(s.backend).toBe('cpu');
    expect(await visibleText(page, '#backend-badge')).toBe('CPU');
    expect(await visibleText(page, '#notice')).toMatch(/WebGPU is not available in this browser, so the model runs on the CPU/);
    await drawDigit(page, 1);
    expect((await demoState(page)).prediction).toBe(1);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'mnist-page-cpu.png'), fullPage: true });
    expect(await pagePredictions(page)).toEqual(nodePredictions.get(BUNDLED[0]!));
  });

  it('switching to WebGPU explains it is missing and stays on the CPU', async () => {
    const { page } = open;
    await page.click('#backend-webgpu');
    await page.evaluate(() => window.mnistDemo!.settled());
    const s = await demoState(page);
    expect(s.backend).toBe('cpu');
    expect(await visibleText(page, '#notice')).toMatch(/WebGPU is not available/);
    expect(await page.$eval('#backend-cpu', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(open.errors).toEqual([]);
  });
});
