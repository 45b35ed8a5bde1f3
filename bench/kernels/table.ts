// Plain-text tables of kernel suite results, for the terminal (one row per entry, then the ratios to fp32).
import type { KernelEntry, KernelRatio, KernelSuiteResult, TimingStats } from './types.js';

const f = (x: number | undefined, d = 2): string => (x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(d));
const ms = (t: TimingStats | null | undefined): string => (t ? `${f(t.medianMs, 3)} (${f(t.p10Ms, 3)}-${f(t.p90Ms, 3)})` : '-');

export const ENTRY_HEADER = 'problem | variant | status | GFLOP/s (GOP/s) | GB/s | kernel ms (p10-p90) | dispatch ms | run() ms | passes';

export function entryRow(e: KernelEntry): string {
  if (e.status !== 'ok') return `${e.label} | ${e.variant} | ${e.status}: ${e.reason ?? ''}`;
  return [e.label, e.variant, `ok x${e.repsPerSample}`, f(e.gops), f(e.gbps), ms(e.kernel), ms(e.dispatch), ms(e.run), e.passes.join(' + ')].join(' | ');
}

export function ratioRow(r: KernelRatio): string {
  const v = (k: keyof KernelRatio['ratios']): string => (r.ratios[k] === undefined ? '-' : `${r.ratios[k]!.toFixed(2)}x`);
  return [r.label, v('fp16-packed'), v('fp16-native'), v('int8-dot4'), v('int8-portable')].join(' | ');
}

/** The ratios to fp32 and the entry counts (the rows were printed as they finished). */
export function renderSummary(res: KernelSuiteResult): string {
  return [
    'throughput vs fp32 | fp16-packed | fp16-native | int8-dot4 | int8-portable', ...res.ratios.map(ratioRow),
    `${res.entries.filter((e) => e.status === 'ok').length} ok, ${res.entries.filter((e) => e.status === 'failed').length} failed, ` +
      `${res.entries.filter((e) => e.status === 'skipped').length} skipped in ${res.totalSeconds.toFixed(1)} s`,
  ].join('\n');
}

export function renderTables(res: KernelSuiteResult): string {
  const a = res.adapter;
  return [
    `adapter: ${a.vendor} ${a.architecture} (${a.description}); timestamp-query: ${a.timestampQuery ? 'yes' : 'no'}; sweep ${res.sweep}, tiling ${res.tiling}`,
    ENTRY_HEADER, ...res.entries.map(entryRow), '', renderSummary(res),
  ].join('\n');
}
