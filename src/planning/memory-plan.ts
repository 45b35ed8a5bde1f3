// Static memory plan: every activation gets a byte offset in one arena; tensors whose lifetimes do not overlap
// share bytes (greedy by size, like TFLite's arena planner). A step's inputs and outputs are both live at that
// step, so they never alias.

export interface Lifetime {
  tensor: number;
  bytes: number;
  /** Step that writes it (-1 for graph inputs). */
  first: number;
  /** Last step that reads it (steps.length for graph outputs). */
  last: number;
}

export interface MemoryPlan {
  offsets: Map<number, number>;
  arenaBytes: number;
  /** Sum of all activation sizes: what the arena would take without reuse. */
  unsharedBytes: number;
}

export const ARENA_ALIGN = 16;

const align = (n: number): number => Math.ceil(n / ARENA_ALIGN) * ARENA_ALIGN;

export function planMemory(lifetimes: Lifetime[]): MemoryPlan {
  const order = lifetimes.slice().sort((a, b) => b.bytes - a.bytes || a.first - b.first || a.tensor - b.tensor);
  const placed: { off: number; end: number; first: number; last: number }[] = [];
  const offsets = new Map<number, number>();
  let arena = 0;
  let unshared = 0;
  for (const t of order) {
    const size = align(Math.max(t.bytes, 1));
    unshared += size;
    // Conflicting allocations: those whose lifetime intersects this one, by offset.
    const conflicts = placed.filter((p) => p.first <= t.last && t.first <= p.last).sort((a, b) => a.off - b.off);
    let off = 0;
    for (const c of conflicts) {
      if (off + size <= c.off) break;
      off = Math.max(off, c.end);
    }
    placed.push({ off, end: off + size, first: t.first, last: t.last });
    offsets.set(t.tensor, off);
    arena = Math.max(arena, off + size);
  }
  return { offsets, arenaBytes: arena, unsharedBytes: unshared };
}
