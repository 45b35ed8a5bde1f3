// The kernel suite's problems: the size sweeps, and one-operator graphs (FULLY_CONNECTED, CONV_2D) in float32 and
// full-integer int8 with deterministic pseudo-random contents, built in memory like the engine's own IR.
import type { DType, TypedArray } from '../../src/graph/dtype.js';
import type { Graph, Operator, Quantization, Tensor } from '../../src/graph/ir.js';
import type { Conv2DOptions, FullyConnectedOptions } from '../../src/graph/options.js';
import type { ConvSize, FcSize, KernelSize, SweepName } from './types.js';

const fc = (m: number, k: number, n: number): FcSize => ({ op: 'FULLY_CONNECTED', m, k, n });
const conv = (h: number, cin: number, k: number, cout: number, stride = 1): ConvSize =>
  ({ op: 'CONV_2D', batch: 1, h, w: h, cin, cout, kh: k, kw: k, stride });

/** MNIST-sized dense layers, square matmuls, batch-1 GEMVs, and MobileNet-sized convolutions. */
export const SWEEPS: Record<SweepName, KernelSize[]> = {
  tiny: [fc(1, 784, 128), fc(9, 60, 20), conv(8, 8, 3, 12)],
  quick: [
    fc(1, 784, 128), fc(100, 784, 128), fc(256, 256, 256), fc(384, 384, 384), fc(1, 2048, 2048),
    conv(28, 32, 3, 32), conv(56, 32, 1, 64), conv(14, 128, 3, 128),
  ],
  full: [
    fc(1, 784, 128), fc(100, 784, 128), fc(512, 512, 512), fc(1024, 1024, 1024), fc(2048, 2048, 2048), fc(4096, 4096, 4096),
    fc(1, 4096, 4096), fc(1, 8192, 16384),
    conv(224, 3, 3, 32, 2), conv(112, 32, 3, 64), conv(56, 128, 1, 256), conv(28, 256, 3, 256), conv(14, 512, 3, 512), conv(7, 1024, 1, 1024),
  ],
};

export function sizeId(s: KernelSize): string {
  return s.op === 'FULLY_CONNECTED' ? `fc-${s.m}x${s.k}x${s.n}` : `conv-${s.h}x${s.w}x${s.cin}-${s.kh}x${s.kw}s${s.stride}-${s.cout}`;
}

export function sizeLabel(s: KernelSize): string {
  return s.op === 'FULLY_CONNECTED' ? `FC ${s.m}x${s.k}x${s.n}` : `Conv ${s.h}x${s.w}x${s.cin} ${s.kh}x${s.kw}/${s.stride} -> ${s.cout}`;
}

export function outHw(s: ConvSize): [number, number] {
  return [Math.ceil(s.h / s.stride), Math.ceil(s.w / s.stride)];
}

/** Multiply-accumulates of one run. */
export function macs(s: KernelSize): number {
  if (s.op === 'FULLY_CONNECTED') return s.m * s.k * s.n;
  const [oh, ow] = outHw(s);
  return s.batch * oh * ow * s.cout * s.kh * s.kw * s.cin;
}

/** Elements of the input activation, the weights and the output. */
export function elementCounts(s: KernelSize): { input: number; weights: number; output: number } {
  if (s.op === 'FULLY_CONNECTED') return { input: s.m * s.k, weights: s.n * s.k, output: s.m * s.n };
  const [oh, ow] = outHw(s);
  return { input: s.batch * s.h * s.w * s.cin, weights: s.cout * s.kh * s.kw * s.cin, output: s.batch * oh * ow * s.cout };
}

/** xorshift32: the same contents on every machine and runtime. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}

export type Family = 'float' | 'int8';

export interface OneOpModel {
  graph: Graph;
  op: Operator;
  /** The non-constant input (graph input 0). */
  input: { dtype: DType; shape: number[]; data: TypedArray };
  family: Family;
}

interface Spec { dtype: DType; shape: number[]; data?: TypedArray; quant?: Quantization }

function build(opcode: string, options: Operator['options'], specs: (Spec | null)[], out: Spec, family: Family): OneOpModel {
  const tensors: Tensor[] = [];
  const mk = (s: Spec, name: string, constant: boolean): Tensor => {
    const t: Tensor = { index: tensors.length, name, dtype: s.dtype, shape: s.shape.slice(), shapeSignature: null,
      quantization: s.quant ?? null, data: constant ? s.data ?? null : null, isVariable: false };
    tensors.push(t);
    return t;
  };
  const ins = specs.map((s, i) => (s ? mk(s, `in${i}`, i > 0) : null));
  const y = mk(out, 'out', false);
  const op: Operator = { index: 0, opcode, builtinCode: 0, version: 1, options, inputs: ins.map((t) => t?.index ?? -1), outputs: [y.index] };
  const x = specs[0]!;
  return {
    graph: { name: `bench ${opcode}`, tensors, operators: [op], inputs: [ins[0]!.index], outputs: [y.index] },
    op, input: { dtype: x.dtype, shape: x.shape, data: x.data! }, family,
  };
}

const q = (scale: number | number[], zeroPoint: number | number[], dim = 0): Quantization => {
  const s = Array.isArray(scale) ? scale : [scale];
  return { scale: s, zeroPoint: Array.isArray(zeroPoint) ? zeroPoint : s.map(() => zeroPoint), quantizedDimension: dim };
};

function floats(r: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 2 - 1;
  return a;
}

function int8s(r: () => number, n: number, lo = -128): Int8Array {
  const a = new Int8Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + Math.floor(r() * (128 - lo));
  return a;
}

function int32s(r: () => number, n: number, mag: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.floor((r() * 2 - 1) * mag);
  return a;
}

// Integer models: x - zp and w have a standard deviation of about 74, so an accumulator over `depth` products has
// one of about 5400 sqrt(depth); the output scale spreads that over about +-40 steps (no saturation to hide errors).
const X_SCALE = 1 / 128, X_ZP = 3, W_SCALE = 1 / 128, OUT_ZP = -2;
const outScale = (depth: number): number => (Math.sqrt(depth) * 5400 * X_SCALE * W_SCALE) / 40;

const fcOptions: FullyConnectedOptions = { kind: 'fullyConnected', activation: 'NONE', weightsFormat: 'DEFAULT', keepNumDims: false, asymmetricQuantizeInputs: false };

/** FULLY_CONNECTED with `m` rows; `rowsFrom` replaces x (reference models over a slice of rows). */
export function fcModel(s: FcSize, family: Family, seed: number, rows?: { m: number; x: TypedArray }): OneOpModel {
  const r = rng(seed);
  const m = rows?.m ?? s.m;
  if (family === 'float') {
    const w = floats(r, s.n * s.k), b = floats(r, s.n), x = rows?.x ?? floats(r, m * s.k);
    return build('FULLY_CONNECTED', fcOptions, [{ dtype: 'float32', shape: [m, s.k], data: x }, { dtype: 'float32', shape: [s.n, s.k], data: w },
      { dtype: 'float32', shape: [s.n], data: b }], { dtype: 'float32', shape: [m, s.n] }, family);
  }
  const w = int8s(r, s.n * s.k, -127), b = int32s(r, s.n, 2000), x = rows?.x ?? int8s(r, m * s.k);
  return build('FULLY_CONNECTED', fcOptions, [
    { dtype: 'int8', shape: [m, s.k], data: x, quant: q(X_SCALE, X_ZP) },
    { dtype: 'int8', shape: [s.n, s.k], data: w, quant: q(W_SCALE, 0) },
    { dtype: 'int32', shape: [s.n], data: b, quant: q(X_SCALE * W_SCALE, 0) },
  ], { dtype: 'int8', shape: [m, s.n], quant: q(outScale(s.k), OUT_ZP) }, family);
}

export function convModel(s: ConvSize, family: Family, seed: number): OneOpModel {
  const r = rng(seed);
  const [oh, ow] = outHw(s);
  const o: Conv2DOptions = { kind: 'conv2d', padding: 'SAME', strideW: s.stride, strideH: s.stride, dilationW: 1, dilationH: 1, activation: 'NONE' };
  const xs = [s.batch, s.h, s.w, s.cin], ws = [s.cout, s.kh, s.kw, s.cin], ys = [s.batch, oh, ow, s.cout];
  const nx = s.batch * s.h * s.w * s.cin, nw = s.cout * s.kh * s.kw * s.cin;
  if (family === 'float') {
    const w = floats(r, nw), b = floats(r, s.cout), x = floats(r, nx);
    return build('CONV_2D', o, [{ dtype: 'float32', shape: xs, data: x }, { dtype: 'float32', shape: ws, data: w },
      { dtype: 'float32', shape: [s.cout], data: b }], { dtype: 'float32', shape: ys }, family);
  }
  // Per-channel weight scales, as TFLite's converter writes int8 convolutions.
  const wScales = Array.from({ length: s.cout }, (_, c) => W_SCALE * (1 + (c % 7) / 10));
  const w = int8s(r, nw, -127), b = int32s(r, s.cout, 2000), x = int8s(r, nx);
  return build('CONV_2D', o, [
    { dtype: 'int8', shape: xs, data: x, quant: q(X_SCALE, X_ZP) },
    { dtype: 'int8', shape: ws, data: w, quant: q(wScales, 0, 0) },
    { dtype: 'int32', shape: [s.cout], data: b, quant: q(wScales.map((ws1) => X_SCALE * ws1), 0) },
  ], { dtype: 'int8', shape: ys, quant: q(outScale(s.kh * s.kw * s.cin), OUT_ZP) }, family);
}

export function modelFor(s: KernelSize, family: Family, seed: number): OneOpModel {
  return s.op === 'FULLY_CONNECTED' ? fcModel(s, family, seed) : convModel(s, family, seed);
}
