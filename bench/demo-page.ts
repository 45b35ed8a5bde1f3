// `npm run bench:demo`: the built MNIST demo page in headless Chromium, with and without WebGPU, per bundled model:
// page load to first classification, and median per-inference latency of one image. Nothing is asserted.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { startBrowser } from '../test/helpers/browser.js';
import { startExamplesPreview } from '../test/helpers/preview.js';
import { loadMnist } from '../src/cli/commands/eval-mnist.js';
import '../examples/mnist/demo-api.js';

const repo = path.resolve(import.meta.dirname, '..');
const shared = process.env.TFLITE_SHARED ?? path.resolve(repo, '..', 'shared');
const files = (JSON.parse(fs.readFileSync(path.join(repo, 'examples', 'models', 'manifest.json'), 'utf8')) as { file: string }[]).map((m) => m.file);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const { images } = await loadMnist(path.join(shared, 'mnist', 't10k-images-idx3-ubyte.gz'), path.join(shared, 'mnist', 't10k-labels-idx1-ubyte.gz'));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))] ?? NaN;

async function measure(browser: Browser, base: string, file: string, backend: string) {
  // A fresh browser context per load: no cached script or model, as on a first visit.
  const ctx = await browser.createBrowserContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}mnist/?model=${encodeURIComponent(file)}&backend=${backend}`);
    await page.waitForFunction(() => window.mnistDemo?.state().ready === true, { timeout: 120_000 });
    const first = await page.evaluate(() => window.mnistDemo!.state());
    // One image per inference, as while drawing (MNIST test images 0..RUNS-1).
    for (let i = 0; i < RUNS; i++) {
      const b64 = Buffer.from(images.subarray(i * 784, (i + 1) * 784)).toString('base64');
      await page.evaluate(async (s) => { await window.mnistDemo!.classifyPixels(Uint8Array.from(atob(s), (c) => c.charCodeAt(0))); }, b64);
    }
    const s = await page.evaluate(() => window.mnistDemo!.state());
    return { backend: s.backend, adapter: s.adapter, firstMs: first.firstClassificationMs ?? NaN, median: median(s.latencies), p90: p90(s.latencies) };
  } finally {
    await ctx.close();
  }
}

const preview = await startExamplesPreview(['mnist']);
try {
  console.log('model | page | backend | load → first classification ms | median inference ms (p90)');
  for (const webgpu of [true, false]) {
    const browser = await startBrowser(webgpu);
    try {
      if (webgpu) console.log(`# headless ${await browser.version()}`);
      for (const file of files) {
        for (const backend of webgpu ? ['webgpu', 'cpu'] : ['auto']) {
          const r = await measure(browser, preview.url, file, backend);
          console.log(`${file} | ${webgpu ? 'with WebGPU' : 'no WebGPU'} | ${r.backend}${r.adapter ? ` (${r.adapter})` : ''} | ${r.firstMs.toFixed(0)} | ${r.median.toFixed(2)} (${r.p90.toFixed(2)})`);
        }
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await preview.close();
}
process.exit(0);
