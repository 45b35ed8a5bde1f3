// Planning: DEQUANTIZE folding keeps compact storage, shape chains fold per input shape, and the memory plan
// reuses bytes by lifetime without ever aliasing a step's inputs with its outputs.
import { describe, expect, it } from 'vitest';
import { readModel } from '../src/format/read-model.js';
import { foldConstantDequantize } from '../src/planning/fold-dequantize.js';
import { planMemory, type Lifetime } from '../src/planning/memory-plan.js';
import { planGraph } from '../src/planning/planner.js';
import { cpuEvaluator } from '../src/backends/cpu/cpu-backend.js';
import { expandFoldedWeights } from '../src/backends/cpu/expand-weights.js';
import { readShared } from './helpers/shared.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

describe('memory plan', () => {
  it('never overlaps tensors whose lifetimes intersect, on random graphs', () => {
    const r = rng(99);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(r() * 30);
      const lifetimes: Lifetime[] = Array.from({ length: n }, (_, t) => {
        const first = Math.floor(r() * 20) - 1;
        return { tensor: t, bytes: 1 + Math.floor(r() * 5000), first, last: first + Math.floor(r() * 6) };
      });
      const plan = planMemory(lifetimes);
      for (const a of lifetimes) for (const b of lifetimes) {
        if (a.tensor >= b.tensor || a.last < b.first || b.last < a.first) continue;
        const oa = plan.offsets.get(a.tensor)!, ob = plan.offsets.get(b.tensor)!;
        const disjoint = oa + a.bytes <= ob || ob + b.bytes <= oa;
        expect(disjoint, `tensors ${a.tensor} and ${b.tensor} overlap`).toBe(true);
      }
      expect(plan.arenaBytes).toBeLessThanOrEqual(plan.unsharedBytes);
    }
  });

  it('reuses memory along a chain (arena far below the sum of activations)', () => {
    const chain: Lifetime[] = Array.from({ length: 10 }, (_, i) => ({ tensor: i, bytes: 1000, first: i - 1, last: i }));
    const plan = planMemory(chain);
    expect(plan.unsharedBytes).toBe(10 * 1008);
    expect(plan.arenaBytes).toBe(2 * 1008);
  });
});

describe('graph preparation', () => {
  it('folds fp16 DEQUANTIZE into float16 constants flagged for expansion', () => {
    const g = readModel(readShared('models', 'mnist', 'ma_dnn', 'mnist_mlp_float16.tflite')).subgraphs[0]!;
    const f = foldConstantDequantize(g);
    expect(g.operators.some((o) => o.opcode === 'DEQUANTIZE')).toBe(true);
    expect(f.operators.some((o) => o.opcode === 'DEQUANTIZE')).toBe(false);
    const folded = f.tensors.filter((t) => t.dequantizeTo);
    expect(folded.length).toBeGreaterThan(0);
    for (const t of folded) {
      expect(t.dtype).toBe('float16');
      expect(t.data).toBeInstanceOf(Uint16Array);
    }
    // the CPU backend then expands them to float32 values
    const e = expandFoldedWeights(f);
    const t0 = e.tensors[folded[0]!.index]!;
    expect(t0.dtype).toBe('float32');
    expect(t0.data).toBeInstanceOf(Float32Array);
  });

  it('folds the SHAPE -> STRIDED_SLICE -> PACK chain for any batch size, and never aliases a step', () => {
    const g = readModel(readShared('models', 'mnist', 'dmuiruri', 'mnist_cnn_float32.tflite')).subgraphs[0]!;
    expect(g.operators.map((o) => o.opcode)).toContain('SHAPE');
    for (const batch of [1, 7]) {
      const plan = planGraph(g, [[batch, 28, 28]], cpuEvaluator(g));
      const ops = plan.steps.map((o) => o.opcode);
      expect(ops).not.toContain('SHAPE');
      expect(ops).not.toContain('STRIDED_SLICE');
      expect(ops).not.toContain('PACK');
      expect(plan.shapes[g.outputs[0]!]).toEqual([batch, 10]);
      for (const op of plan.steps) {
        for (const i of op.inputs) for (const o of op.outputs) {
          const oi = plan.memory.offsets.get(i), oo = plan.memory.offsets.get(o);
          if (oi === undefined || oo === undefined) continue;
          const bi = plan.shapes[i]!.reduce((a, b) => a * b, 4), bo = plan.shapes[o]!.reduce((a, b) => a * b, 4);
          expect(oi + bi <= oo || oo + bo <= oi, `${op.opcode} aliases input ${i} with output ${o}`).toBe(true);
        }
      }
    }
  });
});
