// Compares an engine's outputs with our CPU backend's on the same input (see Correctness in types.ts).
import type { EngineTypedArray } from '../engines/engine.js';
import type { Correctness } from './types.js';

function argmax(a: EngineTypedArray): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

export function compareOutputs(ref: readonly EngineTypedArray[], got: readonly EngineTypedArray[]): Correctness {
  if (ref.length !== got.length) throw new Error(`engine returned ${got.length} outputs, our CPU backend ${ref.length}`);
  let maxAbsDiff = 0, maxRef = 0, elements = 0, differing = 0, float = false;
  ref.forEach((r, k) => {
    const g = got[k]!;
    if (g.length !== r.length) throw new Error(`output ${k}: engine gave ${g.length} values, our CPU backend ${r.length}`);
    float ||= r instanceof Float32Array || r instanceof Float64Array;
    for (let i = 0; i < r.length; i++) {
      const d = Math.abs(Number(r[i]) - Number(g[i]));
      // NaN compares as a difference of infinity, so a broken engine cannot look exact.
      const diff = Number.isNaN(d) ? Infinity : d;
      if (diff > 0) differing++;
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      maxRef = Math.max(maxRef, Math.abs(Number(r[i])));
    }
    elements += r.length;
  });
  const relDiff = maxRef > 0 ? maxAbsDiff / maxRef : maxAbsDiff;
  const argmaxAgrees = ref.length > 0 && argmax(ref[0]!) === argmax(got[0]!);
  return { maxAbsDiff, relDiff, elements, differing, argmaxAgrees, ok: argmaxAgrees && (!float || relDiff <= 0.05) };
}
