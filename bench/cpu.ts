// `npm run bench:cpu`: model load time and eval-mnist images/second per shared MNIST model on the CPU backend.
// A benchmark, not a test: numbers go to stdout (and bench/results/ with --save); nothing is asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModelFromBytes, UnsupportedOpError } from '../src/index.js';
import { evalMnist, type PixelMode } from '../src/cli/mnist.js';
import { loadMnist } from '../src/cli/commands/eval-mnist.js';

const shared = process.env.TFLITE_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const limit = Number(process.env.BENCH_IMAGES ?? 2000);
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

const goldens = fs.readdirSync(path.join(shared, 'golden')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(shared, 'golden', f), 'utf8')) as { model: string; predictions_10k?: number[]; inputs?: { pre?: string }[] })
  .filter((g) => g.predictions_10k);
const { images, labels } = await loadMnist(path.join(shared, 'mnist', 't10k-images-idx3-ubyte.gz'), path.join(shared, 'mnist', 't10k-labels-idx1-ubyte.gz'));

const rows: Record<string, unknown>[] = [];
console.log(`CPU backend, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; ${limit} images per model`);
console.log('model | load ms (median of 5) | batch 1 img/s | batched img/s (batch) | accuracy');
for (const g of goldens) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(shared, 'models', g.model)));
  const loads: number[] = [];
  let model;
  try {
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      model = loadModelFromBytes(bytes, g.model, { backend: 'cpu' });
      loads.push(performance.now() - t0);
    }
  } catch (e) {
    if (e instanceof UnsupportedOpError) { console.log(`${g.model} | unsupported: ${e.ops.map((o) => o.opcode).join(', ')}`); continue; }
    throw e;
  }
  const pixels = (g.inputs?.[0]?.pre ?? 'unit') as PixelMode;
  const single = await evalMnist(model!, images, labels, { limit: Math.min(limit, 500), batch: 1, pixels });
  const dynamic = model!.inputs[0]!.shapeSignature[0] === -1;
  const batched = dynamic ? await evalMnist(model!, images, labels, { limit, batch: 100, pixels }) : single;
  const row = { model: g.model, load_ms: median(loads), img_per_s_batch1: 1000 / single.msPerImage,
    img_per_s_batched: 1000 / batched.msPerImage, batch: dynamic ? 100 : 1, accuracy: batched.accuracy };
  rows.push(row);
  console.log(`${g.model} | ${row.load_ms.toFixed(2)} | ${row.img_per_s_batch1.toFixed(0)} | ${row.img_per_s_batched.toFixed(0)} (${row.batch}) | ${(100 * row.accuracy).toFixed(2)}%`);
  model!.dispose();
}
if (process.argv.includes('--save')) {
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `cpu-${os.hostname()}.json`);
  fs.writeFileSync(file, JSON.stringify({ machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version }, date: new Date().toISOString(), images: limit, rows }, null, 1));
  console.log(`saved ${file}`);
}
