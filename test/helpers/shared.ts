// Locates the read-only test material in ../shared and reads golden files and models from it at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
/** TFLITE_SHARED overrides the location; by default the sibling folder of the repository. */
export const SHARED = process.env.TFLITE_SHARED ?? path.resolve(REPO, '..', 'shared');

export const sharedPath = (...p: string[]): string => path.join(SHARED, ...p);

export function readShared(...p: string[]): Uint8Array {
  const b = fs.readFileSync(sharedPath(...p));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export interface GoldenOutput {
  shape: number[];
  dtype: string;
  data?: number[];
  sha256_of_values?: string;
  first256?: number[];
}
export interface GoldenCase {
  inputs: (number[] | { sha256_of_values: string; n: number })[];
  outputs: GoldenOutput[];
}
export interface Golden {
  model: string;
  ok?: boolean;
  inputs?: { name: string; shape: number[]; dtype: string; scale?: number; zp?: number; pre?: string }[];
  cases?: GoldenCase[];
  predictions_10k?: number[];
  accuracy_10k?: number;
  correct?: number;
  outputs_first100?: number[][][];
  outputs_first100_native_builtin?: number[][][];
  allowed_prediction_differences?: number;
  preprocessing?: string;
  patched_copy?: unknown;
}

export function goldenFiles(): string[] {
  return fs.readdirSync(sharedPath('golden')).filter((f) => f.endsWith('.json')).sort();
}

export function readGolden(file: string): Golden {
  return JSON.parse(fs.readFileSync(sharedPath('golden', file), 'utf8')) as Golden;
}

/** The golden's deterministic input generator (ACCURACY.md): xorshift32 per case k and input j. */
export function goldenInput(k: number, j: number, dtype: string, n: number): number[] {
  let s = (((k + 1) * 2654435761 + (j + 1) * 40503) % 2 ** 32) >>> 0;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    switch (dtype) {
      case 'FLOAT32': out[i] = Math.fround((s / 2 ** 32) * 2 - 1); break;
      case 'INT8': out[i] = (s & 255) - 128; break;
      case 'UINT8': out[i] = s & 255; break;
      case 'INT16': out[i] = (s & 65535) - 32768; break;
      case 'BOOL': out[i] = s & 1; break;
      default: out[i] = s % 4;
    }
  }
  return out;
}

/**
 * Per-model tolerance for integer outputs from XNNPACK_VS_BUILTIN.md: where TFLite's own two kernel sets
 * differ ("N/M differ, max D" between the golden's runtime and native builtin kernels), our builtin-exact
 * outputs may differ from the golden in at most N elements by at most D steps.
 */
export function builtinVsGoldenAllowance(model: string): { count: number; max: number } | null {
  const md = fs.readFileSync(sharedPath('golden', 'XNNPACK_VS_BUILTIN.md'), 'utf8');
  const row = md.split('\n').find((l) => l.startsWith(`| ${model}`) && l.includes('|'));
  if (!row) return null;
  const cell = row.split('|').map((c) => c.trim())[4] ?? '';
  const m = /^(\d+)\/(\d+) differ, max ([\d.e+-]+)/.exec(cell);
  if (cell === 'identical') return { count: 0, max: 0 };
  if (!m) return null;
  return { count: Number(m[1]), max: Number(m[3]) };
}
