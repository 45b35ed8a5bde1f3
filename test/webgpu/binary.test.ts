// GPU ADD/SUB/MUL against the CPU kernels: float within 1e-6 relative, int8/uint8 bit-exact, with broadcasting.
import { describe, expect, it } from 'vitest';
import { oneOp, type TensorSpec } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import type { Activation } from '../../src/graph/options.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}
const n = (s: number[]) => s.reduce((a, b) => a * b, 1);

const SHAPES: [number[], number[]][] = [
  [[2, 3, 5], [2, 3, 5]], [[1, 4, 4, 3], [3]], [[2, 1, 5], [1, 4, 1]], [[7], [1]], [[1, 2, 3, 4, 5, 6], [6]], [[33, 17], [33, 1]],
];

describe('GPU binary elementwise vs CPU', () => {
  for (const opcode of ['ADD', 'SUB', 'MUL'] as const) {
    for (const act of ['NONE', 'RELU6'] as Activation[]) {
      it(`${opcode} float32 ${act}`, async () => {
        const r = rng(1);
        for (const [sa, sb] of SHAPES) {
          const out = sa.length >= sb.length ? sa.map((d, i) => Math.max(d, [...Array(sa.length - sb.length).fill(1), ...sb][i])) : [];
          const spec = (s: number[]): TensorSpec => ({ dtype: 'float32', shape: s, data: Array.from({ length: n(s) }, () => r() * 8 - 4) });
          const g = oneOp(opcode, { kind: 'arithmetic', activation: act, potScaleInt16: false }, [spec(sa), spec(sb)], [{ dtype: 'float32', shape: out }]);
          const [gpu, cpu] = await runBoth(g);
          const x = gpu[0]!.data as Float32Array, y = cpu[0]!.data as Float32Array;
          for (let i = 0; i < y.length; i++) expect(Math.abs(x[i]! - y[i]!), `[${sa}]${opcode}[${sb}] #${i}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(y[i]!)));
        }
      });
    }
    for (const dtype of ['int8', 'uint8'] as const) {
      it(`${opcode} ${dtype} bit-exact, zero points at the range ends, saturation`, async () => {
        const r = rng(7);
        const [lo, hi] = dtype === 'int8' ? [-128, 127] : [0, 255];
        for (const [sa, sb] of SHAPES) {
          for (const [zpA, zpB, zpO] of [[lo, hi, 0], [0, 3, hi], [hi, lo, lo]]) {
            const out = sa.map((d, i) => Math.max(d, [...Array(sa.length - sb.length).fill(1), ...sb][i]));
            const q = (s: number[], scale: number, zp: number): TensorSpec => ({ dtype, shape: s, quant: { scale, zeroPoint: zp },
              data: Array.from({ length: n(s) }, () => lo + Math.floor(r() * 256)) });
            const g = oneOp(opcode, { kind: 'arithmetic', activation: 'NONE', potScaleInt16: false },
              [q(sa, 0.02 + r() * 0.1, zpA!), q(sb, 0.01 + r() * 0.1, zpB!)], [{ dtype, shape: out, quant: { scale: opcode === 'MUL' ? 0.3 : 0.05 + r() * 0.1, zeroPoint: zpO! } }]);
            const [gpu, cpu] = await runBoth(g);
            expect(Array.from(gpu[0]!.data as Int8Array), `[${sa}] ${opcode} [${sb}] zp ${zpA},${zpB},${zpO}`).toEqual(Array.from(cpu[0]!.data as Int8Array));
          }
        }
      });
    }
  }
});
