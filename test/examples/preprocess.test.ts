// The demo page's pure helpers in Node: MNIST-style preprocessing, score → probability conversion, run scheduling.
import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBounds, inkFromRgba, toMnist, type InkImage } from '../../examples/mnist/preprocess.js';
import { argmax, toProbabilities } from '../../examples/mnist/probabilities.js';
import { LatestOnly } from '../../examples/mnist/latest-only.js';
import { Exclusive } from '../../examples/mnist/exclusive.js';

/** A 280x280 canvas with full ink on the given rectangles [x0, y0, x1, y1). */
function canvas(rects: [number, number, number, number][], size = 280): InkImage {
  const ink = new Float32Array(size * size);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * size + x] = 1;
  return { width: size, height: size, ink };
}

const asInk = (px: Uint8Array): InkImage => ({ width: 28, height: 28, ink: Float32Array.from(px, (v) => v / 255) });

describe('toMnist', () => {
  it('returns null for a blank drawing', () => {
    expect(toMnist(canvas([]))).toBeNull();
  });

  it('fits the ink into a 20x20 box keeping the aspect ratio, centred by mass at (14, 14)', () => {
    const out = toMnist(canvas([[40, 100, 240, 200]]))!; // 200 wide, 100 tall
    const b = inkBounds(asInk(out))!;
    expect(b.x1 - b.x0).toBe(20);
    expect(b.y1 - b.y0).toBe(10);
    const c = centreOfMass(asInk(out));
    expect(c.x).toBeCloseTo(14, 1);
    expect(c.y).toBeCloseTo(14, 1);
    // Area averaging keeps the amount of ink: 200x100 source pixels at scale 0.1 are 200 full output pixels.
    expect(c.mass).toBeCloseTo(200, 0);
  });

  it('centres by mass, not by the bounding box', () => {
    // An L: a heavy vertical bar and a thin foot; the mass centre sits left of the box centre.
    const out = toMnist(canvas([[100, 40, 140, 240], [140, 220, 200, 240]]))!;
    const c = centreOfMass(asInk(out));
    expect(c.x).toBeCloseTo(14, 1);
    expect(c.y).toBeCloseTo(14, 1);
    const b = inkBounds(asInk(out))!;
    expect((b.x0 + b.x1) / 2).toBeGreaterThan(14.5);
  });

  it('gives the same input wherever the digit is drawn', () => {
    const a = toMnist(canvas([[30, 30, 60, 130], [60, 30, 90, 50]]))!;
    const b = toMnist(canvas([[157, 113, 187, 213], [187, 113, 217, 133]]))!;
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('gives nearly the same input whatever size the digit is drawn at', () => {
    const small = toMnist(canvas([[100, 100, 110, 140], [110, 100, 120, 105]]))!;
    const large = toMnist(canvas([[40, 40, 80, 200], [80, 40, 120, 60]]))!;
    let maxDiff = 0;
    for (let i = 0; i < 784; i++) maxDiff = Math.max(maxDiff, Math.abs(small[i]! - large[i]!));
    expect(maxDiff).toBeLessThanOrEqual(2);
  });

  it('anti-aliases: edges that fall between output pixels get intermediate grey levels', () => {
    // 140 tall (scale 1/7) and 21 wide: 3 output pixels wide, offset by a fraction of a pixel after mass centring.
    const out = toMnist(canvas([[101, 70, 122, 210]]))!;
    const greys = Array.from(out).filter((v) => v > 0 && v < 255);
    expect(greys.length).toBeGreaterThan(0);
    expect(Array.from(out).some((v) => v === 255)).toBe(true);
  });

  it('ignores the faint fringe when cropping', () => {
    const img = canvas([[100, 50, 120, 250]]);
    (img.ink as Float32Array)[5 * 280 + 5] = 0.02;
    expect(inkBounds(img)).toEqual({ x0: 100, y0: 50, x1: 120, y1: 250 });
  });

  it('reads ink from the canvas alpha channel', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 51]);
    expect(Array.from(inkFromRgba(rgba, 3, 1).ink)).toEqual([1, 0, Math.fround(0.2)]);
  });
});

describe('toProbabilities', () => {
  it('keeps probabilities, dequantizes uint8 scores, applies softmax to logits', () => {
    const p = [0.1, 0.7, 0.2, 0, 0, 0, 0, 0, 0, 0];
    expect(Array.from(toProbabilities(p, null))).toEqual(Array.from(Float32Array.from(p)));
    const q = toProbabilities([0, 0, 0, 64, 192, 0, 0, 0, 0, 0], { scale: 1 / 256, zeroPoint: 0 });
    expect(q[3]).toBeCloseTo(0.25, 6);
    expect(q[4]).toBeCloseTo(0.75, 6);
    const s = toProbabilities([2, 0, 0, 0, 0, 0, 0, 0, 0, -1], null);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(s[0]! / s[1]!).toBeCloseTo(Math.E ** 2, 4);
  });

  it('argmax takes the first of equal maxima', () => {
    expect(argmax([0.1, 0.4, 0.4, 0.1])).toBe(1);
  });
});

describe('scheduling', () => {
  it('LatestOnly never overlaps runs and collapses requests made meanwhile into the latest', async () => {
    const seen: number[] = [];
    let active = 0, maxActive = 0;
    const gate: (() => void)[] = [];
    const l = new LatestOnly<number>(async (v) => {
      active++;
      maxActive = Math.max(maxActive, active);
      seen.push(v);
      await new Promise<void>((r) => gate.push(r));
      active--;
    });
    l.request(1);
    l.request(2);
    l.request(3);
    await Promise.resolve();
    gate.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    gate.shift()!();
    await l.settled();
    expect(seen).toEqual([1, 3]);
    expect(maxActive).toBe(1);
    expect(l.busy).toBe(false);
  });

  it('Exclusive runs jobs in order and goes on after a failure', async () => {
    const q = new Exclusive();
    const order: string[] = [];
    const a = q.run(async () => { await new Promise((r) => setTimeout(r, 5)); order.push('a'); });
    const b = q.run(async () => { order.push('b'); throw new Error('b failed'); });
    const c = q.run(async () => { order.push('c'); return 3; });
    await a;
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe(3);
    await q.idle();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
