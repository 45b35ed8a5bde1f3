// `npm run bench:browser`: the model latency benchmark inside headless Chromium (WebGPU on SwiftShader here, and
// the CPU backend), through the same harness page the browser tests use. Nothing is asserted.
import fs from 'node:fs';
import path from 'node:path';
import { startBrowser, startServer } from '../test/helpers/browser.js';

const shared = process.env.TFLITE_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const models = (process.env.BENCH_MODELS?.split(',') ?? ['mnist/dmuiruri/mnist_cnn_float32.tflite', 'mnist/dmuiruri/mnist_cnn_int8_uint8io.tflite',
  'mnist/ma_dnn/mnist_mlp_float16.tflite', 'mnist/tflite_rs/MNISTnet_uint8_quant.tflite', 'mobilenet/mobilenet_v1_0.25_128_quant.tflite']);
const { server, url } = await startServer();
const browser = await startBrowser(true);
const page = await browser.newPage();
await page.goto(`${url}/test/browser/harness.html`);
await page.waitForFunction(() => window.tflite?.ready === true, { timeout: 60_000 });
console.log(`headless ${await browser.version()}`);
console.log('model | backend | precision | cold start ms | median ms (p90) | throughput /s (batch)');
for (const m of models) {
  const b64 = fs.readFileSync(path.join(shared, 'models', m)).toString('base64');
  for (const [backend, precision] of [['cpu', 'fp32'], ['webgpu', 'fp32'], ['webgpu', 'fp16']] as const) {
    const r = await page.evaluate(async (s, be, pr) => window.tflite.bench(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)), be, pr), b64, backend, precision);
    console.log(`${m} | ${r.backend}${r.adapter ? ` (${r.adapter})` : ''} | ${r.precision} | ${r.coldStartMs.toFixed(1)} | ${r.medianMs.toFixed(2)} (${r.p90Ms.toFixed(2)}) | ${r.throughputPerS.toFixed(0)} (${r.batch})`);
  }
}
await browser.close();
await server.close();
process.exit(0);
