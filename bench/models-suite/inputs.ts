// Deterministic benchmark inputs: seeded xorshift32 values within each input dtype's range, tiled for batches.
import type { EngineDType, EngineTensorInfo, EngineTypedArray } from '../engines/engine.js';
import { engineArrayFor } from '../engines/engine.js';

function fill(a: EngineTypedArray, dtype: EngineDType, seed: number): void {
  let s = (seed * 2654435761 + 12345) >>> 0 || 1;
  for (let i = 0; i < a.length; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    switch (dtype) {
      // Floats in [0, 1): the range of MNIST pixels /255, which most float models here expect.
      case 'float32': case 'float64': a[i] = s / 2 ** 32; break;
      case 'int8': a[i] = (s & 255) - 128; break;
      case 'uint8': a[i] = s & 255; break;
      case 'int16': a[i] = (s & 65535) - 32768; break;
      case 'bool': a[i] = s & 1; break;
      // Small non-negative integers: int inputs are often indices or sizes.
      default: a[i] = s % 4;
    }
  }
}

/** One batch-1 input per tensor, in model order (seed k for input k). */
export function seededInputs(infos: readonly EngineTensorInfo[]): EngineTypedArray[] {
  return infos.map((t, k) => {
    const a = engineArrayFor(t.dtype, t.shape.reduce((p, d) => p * d, 1));
    fill(a, t.dtype, k + 1);
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
