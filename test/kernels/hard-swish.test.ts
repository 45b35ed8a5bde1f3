// HARD_SWISH: float formula, and the quantized int16 fixed-point reference kernel (exact values and 1-step bound).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hardSwishKernel, hardSwishParams } from '../../src/backends/cpu/kernels/hard-swish.js';
import type { DType } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;
type Q = { scale: number; zeroPoint: number };

function run(dtype: DType, data: number[], inQ?: Q, outQ?: Q): number[] {
  const g = oneOp('HARD_SWISH', NONE, [{ dtype, shape: [data.length], data, quant: inQ }], [{ dtype, shape: [data.length], quant: outQ }]);
  return Array.from(runOne(hardSwishKernel, g) as Float32Array);
}

const hswish = (x: number): number => (x * Math.min(6, Math.max(0, x + 3))) / 6;
const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

describe('HARD_SWISH float32', () => {
  it('computes x * relu6(x + 3) / 6', () => {
    const out = run('float32', [-4, -3, -1, 0, 1, 3, 10]);
    // -3 * relu6(0) is -0 in IEEE arithmetic, as in C++.
    expect(out).toEqual([-0, -0, Math.fround(-1 / 3), 0, Math.fround(2 / 3), 3, 10]);
  });

  const golden = '../shared/golden/testdata__aeq__single_hard_swish.tflite.json';
  it.skipIf(!existsSync(golden))('matches TFLite on the single_hard_swish golden cases', () => {
    const g = JSON.parse(readFileSync(golden, 'utf8')) as { cases: { inputs: number[][]; outputs: { data: number[] }[] }[] };
    for (const c of g.cases) {
      const x = c.inputs[0] ?? [];
      const want = c.outputs[0]?.data ?? [];
      const got = run('float32', x);
      got.forEach((v, i) => expect(Math.abs(v - (want[i] ?? NaN))).toBeLessThanOrEqual(1e-6));
    }
  });
});

describe('HARD_SWISH quantized', () => {
  it('gives hand-computed fixed-point results (int8, scales 1/32)', () => {
    // params: output multiplier 2^-7 -> Q15 16384, exponent -6; reluish 8/3 -> Q15 21845, exponent 2.
    const p = hardSwishParams(1 / 32, 0, 1 / 32, 0);
    expect(p).toEqual({
      inputZeroPoint: 0, outputZeroPoint: 0,
      outputMultiplierFixedpointInt16: 16384, outputMultiplierExponent: -6,
      reluishMultiplierFixedpointInt16: 21845, reluishMultiplierExponent: 2,
    });
    // x = 1.0 -> 21 (0.6667/0.03125 = 21.33); x = 3 -> 96; x = -1 -> -11 (-10.67); x = -3 -> 0.
    // q = -1: hires -128, preshift -64, reluish 16213, SaturatingDoublingHighMul(16213, -64) truncates -31.67 to
    // -31, and RoundingDivideByPOT(-31, 6) = 0 (a rounding high-mul would give -32 -> -1).
    // q = -31: preshift -1984, reluish 11093, high-mul -671.6 -> -671, /64 -> -10.
    expect(run('int8', [32, 96, -32, -96, -1, -31], { scale: 1 / 32, zeroPoint: 0 }, { scale: 1 / 32, zeroPoint: 0 }))
      .toEqual([21, 96, -11, 0, 0, -10]);
  });

  // Outputs of native TFLite 2.9's builtin HARD_SWISH (C API, no delegate) for every input byte, recorded once
  // from a one-op model built for this test.
  const TFLITE_I8 = [
    -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100,
    -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100,
    -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100,
    -100, -100, -101, -101, -102, -102, -103, -103, -104, -104, -105, -105, -106, -106, -106, -107, -107, -107, -108,
    -108, -108, -108, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109, -109,
    -109, -109, -109, -108, -108, -108, -108, -107, -107, -107, -106, -106, -106, -105, -105, -104, -104, -103, -103,
    -102, -102, -101, -101, -100, -99, -99, -98, -97, -97, -96, -95, -94, -94, -93, -92, -91, -90, -89, -88, -87,
    -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -74, -73, -72, -71, -69, -68, -67, -65, -64, -63, -61,
    -60, -58, -57, -55, -54, -52, -51, -49, -48, -46, -44, -43, -41, -39, -38, -36, -34, -32, -31, -29, -27, -25,
    -24, -23, -21, -20, -19, -18, -16, -15, -14, -13, -11, -10, -9, -8, -6, -5, -4, -3, -1, 0, 1, 2, 4, 5, 6, 7, 9,
    10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 29, 30, 31, 32, 34, 35, 36, 37, 39, 40, 41, 42, 44,
    45, 46, 47, 49, 50, 51, 52, 54, 55, 56, 57, 59, 60, 61, 62, 64, 65, 66, 67, 69, 70, 71,
  ];
  const TFLITE_U8 = [
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 27, 27, 26, 26, 25, 25, 24, 24, 23, 23, 22, 22, 22, 21, 21, 21, 20, 20, 20, 20, 19, 19, 19, 19, 19,
    19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 20, 20, 20, 20, 21, 21, 21, 22, 22, 22, 23, 23, 24, 24,
    25, 25, 26, 26, 27, 27, 28, 29, 29, 30, 31, 31, 32, 33, 34, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
    47, 48, 49, 50, 51, 52, 54, 55, 56, 57, 59, 60, 61, 63, 64, 65, 67, 68, 70, 71, 73, 74, 76, 77, 79, 80, 82, 84,
    85, 87, 89, 90, 92, 94, 96, 97, 99, 101, 103, 104, 105, 107, 108, 109, 110, 112, 113, 114, 115, 117, 118, 119,
    120, 122, 123, 124, 125, 127, 128, 129, 130, 132, 133, 134, 135, 137, 138, 139, 140, 142, 143, 144, 145, 147,
    148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160, 162, 163, 164, 165, 167, 168, 169, 170, 172, 173, 174,
    175, 177, 178, 179, 180, 182, 183, 184, 185, 187, 188, 189, 190, 192, 193, 194, 195, 197, 198, 199,
  ];
  it('equals native TFLite bit for bit on all 256 int8 and uint8 inputs', () => {
    expect(run('int8', range(-128, 127), { scale: 0.05, zeroPoint: -10 }, { scale: 0.04, zeroPoint: -100 })).toEqual(TFLITE_I8);
    expect(run('uint8', range(0, 255), { scale: 0.05, zeroPoint: 118 }, { scale: 0.04, zeroPoint: 28 })).toEqual(TFLITE_U8);
  });

  const settings: [string, DType, Q, Q][] = [
    ['int8, reluish exponent > 0', 'int8', { scale: 0.05, zeroPoint: -10 }, { scale: 0.04, zeroPoint: -100 }],
    ['int8, symmetric', 'int8', { scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 }],
    ['int8, wide input range (large left shift)', 'int8', { scale: 0.5, zeroPoint: 0 }, { scale: 0.3, zeroPoint: -100 }],
    ['int8, reluish exponent < 0', 'int8', { scale: 0.005, zeroPoint: 5 }, { scale: 0.004, zeroPoint: -20 }],
    ['uint8', 'uint8', { scale: 0.03, zeroPoint: 128 }, { scale: 0.02, zeroPoint: 20 }],
    ['uint8, MobileNetV3-like', 'uint8', { scale: 0.0235, zeroPoint: 130 }, { scale: 0.0127, zeroPoint: 30 }],
  ];
  for (const [name, dtype, inQ, outQ] of settings) {
    it(`stays within 1 step of the float formula over all 256 inputs: ${name}`, () => {
      const q = dtype === 'int8' ? range(-128, 127) : range(0, 255);
      const [qmin, qmax] = dtype === 'int8' ? [-128, 127] : [0, 255];
      const got = run(dtype, q, inQ, outQ);
      let exactCount = 0;
      q.forEach((v, i) => {
        const real = hswish(inQ.scale * (v - inQ.zeroPoint));
        const want = Math.min(qmax, Math.max(qmin, Math.round(real / outQ.scale) + outQ.zeroPoint));
        const d = Math.abs((got[i] ?? NaN) - want);
        expect(d, `input ${v}`).toBeLessThanOrEqual(1);
        if (d === 0) exactCount++;
      });
      expect(exactCount).toBeGreaterThan(200);
    });
  }

  it('check rejects mismatched or unsupported types and extreme scales', () => {
    const check = (dt: DType, outDt: DType, inQ?: Q, outQ?: Q): string | null => {
      const g = oneOp('HARD_SWISH', NONE, [{ dtype: dt, shape: [2], quant: inQ }], [{ dtype: outDt, shape: [2], quant: outQ }]);
      return hardSwishKernel.check(g.op, g.graph);
    };
    expect(check('int8', 'int8', { scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 })).toBeNull();
    expect(check('int16', 'int16', { scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 })).toMatch(/int16 not supported/);
    expect(check('int8', 'uint8', { scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 })).toMatch(/differ/);
    expect(check('uint8', 'uint8', undefined, { scale: 0.1, zeroPoint: 0 })).toMatch(/no quantization/);
    // in/out ratio >= 128 makes the output exponent positive, which HardSwishPrepare refuses
    expect(check('int8', 'int8', { scale: 1, zeroPoint: 0 }, { scale: 0.001, zeroPoint: 0 })).toMatch(/exponent/);
  });
});
