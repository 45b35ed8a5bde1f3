import { describe, expect, it } from 'vitest';
import { padKernel } from '../../src/backends/cpu/kernels/pad.js';
import { oneOp, runOne, type TensorSpec } from '../helpers/kernel-harness.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { fillElements } from '../../src/backends/cpu/kernels/shared/copy-words.js';

/** Output values as numbers (int64 via Number), whatever the typed array. */
const vals = (a: TypedArray): number[] => Array.from(a as ArrayLike<number | bigint>, Number);

const none = { kind: 'none' } as const;

/** Reference: every output coordinate either maps back inside the input or takes the pad value. */
function padRef(data: readonly number[], shape: readonly number[], pads: readonly number[], value: number): number[] {
  const outShape = shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
  const n = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < n; flat++) {
    let rem = flat, src = 0, inside = true, mul = 1;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const c = (rem % outShape[d]!) - pads[2 * d]!;
      rem = Math.floor(rem / outShape[d]!);
      if (c < 0 || c >= shape[d]!) inside = false;
      src += c * mul;
      mul *= shape[d]!;
    }
    out.push(inside ? data[src]! : value);
  }
  return out;
}

interface PadCase {
  dtype: DType; shape: number[]; data: number[]; pads: number[];
  quant?: TensorSpec['quant']; outQuant?: TensorSpec['quant'];
  value?: TensorSpec | null; padsDtype?: DType; opcode?: string;
}

function pad(c: PadCase) {
  const outShape = c.shape.map((d, i) => d + c.pads[2 * i]! + c.pads[2 * i + 1]!);
  const inputs: (TensorSpec | null)[] = [
    { dtype: c.dtype, shape: c.shape, data: c.data, quant: c.quant },
    { dtype: c.padsDtype ?? 'int32', shape: [c.shape.length, 2], data: c.pads, constant: true },
  ];
  if (c.value !== undefined) inputs.push(c.value);
  const g = oneOp(c.opcode ?? (c.value ? 'PADV2' : 'PAD'), none, inputs,
    [{ dtype: c.dtype, shape: outShape, quant: c.outQuant ?? c.quant }]);
  fillElements(g.outputs[0]!.data, 77); // stale data must not survive
  return g;
}

describe('PAD / PADV2', () => {
  it('pads float32 with zeros (hand-checked)', () => {
    const g = pad({ dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6], pads: [1, 0, 0, 2] });
    expect(vals(runOne(padKernel, g))).toEqual([
      0, 0, 0, 0, 0,
      1, 2, 3, 0, 0,
      4, 5, 6, 0, 0,
    ]);
  });

  it('pads quantized int8 with the output zero point (TFLite EvalInt)', () => {
    const shape = [1, 2, 2, 3];
    const data = Array.from({ length: 12 }, (_, i) => i * 9 - 50);
    const pads = [0, 0, 1, 1, 2, 0, 0, 0];
    const g = pad({ dtype: 'int8', shape, data, pads, quant: { scale: 0.05, zeroPoint: -5 } });
    expect(vals(runOne(padKernel, g))).toEqual(padRef(data, shape, pads, -5));
  });

  it('pads quantized uint8 with zero point 128, and unquantized int8 with 0', () => {
    const g = pad({ dtype: 'uint8', shape: [3], data: [1, 2, 3], pads: [2, 1], quant: { scale: 1 / 128, zeroPoint: 128 } });
    expect(vals(runOne(padKernel, g))).toEqual([128, 128, 1, 2, 3, 128]);
    const p = pad({ dtype: 'int8', shape: [2], data: [-1, 1], pads: [1, 1] });
    expect(vals(runOne(padKernel, p))).toEqual([0, -1, 1, 0]);
  });

  it('PADV2 uses the constant value input (float32, quantized int8, int64)', () => {
    const f = pad({ dtype: 'float32', shape: [1, 2], data: [1, 2], pads: [1, 0, 0, 1],
      value: { dtype: 'float32', shape: [], data: [7.5], constant: true } });
    expect(vals(runOne(padKernel, f))).toEqual([7.5, 7.5, 7.5, 1, 2, 7.5]);
    const q = { scale: 0.25, zeroPoint: 3 };
    const i8 = pad({ dtype: 'int8', shape: [2], data: [10, 20], pads: [0, 2], quant: q,
      value: { dtype: 'int8', shape: [], data: [-100], quant: q } });
    expect(vals(runOne(padKernel, i8))).toEqual([10, 20, -100, -100]);
    const v = 2 ** 41 + 5;
    const i64 = pad({ dtype: 'int64', shape: [2], data: [-(2 ** 33), 9], pads: [1, 1], padsDtype: 'int64',
      value: { dtype: 'int64', shape: [1], data: [v], constant: true } });
    expect(vals(runOne(padKernel, i64))).toEqual([v, -(2 ** 33), 9, v]);
  });

  it('pads 4-D float16 bits image-style and a rank-5 int32 tensor like the reference', () => {
    const shape = [1, 3, 2, 2];
    const data = Array.from({ length: 12 }, (_, i) => 0x3c00 + i);
    const pads = [0, 0, 1, 1, 1, 1, 0, 0];
    const g = pad({ dtype: 'float16', shape, data, pads });
    expect(vals(runOne(padKernel, g))).toEqual(padRef(data, shape, pads, 0));
    const s5 = [2, 1, 3, 2, 2];
    const d5 = Array.from({ length: 24 }, (_, i) => i - 10);
    const p5 = [1, 0, 0, 2, 1, 1, 0, 0, 2, 1];
    const g5 = pad({ dtype: 'int32', shape: s5, data: d5, pads: p5,
      value: { dtype: 'int32', shape: [], data: [-9] } });
    expect(vals(runOne(padKernel, g5))).toEqual(padRef(d5, s5, p5, -9));
  });

  it('pads bool with false and handles zero paddings', () => {
    const g = pad({ dtype: 'bool', shape: [2, 1], data: [1, 1], pads: [0, 0, 1, 0] });
    expect(vals(runOne(padKernel, g))).toEqual([0, 1, 0, 1]);
    const z = pad({ dtype: 'float32', shape: [2], data: [3, 4], pads: [0, 0] });
    expect(vals(runOne(padKernel, z))).toEqual([3, 4]);
  });

  it('rejects negative or non-constant paddings and mismatched constant-value params', () => {
    const neg = pad({ dtype: 'float32', shape: [2], data: [1, 2], pads: [-1, 1] });
    expect(padKernel.check(neg.op, neg.graph)).toMatch(/negative padding/);
    const nc = oneOp('PAD', none, [{ dtype: 'float32', shape: [2] }, { dtype: 'int32', shape: [1, 2] }],
      [{ dtype: 'float32', shape: [3] }]);
    expect(padKernel.check(nc.op, nc.graph)).toMatch(/non-constant paddings/);
    const mq = pad({ dtype: 'int8', shape: [2], data: [1, 2], pads: [1, 0], quant: { scale: 0.5, zeroPoint: 0 },
      value: { dtype: 'int8', shape: [], data: [1], quant: { scale: 0.5, zeroPoint: 1 } } });
    expect(padKernel.check(mq.op, mq.graph)).toMatch(/constant value/);
    const dt = pad({ dtype: 'float32', shape: [2], data: [1, 2], pads: [1, 0],
      value: { dtype: 'int32', shape: [], data: [1] } });
    expect(padKernel.check(dt.op, dt.graph)).toMatch(/int32 differs/);
  });
});
