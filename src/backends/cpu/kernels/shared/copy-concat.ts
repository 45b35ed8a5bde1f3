// Axis interleaving shared by CONCATENATION and PACK: per outer block, each input contributes one contiguous chunk.
import type { WordArray } from './copy-words.js';

const BULK_MIN = 32;

/**
 * For k in [0, outer): appends, for each input i in order, words [k·chunks[i], (k+1)·chunks[i]) of srcs[i] to dst.
 * Inputs listed in `skip` (may be null) are left to the caller: their output ranges are passed over untouched.
 */
export function concatChunks(
  dst: WordArray, srcs: readonly WordArray[], chunks: readonly number[], outer: number, skip: readonly boolean[] | null,
): void {
  let d = 0;
  for (let k = 0; k < outer; k++) {
    for (let i = 0; i < srcs.length; i++) {
      const n = chunks[i];
      if (skip === null || !skip[i]) {
        const s = srcs[i];
        const base = k * n;
        if (n >= BULK_MIN) dst.set(s.subarray(base, base + n), d);
        else for (let j = 0; j < n; j++) dst[d + j] = s[base + j];
      }
      d += n;
    }
  }
}
