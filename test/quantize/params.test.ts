// The quantizer's parameter math: asymmetric activation params with TFLite's nudged zero point, symmetric
// per-channel weights, int32 biases, float16 storage.
import { describe, expect, it } from 'vitest';
import { asymmetricParams, quantizeBias, quantizeValues, symmetricWeights, toFloat16 } from '../../src/quantize/params.js';
import { halfToFloat } from '../../src/backends/cpu/kernels/shared/float16.js';

describe('asymmetricParams', () => {
  it('maps [0, 1] to scale 1/255 and zero point -128 (the converter\'s MNIST input params)', () => {
    const p = asymmetricParams(0, 1);
    expect(p.scale).toBe(Math.fround(1 / 255));
    expect(p.zeroPoint).toBe(-128);
  });

  it('widens the range to hold 0 and keeps 0.0 exactly representable', () => {
    for (const [lo, hi] of [[0.5, 3], [-7, -2], [-1.3, 2.9], [-0.001, 40], [-3, 3.0001], [-1e-6, 1e-6]] as const) {
      const p = asymmetricParams(lo, hi);
      expect(Number.isInteger(p.zeroPoint)).toBe(true);
      expect(p.zeroPoint).toBeGreaterThanOrEqual(-128);
      expect(p.zeroPoint).toBeLessThanOrEqual(127);
      // real = scale * (q - zp): q = zp gives exactly 0, and the widened range spans 255 steps.
      const a = Math.min(lo, 0), b = Math.max(hi, 0);
      expect(p.scale).toBe(Math.fround((b - a) / 255));
      expect(p.scale * (-128 - p.zeroPoint)).toBeLessThanOrEqual(a + p.scale / 2 + 1e-12);
      expect(p.scale * (127 - p.zeroPoint)).toBeGreaterThanOrEqual(b - p.scale / 2 - 1e-12);
    }
    expect(asymmetricParams(2, 5).zeroPoint).toBe(-128); // all positive: 0 at the bottom
    expect(asymmetricParams(-5, -2).zeroPoint).toBe(127); // all negative: 0 at the top
  });

  it('rounds the zero point from the end with less error ([-1, 3]: -128 + 63.75 -> -64)', () => {
    const p = asymmetricParams(-1, 3);
    expect(p.scale).toBe(Math.fround(4 / 255));
    expect(p.zeroPoint).toBe(-64);
  });

  it('gives scale 1 to an empty range (all zeros)', () => {
    expect(asymmetricParams(0, 0)).toEqual({ scale: 1, zeroPoint: -128 });
  });

  it('quantizes values with round-half-away and clamping', () => {
    const p = { scale: 0.5, zeroPoint: -10 };
    expect(Array.from(quantizeValues([0, 0.25, -0.25, 0.74, 1000, -1000], p))).toEqual([-10, -9, -11, -9, 127, -128]);
  });
});

describe('symmetricWeights', () => {
  it('scales each output channel by its largest magnitude / 127, zero point 0, values in [-127, 127]', () => {
    // [2 channels, 3] along dim 0.
    const w = new Float32Array([0.5, -1, 0.25, 2, 1, -0.5]);
    const q = symmetricWeights(w, [2, 3], 0);
    expect(q.quantization.scale).toEqual([Math.fround(1 / 127), Math.fround(2 / 127)]);
    expect(q.quantization.zeroPoint).toEqual([0, 0]);
    expect(q.quantization.quantizedDimension).toBe(0);
    expect(Array.from(q.data)).toEqual([64, -127, 32, 127, 64, -32]); // 63.5 rounds away from zero
  });

  it('quantizes along the last dimension (depthwise [1, H, W, C])', () => {
    const w = new Float32Array([1, -4, -2, 4]); // [1,1,2,2]: channel 0 = {1,-2}, channel 1 = {-4,4}
    const q = symmetricWeights(w, [1, 1, 2, 2], 3);
    expect(q.quantization.scale).toEqual([Math.fround(2 / 127), Math.fround(4 / 127)]);
    expect(q.quantization.quantizedDimension).toBe(3);
    expect(Array.from(q.data)).toEqual([64, -127, -127, 127]);
  });

  it('uses one scale when dim is null, and scale 1 for a channel of zeros', () => {
    expect(symmetricWeights(new Float32Array([1, -3, 2]), [3], null).quantization.scale).toEqual([Math.fround(3 / 127)]);
    const z = symmetricWeights(new Float32Array([0, 0, 1, 1]), [2, 2], 0);
    expect(z.quantization.scale[0]).toBe(1);
    expect(Array.from(z.data)).toEqual([0, 0, 127, 127]);
  });
});

describe('quantizeBias', () => {
  it('uses scale input_scale * weight_scale[c] (as float32), zero point 0', () => {
    const b = quantizeBias(new Float32Array([1, -1]), 0.5, [0.01, 0.02]);
    expect(b.quantization.scale).toEqual([Math.fround(0.005), Math.fround(0.01)]);
    expect(b.quantization.zeroPoint).toEqual([0, 0]);
    expect(Array.from(b.data)).toEqual([Math.round(1 / Math.fround(0.005)), -Math.round(1 / Math.fround(0.01))]);
  });

  it('shares one scale when the weights have one', () => {
    const b = quantizeBias(new Float32Array([0.3, 0.6]), 0.1, [0.3]);
    expect(b.quantization.scale).toHaveLength(1);
    expect(Array.from(b.data)).toEqual([10, 20]);
  });
});

describe('toFloat16', () => {
  it('rounds to the nearest half (ties to even) and saturates to infinity', () => {
    const x = new Float32Array([1, -2, 65504, 65520, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 ** -24, 2 ** -25, 0.1]);
    const h = toFloat16(x);
    expect(Array.from(h.subarray(0, 8))).toEqual([0x3c00, 0xc000, 0x7bff, 0x7c00, 0x3c00, 0x3c02, 0x0001, 0x0000]);
    expect(halfToFloat(h[8]!)).toBeCloseTo(0.1, 4);
  });
});
