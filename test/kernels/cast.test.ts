// CAST: conversions as TFLite's cast.cc (truncation toward zero, saturating float overloads, bool as != 0).
import { describe, expect, it } from 'vitest';
import { castKernel } from '../../src/backends/cpu/kernels/cast.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';

const NONE = { kind: 'none' } as const;

function castRaw(from: DType, to: DType, data: number[] | TypedArray): TypedArray {
  const g = oneOp('CAST', NONE, [{ dtype: from, shape: [data.length] }], [{ dtype: to, shape: [data.length] }]);
  const inT = g.inputs[0];
  if (!inT) throw new Error('no input');
  if (inT.data instanceof BigInt64Array) {
    for (let i = 0; i < data.length; i++) inT.data[i] = typeof data[i] === 'bigint' ? (data[i] as bigint) : BigInt(data[i] as number);
  } else {
    (inT.data as Float32Array).set(data as ArrayLike<number>);
  }
  return runOne(castKernel, g);
}

function cast(from: DType, to: DType, data: number[] | TypedArray): (number | bigint)[] {
  return Array.from(castRaw(from, to, data) as ArrayLike<number | bigint>);
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const I64_MIN = -(2n ** 63n);

describe('CAST from float32', () => {
  it('to int32 truncates toward zero and saturates (NaN -> INT32_MAX)', () => {
    expect(cast('float32', 'int32', [1.9, -1.9, 0.5, -0.5, 3e9, -3e9, NaN, 2147483520, 2147483648, -Infinity]))
      .toEqual([1, -1, 0, 0, I32_MAX, I32_MIN, I32_MAX, 2147483520, I32_MAX, I32_MIN]);
  });

  it('to int16 and uint8 clamps then truncates (NaN -> 0)', () => {
    expect(cast('float32', 'int16', [40000, -40000, 1.9, -1.9, NaN, 32767.5])).toEqual([32767, -32768, 1, -1, 0, 32767]);
    expect(cast('float32', 'uint8', [300, -5, 254.9, NaN, 0.99])).toEqual([255, 0, 254, 0, 0]);
  });

  it('to int8 and uint16 takes the low bits of the x86 int32 truncation', () => {
    expect(cast('float32', 'int8', [1.9, -1.9, 127.5, 200, -200, 1e10, NaN])).toEqual([1, -1, 127, -56, 56, 0, 0]);
    expect(cast('float32', 'uint16', [70000.7, -1, 65535])).toEqual([4464, 65535, 65535]);
  });

  it('to int64, bool, float16, float64', () => {
    expect(cast('float32', 'int64', [1.9, -1.9, 1e19, -1e19, NaN, 2 ** 40])).toEqual([1n, -1n, I64_MIN, I64_MIN, I64_MIN, 2n ** 40n]);
    expect(cast('float32', 'bool', [0, -0, 0.1, NaN, -3])).toEqual([0, 0, 1, 1, 1]);
    expect(cast('float32', 'float16', [1, 65520, 1e-8, 0.1, -2])).toEqual([0x3c00, 0x7c00, 0, 0x2e66, 0xc000]);
    expect(cast('float32', 'float64', [0.1])).toEqual([Math.fround(0.1)]);
  });
});

describe('CAST from integers and bool', () => {
  it('int32 -> float32 rounds to nearest even', () => {
    expect(cast('int32', 'float32', [16777217, 16777219, -16777217, 7])).toEqual([16777216, 16777220, -16777216, 7]);
  });

  it('int32 -> narrower integers wraps, -> bool is != 0', () => {
    expect(cast('int32', 'int8', [300, 128, -129, 5])).toEqual([44, -128, 127, 5]);
    expect(cast('int32', 'uint8', [300, -1, 255])).toEqual([44, 255, 255]);
    expect(cast('int32', 'bool', [0, 5, -1])).toEqual([0, 1, 1]);
    expect(cast('int32', 'int64', [-5, I32_MAX])).toEqual([-5n, 2147483647n]);
    expect(cast('int32', 'float16', [65519, 70000, -3])).toEqual([0x7bff, 0x7c00, 0xc200]);
  });

  it('uint8/int8/int16 widen exactly', () => {
    expect(cast('uint8', 'float32', [0, 255])).toEqual([0, 255]);
    expect(cast('int8', 'int32', [-128, 127])).toEqual([-128, 127]);
    expect(cast('int16', 'uint8', [-1, 256])).toEqual([255, 0]);
    expect(cast('uint8', 'int8', [200])).toEqual([-56]);
  });

  it('bool converts as 0/1 even from other non-zero bytes', () => {
    expect(cast('bool', 'float32', [0, 1, 2])).toEqual([0, 1, 1]);
    expect(cast('bool', 'int32', [0, 255])).toEqual([0, 1]);
    expect(cast('bool', 'int64', [7])).toEqual([1n]);
  });

  it('int64 -> int32 keeps the low 32 bits; -> float32 rounds once', () => {
    expect(cast('int64', 'int32', [2 ** 32 + 5, -1, 2 ** 31])).toEqual([5, -1, I32_MIN]);
    // 2^54 + 2^30 + 1 is just above the float32 midpoint 2^54 + 2^30; via double it would become that exact
    // midpoint and round to even (2^54).
    const b = new BigInt64Array([2n ** 54n + 2n ** 30n + 1n, -(2n ** 54n + 2n ** 30n + 1n), 2n ** 54n + 2n ** 30n, 3n]);
    expect(cast('int64', 'float32', b)).toEqual([2 ** 54 + 2 ** 31, -(2 ** 54 + 2 ** 31), 2 ** 54, 3]);
    expect(cast('int64', 'bool', new BigInt64Array([0n, -7n]))).toEqual([0, 1]);
    expect(cast('int64', 'float64', new BigInt64Array([2n ** 53n + 1n]))).toEqual([2 ** 53]);
  });
});

describe('CAST from float16 and float64', () => {
  it('float16 -> numbers through float32, with plain static_cast (no saturation)', () => {
    const h = new Uint16Array([0x3e00, 0xbe00, 0x7c00, 0x7bff]); // 1.5, -1.5, inf, 65504
    expect(cast('float16', 'int32', h)).toEqual([1, -1, I32_MIN, 65504]);
    expect(cast('float16', 'int16', h)).toEqual([1, -1, 0, -32]);
    expect(cast('float16', 'float32', h)).toEqual([1.5, -1.5, Infinity, 65504]);
    expect(cast('float16', 'bool', new Uint16Array([0x8000, 0x0001]))).toEqual([0, 1]);
    expect(cast('float16', 'float16', new Uint16Array([0x3c01, 0x7d01]))).toEqual([0x3c01, 0x7e00]);
  });

  it('float64 -> int32 and float32', () => {
    expect(cast('float64', 'int32', [1.9, -1.9, 3e9])).toEqual([1, -1, I32_MIN]);
    expect(cast('float64', 'float32', [0.1])).toEqual([Math.fround(0.1)]);
  });
});

describe('CAST check', () => {
  it('rejects dtypes it does not convert', () => {
    const check = (from: DType, to: DType): string | null => {
      const g = oneOp('CAST', NONE, [{ dtype: from, shape: [1] }], [{ dtype: to, shape: [1] }]);
      return castKernel.check(g.op, g.graph);
    };
    expect(check('float32', 'int32')).toBeNull();
    expect(check('string', 'int32')).toMatch(/string input not supported/);
    expect(check('float32', 'complex64')).toMatch(/complex64 output not supported/);
    expect(check('int4', 'float32')).toMatch(/int4 input not supported/);
  });
});
