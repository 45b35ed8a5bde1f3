// The bench page: pick engines and models, run the model suite and the kernel suite in this browser, draw the
// results and offer them as JSON (the same format as bench/results/*.json).
/// <reference path="../../bench/engines/tfjs-tflite-fesm.d.ts" />
import { runModelSuite } from '../../bench/models-suite/browser.js';
import { ALL_ENGINES, engineId } from '../../bench/models-suite/engines-list.js';
import type { EngineSpec, ModelSuiteResult } from '../../bench/models-suite/types.js';
import { runKernelSuite, type KernelSuiteResult } from '../../bench/kernels/browser.js';
import type { SweepName } from '../../bench/kernels/types.js';
import { groupedBars, scatter, type Point } from './charts.js';
import { findSources } from './sources.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const log = (line: string): void => { const l = $<HTMLPreElement>('log'); l.textContent += `${line}\n`; l.scrollTop = l.scrollHeight; };
const results: { models?: ModelSuiteResult; kernels?: KernelSuiteResult } = {};
// Exposed for the page test (test/examples/bench-page.test.ts) and for anyone inspecting a run in the console.
declare global { interface Window { benchResults: typeof results } }
window.benchResults = results;

function checkboxes(where: string, items: { id: string; label: string; checked: boolean; disabled?: boolean }[]): () => string[] {
  const box = $<HTMLFieldSetElement>(where);
  const inputs = items.map((it) => {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', checked: it.checked, disabled: it.disabled ?? false, value: it.id });
    label.append(input, ` ${it.label}`);
    box.append(label);
    return input;
  });
  return () => inputs.filter((i) => i.checked && !i.disabled).map((i) => i.value);
}

function drawModels(r: ModelSuiteResult): void {
  const series = [...new Set(r.models.flatMap((m) => m.engines.map((e) => e.id)))];
  const groups = r.models.map((m) => ({ label: m.model.split('/').slice(-2).join('/'),
    values: series.map((s) => m.engines.find((e) => e.id === s)?.medianMs ?? null) }));
  $('latency-chart').replaceChildren(groupedBars(groups, series, 'ms'));
  const table = document.createElement('table');
  table.innerHTML = `<tr><th>model</th>${series.map((s) => `<th>${s}</th>`).join('')}</tr>` + r.models.map((m) => `<tr><td>${m.model}</td>${series.map((s) => {
    const e = m.engines.find((x) => x.id === s);
    const text = !e ? '' : e.medianMs !== undefined ? `${e.medianMs.toFixed(2)}${e.correctness && !e.correctness.ok ? ' (wrong)' : ''}` : 'error';
    return `<td title="${(e?.error ?? e?.variant ?? '').replace(/"/g, '&quot;')}">${text}</td>`;
  }).join('')}</tr>`).join('');
  $('latency-table').replaceChildren(table);
  const points: Point[] = r.models.flatMap((m) => m.engines.filter((e) => e.throughput)
    .map((e) => ({ series: e.id, x: m.bytes, y: e.throughput!.itemsPerS, label: `${m.model} (batch ${e.throughput!.batch})` })));
  $('model-throughput-chart').replaceChildren(scatter(points, 'model size (bytes)', 'inferences/s'));
}

function drawKernels(r: KernelSuiteResult): void {
  const points: Point[] = r.entries.filter((e) => e.status === 'ok' && e.gops).map((e) => ({ series: e.variant, x: e.ops, y: e.gops!, label: e.label }));
  $('kernel-chart').replaceChildren(scatter(points, 'operations per run', 'GOP/s'));
  $('kernel-note').textContent = `${[r.adapter.vendor, r.adapter.architecture, r.adapter.description].filter(Boolean).join(' ')}; time source: ${r.adapter.timestampQuery ? 'GPU timestamps' : 'wall clock'}`;
}

function busy(on: boolean): void {
  for (const id of ['run-models', 'run-kernels']) $<HTMLButtonElement>(id).disabled = on;
  $<HTMLButtonElement>('download').disabled = on || (!results.models && !results.kernels);
}

async function main(): Promise<void> {
  const src = await findSources();
  $('source').textContent = src.referenceEngines
    ? `Served by the bench server: ${src.models.length} models, LiteRT.js and tfjs-tflite available (cross-origin isolated: ${crossOriginIsolated}).`
    : 'Demo models only; LiteRT.js and tfjs-tflite need their WASM served raw: run `npm run bench:models -- --serve` and open the URL it prints.';
  const engines = checkboxes('engines', ALL_ENGINES.map((e) => ({ id: engineId(e), label: engineId(e), checked: true, disabled: e.engine !== 'ours' && !src.referenceEngines })));
  const models = checkboxes('models', src.models.map((m) => ({ id: m.id, label: `${m.id} (${(m.bytes / 1024).toFixed(0)} KiB)`, checked: m.group !== 'mobilenet' })));
  $('run-models').addEventListener('click', () => {
    const chosen: EngineSpec[] = ALL_ENGINES.filter((e) => engines().includes(engineId(e)));
    const picked = src.models.filter((m) => models().includes(m.id));
    const quick = $<HTMLInputElement>('quick').checked;
    busy(true);
    runModelSuite(picked, chosen, { quick, log, versions: src.versions,
      ...(quick ? { warmup: 1, reps: 5, minReps: 3, budgetMs: 3000, batches: [1, 8], throughputReps: 2 } : {}) })
      .then((r) => { results.models = r; drawModels(r); log(`model suite done in ${r.totalSeconds.toFixed(0)} s`); })
      .catch((e: unknown) => log(`model suite failed: ${String(e)}`)).finally(() => busy(false));
  });
  $('run-kernels').addEventListener('click', () => {
    if (!navigator.gpu) { log('no navigator.gpu: the kernel suite needs WebGPU'); return; }
    busy(true);
    log('kernel suite running...');
    runKernelSuite(navigator.gpu, { sweep: $<HTMLSelectElement>('sweep').value as SweepName, packages: src.versions })
      .then((r) => { results.kernels = r; drawKernels(r); log(`kernel suite done: ${r.entries.length} entries`); })
      .catch((e: unknown) => log(`kernel suite failed: ${String(e)}`)).finally(() => busy(false));
  });
  $('download').addEventListener('click', () => {
    const blob = new Blob([JSON.stringify(results, null, 1)], { type: 'application/json' });
    const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `tflite-webgpu-bench-${Date.now()}.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  });
}

main().catch((e: unknown) => log(`page failed: ${String(e)}`));
