// Buffer-level memory plan for backends that cannot bind one buffer as a step's input and output at once
// (WebGPU's usage rules): tensors share a slot (a whole buffer) only when their lifetimes do not intersect.
import type { Lifetime } from './memory-plan.js';

export interface SlotPlan {
  /** tensor -> slot index */
  slotOf: Map<number, number>;
  /** bytes of each slot (the largest tensor it holds) */
  slotBytes: number[];
}

/**
 * Slots for `lifetimes`. `views` maps a tensor to the tensor whose buffer it reuses unchanged (RESHAPE-like
 * outputs with the same words): a chain of views and its source share one slot, live from the source's write to
 * the last read of any of them. Such tensors are never written after the source, so sharing is exact.
 */
export function planSlots(lifetimes: Lifetime[], views: ReadonlyMap<number, number> = new Map()): SlotPlan {
  const rootOf = (t: number): number => {
    let r = t;
    for (let v = views.get(r); v !== undefined; v = views.get(r)) r = v;
    return r;
  };
  const merged = new Map<number, Lifetime>();
  for (const l of lifetimes) {
    const root = rootOf(l.tensor);
    const m = merged.get(root);
    if (!m) merged.set(root, { ...l, tensor: root });
    else merged.set(root, { tensor: root, bytes: Math.max(m.bytes, l.bytes), first: Math.min(m.first, l.first), last: Math.max(m.last, l.last) });
  }
  const plan = planDisjoint([...merged.values()]);
  for (const l of lifetimes) plan.slotOf.set(l.tensor, plan.slotOf.get(rootOf(l.tensor))!);
  return plan;
}

function planDisjoint(lifetimes: Lifetime[]): SlotPlan {
  const order = lifetimes.slice().sort((a, b) => a.first - b.first || b.bytes - a.bytes || a.tensor - b.tensor);
  const slotBytes: number[] = [];
  const busyUntil: number[] = [];
  const slotOf = new Map<number, number>();
  for (const t of order) {
    // Free slots: last use strictly before this tensor is written. Prefer the smallest that fits, else the largest.
    let best = -1;
    for (let s = 0; s < slotBytes.length; s++) {
      if (busyUntil[s]! >= t.first) continue;
      if (best === -1) { best = s; continue; }
      const fits = slotBytes[s]! >= t.bytes, bestFits = slotBytes[best]! >= t.bytes;
      if ((fits && (!bestFits || slotBytes[s]! < slotBytes[best]!)) || (!fits && !bestFits && slotBytes[s]! > slotBytes[best]!)) best = s;
    }
    if (best === -1) {
      best = slotBytes.length;
      slotBytes.push(0);
      busyUntil.push(-2);
    }
    slotBytes[best] = Math.max(slotBytes[best]!, t.bytes);
    busyUntil[best] = t.last;
    slotOf.set(t.tensor, best);
  }
  return { slotOf, slotBytes };
}
