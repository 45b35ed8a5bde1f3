// Convolution window geometry shared by CONV_2D and DEPTHWISE_CONV_2D: TFLite's output size and padding
// (kernels/padding.h, C integer division) plus the per-output-row/column range of filter taps inside the image.
import type { Activation, Padding } from '../../../../graph/options.js';

/** C++ integer division (truncates toward zero), as TFLite's int arithmetic. */
function cdiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** ComputeOutSize (padding.h): the output extent TFLite derives for one spatial axis. */
export function convOutSize(padding: Padding, inSize: number, filterSize: number, stride: number, dilation: number): number {
  const effective = (filterSize - 1) * dilation + 1;
  if (stride === 0) return 0;
  return padding === 'SAME' ? cdiv(inSize + stride - 1, stride) : cdiv(inSize + stride - effective, stride);
}

/** ComputePaddingWithOffset (padding.h): the leading pad; the odd extra pixel goes at the end and is never read. */
export function convPadding(stride: number, dilation: number, inSize: number, filterSize: number, outSize: number): number {
  const effective = (filterSize - 1) * dilation + 1;
  const total = (outSize - 1) * stride + effective - inSize;
  return total > 0 ? cdiv(total, 2) : 0;
}

/**
 * One spatial axis of a convolution: for output index o, filter taps k in [start[o], end[o]) read input
 * origin[o] + k * dilation, all inside [0, inSize). Precomputed once so the inner loops need no bounds checks.
 */
export interface ConvAxis {
  outSize: number;
  pad: number;
  origin: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

export function convAxis(
  padding: Padding, inSize: number, filterSize: number, stride: number, dilation: number,
): ConvAxis {
  const outSize = Math.max(0, convOutSize(padding, inSize, filterSize, stride, dilation));
  const pad = convPadding(stride, dilation, inSize, filterSize, outSize);
  const origin = new Int32Array(outSize);
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const org = o * stride - pad;
    // first k with org + k*d >= 0, and one past the last k with org + k*d <= inSize - 1
    const s = org >= 0 ? 0 : Math.ceil(-org / dilation);
    const e = org > inSize - 1 ? 0 : Math.min(filterSize, Math.floor((inSize - 1 - org) / dilation) + 1);
    origin[o] = org;
    start[o] = Math.min(s, filterSize);
    end[o] = Math.max(e, start[o]!);
  }
  return { outSize, pad, origin, start, end };
}

/** Load-time validation of the window options both convolutions share; null when valid. */
export function checkWindowOptions(o: {
  strideW: number; strideH: number; dilationW: number; dilationH: number; activation: Activation;
}): string | null {
  if (!(o.strideW > 0 && o.strideH > 0)) return `stride ${o.strideH}x${o.strideW} must be positive`;
  if (!(o.dilationW > 0 && o.dilationH > 0)) return `dilation ${o.dilationH}x${o.dilationW} must be positive`;
  if (o.activation === 'TANH' || o.activation === 'SIGN_BIT') return `fused activation ${o.activation} not supported`;
  return null;
}
