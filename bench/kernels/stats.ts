// Order statistics of timing samples (median and spread), nearest-rank, so no sample is invented by interpolation.
import type { TimingStats } from './types.js';

export function timingStats(ms: readonly number[]): TimingStats {
  if (ms.length === 0) throw new Error('timingStats: no samples');
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]!;
  return { medianMs: at(0.5), p10Ms: at(0.1), p90Ms: at(0.9), minMs: s[0]!, maxMs: s[s.length - 1]!, samples: s.length };
}
