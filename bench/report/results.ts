// Reads bench/results/*.json and sorts them into kernel-suite and model-suite results (the GPU-machine entry's
// combined {kernels, models} file counts as both); files of other shapes (older benchmarks) are listed as skipped.
import fs from 'node:fs';
import path from 'node:path';
import type { KernelSuiteResult } from '../kernels/types.js';
import type { ModelSuiteResult } from '../models-suite/types.js';

export interface Named<T> { file: string; result: T }
export interface Results { kernels: Named<KernelSuiteResult>[]; models: Named<ModelSuiteResult>[]; skipped: string[] }

const isKernels = (x: unknown): x is KernelSuiteResult => (x as { suite?: unknown } | null)?.suite === 'kernels';
const isModels = (x: unknown): x is ModelSuiteResult => (x as { suite?: unknown } | null)?.suite === 'models';

export function loadResults(dir: string): Results {
  const out: Results = { kernels: [], models: [], skipped: [] };
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      out.skipped.push(`${file} (not JSON)`);
      continue;
    }
    const combined = json as { kernels?: unknown; models?: unknown };
    const parts = isKernels(json) || isModels(json) ? [json] : [combined.kernels, combined.models];
    let used = false;
    for (const p of parts) {
      if (isKernels(p)) { out.kernels.push({ file, result: p }); used = true; }
      if (isModels(p)) { out.models.push({ file, result: p }); used = true; }
    }
    if (!used) out.skipped.push(`${file} (not a kernel or model suite result)`);
  }
  return out;
}
