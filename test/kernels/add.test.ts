// ADD kernel: broadcasting, float/int32, quantized int8/uint8/int16 against hand-checked values, a BigInt
// transcription of TFLite's integer pipeline, float references, and TFLite's own int16 goldens.
import { describe, expect, it } from 'vitest';
import { addKernel } from '../../src/backends/cpu/kernels/add.js';
import type { CpuTensor } from '../../src/backends/cpu/kernel.js';
import { quantizeMultiplier } from '../../src/backends/cpu/quant/fixed-point.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import { allocTyped, numElements } from '../../src/graph/dtype.js';
import type { Activation } from '../../src/graph/options.js';
import { readModel } from '../../src/format/read-model.js';
import { oneOp, runOne } from '../helpers/kernel-harness.js';
import type { TensorSpec } from '../helpers/kernel-harness.js';
import { readGolden, readShared } from '../helpers/shared.js';

const opts = (activation: Activation = 'NONE', potScaleInt16 = true) => ({ kind: 'arithmetic' as const, activation, potScaleInt16 });

function nums(a: TypedArray): number[] {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) throw new Error('bigint data');
  return Array.from(a);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

/** Independent broadcast: each output multi-index maps to the operand's index with broadcast dims pinned to 0. */
function broadcastRef(as: number[], a: number[], bs: number[], b: number[], f: (x: number, y: number) => number): number[] {
  const rank = Math.max(as.length, bs.length);
  const pa = [...Array(rank - as.length).fill(1), ...as], pb = [...Array(rank - bs.length).fill(1), ...bs];
  const os = pa.map((d, i) => Math.max(d, pb[i]!));
  const out: number[] = [];
  const n = numElements(os);
  for (let flat = 0; flat < n; flat++) {
    let rem = flat, ia = 0, ib = 0, sa = 1, sb = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const i = rem % os[d]!; rem = Math.floor(rem / os[d]!);
      ia += (pa[d] === 1 ? 0 : i) * sa; sa *= pa[d]!;
      ib += (pb[d] === 1 ? 0 : i) * sb; sb *= pb[d]!;
    }
    out.push(f(a[ia]!, b[ib]!));
  }
  return out;
}

function outShape(as: number[], bs: number[]): number[] {
  const rank = Math.max(as.length, bs.length);
  const pa = [...Array(rank - as.length).fill(1), ...as], pb = [...Array(rank - bs.length).fill(1), ...bs];
  return pa.map((d, i) => Math.max(d, pb[i]!));
}

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

// ---- BigInt transcription of TFLite's 8-bit/16-bit general ADD (add.cc Prepare + reference AddElementwise) ----
function srdhmBig(a: number, b: number): bigint {
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return (ab + nudge) / (1n << 31n);
}
function rdbpotBig(x: bigint, e: number): bigint {
  if (e === 0) return x;
  const mask = (1n << BigInt(e)) - 1n;
  const rem = ((x % (1n << BigInt(e))) + (1n << BigInt(e))) % (1n << BigInt(e));
  const threshold = (mask >> 1n) + (x < 0n ? 1n : 0n);
  const floor = (x - rem) / (1n << BigInt(e));
  return floor + (rem > threshold ? 1n : 0n);
}
function tfliteAdd(q1: number, z1: number, s1: number, q2: number, z2: number, s2: number, zo: number, so: number,
  leftShift: number, lo: number, hi: number): number {
  s1 = Math.fround(s1); s2 = Math.fround(s2); so = Math.fround(so); // TFLite stores scales as float
  const twice = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twice), m2 = quantizeMultiplier(s2 / twice);
  const mo = quantizeMultiplier(twice / (2 ** leftShift * so));
  const x1 = rdbpotBig(srdhmBig((q1 - z1) * 2 ** leftShift, m1.multiplier), -m1.shift);
  const x2 = rdbpotBig(srdhmBig((q2 - z2) * 2 ** leftShift, m2.multiplier), -m2.shift);
  const raw = Number(x1 + x2);
  const v = Number(rdbpotBig(srdhmBig(raw, mo.multiplier), -mo.shift)) + zo;
  return Math.min(hi, Math.max(lo, v));
}

function floatSpec(shape: number[], data: number[]): TensorSpec { return { dtype: 'float32', shape, data }; }

describe('ADD float32', () => {
  it('adds same-shape tensors and applies RELU6', () => {
    const a = [-3, -0.5, 0, 2.5, 4, 7.25], b = [1, 0.25, 0, 3, 1.5, -1];
    const out = runOne(addKernel, oneOp('ADD', opts('RELU6'), [floatSpec([2, 3], a), floatSpec([2, 3], b)], [{ dtype: 'float32', shape: [2, 3] }]));
    expect(nums(out)).toEqual([0, 0, 0, 5.5, 5.5, 6]);
  });

  const cases: [string, number[], number[]][] = [
    ['scalar + tensor', [], [2, 3]],
    ['tensor + scalar', [2, 3], []],
    ['last dim', [2, 3, 4], [4]],
    ['middle dim', [2, 1, 4], [2, 3, 4]],
    ['rank-4 vs rank-1', [2, 3, 2, 5], [5]],
    ['rank-1 vs rank-4 size-1', [5], [2, 3, 2, 1]],
    ['both sides broadcast', [3, 1], [1, 4]],
    ['alternating pattern rank 6', [2, 1, 3, 1, 2, 1], [1, 2, 1, 3, 1, 2]],
    ['leading size-1 dims', [1, 1, 3], [2, 1, 1]],
  ];
  for (const [name, as, bs] of cases) {
    it(`broadcasts: ${name} [${as}] + [${bs}]`, () => {
      const a = seq(numElements(as), (i) => i * 0.5 - 3), b = seq(numElements(bs), (i) => 100 + i * 1.25);
      const os = outShape(as, bs);
      const out = runOne(addKernel, oneOp('ADD', opts(), [floatSpec(as, a), floatSpec(bs, b)], [{ dtype: 'float32', shape: os }]));
      expect(nums(out)).toEqual(broadcastRef(as, a, bs, b, (x, y) => Math.fround(x + y)));
    });
  }

  it('RELU_N1_TO_1 and RELU clamp float sums', () => {
    const a = [-2, -0.5, 0.5, 2];
    const r1 = runOne(addKernel, oneOp('ADD', opts('RELU_N1_TO_1'), [floatSpec([4], a), floatSpec([], [0.25])], [{ dtype: 'float32', shape: [4] }]));
    expect(nums(r1)).toEqual([-1, -0.25, 0.75, 1]);
    const r2 = runOne(addKernel, oneOp('ADD', opts('RELU'), [floatSpec([4], a), floatSpec([], [0.25])], [{ dtype: 'float32', shape: [4] }]));
    expect(nums(r2)).toEqual([0, 0, 0.75, 2.25]);
  });
});

describe('ADD int32', () => {
  it('adds with broadcasting and clamps to RELU6 bounds', () => {
    const g = oneOp('ADD', opts('RELU6'), [{ dtype: 'int32', shape: [2, 3], data: [-5, 0, 3, 4, 10, 2] }, { dtype: 'int32', shape: [3], data: [1, 2, 3] }],
      [{ dtype: 'int32', shape: [2, 3] }]);
    expect(nums(runOne(addKernel, g))).toEqual([0, 2, 6, 5, 6, 5]);
  });

  it('wraps on overflow like the C++ int32 sum', () => {
    const g = oneOp('ADD', opts(), [{ dtype: 'int32', shape: [2], data: [2147483647, -2147483648] }, { dtype: 'int32', shape: [2], data: [1, -1] }],
      [{ dtype: 'int32', shape: [2] }]);
    expect(nums(runOne(addKernel, g))).toEqual([-2147483648, 2147483647]);
  });
});

function qspec(dtype: DType, shape: number[], data: number[], scale: number, zeroPoint: number): TensorSpec {
  return { dtype, shape, data, quant: { scale, zeroPoint } };
}

describe('ADD int8/uint8', () => {
  it('hand-checked: scales 0.5 and 0.25 into 1.0 give zo + round_half_away(d1/2 + d2/4)', () => {
    // With these power-of-two ratios every multiplier is exactly 2^30 * 2^k, so the pipeline is exact up to the
    // final rounding division, which rounds half away from zero: 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -0.75 -> -1.
    const q1 = [1, -1, 3, 0, -3, 10], q2 = [0, 0, 0, -3, 0, 2];
    const g = oneOp('ADD', opts(), [qspec('int8', [6], q1, 0.5, 0), qspec('int8', [6], q2, 0.25, 0)], [{ dtype: 'int8', shape: [6], quant: { scale: 1, zeroPoint: 3 } }]);
    expect(nums(runOne(addKernel, g))).toEqual([3 + 1, 3 - 1, 3 + 2, 3 - 1, 3 - 2, 3 + 6]);
  });

  it('hand-checked uint8 with zero points and saturation at both ends', () => {
    // real = 0.5*(q1-100) + 0.25*(q2-40) in output units of 1.0, output zero point 128.
    const q1 = [100, 255, 0, 102, 100], q2 = [40, 255, 0, 40, 42];
    const g = oneOp('ADD', opts(), [qspec('uint8', [5], q1, 0.5, 100), qspec('uint8', [5], q2, 0.25, 40)], [{ dtype: 'uint8', shape: [5], quant: { scale: 1, zeroPoint: 128 } }]);
    // 0 -> 128; 77.5+53.75=131.25 -> 259 -> 255; -50-10=-60 -> 68; 1 -> 129; 0.5 -> 129
    expect(nums(runOne(addKernel, g))).toEqual([128, 255, 68, 129, 129]);
  });

  const configs: { name: string; dtype: 'int8' | 'uint8'; s1: number; z1: number; s2: number; z2: number; so: number; zo: number; act: Activation }[] = [
    { name: 'int8 differing scales and zero points', dtype: 'int8', s1: 0.0236, z1: -7, s2: 0.0513, z2: 12, so: 0.0611, zo: -3, act: 'NONE' },
    { name: 'int8 saturating output (small output scale)', dtype: 'int8', s1: 0.1, z1: 0, s2: 0.07, z2: -20, so: 0.02, zo: 5, act: 'NONE' },
    { name: 'int8 RELU6', dtype: 'int8', s1: 0.05, z1: 10, s2: 0.031, z2: -4, so: 0.05, zo: -60, act: 'RELU6' },
    { name: 'uint8 differing params', dtype: 'uint8', s1: 0.4015, z1: 136, s2: 0.2758, z2: 119, so: 0.4322, zo: 133, act: 'NONE' },
    { name: 'uint8 RELU_N1_TO_1', dtype: 'uint8', s1: 0.01, z1: 128, s2: 0.013, z2: 100, so: 0.009, zo: 120, act: 'RELU_N1_TO_1' },
    { name: 'uint8 RELU', dtype: 'uint8', s1: 0.2, z1: 128, s2: 0.15, z2: 128, so: 0.25, zo: 100, act: 'RELU' },
  ];
  for (const c of configs) {
    it(`${c.name}: bit-exact to the integer pipeline, within 1 step of the float result`, () => {
      const [qmin, qmax] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
      const r = rng(c.s1 * 1e6);
      const as = [3, 4, 5], bs = [4, 1];
      const a = seq(60, (i) => (i < 4 ? [qmin, qmax, qmin, qmax][i]! : qmin + Math.floor(r() * 256)));
      const b = seq(4, (i) => [qmax, qmin, qmin + Math.floor(r() * 256), c.z2][i]!);
      const g = oneOp('ADD', opts(c.act), [qspec(c.dtype, as, a, c.s1, c.z1), qspec(c.dtype, bs, b, c.s2, c.z2)],
        [{ dtype: c.dtype, shape: as, quant: { scale: c.so, zeroPoint: c.zo } }]);
      const out = nums(runOne(addKernel, g));
      const q = (f: number) => Math.round(f / c.so) + c.zo;
      const lo = Math.max(qmin, c.act === 'NONE' ? qmin : c.act === 'RELU_N1_TO_1' ? q(-1) : q(0));
      const hi = Math.min(qmax, c.act === 'RELU6' ? q(6) : c.act === 'RELU_N1_TO_1' ? q(1) : qmax);
      const exact = broadcastRef(as, a, bs, b, (x, y) => tfliteAdd(x, c.z1, c.s1, y, c.z2, c.s2, c.zo, c.so, 20, lo, hi));
      expect(out).toEqual(exact);
      // Float reference: dequantize, add, quantize. The integer pipeline rounds each input's rescaling and
      // then the output, so it may land one step away from the once-rounded float result.
      const ref = broadcastRef(as, a, bs, b, (x, y) => Math.min(hi, Math.max(lo, q((x - c.z1) * c.s1 + (y - c.z2) * c.s2))));
      out.forEach((v, i) => expect(Math.abs(v - ref[i]!), `element ${i}`).toBeLessThanOrEqual(1));
      // The corners exercise saturation: wherever the float result lies beyond the clamp, ours sits on it.
      ref.forEach((v, i) => { if (v === hi || v === lo) expect(out[i]).toBe(v); });
    });
  }
});

describe('ADD int16', () => {
  it('power-of-two scales: one input shifted right with rounding onto the output scale', () => {
    // s1 = s_out = 2^-10, s2 = 2^-12: out = q1 + round_half_away(q2 / 4), saturated to int16.
    const q1 = [0, 0, 0, 100, 32767, -32768], q2 = [6, -6, 2, -3, 400, -400];
    const g = oneOp('ADD', opts('NONE', true), [qspec('int16', [6], q1, 2 ** -10, 0), qspec('int16', [6], q2, 2 ** -12, 0)],
      [{ dtype: 'int16', shape: [6], quant: { scale: 2 ** -10, zeroPoint: 0 } }]);
    expect(nums(runOne(addKernel, g))).toEqual([2, -2, 1, 99, 32767, -32768]);
  });

  it('general scales (pot_scale_int16 false) use left shift 15 and match the integer pipeline', () => {
    const r = rng(77);
    const a = seq(50, () => Math.floor(r() * 65536) - 32768), b = seq(50, () => Math.floor(r() * 65536) - 32768);
    const g = oneOp('ADD', opts('NONE', false), [qspec('int16', [50], a, 0.00058525, 0), qspec('int16', [50], b, 0.00080693, 0)],
      [{ dtype: 'int16', shape: [50], quant: { scale: 0.00102444, zeroPoint: 0 } }]);
    const out = nums(runOne(addKernel, g));
    const s = (x: number) => Math.fround(x);
    expect(out).toEqual(a.map((x, i) => tfliteAdd(x, 0, s(0.00058525), b[i]!, 0, s(0.00080693), 0, s(0.00102444), 15, -32768, 32767)));
  });

  it('reproduces TFLite on micro/seanet/add0.tflite (int16, 8 golden cases) bit-exactly', () => {
    const golden = readGolden('micro__seanet__add0.tflite.json');
    const ir = readModel(readShared('models', 'micro', 'seanet', 'add0.tflite'), 'add0');
    const graph = ir.subgraphs[0]!;
    const op = graph.operators.find((o) => o.opcode === 'ADD')!;
    expect(addKernel.check(op, graph)).toBeNull();
    const mk = (t: number, values?: number[]): CpuTensor => {
      const info = graph.tensors[t]!;
      const data = allocTyped(info.dtype, numElements(info.shape));
      if (values) (data as Int16Array).set(values);
      return { info, shape: info.shape, data };
    };
    for (const c of golden.cases!) {
      const inputs = op.inputs.map((t, j) => mk(t, (c.inputs[j] as number[]).flat(10)));
      const outputs = [mk(op.outputs[0]!)];
      addKernel.run({ op, inputs, outputs });
      expect(nums(outputs[0]!.data)).toEqual(c.outputs[0]!.data);
    }
  });
});

describe('ADD check', () => {
  const f = (shape: number[]): TensorSpec => ({ dtype: 'float32', shape });
  it('rejects mismatched and unsupported dtypes, missing quantization, TANH and impossible int16 setups', () => {
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [f([2]), { dtype: 'int32', shape: [2] }], [f([2])])))).toMatch(/dtype mismatch/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [{ dtype: 'int64', shape: [2] }, { dtype: 'int64', shape: [2] }], [{ dtype: 'int64', shape: [2] }])))).toMatch(/int64 not supported/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [{ dtype: 'int8', shape: [2] }, qspec('int8', [2], [0, 0], 1, 0)], [{ dtype: 'int8', shape: [2], quant: { scale: 1 } }])))).toMatch(/quantization/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts('TANH'), [f([2]), f([2])], [f([2])])))).toMatch(/TANH/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [f([2]), f([3])], [f([3])])))).toMatch(/broadcast/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [qspec('int16', [2], [0, 0], 0.1, 1), qspec('int16', [2], [0, 0], 0.1, 0)],
      [{ dtype: 'int16', shape: [2], quant: { scale: 0.1 } }])))).toMatch(/zero point 0/);
    expect(addKernel.check(...fromOne(oneOp('ADD', opts('NONE', true), [qspec('int16', [2, 2], [0, 0, 0, 0], 2 ** -10, 0), qspec('int16', [2], [0, 0], 2 ** -12, 0)],
      [{ dtype: 'int16', shape: [2, 2], quant: { scale: 2 ** -10 } }])))).toMatch(/does not broadcast/);
    // Output scale far below the inputs' makes add.cc's output multiplier exceed 1, which TFLite refuses.
    expect(addKernel.check(...fromOne(oneOp('ADD', opts(), [qspec('int8', [2], [0, 0], 1, 0), qspec('int8', [2], [0, 0], 1, 0)],
      [{ dtype: 'int8', shape: [2], quant: { scale: 1e-7 } }])))).toMatch(/multiplier/);
  });
});

function fromOne(g: ReturnType<typeof oneOp>): [ReturnType<typeof oneOp>['op'], ReturnType<typeof oneOp>['graph']] {
  return [g.op, g.graph];
}
