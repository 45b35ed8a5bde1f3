// Strided box copy shared by TRANSPOSE, STRIDED_SLICE and PAD: one loop nest serves gathers, scatters and reversals.
import type { WordArray } from './copy-words.js';

/** Below this many contiguous words a plain loop beats creating a subarray for TypedArray.set. */
const BULK_MIN = 32;
/** Tile edge for 2-D transposes, so both the read and the write side stay within cache lines. */
const TILE = 32;

/**
 * Copies the box of `counts` words: element (i0..ik) moves from src[srcOff + Σ i·srcStrides] to
 * dst[dstOff + Σ i·dstStrides]. Strides may be negative. Dimensions of size 1 are dropped and dimensions that are
 * contiguous on both sides are merged first, so most real cases reduce to one or two loops.
 */
export function copyStrided(
  src: WordArray, srcOff: number, srcStrides: readonly number[],
  dst: WordArray, dstOff: number, dstStrides: readonly number[],
  counts: readonly number[],
): void {
  const c: number[] = [];
  const ss: number[] = [];
  const ds: number[] = [];
  // Merge from the innermost dimension outwards.
  for (let i = counts.length - 1; i >= 0; i--) {
    const n = counts[i];
    if (n === 0) return;
    if (n === 1) continue;
    const k = c.length - 1;
    if (k >= 0 && srcStrides[i] === ss[k] * c[k] && dstStrides[i] === ds[k] * c[k]) {
      c[k] = c[k] * n;
    } else {
      c.push(n);
      ss.push(srcStrides[i]);
      ds.push(dstStrides[i]);
    }
  }
  c.reverse(); ss.reverse(); ds.reverse();
  const r = c.length;
  if (r === 0) {
    dst[dstOff] = src[srcOff];
    return;
  }
  const n0 = c[r - 1], s0 = ss[r - 1], d0 = ds[r - 1];
  const n1 = r >= 2 ? c[r - 2] : 1, s1 = r >= 2 ? ss[r - 2] : 0, d1 = r >= 2 ? ds[r - 2] : 0;
  const outer = r - 2;
  const idx = outer > 0 ? new Array<number>(outer).fill(0) : [];
  const bulk = s0 === 1 && d0 === 1 && n0 >= BULK_MIN;
  const tiled = !bulk && r >= 2 && n0 >= TILE && n1 >= TILE && s0 !== 1 && s1 === 1;
  let so = srcOff, dof = dstOff;
  for (;;) {
    if (bulk) {
      let sp = so, dp = dof;
      for (let j = 0; j < n1; j++) {
        dst.set(src.subarray(sp, sp + n0), dp);
        sp += s1; dp += d1;
      }
    } else if (tiled) {
      tile2d(src, so, s1, s0, dst, dof, d1, d0, n1, n0);
    } else {
      let sp = so, dp = dof;
      for (let j = 0; j < n1; j++) {
        let a = sp, b = dp;
        for (let k = 0; k < n0; k++) {
          dst[b] = src[a];
          a += s0; b += d0;
        }
        sp += s1; dp += d1;
      }
    }
    // Odometer over the outer dimensions.
    let d = outer - 1;
    while (d >= 0) {
      idx[d]++;
      so += ss[d]; dof += ds[d];
      if (idx[d] < c[d]) break;
      so -= ss[d] * c[d]; dof -= ds[d] * c[d];
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** The last two dimensions of a transpose-like copy, walked in TILE×TILE blocks. */
function tile2d(
  src: WordArray, so: number, sj: number, sk: number,
  dst: WordArray, dof: number, dj: number, dk: number,
  nj: number, nk: number,
): void {
  for (let j0 = 0; j0 < nj; j0 += TILE) {
    const j1 = Math.min(nj, j0 + TILE);
    for (let k0 = 0; k0 < nk; k0 += TILE) {
      const k1 = Math.min(nk, k0 + TILE);
      for (let j = j0; j < j1; j++) {
        let a = so + j * sj + k0 * sk, b = dof + j * dj + k0 * dk;
        for (let k = k0; k < k1; k++) {
          dst[b] = src[a];
          a += sk; b += dk;
        }
      }
    }
  }
}
