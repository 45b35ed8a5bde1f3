// Renders suite results as one self-contained HTML page (inline SVG charts and tables) and a Markdown summary
// for the README: throughput vs size per variant and the ratios to fp32 per adapter; latency per model per engine.
import type { KernelSuiteResult } from '../kernels/types.js';
import { KERNEL_VARIANTS } from '../kernels/types.js';
import type { ModelSuiteResult } from '../models-suite/types.js';
import type { Named, Results } from './results.js';
import { barChart, lineChart } from './svg.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number | undefined, d = 2): string => (v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(d));

export function adapterTitle(r: { adapter: { vendor: string; architecture: string; description: string } | null }): string {
  const a = r.adapter;
  if (!a) return 'no WebGPU adapter';
  return `${a.vendor} ${a.architecture}${a.description ? ` (${a.description})` : ''}`;
}

function machineLine(r: KernelSuiteResult | ModelSuiteResult): string {
  const e = r.environment;
  const pk = Object.entries(e.packages).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${e.runtime}${e.node ? ` ${e.node}` : ''}${e.userAgent ? ` (${e.userAgent})` : ''}; ${e.machine.os}; ${e.machine.cpu} x${e.machine.cores}; ${pk}; ${r.date}`;
}

/** Throughput (GFLOP/s or GOP/s) per problem, one series per variant that measured anything. */
export function kernelChart(r: KernelSuiteResult): string {
  const ids = [...new Set(r.entries.map((e) => e.id))];
  const label = (id: string): string => r.entries.find((e) => e.id === id)!.label;
  const series = KERNEL_VARIANTS.map((v) => ({
    name: v, values: ids.map((id) => r.entries.find((e) => e.id === id && e.variant === v && e.status === 'ok')?.gops ?? null),
  })).filter((s) => s.values.some((x) => x !== null));
  return lineChart(`Kernel throughput, ${adapterTitle(r)}`, 'GFLOP/s (int8: GOP/s)', ids.map(label), series);
}

export function modelChart(r: ModelSuiteResult): string {
  const engines = [...new Set(r.models.flatMap((m) => m.engines.map((e) => e.id)))];
  const series = engines.map((id) => ({ name: id, values: r.models.map((m) => m.engines.find((e) => e.id === id)?.medianMs ?? null) }));
  return barChart(`Batch-1 latency per model, ${adapterTitle(r)}`, 'median ms (log scale)', r.models.map((m) => m.model), series);
}

function kernelTable(r: KernelSuiteResult): string {
  const rows = r.entries.map((e) => e.status === 'ok'
    ? `<tr><td>${esc(e.label)}</td><td>${e.variant}</td><td>ok</td><td>${num(e.gops)}</td><td>${num(e.gbps)}</td><td>${num(e.kernel?.medianMs, 3)}</td>` +
      `<td>${num(e.kernel?.p10Ms, 3)}-${num(e.kernel?.p90Ms, 3)}</td><td>${num(e.dispatch?.medianMs, 3)}</td><td>${num(e.run?.medianMs, 3)}</td><td>${esc(e.passes.join(' + '))}</td></tr>`
    : `<tr class="${e.status}"><td>${esc(e.label)}</td><td>${e.variant}</td><td colspan="8">${e.status}: ${esc(e.reason ?? '')}</td></tr>`);
  return `<table><tr><th>problem</th><th>variant</th><th>status</th><th>GFLOP/s</th><th>GB/s</th><th>kernel ms</th><th>p10-p90</th><th>dispatch ms</th><th>run() ms</th><th>passes</th></tr>${rows.join('')}</table>`;
}

const RATIO_COLS = KERNEL_VARIANTS.filter((v) => v !== 'fp32');

function ratioCells(r: KernelSuiteResult['ratios'][number]): string[] {
  return RATIO_COLS.map((v) => (r.ratios[v] === undefined ? '-' : `${r.ratios[v]!.toFixed(2)}x`));
}

function modelTable(r: ModelSuiteResult): string {
  const rows = r.models.flatMap((m) => m.engines.map((e) => `<tr><td>${esc(m.model)}</td><td>${esc(e.id)}</td><td>${e.error ? esc(`error: ${e.error}`) : num(e.medianMs, 3)}</td>` +
    `<td>${e.latency ? `${num(e.latency.p10Ms, 3)}-${num(e.latency.p90Ms, 3)}` : '-'}</td><td>${num(e.coldStartMs, 1)}</td>` +
    `<td>${e.throughput ? `${num(e.throughput.itemsPerS, 0)} (batch ${e.throughput.batch})` : '-'}</td><td>${e.correctness ? (e.correctness.ok ? 'ok' : 'DIFFERS') : '-'}</td></tr>`));
  return `<table><tr><th>model</th><th>engine</th><th>median ms</th><th>p10-p90</th><th>cold start ms</th><th>items/s</th><th>vs our CPU</th></tr>${rows.join('')}</table>`;
}

export function renderHtml(res: Results): string {
  const sections: string[] = [];
  for (const { file, result: r } of res.kernels) {
    sections.push(`<section><h2>Kernels: ${esc(adapterTitle(r))}</h2><p class="meta">${esc(file)}: sweep ${r.sweep}, tiling ${r.tiling}; ${esc(machineLine(r))}; ` +
      `time: ${r.adapter.timestampQuery ? 'GPU timestamps' : 'submit-to-done wall time'}</p>${kernelChart(r)}` +
      `<h3>Throughput relative to fp32</h3><table><tr><th>problem</th>${RATIO_COLS.map((c) => `<th>${c}</th>`).join('')}</tr>` +
      `${r.ratios.map((x) => `<tr><td>${esc(x.label)}</td>${ratioCells(x).map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>` +
      `<details><summary>All entries</summary>${kernelTable(r)}</details></section>`);
  }
  for (const { file, result: r } of res.models) {
    sections.push(`<section><h2>Models: ${esc(adapterTitle(r))}</h2><p class="meta">${esc(file)}; ${esc(machineLine(r))}</p>${modelChart(r)}` +
      `<details><summary>All engines</summary>${modelTable(r)}</details></section>`);
  }
  if (res.skipped.length) sections.push(`<p class="meta">Not shown: ${esc(res.skipped.join('; '))}</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>tflite-webgpu benchmarks</title><style>
body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;font-size:12px;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,th:first-child{text-align:left}.meta{color:#555;font-size:12px}
tr.failed td{background:#fdd}tr.skipped td{color:#888}</style></head><body><h1>tflite-webgpu benchmarks</h1>
<p class="meta">Rendered by <code>npm run bench:report</code> from bench/results/*.json. Kernel throughput counts 2 x multiply-accumulates per run;
every entry was checked against the CPU kernel before it was timed.</p>${sections.join('\n')}</body></html>\n`;
}

/** Markdown for the README: per adapter, kernel ratios to fp32 and the best throughput; per model file, latencies. */
export function renderMarkdown(res: Results, svgNames: Map<string, string>): string {
  const out: string[] = ['# Benchmark summary', '', 'Generated by `npm run bench:report` from `bench/results/*.json`.', ''];
  for (const { file, result: r } of res.kernels) {
    out.push(`## Kernels: ${adapterTitle(r)}`, '', `\`${file}\`, sweep ${r.sweep}; ${machineLine(r)}`, '');
    const svg = svgNames.get(file);
    if (svg) out.push(`![kernel throughput](${svg})`, '');
    out.push(`| problem | fp32 GFLOP/s | ${RATIO_COLS.map((c) => `${c} / fp32`).join(' | ')} |`, `|---|---|${RATIO_COLS.map(() => '---').join('|')}|`);
    for (const x of r.ratios) {
      const base = r.entries.find((e) => e.id === x.id && e.variant === 'fp32');
      out.push(`| ${x.label} | ${num(base?.gops)} | ${ratioCells(x).join(' | ')} |`);
    }
    out.push('');
  }
  for (const { file, result: r } of res.models) {
    out.push(`## Models: ${adapterTitle(r)}`, '', `\`${file}\`; ${machineLine(r)}`, '');
    const engines = [...new Set(r.models.flatMap((m) => m.engines.map((e) => e.id)))];
    out.push(`| model | ${engines.join(' | ')} |`, `|---|${engines.map(() => '---').join('|')}|`);
    for (const m of r.models) out.push(`| ${m.model} | ${engines.map((id) => { const e = m.engines.find((x) => x.id === id); return e?.medianMs !== undefined ? `${num(e.medianMs, 3)} ms` : e?.error ? 'error' : '-'; }).join(' | ')} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
