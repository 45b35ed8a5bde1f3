// SUB kernel: operand order under broadcasting, float/int32, quantized int8/uint8/int16 against hand-checked
// values, a BigInt transcription of TFLite's sub.h pipeline, float references and TFLite's int16 goldens.
import { describe, expect, it } from 'vitest';
import { subKernel } from '../../src/backends/cpu/kernels/sub.js';
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

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function qspec(dtype: DType, shape: number[], data: number[], scale: number, zeroPoint: number): TensorSpec {
  return { dtype, shape, data, quant: { scale, zeroPoint } };
}

// BigInt transcription of sub.cc PrepareGeneralSubOp + reference SubElementwise (scaled1 - scaled2).
function srdhmBig(a: number, b: number): bigint {
  const ab = BigInt(a) * BigInt(b);
  return (ab + (ab >= 0n ? 1n << 30n : 1n - (1n << 30n))) / (1n << 31n);
}
function rdbpotBig(x: bigint, e: number): bigint {
  if (e === 0) return x;
  const p = 1n << BigInt(e);
  const rem = ((x % p) + p) % p;
  return (x - rem) / p + (rem > ((p - 1n) >> 1n) + (x < 0n ? 1n : 0n) ? 1n : 0n);
}
function tfliteSub(q1: number, z1: number, s1: number, q2: number, z2: number, s2: number, zo: number, so: number,
  leftShift: number, lo: number, hi: number): number {
  s1 = Math.fround(s1); s2 = Math.fround(s2); so = Math.fround(so);
  const twice = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twice), m2 = quantizeMultiplier(s2 / twice);
  const mo = quantizeMultiplier(twice / (2 ** leftShift * so));
  const x1 = rdbpotBig(srdhmBig((q1 - z1) * 2 ** leftShift, m1.multiplier), -m1.shift);
  const x2 = rdbpotBig(srdhmBig((q2 - z2) * 2 ** leftShift, m2.multiplier), -m2.shift);
  const v = Number(rdbpotBig(srdhmBig(Number(x1 - x2), mo.multiplier), -mo.shift)) + zo;
  return Math.min(hi, Math.max(lo, v));
}

describe('SUB float32 and int32', () => {
  it('keeps operand order when either side broadcasts', () => {
    const a = [10, 20, 30, 40, 50, 60], b = [1, 2, 3];
    const r1 = runOne(subKernel, oneOp('SUB', opts(), [{ dtype: 'float32', shape: [2, 3], data: a }, { dtype: 'float32', shape: [3], data: b }], [{ dtype: 'float32', shape: [2, 3] }]));
    expect(nums(r1)).toEqual([9, 18, 27, 39, 48, 57]);
    const r2 = runOne(subKernel, oneOp('SUB', opts(), [{ dtype: 'float32', shape: [3], data: b }, { dtype: 'float32', shape: [2, 3], data: a }], [{ dtype: 'float32', shape: [2, 3] }]));
    expect(nums(r2)).toEqual([-9, -18, -27, -39, -48, -57]);
    const r3 = runOne(subKernel, oneOp('SUB', opts(), [{ dtype: 'float32', shape: [2, 1], data: [100, 200] }, { dtype: 'float32', shape: [1, 3], data: b }], [{ dtype: 'float32', shape: [2, 3] }]));
    expect(nums(r3)).toEqual([99, 98, 97, 199, 198, 197]);
  });

  it('scalar minuend with RELU', () => {
    const r = runOne(subKernel, oneOp('SUB', opts('RELU'), [{ dtype: 'float32', shape: [], data: [1] }, { dtype: 'float32', shape: [4], data: [-1, 0.5, 1, 3] }], [{ dtype: 'float32', shape: [4] }]));
    expect(nums(r)).toEqual([2, 0.5, 0, 0]);
  });

  it('int32 with RELU_N1_TO_1 clamp and wrap-around', () => {
    const r = runOne(subKernel, oneOp('SUB', opts('RELU_N1_TO_1'), [{ dtype: 'int32', shape: [3], data: [5, 0, -7] }, { dtype: 'int32', shape: [3], data: [1, 0, 3] }], [{ dtype: 'int32', shape: [3] }]));
    expect(nums(r)).toEqual([1, 0, -1]);
    const w = runOne(subKernel, oneOp('SUB', opts(), [{ dtype: 'int32', shape: [1], data: [-2147483648] }, { dtype: 'int32', shape: [1], data: [1] }], [{ dtype: 'int32', shape: [1] }]));
    expect(nums(w)).toEqual([2147483647]);
  });
});

describe('SUB int8/uint8', () => {
  it('hand-checked: scales 0.5 and 0.25 into 1.0 give zo + round_half_away(d1/2 - d2/4)', () => {
    const q1 = [1, 0, 3, 0, -4, 127], q2 = [0, 2, 0, -3, 2, -128];
    const g = oneOp('SUB', opts(), [qspec('int8', [6], q1, 0.5, 0), qspec('int8', [6], q2, 0.25, 0)], [{ dtype: 'int8', shape: [6], quant: { scale: 1, zeroPoint: -10 } }]);
    // 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, 0.75 -> 1, -2.5 -> -3, 63.5 + 32 = 95.5 -> 96 -> 86
    expect(nums(runOne(subKernel, g))).toEqual([-9, -11, -8, -9, -13, 86]);
  });

  const configs: { name: string; dtype: 'int8' | 'uint8'; s1: number; z1: number; s2: number; z2: number; so: number; zo: number; act: Activation }[] = [
    { name: 'int8 differing params', dtype: 'int8', s1: 0.0079, z1: -128, s2: 0.0039, z2: -128, so: 0.0078, zo: -1, act: 'NONE' },
    { name: 'int8 broadcast constant-like operand, saturating', dtype: 'int8', s1: 0.184, z1: -128, s2: 0.21, z2: -128, so: 0.05, zo: 10, act: 'NONE' },
    { name: 'uint8 RELU6', dtype: 'uint8', s1: 0.05, z1: 120, s2: 0.04, z2: 130, so: 0.03, zo: 30, act: 'RELU6' },
  ];
  for (const c of configs) {
    it(`${c.name}: bit-exact to the integer pipeline, within 1 step of the float result`, () => {
      const [qmin, qmax] = c.dtype === 'int8' ? [-128, 127] : [0, 255];
      const r = rng(Math.round(c.so * 1e6));
      const a = seq(48, (i) => (i < 2 ? [qmin, qmax][i]! : qmin + Math.floor(r() * 256)));
      const b = seq(12, (i) => (i < 2 ? [qmax, qmin][i]! : qmin + Math.floor(r() * 256)));
      const g = oneOp('SUB', opts(c.act), [qspec(c.dtype, [4, 12], a, c.s1, c.z1), qspec(c.dtype, [12], b, c.s2, c.z2)],
        [{ dtype: c.dtype, shape: [4, 12], quant: { scale: c.so, zeroPoint: c.zo } }]);
      const out = nums(runOne(subKernel, g));
      const q = (f: number) => Math.round(f / c.so) + c.zo;
      const lo = Math.max(qmin, c.act === 'RELU6' ? q(0) : qmin), hi = Math.min(qmax, c.act === 'RELU6' ? q(6) : qmax);
      expect(out).toEqual(a.map((x, i) => tfliteSub(x, c.z1, c.s1, b[i % 12]!, c.z2, c.s2, c.zo, c.so, 20, lo, hi)));
      // Float reference: three roundings in the integer pipeline against one here, hence up to one step apart.
      a.forEach((x, i) => {
        const ref = Math.min(hi, Math.max(lo, q((x - c.z1) * c.s1 - (b[i % 12]! - c.z2) * c.s2)));
        expect(Math.abs(out[i]! - ref), `element ${i}`).toBeLessThanOrEqual(1);
      });
    });
  }
});

describe('SUB int16', () => {
  it('power-of-two scales broadcast: q1 - round_half_away(q2 / 4)', () => {
    const q1 = [0, 0, 10, 10, -32768, 32767], q2 = [6, -6];
    const g = oneOp('SUB', opts('NONE', true), [qspec('int16', [3, 2], q1, 2 ** -8, 0), qspec('int16', [2], q2, 2 ** -10, 0)],
      [{ dtype: 'int16', shape: [3, 2], quant: { scale: 2 ** -8, zeroPoint: 0 } }]);
    expect(nums(runOne(subKernel, g))).toEqual([-2, 2, 8, 12, -32768, 32767]);
  });

  it('reproduces TFLite on micro/seanet/sub0.tflite ([1,2,12,64] - [64], int16) bit-exactly', () => {
    const golden = readGolden('micro__seanet__sub0.tflite.json');
    const ir = readModel(readShared('models', 'micro', 'seanet', 'sub0.tflite'), 'sub0');
    const graph = ir.subgraphs[0]!;
    const op = graph.operators.find((o) => o.opcode === 'SUB')!;
    expect(subKernel.check(op, graph)).toBeNull();
    const mk = (t: number, values?: number[]): CpuTensor => {
      const info = graph.tensors[t]!;
      const data = allocTyped(info.dtype, numElements(info.shape));
      if (values) (data as Int16Array).set(values);
      return { info, shape: info.shape, data };
    };
    for (const c of golden.cases!) {
      const inputs = op.inputs.map((t, j) => mk(t, (c.inputs[j] as number[]).flat(10)));
      const outputs = [mk(op.outputs[0]!)];
      subKernel.run({ op, inputs, outputs });
      expect(nums(outputs[0]!.data)).toEqual(c.outputs[0]!.data);
    }
  });
});

describe('SUB check', () => {
  it('rejects dtype mismatches, unsupported dtypes and missing quantization', () => {
    const chk = (g: ReturnType<typeof oneOp>) => subKernel.check(g.op, g.graph);
    expect(chk(oneOp('SUB', opts(), [{ dtype: 'uint8', shape: [2] }, { dtype: 'int8', shape: [2] }], [{ dtype: 'int8', shape: [2] }]))).toMatch(/dtype mismatch/);
    expect(chk(oneOp('SUB', opts(), [{ dtype: 'bool', shape: [2] }, { dtype: 'bool', shape: [2] }], [{ dtype: 'bool', shape: [2] }]))).toMatch(/bool not supported/);
    expect(chk(oneOp('SUB', opts(), [qspec('uint8', [2], [0, 0], 0.1, 0), qspec('uint8', [2], [0, 0], 0.1, 0)], [{ dtype: 'uint8', shape: [2] }]))).toMatch(/quantization/);
    expect(chk(oneOp('SUB', opts('SIGN_BIT'), [{ dtype: 'float32', shape: [2] }, { dtype: 'float32', shape: [2] }], [{ dtype: 'float32', shape: [2] }]))).toMatch(/SIGN_BIT/);
  });
});
