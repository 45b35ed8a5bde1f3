// QUANTIZE: float -> int rounding/saturation as reference AffineQuantize, and integer requantization.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quantizeKernel } from '../../src/backends/cpu/kernels/quantize.js';
import { readModel } from '../../src/format/read-model.js';
import type { CpuTensor } from '../../src/backends/cpu/kernel.js';
import { allocTyped, numElements, type DType } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;

function quantize(x: number[], outDtype: DType, scale: number, zp: number): number[] {
  const g = oneOp('QUANTIZE', NONE, [{ dtype: 'float32', shape: [x.length], data: x }],
    [{ dtype: outDtype, shape: [x.length], quant: { scale, zeroPoint: zp } }]);
  return Array.from(runOne(quantizeKernel, g) as Int8Array);
}

function requantize(x: number[], inDtype: DType, inScale: number, inZp: number, outDtype: DType, outScale: number,
  outZp: number): number[] {
  const g = oneOp('QUANTIZE', NONE, [{ dtype: inDtype, shape: [x.length], data: x, quant: { scale: inScale, zeroPoint: inZp } }],
    [{ dtype: outDtype, shape: [x.length], quant: { scale: outScale, zeroPoint: outZp } }]);
  return Array.from(runOne(quantizeKernel, g) as Int8Array);
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

describe('QUANTIZE float32 -> int', () => {
  it('rounds .5 boundaries half away from zero', () => {
    // x / 0.5 = 0.5, 1.5, -0.5, -1.5, 2.5, -2.5 (banker's rounding would give 0, 2, 0, -2, 2, -2)
    expect(quantize([0.25, 0.75, -0.25, -0.75, 1.25, -1.25], 'int8', 0.5, 0)).toEqual([1, 2, -1, -2, 3, -3]);
    expect(quantize([0.25, 0.74, 0.76, -0.24], 'uint8', 0.5, 10)).toEqual([11, 11, 12, 10]);
  });

  it('divides in double, like the optimized AffineQuantize that TFLite registers by default', () => {
    // 0.25 / float(0.1) = 2.49999996 in double (-> 2) but exactly 2.5 in float32 (-> 3);
    // -12.75 / float(0.1) = -127.4999981 (-> -127; float32 would make it -127.5 -> -128). Native TFLite 2.9
    // gave these double-division results.
    expect(quantize([0.25, -0.25, 0.15000000596046448, -12.75], 'int8', 0.1, 0)).toEqual([2, -2, 2, -127]);
  });

  it('saturates to the output type, maps NaN to 0 and infinities to the bounds', () => {
    expect(quantize([100, -100, 12.6, NaN, Infinity, -Infinity], 'int8', 0.1, -10)).toEqual([127, -128, 116, 0, 127, -128]);
    expect(quantize([1000, -1, 0, 0.004], 'uint8', 1 / 128, 128)).toEqual([255, 0, 128, 129]);
    expect(quantize([1, -1, 0.5, 2 ** -16], 'int16', 1 / 32768, 0)).toEqual([32767, -32768, 16384, 1]);
  });

  it('matches a float reference on random data', () => {
    let s = 99;
    const xs: number[] = [];
    for (let i = 0; i < 2000; i++) { s = (s * 1103515245 + 12345) >>> 0; xs.push(Math.fround((s / 2 ** 32) * 8 - 4)); }
    const scale = Math.fround(0.0314);
    const got = quantize(xs, 'int8', scale, -3);
    const want = xs.map((x) => {
      const v = x / scale;
      const r = Math.sign(v) * Math.round(Math.abs(v)); // half away from zero, written differently
      return Math.min(127, Math.max(-128, r - 3));
    });
    expect(got).toEqual(want);
  });
});

describe('QUANTIZE requantize', () => {
  it('int8 <-> uint8 with equal scales and zero points 128 apart flips the top bit', () => {
    const i8 = range(-128, 127);
    expect(requantize(i8, 'int8', 0.05, -128, 'uint8', 0.05, 0)).toEqual(i8.map((v) => v + 128));
    expect(requantize(i8, 'int8', 0.05, 3, 'uint8', 0.05, 131)).toEqual(i8.map((v) => v + 128));
    const u8 = range(0, 255);
    expect(requantize(u8, 'uint8', 0.05, 128, 'int8', 0.05, 0)).toEqual(u8.map((v) => v - 128));
  });

  it('int8 -> uint8 with a shifted zero point saturates', () => {
    const i8 = range(-128, 127);
    expect(requantize(i8, 'int8', 0.5, 0, 'uint8', 0.5, 100)).toEqual(i8.map((v) => Math.min(255, Math.max(0, v + 100))));
  });

  it('int8 -> int8 with scale ratio 2 is exact', () => {
    const i8 = range(-128, 127);
    expect(requantize(i8, 'int8', 0.2, 3, 'int8', 0.1, -5))
      .toEqual(i8.map((v) => Math.min(127, Math.max(-128, 2 * (v - 3) - 5))));
  });

  it('uint8 -> uint8 with scale ratio 1/3 matches a BigInt model of the double-rounding fixed-point multiply', () => {
    const u8 = range(0, 255);
    // QuantizeMultiplier(double(float(0.1)) / double(float(0.3))) -> M * 2^(shift-31), shift = -1.
    const real = Math.fround(0.1) / Math.fround(0.3);
    const M = BigInt(Math.round(real * 2 * 2 ** 31));
    const model = (d: number): number => {
      const ab = BigInt(d) * M;
      const hi = Number((ab + (ab >= 0n ? 1n << 30n : 1n - (1n << 30n))) / (1n << 31n));
      const r = hi / 2; // RoundingDivideByPOT(hi, 1): half away from zero
      return r < 0 ? -Math.round(-r) : Math.round(r);
    };
    const got = requantize(u8, 'uint8', 0.1, 7, 'uint8', 0.3, 2);
    expect(got).toEqual(u8.map((v) => Math.max(0, model(v - 7) + 2)));
    // The real-valued rescale differs by at most one step (7 -> 2.33 gives 3 through the double rounding).
    expect(got[14]).toBe(5);
    for (const [i, v] of got.entries()) if (i > 7) expect(Math.abs(v - 2 - (i - 7) / 3)).toBeLessThanOrEqual(1);
  });

  it('int16 -> int8 follows MultiplyByQuantizedMultiplier rounding and saturates', () => {
    // ratio 1/256 = 2^30 * 2^(-7-31): SaturatingRoundingDoublingHighMul rounds x/2 first, then
    // RoundingDivideByPOT rounds again, so 127 -> 63.5 -> 64 -> 0.5 -> 1 (double rounding, as in TFLite), while
    // -127 -> -63 (the high-mul truncates toward zero after its nudge) -> 0. 128 -> 1, 384 -> 1.5 -> 2.
    expect(requantize([128, -128, 127, -127, 126, 383, 384, -384, 32767, -32768], 'int16', 1 / 32768, 0, 'int8', 1 / 128, 0))
      .toEqual([1, -1, 1, 0, 0, 2, 2, -2, 127, -128]);
  });

  it('int8 -> int16 and int16 -> int32 (TFLite-Micro combinations)', () => {
    expect(requantize([-128, 0, 5, 127], 'int8', 0.5, 1, 'int16', 0.25, 0)).toEqual([-258, -2, 8, 252]);
    expect(requantize([-32768, 1, 32767], 'int16', 1, 0, 'int32', 0.5, 0)).toEqual([-65536, 2, 65534]);
  });

  const seanet = '../shared/models/micro/seanet';
  it.skipIf(!existsSync(`${seanet}/quantize0.tflite`))('int32 -> int16 matches the TFLite-Micro golden (seanet quantize0)', () => {
    const model = readModel(new Uint8Array(readFileSync(`${seanet}/quantize0.tflite`)));
    const graph = model.subgraphs[0];
    const op = graph?.operators[0];
    if (!graph || !op) throw new Error('model has no operator');
    const csv = (f: string): number[] => readFileSync(`${seanet}/${f}`, 'utf8').trim().split(',').map(Number);
    const input = csv('quantize0_input0_int32.csv');
    const golden = csv('quantize0_golden_int16.csv');
    const tensor = (i: number, data?: number[]): CpuTensor => {
      const info = graph.tensors[i];
      if (!info) throw new Error(`tensor ${i} missing`);
      const a = allocTyped(info.dtype, numElements(info.shape)) as Int32Array;
      if (data) a.set(data);
      return { info, shape: info.shape, data: a };
    };
    const inT = tensor(op.inputs[0] ?? -1, input);
    const outT = tensor(op.outputs[0] ?? -1);
    expect(quantizeKernel.check(op, graph)).toBeNull();
    quantizeKernel.run({ op, inputs: [inT], outputs: [outT] });
    expect(Array.from(outT.data as Int16Array)).toEqual(golden);
  });
});

describe('QUANTIZE check', () => {
  const check = (inDtype: DType, outDtype: DType, inQ: { scale: number | number[]; zeroPoint?: number | number[] } | undefined,
    outQ: { scale: number | number[]; zeroPoint?: number | number[] } | undefined): string | null => {
    const g = oneOp('QUANTIZE', NONE, [{ dtype: inDtype, shape: [2], quant: inQ }], [{ dtype: outDtype, shape: [2], quant: outQ }]);
    return quantizeKernel.check(g.op, g.graph);
  };
  it('accepts the supported combinations', () => {
    expect(check('float32', 'uint8', undefined, { scale: 0.1, zeroPoint: 3 })).toBeNull();
    expect(check('int32', 'int8', { scale: 0.1 }, { scale: 0.1 })).toBeNull();
  });
  it('rejects unsupported ones with a reason', () => {
    expect(check('float32', 'int32', undefined, { scale: 0.1 })).toMatch(/float32 -> int32 not supported/);
    expect(check('uint8', 'int16', { scale: 0.1 }, { scale: 0.1 })).toMatch(/uint8 -> int16 not supported/);
    expect(check('float16', 'int8', undefined, { scale: 0.1 })).toMatch(/float16 input not supported/);
    expect(check('float32', 'int8', undefined, undefined)).toMatch(/no quantization/);
    expect(check('float32', 'int8', undefined, { scale: [0.1, 0.2], zeroPoint: [0, 0] })).toMatch(/per-channel/);
    expect(check('float32', 'int16', undefined, { scale: 0.1, zeroPoint: 4 })).toMatch(/int16 output zero point must be 0/);
    expect(check('int16', 'int8', { scale: 0.1, zeroPoint: 1 }, { scale: 0.1 })).toMatch(/int16 input zero point must be 0/);
    expect(check('int8', 'int8', undefined, { scale: 0.1 })).toMatch(/input has no quantization/);
    expect(check('float32', 'int8', undefined, { scale: 0 })).toMatch(/not a positive finite/);
  });
});
