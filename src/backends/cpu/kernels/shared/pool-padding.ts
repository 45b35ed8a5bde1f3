// Pooling window geometry as TFLite's padding.h computes it (ComputeOutSize, ComputePaddingHeightWidth), dilation 1.
import type { Padding } from '../../../../graph/options.js';

/** Output extent of a pooled dimension (0 when the window does not fit, as TFLite returns). */
export function poolOutSize(padding: Padding, inSize: number, filter: number, stride: number): number {
  if (stride <= 0) return 0;
  return padding === 'SAME'
    ? Math.floor((inSize + stride - 1) / stride)
    : Math.max(0, Math.floor((inSize + stride - filter) / stride));
}

/**
 * Padding before the first element (top or left). TFLite pads the total (out-1)*stride + filter - in
 * asymmetrically: half (rounded down) before, the odd remainder after.
 */
export function poolPadBefore(inSize: number, filter: number, stride: number, outSize: number): number {
  const total = (outSize - 1) * stride + filter - inSize;
  return total > 0 ? Math.floor(total / 2) : 0;
}
