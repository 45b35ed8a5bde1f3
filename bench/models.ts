// `npm run bench`: per shared MNIST model and mobilenet_v1_0.25_128_quant, latency (median, batch 1, incl. readback),
// cold start and throughput on cpu and webgpu (fp32 and fp16) in Node (Dawn; SwiftShader here). Nothing is asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel, UnsupportedOpError } from '../src/index.js';
import { openGpu } from '../src/backends/webgpu/device.js';
import { measure, type LatencyResult } from './latency.js';

const shared = process.env.TFLITE_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
if (!process.env.VK_ICD_FILENAMES && fs.existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.XDG_RUNTIME_DIR ??= os.tmpdir();

const models = fs.readdirSync(path.join(shared, 'golden')).filter((f) => f.startsWith('mnist__')).map((f) => f.replace(/__/g, '/').replace(/\.json$/, ''))
  .concat(['mobilenet/mobilenet_v1_0.25_128_quant.tflite']);
const only = process.env.BENCH_MODELS?.split(',');
const gpu = await openGpu().catch((e: Error) => { console.log(`no WebGPU: ${e.message}`); return null; });
const rows: (LatencyResult & { model: string })[] = [];
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? ''} x${os.cpus().length}; adapter: ${gpu ? `${gpu.info.vendor} ${gpu.info.description}` : 'none'}`);
console.log('model | backend | precision | cold start ms | median ms (p90) | throughput /s (batch)');
for (const m of models.filter((m) => !only || only.some((o) => m.includes(o)))) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(shared, 'models', m)));
  const configs = [{ backend: 'cpu' as const, precision: 'fp32' as const }, ...(gpu ? [{ backend: 'webgpu' as const, precision: 'fp32' as const }, { backend: 'webgpu' as const, precision: 'fp16' as const }] : [])];
  for (const c of configs) {
    try {
      const t0 = performance.now();
      const model = await loadModel(bytes, { ...c, ...(gpu ? { gpuContext: gpu } : {}) });
      await model.run(model.inputs.map((i) => ({ data: new (i.dtype === 'float32' ? Float32Array : i.dtype === 'int8' ? Int8Array : Uint8Array)(i.shape.reduce((a, b) => a * b, 1)), shape: i.shape })));
      const cold = performance.now() - t0;
      const r = { model: m, ...(await measure(model)), coldStartMs: cold };
      rows.push(r);
      console.log(`${m} | ${r.backend} | ${r.precision} | ${cold.toFixed(1)} | ${r.medianMs.toFixed(2)} (${r.p90Ms.toFixed(2)}) | ${r.throughputPerS.toFixed(0)} (${r.batch})`);
      model.dispose();
    } catch (e) {
      if (e instanceof UnsupportedOpError) { console.log(`${m} | ${c.backend} | unsupported: ${e.ops.map((o) => o.opcode).join(', ')}`); break; }
      throw e;
    }
  }
}
if (process.argv.includes('--save')) {
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `models-node-${gpu ? gpu.info.description.replace(/\W+/g, '_') : 'cpu'}.json`);
  fs.writeFileSync(file, JSON.stringify({ machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version }, adapter: gpu?.info ?? null, date: new Date().toISOString(), rows }, null, 1));
  console.log(`saved ${file}`);
}
process.exit(0);
