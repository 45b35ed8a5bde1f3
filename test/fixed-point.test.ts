// Checks the JS fixed-point helpers against a BigInt transcription of TFLite's int64 arithmetic.
import { describe, expect, it } from 'vitest';
import {
  frexp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPOT, srdhm,
} from '../src/backends/cpu/quant/fixed-point.js';

function srdhmBig(a: number, b: number): number {
  if (a === -2147483648 && b === -2147483648) return 2147483647;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C++
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

describe('fixed point', () => {
  it('srdhm equals the 64-bit computation on random and extreme operands', () => {
    const r = rng(12345);
    const edge = [0, 1, -1, 2147483647, -2147483648, 1073741824, -1073741824, 65535, 65536, -65536];
    for (const a of edge) for (const b of edge) expect(srdhm(a, b)).toBe(srdhmBig(a, b));
    for (let i = 0; i < 20000; i++) {
      const a = r() | 0, b = r() | 0;
      expect(srdhm(a, b)).toBe(srdhmBig(a, b));
    }
  });

  it('roundingDivideByPOT rounds half away from zero', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3);
    expect(roundingDivideByPOT(-5, 1)).toBe(-3);
    expect(roundingDivideByPOT(4, 1)).toBe(2);
    expect(roundingDivideByPOT(-6, 2)).toBe(-2);
    expect(roundingDivideByPOT(-7, 2)).toBe(-2);
  });

  it('quantizeMultiplier matches frexp-based Q31 encoding', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 1073741824, shift: 0 });
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 1073741824, shift: 1 });
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
    const { multiplier, shift } = quantizeMultiplier(0.0123);
    expect(multiplier * 2 ** (shift - 31)).toBeCloseTo(0.0123, 9);
    expect(frexp(8)).toEqual([0.5, 4]);
    expect(frexp(0.75)).toEqual([0.75, 0]);
    // values that round up to 2^31 renormalise
    const m = quantizeMultiplier(1 - 2 ** -40);
    expect(m).toEqual({ multiplier: 1073741824, shift: 1 });
  });

  it('multiplyByQuantizedMultiplier approximates x * real', () => {
    const { multiplier, shift } = quantizeMultiplier(0.003);
    expect(multiplyByQuantizedMultiplier(100000, multiplier, shift)).toBe(300);
    const g = quantizeMultiplier(3.5);
    expect(multiplyByQuantizedMultiplier(10, g.multiplier, g.shift)).toBe(35);
  });
});
