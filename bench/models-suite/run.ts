// `npm run bench:models [-- --quick] [--models a,b] [--engines ours-cpu,litert-wasm] [--out FILE] [--no-save] [--serve]`:
// the model suite in headless Chromium (ours on WebGPU and CPU, LiteRT.js wasm/webgpu, tfjs-tflite), interleaved.
// Prints the headline table and writes bench/results/models-chromium-<adapter>.json (full runs; --quick saves only with --out).
// --serve instead serves examples/bench with every model and the engines' WASM, for any local browser.
import fs from 'node:fs';
import path from 'node:path';
import { REPO, catalog, packageVersion, readModelBytes } from './catalog.js';
import { runChromiumModelSuite } from './chromium.js';
import { startBenchServer } from './server.js';
import { adapterLabel, renderDetails, renderErrors, renderHeadline, renderNotes } from './table.js';

const argv = process.argv.slice(2);
const value = (flag: string): string | null => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] ?? null : null; };
const quick = argv.includes('--quick');
const list = (flag: string): string[] | null => value(flag)?.split(',').filter(Boolean) ?? null;

if (argv.includes('--serve')) {
  const models = catalog();
  const versions = { ours: (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version, litert: packageVersion('@litertjs/core') ?? 'unknown', 'tfjs-tflite': packageVersion('@tensorflow/tfjs-tflite') ?? 'unknown' };
  const files = new Map(models.map((m) => [m.id, readModelBytes(m.id)]));
  files.set('catalog.json', new TextEncoder().encode(JSON.stringify({ models, versions })));
  const { url } = await startBenchServer(files);
  console.log(`bench page: ${url}/examples/bench/index.html (Ctrl-C to stop)`);
  await new Promise<never>(() => { /* serve until interrupted */ });
}

const res = await runChromiumModelSuite({ quick, models: list('--models'), engines: list('--engines'), log: (l) => console.log(l) });
console.log(`\n${res.environment.browser ?? ''}; adapter ${res.adapter ? adapterLabel(res.adapter) : 'none'}; ` +
  `cross-origin isolated: ${res.environment.crossOriginIsolated}; ${res.totalSeconds.toFixed(0)} s\n`);
console.log(renderHeadline(res));
const notes = renderNotes(res);
if (notes) console.log(`\nnotes:\n${notes}`);
console.log(`\n${renderDetails(res)}`);
const errors = renderErrors(res);
if (errors) console.log(`\nengine errors:\n${errors}`);
const out = value('--out') ?? (quick || argv.includes('--no-save') ? null
  : path.join(REPO, 'bench', 'results', `models-chromium-${res.adapter?.slug ?? 'no-webgpu'}.json`));
if (out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(res, null, 1)}\n`);
  console.log(`\nsaved ${path.relative(REPO, out)}`);
}
process.exit(0);
