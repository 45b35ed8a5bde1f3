// The WebGPU buffer plan: tensors share a slot only when their lifetimes are disjoint (a step's input and output
// never share), and RESHAPE-like views share their source's slot for the whole group's lifetime.
import { describe, expect, it } from 'vitest';
import { planSlots } from '../../src/planning/buffer-slots.js';
import type { Lifetime } from '../../src/planning/memory-plan.js';

const life = (tensor: number, first: number, last: number, bytes = 16): Lifetime => ({ tensor, first, last, bytes });
const overlap = (a: Lifetime, b: Lifetime): boolean => a.first <= b.last && b.first <= a.last;

describe('planSlots', () => {
  it('reuses a slot after the last read, never for the output of the step that reads it last', () => {
    const p = planSlots([life(0, -1, 0), life(1, 0, 1), life(2, 1, 2), life(3, 2, 3, 64)]);
    expect(p.slotOf.get(0)).not.toBe(p.slotOf.get(1));
    expect(p.slotOf.get(1)).not.toBe(p.slotOf.get(2));
    expect(p.slotOf.get(2)).toBe(p.slotOf.get(0));
    expect(p.slotBytes[p.slotOf.get(3)!]).toBe(64);
  });

  it('a chain of views shares its source slot, kept busy until the last view is read', () => {
    // 0 -> conv(step 0) -> 1 -> reshape(step 1) -> 2 -> reshape(step 2) -> 3 -> fc(step 4); 4 written at step 3.
    const lifetimes = [life(0, -1, 0), life(1, 0, 1), life(2, 1, 2), life(3, 2, 4, 8), life(4, 3, 4), life(5, 4, 5)];
    const p = planSlots(lifetimes, new Map([[2, 1], [3, 2]]));
    const s = p.slotOf.get(1)!;
    expect(p.slotOf.get(2)).toBe(s);
    expect(p.slotOf.get(3)).toBe(s);
    expect(p.slotOf.get(4)).not.toBe(s); // written while view 3 is still to be read
    expect(p.slotOf.get(5)).not.toBe(s); // the output of the step that reads view 3
    expect(p.slotBytes[s]).toBe(16);
  });

  it('random lifetimes: no two tensors of one slot are live together, and every slot holds its tensors', () => {
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + rnd(30);
      const ls = Array.from({ length: n }, (_, t) => { const first = rnd(20) - 1; return life(t, first, first + 1 + rnd(6), 4 * (1 + rnd(50))); });
      const p = planSlots(ls);
      for (const a of ls) {
        expect(p.slotBytes[p.slotOf.get(a.tensor)!]).toBeGreaterThanOrEqual(a.bytes);
        for (const b of ls) if (a !== b && p.slotOf.get(a.tensor) === p.slotOf.get(b.tensor)) expect(overlap(a, b)).toBe(false);
      }
    }
  });
});
