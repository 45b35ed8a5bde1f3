// Node-side: the suite's models (the shared MNIST models the goldens list, our demo models, two MobileNets) and
// their bytes, read from ../shared and examples/models at run time.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelSpec } from './types.js';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const SHARED = process.env.TFLITE_SHARED ?? path.resolve(REPO, '..', 'shared');
export const MOBILENETS = ['mobilenet/mobilenet_v1_0.25_128_quant.tflite', 'mobilenet/mobilenet_v2_1.0_224_quant.tflite'];
/** The --quick set: one float model with a dynamic batch and one uint8 model of ours, both small. */
export const QUICK = ['mnist/dmuiruri/mnist_cnn_float32.tflite', 'examples/mnist_cnn_int8_uint8io.tflite'];

/** Model id -> file: 'examples/<file>' is ours, anything else is a path under ../shared/models. */
export function modelFile(id: string): string {
  return id.startsWith('examples/') ? path.join(REPO, 'examples', 'models', id.slice('examples/'.length)) : path.join(SHARED, 'models', id);
}

export function catalog(): ModelSpec[] {
  const spec = (id: string, group: string): ModelSpec => ({ id, group, bytes: fs.statSync(modelFile(id)).size, url: `/__models/${id}` });
  const mnist = fs.readdirSync(path.join(SHARED, 'golden')).filter((f) => f.startsWith('mnist__') && f.endsWith('.tflite.json')).sort()
    .map((f) => f.slice(0, -'.json'.length).replace(/__/g, '/'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'models', 'manifest.json'), 'utf8')) as { file: string }[];
  return [...mnist.map((id) => spec(id, 'shared-mnist')), ...manifest.map((m) => spec(`examples/${m.file}`, 'demo')),
    ...MOBILENETS.map((id) => spec(id, 'mobilenet'))];
}

/** The catalog filtered by substrings (any match keeps a model), or the quick set. */
export function selectModels(filter: readonly string[] | null, quick: boolean): ModelSpec[] {
  const all = catalog();
  if (filter?.length) return all.filter((m) => filter.some((f) => m.id.includes(f)));
  return quick ? all.filter((m) => QUICK.includes(m.id)) : all;
}

export function readModelBytes(id: string): Uint8Array {
  const b = fs.readFileSync(modelFile(id));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}
