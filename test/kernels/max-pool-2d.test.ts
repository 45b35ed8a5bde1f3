// MAX_POOL_2D kernel: hand-checked SAME/VALID windows at borders, stride 2, an independent window reference,
// quantized activation clamps and load-time rejections.
import { describe, expect, it } from 'vitest';
import { maxPool2dKernel } from '../../src/backends/cpu/kernels/max-pool-2d.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import type { Activation, Padding } from '../../src/graph/options.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

function nums(a: TypedArray): number[] {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) throw new Error('bigint data');
  return Array.from(a);
}

const pool = (padding: Padding, filterH: number, filterW: number, strideH: number, strideW: number, activation: Activation = 'NONE') =>
  ({ kind: 'pool2d' as const, padding, filterH, filterW, strideH, strideW, activation });

/** Independent reference: TensorFlow's SAME/VALID rules, then the maximum over the in-bounds window. */
function maxPoolRef(x: number[], [n, h, w, c]: number[], padding: Padding, fh: number, fw: number, sh: number, sw: number): { shape: number[]; data: number[] } {
  const oh = padding === 'SAME' ? Math.ceil(h / sh) : Math.ceil((h - fh + 1) / sh);
  const ow = padding === 'SAME' ? Math.ceil(w / sw) : Math.ceil((w - fw + 1) / sw);
  const pt = Math.floor(Math.max(0, (oh - 1) * sh + fh - h) / 2), pl = Math.floor(Math.max(0, (ow - 1) * sw + fw - w) / 2);
  const data: number[] = [];
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let k = 0; k < c; k++) {
    const vals: number[] = [];
    for (let y = i * sh - pt; y < i * sh - pt + fh; y++) for (let xx = j * sw - pl; xx < j * sw - pl + fw; xx++) {
      if (y >= 0 && y < h && xx >= 0 && xx < w) vals.push(x[((b * h + y) * w + xx) * c + k]!);
    }
    data.push(Math.max(...vals));
  }
  return { shape: [n, oh, ow, c], data };
}

const grid = (h: number, w: number) => Array.from({ length: h * w }, (_, i) => i);

describe('MAX_POOL_2D float32', () => {
  it('VALID 2x2 stride 2', () => {
    const g = oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'float32', shape: [1, 4, 4, 1], data: grid(4, 4) }], [{ dtype: 'float32', shape: [1, 2, 2, 1] }]);
    expect(nums(runOne(maxPool2dKernel, g))).toEqual([5, 7, 13, 15]);
  });

  it('SAME 3x3 stride 2 on 4x4 pads only after (total padding 1): windows rows/cols 0..2 and 2..3', () => {
    const g = oneOp('MAX_POOL_2D', pool('SAME', 3, 3, 2, 2), [{ dtype: 'float32', shape: [1, 4, 4, 1], data: grid(4, 4) }], [{ dtype: 'float32', shape: [1, 2, 2, 1] }]);
    expect(nums(runOne(maxPool2dKernel, g))).toEqual([10, 11, 14, 15]);
  });

  it('SAME 3x3 stride 2 on 5x5 pads one before: windows start at -1, 1, 3', () => {
    const g = oneOp('MAX_POOL_2D', pool('SAME', 3, 3, 2, 2), [{ dtype: 'float32', shape: [1, 5, 5, 1], data: grid(5, 5) }], [{ dtype: 'float32', shape: [1, 3, 3, 1] }]);
    expect(nums(runOne(maxPool2dKernel, g))).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });

  const cases: [string, number[], Padding, number, number, number, number][] = [
    ['SAME 3x2 stride 2x1, batch 2, 3 channels', [2, 7, 6, 3], 'SAME', 3, 2, 2, 1],
    ['VALID 3x3 stride 2, odd sizes', [1, 9, 7, 2], 'VALID', 3, 3, 2, 2],
    ['SAME filter larger than input', [1, 2, 3, 4], 'SAME', 4, 5, 1, 1],
  ];
  for (const [name, shape, padding, fh, fw, sh, sw] of cases) {
    it(`matches the window reference: ${name}`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 43758.5453 % 10));
      const ref = maxPoolRef(x, shape, padding, fh, fw, sh, sw);
      const g = oneOp('MAX_POOL_2D', pool(padding, fh, fw, sh, sw), [{ dtype: 'float32', shape, data: x }], [{ dtype: 'float32', shape: ref.shape }]);
      expect(nums(runOne(maxPool2dKernel, g))).toEqual(ref.data);
    });
  }

  it('RELU6 clamps and an all -inf window yields -FLT_MAX as TFLite', () => {
    const x = [-Infinity, -Infinity, -Infinity, -Infinity, 7, 3, -2, 1];
    const g = oneOp('MAX_POOL_2D', pool('VALID', 1, 4, 1, 4), [{ dtype: 'float32', shape: [1, 1, 8, 1], data: x }], [{ dtype: 'float32', shape: [1, 1, 2, 1] }]);
    expect(nums(runOne(maxPool2dKernel, g))).toEqual([-3.4028234663852886e38, 7]);
    const r = oneOp('MAX_POOL_2D', pool('VALID', 1, 2, 1, 2, 'RELU6'), [{ dtype: 'float32', shape: [1, 1, 8, 1], data: [-5, -1, 7, 3, 2, 1, 0.5, 6.5] }], [{ dtype: 'float32', shape: [1, 1, 4, 1] }]);
    expect(nums(runOne(maxPool2dKernel, r))).toEqual([0, 6, 2, 6]);
  });
});

describe('MAX_POOL_2D quantized', () => {
  const qcase = (dtype: DType, data: number[], scale: number, zeroPoint: number, act: Activation) =>
    oneOp('MAX_POOL_2D', pool('SAME', 2, 2, 2, 2, act), [{ dtype, shape: [1, 3, 3, 1], data, quant: { scale, zeroPoint } }],
      [{ dtype, shape: [1, 2, 2, 1], quant: { scale, zeroPoint } }]);

  it('int8 with RELU clamps at the output zero point; SAME 2x2 stride 2 on 3x3 keeps the ragged last row/col', () => {
    // windows: rows 0..1 / 2, cols 0..1 / 2 (total padding 1, all after)
    const x = [-100, -90, -80, -70, -60, -50, -40, 30, -20];
    expect(nums(runOne(maxPool2dKernel, qcase('int8', x, 0.1, -55, 'RELU')))).toEqual([-55, -50, 30, -20]);
    expect(nums(runOne(maxPool2dKernel, qcase('int8', x, 0.1, -55, 'NONE')))).toEqual([-60, -50, 30, -20]);
  });

  it('uint8 with RELU6 clamps to zero point + 6/scale; int16 plain', () => {
    const x = [0, 10, 200, 5, 20, 250, 90, 3, 1];
    // RELU6 range with scale 0.1, zero point 10: [10, 70]
    expect(nums(runOne(maxPool2dKernel, qcase('uint8', x, 0.1, 10, 'RELU6')))).toEqual([20, 70, 70, 10]);
    const y = [-30000, 5, 7, 9, -2, 30000, -1, -32768, -5];
    expect(nums(runOne(maxPool2dKernel, qcase('int16', y, 0.001, 0, 'NONE')))).toEqual([9, 30000, -1, -5]);
  });

  it('check rejects differing input/output quantization, bad ranks and dtypes, TANH', () => {
    const chk = (g: ReturnType<typeof oneOp>) => maxPool2dKernel.check(g.op, g.graph);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'int8', shape: [1, 2, 2, 1], quant: { scale: 0.1, zeroPoint: 0 } }],
      [{ dtype: 'int8', shape: [1, 1, 1, 1], quant: { scale: 0.2, zeroPoint: 0 } }]))).toMatch(/equal input and output scale/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'uint8', shape: [1, 2, 2, 1], quant: { scale: 0.1, zeroPoint: 1 } }],
      [{ dtype: 'uint8', shape: [1, 1, 1, 1], quant: { scale: 0.1, zeroPoint: 2 } }]))).toMatch(/zero point/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'int8', shape: [1, 2, 2, 1] }], [{ dtype: 'int8', shape: [1, 1, 1, 1] }]))).toMatch(/quantization/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'float32', shape: [2, 2, 1] }], [{ dtype: 'float32', shape: [1, 1, 1] }]))).toMatch(/4-D/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'int32', shape: [1, 2, 2, 1] }], [{ dtype: 'int32', shape: [1, 1, 1, 1] }]))).toMatch(/int32 not supported/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2), [{ dtype: 'float32', shape: [1, 2, 2, 1] }], [{ dtype: 'int8', shape: [1, 1, 1, 1] }]))).toMatch(/dtype mismatch/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 2, 2, 'TANH'), [{ dtype: 'float32', shape: [1, 2, 2, 1] }], [{ dtype: 'float32', shape: [1, 1, 1, 1] }]))).toMatch(/TANH/);
    expect(chk(oneOp('MAX_POOL_2D', pool('VALID', 2, 2, 0, 2), [{ dtype: 'float32', shape: [1, 2, 2, 1] }], [{ dtype: 'float32', shape: [1, 1, 1, 1] }]))).toMatch(/positive/);
  });

  it('run refuses an output shape other than TFLite would compute', () => {
    const g = oneOp('MAX_POOL_2D', pool('SAME', 2, 2, 2, 2), [{ dtype: 'float32', shape: [1, 3, 3, 1], data: grid(3, 3) }], [{ dtype: 'float32', shape: [1, 1, 1, 1] }]);
    expect(() => runOne(maxPool2dKernel, g)).toThrow(/expected \[1,2,2,1\]/);
  });
});
