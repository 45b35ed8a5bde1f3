// CONV_2D on the CPU: float32, int8 (per-channel), uint8 (per-tensor) and hybrid int8-weight kernels,
// matching TFLite's reference conv.h / integer_ops/conv.h / HybridConvPerChannel and conv.cc's Prepare, except that
// integer outputs are requantized with the builtin (ruy GEMM) rounding, see shared/gemm-requant.ts.
import type { Graph, Operator } from '../../../graph/ir.js';
import type { Conv2DOptions } from '../../../graph/options.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel, KernelContext } from '../kernel.js';
import {
  biasData, checkConvOutput, contextTensors, convTensors, intFilterWeights, runInputShape, typedData,
} from './shared/conv-common.js';
import { channelState, type ChannelState } from './shared/conv-state.js';
import { gemmMultiplyByQuantizedMultiplier } from './shared/gemm-requant.js';
import { convAxis, type ConvAxis } from './shared/conv-geometry.js';
import {
  asymmetricQuantizeFloats, symmetricQuantizeFloats, type ChannelMultipliers,
} from './shared/conv-quant.js';
import { isConvPath, planConv2d, type ConvPath } from '../../quant-params/conv.js';

const f32 = Math.fround;

interface ConvState extends ChannelState {
  path: ConvPath;
  cout: number;
  kh: number;
  kw: number;
  cin: number;
  /**
   * Integer paths: the filter as float32 (exact for these small integers) with the uint8 filter offset folded
   * in, cached when the filter is constant. Float32 keeps the inner loop on one array type for every path.
   */
  weights: Float32Array | null;
  weightsConstant: boolean;
  /** Receptive fields of PIX output pixels, [PIX][kh*kw*cin], as doubles. */
  patch: Float64Array;
  /** Dot products of the PIX pixels with every filter row, [PIX][cout]. */
  acc: Float64Array;
  hybridInput: Int8Array;
  batchScale: Float32Array;
  batchOffset: Int32Array;
  axisKey: string;
  axisY: ConvAxis | null;
  axisX: ConvAxis | null;
}

/** Output pixels computed per pass: each filter value loaded is used for two pixels. */
const PIX = 2;

const states = new WeakMap<Operator, ConvState>();

function prepare(ctx: KernelContext, o: Conv2DOptions): ConvState {
  const { op } = ctx;
  const t = contextTensors(ctx);
  const path = planConv2d(o, t);
  if (!isConvPath(path)) throw new KernelError(op.opcode, op.index, path);
  const [cout, kh, kw, cin] = t.filter.shape as [number, number, number, number];
  const hybrid = path === 'hybridPerChannel' || path === 'hybrid' ? path : null;
  return {
    path, cout, kh, kw, cin, weights: null, weightsConstant: t.filter.data !== null, ...channelState(path, hybrid, o.activation, t, cout),
    patch: new Float64Array(PIX * kh * kw * cin), acc: new Float64Array(PIX * cout),
    hybridInput: new Int8Array(0), batchScale: new Float32Array(0), batchOffset: new Int32Array(0),
    axisKey: '', axisY: null, axisX: null,
  };
}

function axes(st: ConvState, o: Conv2DOptions, h: number, w: number): [ConvAxis, ConvAxis] {
  const key = `${h}x${w}`;
  if (st.axisKey !== key || !st.axisY || !st.axisX) {
    st.axisY = convAxis(o.padding, h, st.kh, o.strideH, o.dilationH);
    st.axisX = convAxis(o.padding, w, st.kw, o.strideW, o.dilationW);
    st.axisKey = key;
  }
  return [st.axisY, st.axisX];
}

/**
 * Gathers the receptive field of output pixel (oy, ox) of the batch starting at input row `rowBase` into
 * patch[p0 .. p0+k) in filter order [kh][kw][cin], adding `offset` (the quantized kernels' input offset).
 * Taps outside the image get 0: TFLite skips them, which equals a zero term.
 */
function gather(
  patch: Float64Array, p0: number, src: Float32Array | Int8Array | Uint8Array, rowBase: number, ay: ConvAxis,
  ax: ConvAxis, oy: number, ox: number, st: ConvState, w: number, dh: number, dw: number, offset: number,
): void {
  const { kh, kw, cin } = st;
  const y0 = ay.origin[oy]!, ys = ay.start[oy]!, ye = ay.end[oy]!;
  const x0 = ax.origin[ox]!, xs = ax.start[ox]!, xe = ax.end[ox]!;
  let p = p0;
  for (let ky = 0; ky < kh; ky++) {
    if (ky < ys || ky >= ye) {
      for (let e = p + kw * cin; p < e; p++) patch[p] = 0;
      continue;
    }
    const row = (rowBase + y0 + ky * dh) * w;
    for (let kx = 0; kx < kw; kx++) {
      if (kx < xs || kx >= xe) {
        for (let e = p + cin; p < e; p++) patch[p] = 0;
        continue;
      }
      let s = (row + x0 + kx * dw) * cin;
      for (let e = p + cin; p < e; p++) patch[p] = src[s++]! + offset;
    }
  }
}

/**
 * acc[j*cout + c] = sum_i wts[c*k + i] * patch[j*k + i] for the np (1 or 2) gathered pixels, four filter rows
 * at a time. Each sum runs over i in order, so float results keep TFLite's accumulation order and integer
 * results are exact (|sum| < 2^53).
 */
function blockDot(wts: Float32Array, patch: Float64Array, k: number, cout: number, np: number, acc: Float64Array): void {
  let c = 0;
  if (np === 2) {
    for (; c + 3 < cout; c += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      const w0 = c * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
      for (let i = 0; i < k; i++) {
        const x = patch[i]!, y = patch[k + i]!;
        const a = wts[w0 + i]!, b = wts[w1 + i]!, d = wts[w2 + i]!, e = wts[w3 + i]!;
        s0 += a * x; s1 += b * x; s2 += d * x; s3 += e * x;
        t0 += a * y; t1 += b * y; t2 += d * y; t3 += e * y;
      }
      acc[c] = s0; acc[c + 1] = s1; acc[c + 2] = s2; acc[c + 3] = s3;
      acc[cout + c] = t0; acc[cout + c + 1] = t1; acc[cout + c + 2] = t2; acc[cout + c + 3] = t3;
    }
    for (; c < cout; c++) {
      let s = 0, t = 0;
      const wo = c * k;
      for (let i = 0; i < k; i++) {
        const a = wts[wo + i]!;
        s += a * patch[i]!;
        t += a * patch[k + i]!;
      }
      acc[c] = s;
      acc[cout + c] = t;
    }
    return;
  }
  for (; c + 3 < cout; c += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const w0 = c * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
    for (let i = 0; i < k; i++) {
      const x = patch[i]!;
      s0 += wts[w0 + i]! * x; s1 += wts[w1 + i]! * x; s2 += wts[w2 + i]! * x; s3 += wts[w3 + i]! * x;
    }
    acc[c] = s0; acc[c + 1] = s1; acc[c + 2] = s2; acc[c + 3] = s3;
  }
  for (; c < cout; c++) {
    let s = 0;
    const wo = c * k;
    for (let i = 0; i < k; i++) s += wts[wo + i]! * patch[i]!;
    acc[c] = s;
  }
}

/** Per-run operands of the shared pixel loop. */
interface Run {
  src: Float32Array | Int8Array | Uint8Array;
  wts: Float32Array;
  out: Float32Array | Int8Array | Uint8Array;
  biasF: Float32Array | null;
  biasI: Int32Array | null;
  /** Integer paths: per-channel requantization (empty otherwise). */
  multiplier: Int32Array;
  shift: Int32Array;
  n: number;
  h: number;
  w: number;
}

const NO_QUANT: ChannelMultipliers = { multiplier: new Int32Array(0), shift: new Int32Array(0) };

/** Integer paths: requantization of one pixel's accumulators as TFLite's builtin kernel rounds it (ruy GEMM). */
function finishQuantized(st: ConvState, r: Run, acc: Float64Array, a0: number, o0: number): void {
  const { cout, outputZp, qmin, qmax } = st;
  const { multiplier, shift, out, biasI: bias } = r;
  for (let c = 0; c < cout; c++) {
    let a = acc[a0 + c]! | 0; // the int32 accumulator wraps like C++
    if (bias) a = (a + bias[c]!) | 0;
    let v = gemmMultiplyByQuantizedMultiplier(a, multiplier[c]!, shift[c]!) + outputZp;
    v = v < qmin ? qmin : v > qmax ? qmax : v;
    out[o0 + c] = v;
  }
}

function finishFloat(st: ConvState, r: Run, acc: Float64Array, a0: number, o0: number): void {
  const { cout, fmin, fmax } = st;
  const out = r.out, bias = r.biasF;
  for (let c = 0; c < cout; c++) {
    let v = acc[a0 + c]! + (bias ? bias[c]! : 0);
    v = v < fmin ? fmin : v > fmax ? fmax : v;
    out[o0 + c] = v;
  }
}

/**
 * Hybrid output in float32 steps: EvalHybridPerChannel scales the int32 sum (converted to float) by the channel
 * scale, then by the batch factor; EvalHybrid uses one factor, batch scale * filter scale, folded beforehand.
 */
function finishHybrid(st: ConvState, r: Run, acc: Float64Array, a0: number, o0: number, batch: number): void {
  const { cout, fmin, fmax, channelScale } = st;
  const out = r.out, bias = r.biasF;
  const bs = st.batchScale[batch]!;
  const perChannel = st.path === 'hybridPerChannel';
  for (let c = 0; c < cout; c++) {
    const a = f32(acc[a0 + c]! | 0);
    let v = perChannel ? f32(f32(a * channelScale[c]!) * bs) : f32(a * bs);
    if (bias) v = f32(v + bias[c]!);
    v = v < fmin ? fmin : v > fmax ? fmax : v;
    out[o0 + c] = v;
  }
}

/**
 * Walks the output pixels PIX at a time (pixels may straddle rows and batches): gather their receptive fields,
 * one blocked dot pass over all filter rows, then turn each pixel's sums into outputs.
 */
function pixelLoop(st: ConvState, o: Conv2DOptions, r: Run): void {
  const [ay, ax] = axes(st, o, r.h, r.w);
  const { kh, kw, cin, cout, patch, acc, path } = st;
  const hybrid = path === 'hybrid' || path === 'hybridPerChannel';
  const k = kh * kw * cin;
  const oh = ay.outSize, ow = ax.outSize;
  const total = r.n * oh * ow;
  const batches = new Int32Array(PIX);
  let b = 0, oy = 0, ox = 0;
  for (let pix = 0; pix < total; pix += PIX) {
    const np = total - pix < PIX ? total - pix : PIX;
    for (let j = 0; j < np; j++) {
      batches[j] = b;
      const offset = hybrid ? -st.batchOffset[b]! : st.inputOffset;
      gather(patch, j * k, r.src, b * r.h, ay, ax, oy, ox, st, r.w, o.dilationH, o.dilationW, offset);
      if (++ox === ow) {
        ox = 0;
        if (++oy === oh) { oy = 0; b++; }
      }
    }
    blockDot(r.wts, patch, k, cout, np, acc);
    for (let j = 0; j < np; j++) {
      const o0 = (pix + j) * cout;
      if (path === 'float') finishFloat(st, r, acc, j * cout, o0);
      else if (hybrid) finishHybrid(st, r, acc, j * cout, o0, batches[j]!);
      else finishQuantized(st, r, acc, j * cout, o0);
    }
  }
}

function checkFilterSize(op: Operator, st: ConvState, wts: Float32Array): void {
  const k = st.kh * st.kw * st.cin;
  if (wts.length !== st.cout * k) throw new KernelError(op.opcode, op.index, `filter has ${wts.length} values, expected ${st.cout * k}`);
}

function runFloat(ctx: KernelContext, st: ConvState, o: Conv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const wts = typedData(op, ctx.inputs[1], Float32Array, 'filter');
  checkFilterSize(op, st, wts);
  pixelLoop(st, o, {
    src: typedData(op, ctx.inputs[0], Float32Array, 'input'), wts,
    out: typedData(op, ctx.outputs[0], Float32Array, 'output'),
    biasF: biasData(op, ctx.inputs[2], Float32Array, st.cout), biasI: null, ...NO_QUANT, n, h, w,
  });
}

function runQuantized(ctx: KernelContext, st: ConvState, o: Conv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const int8 = st.path === 'int8';
  if (!st.quant) throw new KernelError(op.opcode, op.index, 'quantization parameters missing');
  const wts = intFilterWeights(st, ctx);
  checkFilterSize(op, st, wts);
  pixelLoop(st, o, {
    src: int8 ? typedData(op, ctx.inputs[0], Int8Array, 'input') : typedData(op, ctx.inputs[0], Uint8Array, 'input'), wts,
    out: int8 ? typedData(op, ctx.outputs[0], Int8Array, 'output') : typedData(op, ctx.outputs[0], Uint8Array, 'output'),
    biasF: null, biasI: biasData(op, ctx.inputs[2], Int32Array, st.cout), ...st.quant, n, h, w,
  });
}

function runHybrid(ctx: KernelContext, st: ConvState, o: Conv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const input = typedData(op, ctx.inputs[0], Float32Array, 'input');
  const wts = intFilterWeights(st, ctx);
  checkFilterSize(op, st, wts);
  if (st.hybridInput.length !== input.length) st.hybridInput = new Int8Array(input.length);
  if (st.batchScale.length !== n) {
    st.batchScale = new Float32Array(n);
    st.batchOffset = new Int32Array(n);
  }
  const perBatch = n > 0 ? input.length / n : 0;
  for (let b = 0; b < n; b++) {
    const bq = st.path === 'hybridPerChannel'
      ? asymmetricQuantizeFloats(input, b * perBatch, perBatch, st.hybridInput)
      : symmetricQuantizeFloats(input, b * perBatch, perBatch, st.hybridInput);
    // EvalHybrid multiplies the filter scale into the batch factor (float); per-channel keeps them apart
    st.batchScale[b] = st.path === 'hybridPerChannel' ? bq.scale : f32(bq.scale * st.channelScale[0]!);
    st.batchOffset[b] = bq.offset;
  }
  pixelLoop(st, o, {
    src: st.hybridInput, wts, out: typedData(op, ctx.outputs[0], Float32Array, 'output'),
    biasF: biasData(op, ctx.inputs[2], Float32Array, st.cout), biasI: null, ...NO_QUANT, n, h, w,
  });
}

export const conv2dKernel: CpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    if (op.options.kind !== 'conv2d') return `expected conv2d options, got ${op.options.kind}`;
    const t = convTensors(op, graph);
    if (typeof t === 'string') return t;
    const path = planConv2d(op.options, t);
    return isConvPath(path) ? null : path;
  },

  run(ctx: KernelContext): void {
    const { op } = ctx;
    const o = optionsOf(op, 'conv2d');
    let st = states.get(op);
    if (!st) {
      st = prepare(ctx, o);
      states.set(op, st);
    }
    const [n, h, w] = runInputShape(op, ctx, st.cin);
    const [ay, ax] = axes(st, o, h, w);
    checkConvOutput(op, ctx.outputs[0]!, n, ay.outSize, ax.outSize, st.cout);
    switch (st.path) {
      case 'float': runFloat(ctx, st, o, n, h, w); break;
      case 'int8': case 'uint8': runQuantized(ctx, st, o, n, h, w); break;
      case 'hybrid': case 'hybridPerChannel': runHybrid(ctx, st, o, n, h, w); break;
    }
  },
};
