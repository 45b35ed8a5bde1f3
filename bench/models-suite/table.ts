// Text rendering of model-suite results: the headline table (median batch-1 ms per engine) and us/them ratios.
import type { ModelResult, ModelSuiteResult } from './types.js';

export const COLUMNS = ['ours-webgpu-fp32', 'ours-webgpu-fp16', 'ours-cpu', 'litert-webgpu', 'litert-wasm', 'tfjs-tflite-wasm'];
/** The headline ratios: our WebGPU against the other WebGPU engine, our CPU backend against the WASM CPU engines. */
export const HEADLINE: [string, string][] = [
  ['ours-webgpu-fp32', 'litert-webgpu'], ['ours-webgpu-fp32', 'litert-wasm'], ['ours-webgpu-fp32', 'tfjs-tflite-wasm'],
  ['ours-cpu', 'litert-wasm'], ['ours-cpu', 'tfjs-tflite-wasm'],
];

function cell(m: ModelResult, id: string): string {
  const e = m.engines.find((x) => x.id === id);
  if (!e) return '-';
  if (e.medianMs === undefined) return 'error';
  const wrong = e.correctness && !e.correctness.ok ? (e.knownDefect ? '!†' : '!') : '';
  return `${e.medianMs < 10 ? e.medianMs.toFixed(2) : e.medianMs.toFixed(1)}${e.note ? '*' : ''}${wrong}`;
}

function ratio(m: ModelResult, us: string, them: string): string {
  const r = m.ratios.find((x) => x.ours === us && x.them === them);
  return r ? r.ratio.toFixed(2) : '-';
}

export function renderHeadline(res: ModelSuiteResult): string {
  const head = ['model', ...COLUMNS, ...HEADLINE.map(([a, b]) => `${a.replace('ours-', '')}/${b}`)];
  const rows = res.models.map((m) => [m.model, ...COLUMNS.map((c) => cell(m, c)), ...HEADLINE.map(([a, b]) => ratio(m, a, b))]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') +
    '\n(median batch-1 ms incl. readback; * = engine ran a static-batch copy; ! = outputs disagree with our CPU backend; ' +
    '† = a known defect of that reference engine on this model, see notes; ratios < 1: ours faster)';
}

/** One line per engine error, so refusals are visible next to the table. */
export function renderErrors(res: ModelSuiteResult): string {
  return res.models.flatMap((m) => m.engines.filter((e) => e.error).map((e) => `${m.model} ${e.id}: ${e.error}`)).join('\n');
}

/** The adapter as Chromium describes it: whichever of vendor, architecture, description are non-empty. */
export function adapterLabel(a: NonNullable<ModelSuiteResult['adapter']>): string {
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/** Items per second readable at any rate: a 0.31/s MobileNet on SwiftShader must not print as 0. */
export function formatRate(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

/** One line per engine run on an altered model copy or disagreeing for a known reason (the * and † of the table). */
export function renderNotes(res: ModelSuiteResult): string {
  return res.models.flatMap((m) => m.engines.flatMap((e) => [
    ...(e.note ? [`* ${m.model} ${e.id}: ${e.note}`] : []),
    ...(e.knownDefect ? [`† ${m.model} ${e.id}: ${e.knownDefect}`] : []),
  ])).join('\n');
}

export function renderDetails(res: ModelSuiteResult): string {
  const lines = ['model | engine | cold ms | median ms (p10-p90, n) | best throughput /s (batch) | peak GPU KiB | vs ours-cpu: max|d| (rel), argmax'];
  for (const m of res.models) for (const e of m.engines) {
    if (e.error) continue;
    const l = e.latency, c = e.correctness, t = e.throughput;
    lines.push([m.model, e.id, e.coldStartMs?.toFixed(1) ?? '-',
      l ? `${l.medianMs.toFixed(2)} (${l.p10Ms.toFixed(2)}-${l.p90Ms.toFixed(2)}, ${l.samples})` : '-',
      t ? `${formatRate(t.itemsPerS)} (${t.batch})` : '-', e.peakGpuBytes ? (e.peakGpuBytes / 1024).toFixed(0) : '-',
      c ? `${c.maxAbsDiff.toPrecision(3)} (${c.relDiff.toPrecision(2)}), ${c.argmaxAgrees ? 'same' : 'DIFFERENT'}` : '-'].join(' | '));
  }
  return lines.join('\n');
}
