// Native TFLite 2.9 (builtin kernels) as a second oracle: runs a model through test/native/tflite_c.py.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { viewTyped, dtypeBytes } from '../../src/graph/dtype.js';
import { REPO } from './shared.js';

const LIB = path.join(REPO, 'node_modules', 'tfjs-tflite-node', 'cc_deps', 'linux_amd64', 'libtensorflowlite_c.so');
const SCRIPT = path.join(REPO, 'test', 'native', 'tflite_c.py');

/**
 * The native library is a dev dependency for linux x64. Elsewhere set TFLITE_NATIVE=off to drop the native
 * comparisons knowingly; otherwise a missing library fails the tests loudly.
 */
export const NATIVE_ENABLED = process.env.TFLITE_NATIVE !== 'off';

/** Runs `cases` (each: one typed array per model input) and returns every output of every case. */
export function runNative(modelPath: string, cases: TypedArray[][], outDtypes: DType[]): TypedArray[][] {
  if (!fs.existsSync(LIB)) throw new Error(`native TFLite library missing at ${LIB} (npm ci installs tfjs-tflite-node)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tflite-native-'));
  try {
    cases.forEach((ins, k) => ins.forEach((a, j) => fs.writeFileSync(path.join(dir, `${k}.in${j}`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength))));
    const job = { lib: LIB, model: modelPath, dir, cases: cases.length, inputs: cases[0]?.length ?? 0 };
    const r = spawnSync('python3', [SCRIPT], { input: JSON.stringify(job), encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`native TFLite failed: ${r.stderr || r.error?.message}`);
    const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { outputs?: number; error?: string };
    if (res.error) throw new Error(`native TFLite: ${res.error}`);
    return cases.map((_, k) => outDtypes.map((d, o) => {
      const b = fs.readFileSync(path.join(dir, `${k}.out${o}`));
      const copy = new Uint8Array(b.byteLength);
      copy.set(b);
      return viewTyped(d, copy.buffer, 0, b.byteLength / dtypeBytes(d));
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
