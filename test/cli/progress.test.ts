// Tests for the terminal progress bar: silence on non-TTY streams, throttling, and the drawn fields.
import { describe, expect, test } from 'vitest';
import { createProgress } from '../../src/cli/io/progress.js';

function fakeStream(isTTY: boolean, columns?: number): { isTTY: boolean; columns?: number; writes: string[]; write(s: string): boolean } {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => { writes.push(s); return true; } };
}

/** Manually advanced millisecond clock. */
function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('createProgress', () => {
  test('writes nothing at all to a non-TTY stream', () => {
    const s = fakeStream(false);
    const c = clock();
    const p = createProgress(100, 'eval', s, { now: c.now });
    for (let i = 0; i < 100; i++) { c.advance(500); p.tick(); }
    p.done();
    expect(s.writes).toEqual([]);
    // A stream without an isTTY property (a pipe or file) is also silent.
    const plain = { writes: [] as string[], write(x: string) { this.writes.push(x); } };
    const q = createProgress(10, 'eval', plain);
    q.tick(10);
    q.done();
    expect(plain.writes).toEqual([]);
  });

  test('draws count/total, percent, rate and ETA on a TTY', () => {
    const s = fakeStream(true);
    const c = clock();
    const p = createProgress(1000, 'mnist', s, { now: c.now });
    c.advance(2000);
    p.tick(250); // 250 in 2 s → 125 img/s, 750 left → 6 s
    expect(s.writes.length).toBe(1);
    const line = s.writes[0] as string;
    expect(line.startsWith('\rmnist [')).toBe(true);
    expect(line).toContain('250/1000');
    expect(line).toContain('25.0%');
    expect(line).toContain('125 img/s');
    expect(line).toContain('ETA 0:06');
    expect(line.endsWith('\x1b[K')).toBe(true);
    expect(line).toContain(`[${'#'.repeat(6)}${'-'.repeat(18)}]`);
  });

  test('throttles redraws to ~10 per second', () => {
    const s = fakeStream(true);
    const c = clock();
    const p = createProgress(10000, 'x', s, { now: c.now });
    for (let i = 0; i < 10000; i++) { c.advance(1); p.tick(); } // 10 s of ticks at 1 ms each
    expect(s.writes.length).toBeGreaterThanOrEqual(99);
    expect(s.writes.length).toBeLessThanOrEqual(101);
  });

  test('done() draws the final state once and ends the line', () => {
    const s = fakeStream(true);
    const c = clock();
    const p = createProgress(4, 'x', s, { now: c.now, unit: 'batch' });
    p.tick();
    c.advance(10);
    p.tick(3); // throttled: not drawn
    expect(s.writes.length).toBe(1);
    c.advance(3990);
    p.done();
    p.done();
    p.tick();
    expect(s.writes.length).toBe(3);
    expect(s.writes[1]).toContain('4/4 100.0%');
    expect(s.writes[1]).toContain('1.0 batch/s');
    expect(s.writes[1]).toContain('in 0:04');
    expect(s.writes[2]).toBe('\n');
  });

  test('clips the line to the terminal width; unknown total shows a bare count', () => {
    const s = fakeStream(true, 30);
    const p = createProgress(0, 'a-rather-long-label', s, { now: clock().now });
    p.tick(7);
    const line = (s.writes[0] as string).replace('\r', '').replace('\x1b[K', '');
    expect(line.length).toBe(29);
    expect(line).toBe('a-rather-long-label 7 0.0 img');
  });
});
