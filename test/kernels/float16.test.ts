// fp16 <-> fp32: exact decoding of every half, round-to-nearest-even encoding checked against a brute-force search.
import { describe, expect, it } from 'vitest';
import {
  float32ArrayToHalfInto, floatBitsToHalf, floatToHalf, halfArrayToFloat32, halfToFloat,
} from '../../src/backends/cpu/kernels/shared/float16.js';

function isNaNHalf(h: number): boolean {
  return (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
}

/** Decoding written from the definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024. */
function decodeByFormula(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 31) return m ? NaN : s * Infinity;
  if (e === 0) return s * m * 2 ** -24;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

describe('float16', () => {
  it('decodes known values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xbc00)).toBe(-1);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24);
    expect(halfToFloat(0x0400)).toBe(2 ** -14);
    expect(halfToFloat(0x3555)).toBe(Math.fround(0.333251953125));
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('encodes known values', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(Infinity)).toBe(0x7c00);
    expect(floatToHalf(-Infinity)).toBe(0xfc00);
    expect(floatToHalf(NaN) & 0x7fff).toBe(0x7e00);
  });

  it('matches the formula for all 65536 halves and round-trips every non-NaN bit pattern', () => {
    const all = new Uint16Array(65536);
    for (let h = 0; h < 65536; h++) all[h] = h;
    const bulk = halfArrayToFloat32(all);
    let bad = 0;
    for (let h = 0; h < 65536; h++) {
      const f = halfToFloat(h);
      const ref = decodeByFormula(h);
      if (isNaNHalf(h)) {
        if (!Number.isNaN(f) || !Number.isNaN(bulk[h])) bad++;
        continue;
      }
      if (!Object.is(f, ref) || !Object.is(bulk[h], ref) || floatToHalf(f) !== h) bad++;
    }
    expect(bad).toBe(0);
  });

  it('bulk decoding keeps NaN payloads and signs', () => {
    const bits = new Uint32Array(halfArrayToFloat32(new Uint16Array([0x7d01, 0xfe00, 0x7c01])).buffer);
    expect(Array.from(bits)).toEqual([0x7fa02000, 0xffc00000, 0x7f802000]);
  });

  it('rounds to nearest, ties to even, at normal, subnormal and overflow boundaries', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie, 0x3c00 is even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie between 0x3c01 and 0x3c02
    expect(floatToHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(floatToHalf(2 - 2 ** -12)).toBe(0x4000); // carry into the exponent
    expect(floatToHalf(65519)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // tie between 65504 (odd) and 65536 (inf)
    expect(floatToHalf(-1e6)).toBe(0xfc00);
    expect(floatToHalf(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(floatToHalf(Math.fround(2 ** -25 * (1 + 2 ** -23)))).toBe(0x0001);
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002); // tie between 1 and 2 subnormal steps
    expect(floatToHalf(2 ** -26)).toBe(0x0000);
    expect(floatToHalf(-(2 ** -30))).toBe(0x8000);
    expect(floatToHalf(2 ** -14 - 2 ** -25)).toBe(0x0400); // largest subnormal + half step rounds up to even
  });

  it('encodes random floats like a brute-force nearest-half search', () => {
    // Sorted finite non-negative halves 0x0000..0x7bff are increasing in value.
    const values: number[] = [];
    for (let h = 0; h <= 0x7bff; h++) values.push(decodeByFormula(h));
    const nearest = (a: number): number => {
      if (a >= 65520) return 0x7c00;
      let lo = 0;
      let hi = values.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if ((values[mid] as number) <= a) lo = mid; else hi = mid;
      }
      const dl = a - (values[lo] as number);
      const dh = (values[hi] as number) - a;
      if (dl < dh) return lo;
      if (dh < dl) return hi;
      return lo % 2 === 0 ? lo : hi;
    };
    const r = rng(7);
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const src = new Float32Array(20000);
    const expected = new Uint16Array(20000);
    for (let i = 0; i < src.length; i++) {
      // Exponents around the half range, random mantissa and sign.
      const exp = 127 - 28 + (r() % 46);
      u32[0] = ((r() & 1) << 31) | (exp << 23) | (r() & 0x7fffff);
      const f = f32[0] as number;
      src[i] = f;
      expected[i] = (f < 0 ? 0x8000 : 0) | nearest(Math.abs(f));
    }
    const got = new Uint16Array(src.length);
    float32ArrayToHalfInto(src, got);
    let bad = 0;
    for (let i = 0; i < src.length; i++) {
      if (got[i] !== expected[i] || floatToHalf(src[i] as number) !== expected[i]) bad++;
    }
    expect(bad).toBe(0);
    expect(floatBitsToHalf(0x7fc00001) & 0x7fff).toBe(0x7e00);
  });
});
