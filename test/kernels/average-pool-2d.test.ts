// AVERAGE_POOL_2D kernel: division by the in-bounds count at SAME borders, stride 2, TFLite's integer rounding
// of negative and positive halves, quantized activation clamps and float references.
import { describe, expect, it } from 'vitest';
import { averagePool2dKernel } from '../../src/backends/cpu/kernels/average-pool-2d.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import type { Activation, Padding } from '../../src/graph/options.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

function nums(a: TypedArray): number[] {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) throw new Error('bigint data');
  return Array.from(a);
}

const pool = (padding: Padding, filterH: number, filterW: number, strideH: number, strideW: number, activation: Activation = 'NONE') =>
  ({ kind: 'pool2d' as const, padding, filterH, filterW, strideH, strideW, activation });

/** Independent reference: TensorFlow's SAME/VALID rules, then the mean of the in-bounds window (in double). */
function avgPoolRef(x: number[], [n, h, w, c]: number[], padding: Padding, fh: number, fw: number, sh: number, sw: number): { shape: number[]; data: number[] } {
  const oh = padding === 'SAME' ? Math.ceil(h / sh) : Math.ceil((h - fh + 1) / sh);
  const ow = padding === 'SAME' ? Math.ceil(w / sw) : Math.ceil((w - fw + 1) / sw);
  const pt = Math.floor(Math.max(0, (oh - 1) * sh + fh - h) / 2), pl = Math.floor(Math.max(0, (ow - 1) * sw + fw - w) / 2);
  const data: number[] = [];
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let k = 0; k < c; k++) {
    let sum = 0, cnt = 0;
    for (let y = i * sh - pt; y < i * sh - pt + fh; y++) for (let xx = j * sw - pl; xx < j * sw - pl + fw; xx++) {
      if (y >= 0 && y < h && xx >= 0 && xx < w) { sum += x[((b * h + y) * w + xx) * c + k]!; cnt++; }
    }
    data.push(sum / cnt);
  }
  return { shape: [n, oh, ow, c], data };
}

const grid = (h: number, w: number) => Array.from({ length: h * w }, (_, i) => i);

describe('AVERAGE_POOL_2D float32', () => {
  it('SAME 3x3 stride 2 on 4x4 divides by the number of in-bounds elements (9, 6, 6, 4)', () => {
    const g = oneOp('AVERAGE_POOL_2D', pool('SAME', 3, 3, 2, 2), [{ dtype: 'float32', shape: [1, 4, 4, 1], data: grid(4, 4) }], [{ dtype: 'float32', shape: [1, 2, 2, 1] }]);
    expect(nums(runOne(averagePool2dKernel, g))).toEqual([5, 6.5, 11, 12.5]);
  });

  it('SAME 3x3 stride 2 on 5x5: corner windows with padding before and after', () => {
    const g = oneOp('AVERAGE_POOL_2D', pool('SAME', 3, 3, 2, 2), [{ dtype: 'float32', shape: [1, 5, 5, 1], data: grid(5, 5) }], [{ dtype: 'float32', shape: [1, 3, 3, 1] }]);
    // top-left window covers rows 0..1, cols 0..1: (0+1+5+6)/4 = 3; centre covers rows 1..3, cols 1..3: 12
    const out = nums(runOne(averagePool2dKernel, g));
    expect(out[0]).toBe(3);
    expect(out[4]).toBe(12);
    expect(out[8]).toBe((18 + 19 + 23 + 24) / 4);
  });

  const cases: [string, number[], Padding, number, number, number, number, Activation][] = [
    ['SAME 3x3 stride 2, batch 2, 4 channels', [2, 7, 8, 4], 'SAME', 3, 3, 2, 2, 'NONE'],
    ['VALID 2x3 stride 1x2', [1, 5, 9, 3], 'VALID', 2, 3, 1, 2, 'NONE'],
    ['SAME 2x2 stride 2 with RELU', [1, 5, 5, 2], 'SAME', 2, 2, 2, 2, 'RELU'],
  ];
  for (const [name, shape, padding, fh, fw, sh, sw, act] of cases) {
    it(`matches the window reference: ${name}`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = Array.from({ length: n }, (_, i) => Math.fround((Math.sin(i * 78.233) * 43758.5453) % 4));
      const ref = avgPoolRef(x, shape, padding, fh, fw, sh, sw);
      const g = oneOp('AVERAGE_POOL_2D', pool(padding, fh, fw, sh, sw, act), [{ dtype: 'float32', shape, data: x }], [{ dtype: 'float32', shape: ref.shape }]);
      const out = nums(runOne(averagePool2dKernel, g));
      ref.data.forEach((v, i) => expect(out[i]).toBeCloseTo(act === 'RELU' ? Math.max(0, v) : v, 5));
    });
  }
});

describe('AVERAGE_POOL_2D quantized', () => {
  const row = (dtype: DType, data: number[], fw: number, scale = 0.1, zeroPoint = 0, act: Activation = 'NONE') =>
    oneOp('AVERAGE_POOL_2D', pool('VALID', 1, fw, 1, fw, act), [{ dtype, shape: [1, 1, data.length, 1], data, quant: { scale, zeroPoint } }],
      [{ dtype, shape: [1, 1, data.length / fw, 1], quant: { scale, zeroPoint } }]);

  it('int8 rounds halves away from zero, negative sums included', () => {
    // pairs: -5/2 -> -3, -3/2 -> -2, 5/2 -> 3, -1/2 -> -1, 1/2 -> 1, -4/2 -> -2
    expect(nums(runOne(averagePool2dKernel, row('int8', [-2, -3, -1, -2, 2, 3, -1, 0, 0, 1, -2, -2], 2)))).toEqual([-3, -2, 3, -1, 1, -2]);
    // triples: -4/3 -> -1, -5/3 -> -2, 4/3 -> 1, 5/3 -> 2, -384/3 -> -128
    expect(nums(runOne(averagePool2dKernel, row('int8', [-2, -1, -1, -2, -2, -1, 2, 1, 1, 2, 2, 1, -128, -128, -128], 3)))).toEqual([-1, -2, 1, 2, -128]);
  });

  it('uint8 adds half the count before dividing', () => {
    // (1+2)/2 = 1.5 -> 2, (0+1)/2 -> 1, (3+3)/2 = 3, (254+255)/2 = 254.5 -> 255; (0+0+0+1)/4 -> 0, (1+1+0+0)/4 -> 1
    expect(nums(runOne(averagePool2dKernel, row('uint8', [1, 2, 0, 1, 3, 3, 254, 255], 2)))).toEqual([2, 1, 3, 255]);
    expect(nums(runOne(averagePool2dKernel, row('uint8', [0, 0, 0, 1, 1, 1, 0, 0], 4)))).toEqual([0, 1]);
  });

  it('fused RELU6 clamps to the output quantization of 0 and 6', () => {
    // scale 0.05, zero point -100: RELU6 range [-100, 20]
    expect(nums(runOne(averagePool2dKernel, row('int8', [-128, -120, 40, 60, -10, -9], 2, 0.05, -100, 'RELU6')))).toEqual([-100, 20, -10]);
    // int16 with RELU_N1_TO_1, scale 0.001: range [-1000, 1000]
    expect(nums(runOne(averagePool2dKernel, row('int16', [-3000, -1000, 500, 700, 2000, 900], 2, 0.001, 0, 'RELU_N1_TO_1')))).toEqual([-1000, 600, 1000]);
  });

  it('int8/uint8 within one step of dequantize -> average -> quantize (SAME 3x3 stride 2 borders)', () => {
    for (const [dtype, zp, lo, hi] of [['int8', -7, -128, 127], ['uint8', 131, 0, 255]] as const) {
      const shape = [1, 6, 7, 3];
      const n = 6 * 7 * 3;
      const x = Array.from({ length: n }, (_, i) => lo + ((i * 97 + 13) % 256));
      const scale = 0.17556;
      const ref = avgPoolRef(x.map((q) => (q - zp) * scale), shape, 'SAME', 3, 3, 2, 2);
      const g = oneOp('AVERAGE_POOL_2D', pool('SAME', 3, 3, 2, 2), [{ dtype, shape, data: x, quant: { scale, zeroPoint: zp } }],
        [{ dtype, shape: ref.shape, quant: { scale, zeroPoint: zp } }]);
      const out = nums(runOne(averagePool2dKernel, g));
      // TFLite rounds the mean of the raw integers, so a tie in the raw domain may round the other way than a
      // tie in the real domain would when the zero point is odd/negative: one step at most.
      ref.data.forEach((v, i) => {
        const q = Math.min(hi, Math.max(lo, Math.round(v / scale) + zp));
        expect(Math.abs(out[i]! - q), `element ${i}`).toBeLessThanOrEqual(1);
      });
    }
  });

  it('check rejects differing quantization and unsupported dtypes', () => {
    const chk = (g: ReturnType<typeof oneOp>) => averagePool2dKernel.check(g.op, g.graph);
    expect(chk(oneOp('AVERAGE_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'uint8', shape: [1, 2, 2, 1], quant: { scale: 0.1, zeroPoint: 0 } }],
      [{ dtype: 'uint8', shape: [1, 1, 1, 1], quant: { scale: 0.3, zeroPoint: 0 } }]))).toMatch(/equal input and output scale/);
    expect(chk(oneOp('AVERAGE_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'float16', shape: [1, 2, 2, 1] }], [{ dtype: 'float16', shape: [1, 1, 1, 1] }]))).toMatch(/float16 not supported/);
  });
});
