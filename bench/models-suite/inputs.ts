// Deterministic benchmark inputs (src/graph/seeded-values.ts: seeded values within each dtype's range), tiled for batches.
import type { EngineDType, EngineTensorInfo, EngineTypedArray } from '../engines/engine.js';
import { engineArrayFor } from '../engines/engine.js';
import { fillSeeded } from '../../src/graph/seeded-values.js';

/** One batch-1 input per tensor, in model order (seed k for input k). */
export function seededInputs(infos: readonly EngineTensorInfo[]): EngineTypedArray[] {
  return infos.map((t, k) => {
    const a = engineArrayFor(t.dtype, t.shape.reduce((p, d) => p * d, 1));
    fillSeeded(a, t.dtype, k + 1);
    return a;
  });
}

/** `batch` copies of each batch-1 input, back to back (for engines that resize a dynamic batch). */
export function tiled(one: readonly EngineTypedArray[], dtypes: readonly EngineDType[], batch: number): EngineTypedArray[] {
  return one.map((a, k) => {
    const out = engineArrayFor(dtypes[k]!, a.length * batch);
    for (let b = 0; b < batch; b++) out.set(a, b * a.length);
    return out;
  });
}
