// Quantized MEAN as TFLite 2.9's reduce.cc EvalMean dispatches it: which path an operator takes, that path's
// constants, and the integer result for one int32 window sum, shared by every backend so CPU and GPU agree.
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../cpu/quant/fixed-point.js';
import { intRange } from '../cpu/quant/activation.js';

/**
 * - int8Spatial: reference_integer_ops::Mean (rank 4, keep_dims, axes exactly [1, 2] or [2, 1], int8);
 * - uint8Spatial: optimized_ops::Mean (the same axes, uint8);
 * - truncate: reference_ops::Mean<T, int> (identical input/output quantization): sum / count toward zero;
 * - rescale: reference_ops::QuantizedMeanOrSum's float form.
 */
export type MeanQuantMode = 'int8Spatial' | 'uint8Spatial' | 'truncate' | 'rescale';

export interface MeanQuantParams {
  mode: MeanQuantMode;
  count: number;
  /** Fixed-point multiplier and shift (spatial paths). */
  multiplier: number;
  shift: number;
  /** int8Spatial: zp_in * count, subtracted from each raw sum. */
  sumCorrection: number;
  /** uint8Spatial: zp_out minus the rounded input zero point in output units, added after scaling. */
  bias: number;
  /** rescale: float32 in_scale / out_scale and -zp_in times it. */
  fscale: number;
  fbias: number;
  outZeroPoint: number;
  /** The output dtype's range (MEAN has no fused activation). */
  lo: number;
  hi: number;
}

/** reduce.cc compares the raw axis values, so [-3, -2] does not take the spatial path. */
export function isMeanSpatialFastPath(axes: ArrayLike<number>, rank: number, keepDims: boolean): boolean {
  return keepDims && rank === 4 && axes.length === 2
    && ((axes[0] === 1 && axes[1] === 2) || (axes[0] === 2 && axes[1] === 1));
}

/** The path and constants for an int8/uint8 MEAN reducing `count` elements per output. */
export function meanQuantParams(
  dtype: 'int8' | 'uint8', inQ: { scale: number; zeroPoint: number }, outQ: { scale: number; zeroPoint: number },
  axes: ArrayLike<number>, rank: number, keepDims: boolean, count: number,
): MeanQuantParams {
  const sIn = Math.fround(inQ.scale), sOut = Math.fround(outQ.scale);
  const [lo, hi] = intRange(dtype);
  const p: MeanQuantParams = {
    mode: 'rescale', count, multiplier: 0, shift: 0, sumCorrection: 0, bias: 0, fscale: 0, fbias: 0, outZeroPoint: outQ.zeroPoint, lo, hi,
  };
  const spatial = isMeanSpatialFastPath(axes, rank, keepDims);
  if (spatial && dtype === 'int8') {
    const m = quantizeMultiplier(sIn / sOut);
    p.mode = 'int8Spatial';
    p.multiplier = m.multiplier;
    p.shift = m.shift;
    p.sumCorrection = inQ.zeroPoint * count;
  } else if (spatial) {
    // Float arithmetic decides the bias and the multiplier, as in optimized_ops::Mean.
    let t = Math.fround(Math.fround(inQ.zeroPoint * sIn) / sOut);
    t = t > 0 ? Math.fround(t + 0.5) : Math.fround(t - 0.5);
    const m = quantizeMultiplier(Math.fround(sIn / Math.fround(Math.fround(count) * sOut)));
    p.mode = 'uint8Spatial';
    p.multiplier = m.multiplier;
    p.shift = m.shift;
    p.bias = outQ.zeroPoint - Math.trunc(t);
  } else if (sIn === sOut && inQ.zeroPoint === outQ.zeroPoint) {
    p.mode = 'truncate';
  } else {
    p.fscale = Math.fround(sIn / sOut);
    p.fbias = Math.fround(-inQ.zeroPoint * p.fscale);
  }
  return p;
}

/** The clamped output for one window sum `s` (an int32, wrapped like TFLite's accumulator); count > 0. */
export function meanQuantizedValue(p: MeanQuantParams, s: number): number {
  const { count } = p;
  let v: number;
  switch (p.mode) {
    case 'int8Spatial': {
      // C++ integer division truncates; half the count is first added away from zero.
      const half = Math.floor(count / 2);
      const a = multiplyByQuantizedMultiplier((s - p.sumCorrection) | 0, p.multiplier, p.shift);
      v = (a > 0 ? Math.trunc((a + half) / count) : Math.trunc((a - half) / count)) + p.outZeroPoint;
      break;
    }
    case 'uint8Spatial':
      v = multiplyByQuantizedMultiplier(s, p.multiplier, p.shift) + p.bias;
      break;
    case 'truncate':
      v = Math.trunc(s / count);
      break;
    default: {
      const mean = Math.fround(Math.fround(s) / Math.fround(count));
      v = roundHalfAway(Math.fround(Math.fround(mean * p.fscale) + p.fbias)) + p.outZeroPoint;
    }
  }
  return v < p.lo ? p.lo : v > p.hi ? p.hi : v;
}
