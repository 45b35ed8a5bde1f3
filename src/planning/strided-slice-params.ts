// STRIDED_SLICE index arithmetic and output shape exactly as TFLite's strided_slice.cc + strided_slice_logic.h.
import type { StridedSliceOptions } from '../graph/options.js';

export type StridedSliceMasks = Omit<StridedSliceOptions, 'kind'>;

export interface StridedSliceParams {
  /** The input shape with new axes inserted: the index space `start`/`stop`/`step` refer to. */
  effectiveShape: number[];
  /** First index visited per effective dimension (meaningful only where `count` > 0). */
  start: number[];
  /** One past the last index (in the direction of `step`). */
  stop: number[];
  step: number[];
  /** Indices visited per effective dimension. */
  count: number[];
  /** Effective dimensions that shrink_axis_mask removes from the output. */
  shrink: boolean[];
  outputShape: number[];
}

function clamp(v: number, lo: number, hi: number): number {
  return v > hi ? hi : v < lo ? lo : v;
}

/** Indices visited going from `start` towards `stop` (exclusive) by `step`, as TFLite's loop condition counts them. */
function visits(start: number, stop: number, step: number): number {
  const span = step > 0 ? stop - start : start - stop;
  const by = Math.abs(step);
  return span <= 0 ? 0 : Math.floor((span - 1) / by) + 1;
}

/**
 * Resolves a strided slice of `inputShape` by the begin/end/strides operand values and the options' masks.
 * Returns the per-dimension plan, or a reason string where TFLite would fail, or would leave output elements
 * unwritten (a shrunk index out of range, a shrink with a negative stride, an offset slice clamped short).
 */
export function stridedSliceParams(
  inputShape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[],
  masks: StridedSliceMasks,
): StridedSliceParams | string {
  const n = begin.length;
  if (end.length !== n || strides.length !== n) {
    return `begin/end/strides have ${n}/${end.length}/${strides.length} elements; they must match`;
  }
  if (n > 30) return `${n} slice dimensions not supported`;
  const { beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask, offset } = masks;
  if ((ellipsisMask & (ellipsisMask - 1)) !== 0) return `ellipsis_mask ${ellipsisMask} has more than one bit set`;
  const beyond = ~((1 << n) - 1);
  if ((ellipsisMask & beyond) !== 0 || (newAxisMask & beyond) !== 0) {
    return `ellipsis_mask/new_axis_mask bits beyond the ${n} slice entries`;
  }
  if (offset && (ellipsisMask !== 0 || newAxisMask !== 0 || n !== inputShape.length)) {
    // TFLite sizes an offset slice from end[effective index], which is only meaningful one entry per input dim.
    return 'offset slices need one begin/end entry per input dimension and no ellipsis/new_axis masks';
  }
  const inDims = inputShape.length;

  // New axes count only where the ellipsis bit does not claim the same entry.
  let numAddAxis = 0;
  for (let i = 0; i < n; i++) {
    if (!(ellipsisMask & (1 << i)) && (newAxisMask & (1 << i))) numAddAxis++;
  }
  const eff = inDims + numAddAxis;
  if (eff > 30) return `${eff} effective dimensions not supported`;

  // Expand the ellipsis to cover the dimensions the spec leaves unnamed; map new-axis bits to effective positions.
  let effEllipsis = 0, effNewAxis = 0, ellipsisStart = eff, expanded = 0;
  for (let i = 0; i < eff;) {
    if (ellipsisMask & (1 << i)) {
      ellipsisStart = i;
      const ellipsisEnd = Math.max(i + 1, Math.min(i + 1 + numAddAxis + inDims - n, eff));
      expanded = ellipsisEnd - ellipsisStart - 1;
      for (; i < ellipsisEnd; i++) effEllipsis |= 1 << i;
      continue;
    }
    if (newAxisMask & (1 << (i - expanded))) effNewAxis |= 1 << i;
    i++;
  }

  const effectiveShape = new Array<number>(eff);
  const rawStart = new Array<number>(eff);
  const rawStop = new Array<number>(eff);
  const step = new Array<number>(eff);
  const bMask = new Array<boolean>(eff);
  const eMask = new Array<boolean>(eff);
  const shrink = new Array<boolean>(eff);
  let addedEllipsis = 0, addedAxes = 0;
  for (let i = 0; i < eff; i++) {
    bMask[i] = false; eMask[i] = false; shrink[i] = false;
    rawStart[i] = 0; rawStop[i] = 0; step[i] = 1;
    if (effEllipsis & (1 << i)) {
      addedEllipsis = Math.max(0, i - ellipsisStart);
      bMask[i] = true; eMask[i] = true;
    } else if (effNewAxis & (1 << i)) {
      rawStop[i] = 1;
      effectiveShape[i] = 1;
      addedAxes++;
      continue;
    } else if (i >= n + expanded) {
      // Entries past the spec take the whole dimension.
      bMask[i] = true; eMask[i] = true;
    } else {
      const orig = i - addedEllipsis;
      rawStart[i] = begin[orig];
      rawStop[i] = end[orig];
      step[i] = strides[orig];
      bMask[i] = (beginMask & (1 << orig)) !== 0;
      eMask[i] = (endMask & (1 << orig)) !== 0;
      shrink[i] = (shrinkAxisMask & (1 << orig)) !== 0;
    }
    const src = i - addedAxes;
    if (src < 0 || src >= inDims) return `slice spec maps effective dimension ${i} outside the rank-${inDims} input`;
    effectiveShape[i] = inputShape[src];
  }

  const start = new Array<number>(eff);
  const stop = new Array<number>(eff);
  const count = new Array<number>(eff);
  const outputShape: number[] = [];
  let outElements = 1, visited = 1, perDimMatch = true;
  for (let i = 0; i < eff; i++) {
    const size = effectiveShape[i];
    const s = step[i];
    if (s === 0) return `stride of dimension ${i} is 0`;
    // StridedSliceStartForAxis: wrap negatives, clamp by direction, then the begin mask wins.
    let b = rawStart[i];
    if (b < 0) b += size;
    b = s > 0 ? clamp(b, 0, size) : clamp(b, -1, size - 1);
    if (bMask[i]) b = s > 0 ? 0 : size - 1;
    // StridedSliceEndForAxis: a shrunk axis takes one element (none when start is past the end).
    let e: number;
    if (shrink[i]) {
      e = b >= size ? b : b + 1;
    } else {
      e = rawStop[i];
      if (offset) e += b;
      if (e < 0) e += size;
      e = s > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
      if (eMask[i]) e = s > 0 ? size : -1;
    }
    start[i] = b;
    stop[i] = e;
    count[i] = visits(b, e, s);
    visited *= count[i];
    if (shrink[i]) {
      if (count[i] !== 1) perDimMatch = false;
      continue;
    }
    // ResizeOutputTensor: ceil((end - begin) / (float)stride) in float32, or end/stride for offset slices.
    const span = offset ? rawStop[i] : e - b;
    let dim = Math.ceil(Math.fround(Math.fround(span) / Math.fround(s)));
    if (dim < 0) dim = 0;
    outputShape.push(dim);
    outElements *= dim;
    if (dim !== count[i]) perDimMatch = false;
  }
  if (!(perDimMatch || (outElements === 0 && visited === 0))) {
    const bad = shrink.findIndex((sh, i) => sh && count[i] !== 1);
    if (bad >= 0) {
      return `shrink_axis index on dimension ${bad} (size ${effectiveShape[bad]}, stride ${step[bad]}) selects no element`;
    }
    return `slice visits [${count.join(',')}] elements but its output shape is [${outputShape.join(',')}]`;
  }
  return { effectiveShape, start, stop, step, count, shrink, outputShape };
}
