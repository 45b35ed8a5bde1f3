// Buffer-level memory plan for backends that cannot bind one buffer as a step's input and output at once
// (WebGPU's usage rules): tensors share a slot (a whole buffer) only when their lifetimes do not intersect.
import type { Lifetime } from './memory-plan.js';

export interface SlotPlan {
  /** tensor -> slot index */
  slotOf: Map<number, number>;
  /** bytes of each slot (the largest tensor it holds) */
  slotBytes: number[];
}

export function planSlots(lifetimes: Lifetime[]): SlotPlan {
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
