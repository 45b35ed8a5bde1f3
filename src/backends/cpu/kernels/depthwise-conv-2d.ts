// DEPTHWISE_CONV_2D on the CPU: float32, int8 (per-channel), uint8 (per-tensor) and hybrid int8-weight kernels,
// matching TFLite's reference depthwiseconv_float.h / depthwiseconv_uint8.h / integer_ops/depthwise_conv.h.
import type { Graph, Operator } from '../../../graph/ir.js';
import type { DepthwiseConv2DOptions } from '../../../graph/options.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel, KernelContext } from '../kernel.js';
import { multiplyByQuantizedMultiplier } from '../quant/fixed-point.js';
import {
  biasData, checkConvOutput, contextTensors, convTensors, intFilterWeights, runInputShape, typedData,
} from './shared/conv-common.js';
import { channelState, type ChannelState } from './shared/conv-state.js';
import { convAxis, type ConvAxis } from './shared/conv-geometry.js';
import { asymmetricQuantizeFloats } from './shared/conv-quant.js';
import { isDwPath, planDepthwiseConv2d, type DwPath } from '../../quant-params/conv.js';

const f32 = Math.fround;

interface DwState extends ChannelState {
  path: DwPath;
  cin: number;
  mult: number;
  cout: number;
  kh: number;
  kw: number;
  /** Integer paths: filter [kh*kw][cout] as exact float32 with the uint8 filter offset folded in; cached when constant. */
  weights: Float32Array | null;
  weightsConstant: boolean;
  /** One output pixel's sums over all channels. */
  acc: Float64Array;
  hybridInput: Int8Array;
  axisKey: string;
  axisY: ConvAxis | null;
  axisX: ConvAxis | null;
}

const states = new WeakMap<Operator, DwState>();

function prepare(ctx: KernelContext, o: DepthwiseConv2DOptions): DwState {
  const { op } = ctx;
  const t = contextTensors(ctx);
  const path = planDepthwiseConv2d(o, t);
  if (!isDwPath(path)) throw new KernelError(op.opcode, op.index, path);
  const [, kh, kw, cout] = t.filter.shape as [number, number, number, number];
  const cin = t.input.shape[3]!;
  return {
    path, cin, mult: cout / cin, cout, kh, kw, weights: null, weightsConstant: t.filter.data !== null,
    ...channelState(path, path === 'hybrid' ? 'dwHybrid' : null, o.activation, t, cout),
    acc: new Float64Array(cout), hybridInput: new Int8Array(0), axisKey: '', axisY: null, axisX: null,
  };
}

function intWeights(st: DwState, ctx: KernelContext): Float32Array {
  const w = intFilterWeights(st, ctx);
  if (w.length !== st.kh * st.kw * st.cout) throw new KernelError(ctx.op.opcode, ctx.op.index, `filter has ${w.length} values`);
  return w;
}

function axes(st: DwState, o: DepthwiseConv2DOptions, h: number, w: number): [ConvAxis, ConvAxis] {
  const key = `${h}x${w}`;
  if (st.axisKey !== key || !st.axisY || !st.axisX) {
    st.axisY = convAxis(o.padding, h, st.kh, o.strideH, o.dilationH);
    st.axisX = convAxis(o.padding, w, st.kw, o.strideW, o.dilationW);
    st.axisKey = key;
  }
  return [st.axisY, st.axisX];
}

/**
 * The input as doubles with `offset(batch)` added (the quantized kernels' input offset), in a scratch buffer
 * shared by all operators: kernels run one at a time, and one element type keeps the inner loop monomorphic.
 */
let scratch = new Float64Array(0);
function widenInput(src: Float32Array | Int8Array | Uint8Array, n: number, offsets: Int32Array | null, offset: number): Float64Array {
  if (scratch.length < src.length) scratch = new Float64Array(src.length);
  const x = scratch;
  const per = n > 0 ? src.length / n : 0;
  for (let b = 0, i = 0; b < n; b++) {
    const off = offsets ? offsets[b]! : offset;
    for (const e = i + per; i < e; i++) x[i] = src[i]! + off;
  }
  return x;
}

/**
 * Sums of one output pixel into acc[ic*mult+m] over the in-image taps (taps outside are skipped, as in TFLite),
 * tap by tap with channels innermost over contiguous input and filter memory. Integer sums are exact doubles.
 */
function accumulate(
  acc: Float64Array, x: Float64Array, wts: Float32Array, st: DwState, ay: ConvAxis, ax: ConvAxis,
  rowBase: number, oy: number, ox: number, w: number, dh: number, dw: number,
): void {
  const { cin, cout, mult, kw, kh } = st;
  const y0 = ay.origin[oy]!, ys = ay.start[oy]!, ye = ay.end[oy]!;
  const x0 = ax.origin[ox]!, xs = ax.start[ox]!, xe = ax.end[ox]!;
  if (mult === 1 && kh === 3 && kw === 3 && ys === 0 && ye === 3 && xs === 0 && xe === 3) {
    // The common MobileNet case, all nine taps inside: one register sum per channel, taps in TFLite's order.
    const r0 = ((rowBase + y0) * w + x0) * cin, dx = dw * cin, dy = dh * w * cin;
    const r1 = r0 + dy, r2 = r1 + dy;
    const c2 = 2 * cout, c3 = 3 * cout, c4 = 4 * cout, c5 = 5 * cout, c6 = 6 * cout, c7 = 7 * cout, c8 = 8 * cout;
    for (let c = 0; c < cin; c++) {
      acc[c] = wts[c]! * x[r0 + c]! + wts[cout + c]! * x[r0 + dx + c]! + wts[c2 + c]! * x[r0 + 2 * dx + c]!
        + wts[c3 + c]! * x[r1 + c]! + wts[c4 + c]! * x[r1 + dx + c]! + wts[c5 + c]! * x[r1 + 2 * dx + c]!
        + wts[c6 + c]! * x[r2 + c]! + wts[c7 + c]! * x[r2 + dx + c]! + wts[c8 + c]! * x[r2 + 2 * dx + c]!;
    }
    return;
  }
  for (let c = 0; c < cout; c++) acc[c] = 0;
  for (let ky = ys; ky < ye; ky++) {
    const row = (rowBase + y0 + ky * dh) * w + x0;
    for (let kx = xs; kx < xe; kx++) {
      const ib = (row + kx * dw) * cin;
      const wb = (ky * kw + kx) * cout;
      if (mult === 1) {
        for (let c = 0; c < cin; c++) acc[c] += wts[wb + c]! * x[ib + c]!;
      } else {
        for (let ic = 0; ic < cin; ic++) {
          const v = x[ib + ic]!;
          const ob = wb + ic * mult;
          const ab = ic * mult;
          for (let m = 0; m < mult; m++) acc[ab + m] += wts[ob + m]! * v;
        }
      }
    }
  }
}

function checkFilterSize(op: Operator, st: DwState, wts: Float32Array): void {
  if (wts.length !== st.kh * st.kw * st.cout) throw new KernelError(op.opcode, op.index, `filter has ${wts.length} values, expected ${st.kh * st.kw * st.cout}`);
}

function runFloat(ctx: KernelContext, st: DwState, o: DepthwiseConv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const input = typedData(op, ctx.inputs[0], Float32Array, 'input');
  const wts = typedData(op, ctx.inputs[1], Float32Array, 'filter');
  checkFilterSize(op, st, wts);
  const bias = biasData(op, ctx.inputs[2], Float32Array, st.cout);
  const out = typedData(op, ctx.outputs[0], Float32Array, 'output');
  const { cout, fmin, fmax, acc } = st;
  const [ay, ax] = axes(st, o, h, w);
  const x = widenInput(input, n, null, 0);
  let q = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ay.outSize; oy++) {
      for (let ox = 0; ox < ax.outSize; ox++) {
        accumulate(acc, x, wts, st, ay, ax, b * h, oy, ox, w, o.dilationH, o.dilationW);
        for (let c = 0; c < cout; c++) {
          let v = acc[c]! + (bias ? bias[c]! : 0);
          v = v < fmin ? fmin : v > fmax ? fmax : v;
          out[q++] = v;
        }
      }
    }
  }
}

function runQuantized(ctx: KernelContext, st: DwState, o: DepthwiseConv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const quant = st.quant;
  if (!quant) throw new KernelError(op.opcode, op.index, 'quantization parameters missing');
  const input = st.path === 'int8' ? typedData(op, ctx.inputs[0], Int8Array, 'input') : typedData(op, ctx.inputs[0], Uint8Array, 'input');
  const out = st.path === 'int8' ? typedData(op, ctx.outputs[0], Int8Array, 'output') : typedData(op, ctx.outputs[0], Uint8Array, 'output');
  const bias = biasData(op, ctx.inputs[2], Int32Array, st.cout);
  const wts = intWeights(st, ctx);
  checkFilterSize(op, st, wts);
  const [ay, ax] = axes(st, o, h, w);
  const { cout, acc, outputZp, qmin, qmax } = st;
  const { multiplier, shift } = quant;
  const x = widenInput(input, n, null, st.inputOffset);
  let q = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ay.outSize; oy++) {
      for (let ox = 0; ox < ax.outSize; ox++) {
        accumulate(acc, x, wts, st, ay, ax, b * h, oy, ox, w, o.dilationH, o.dilationW);
        for (let c = 0; c < cout; c++) {
          let a = acc[c]! | 0; // wraps like the C++ int32 accumulator
          if (bias) a = (a + bias[c]!) | 0;
          let v = multiplyByQuantizedMultiplier(a, multiplier[c]!, shift[c]!) + outputZp;
          v = v < qmin ? qmin : v > qmax ? qmax : v;
          out[q++] = v;
        }
      }
    }
  }
}

function runHybrid(ctx: KernelContext, st: DwState, o: DepthwiseConv2DOptions, n: number, h: number, w: number): void {
  const { op } = ctx;
  const input = typedData(op, ctx.inputs[0], Float32Array, 'input');
  const out = typedData(op, ctx.outputs[0], Float32Array, 'output');
  const bias = biasData(op, ctx.inputs[2], Float32Array, st.cout);
  const wts = intWeights(st, ctx);
  checkFilterSize(op, st, wts);
  const [ay, ax] = axes(st, o, h, w);
  const { cout, acc, fmin, fmax, channelScale } = st;
  if (st.hybridInput.length !== input.length) st.hybridInput = new Int8Array(input.length);
  const perBatch = n > 0 ? input.length / n : 0;
  const scales = new Float32Array(n);
  const offsets = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const bq = asymmetricQuantizeFloats(input, b * perBatch, perBatch, st.hybridInput);
    scales[b] = bq.scale;
    offsets[b] = -bq.offset;
  }
  const x = widenInput(st.hybridInput, n, offsets, 0);
  let q = 0;
  for (let b = 0; b < n; b++) {
    const bs = scales[b]!;
    for (let oy = 0; oy < ay.outSize; oy++) {
      for (let ox = 0; ox < ax.outSize; ox++) {
        accumulate(acc, x, wts, st, ay, ax, b * h, oy, ox, w, o.dilationH, o.dilationW);
        for (let c = 0; c < cout; c++) {
          // depthwise multiplies the two scales first (float), then the int32 sum converted to float
          let v = f32(f32(acc[c]! | 0) * f32(channelScale[c]! * bs));
          if (bias) v = f32(v + bias[c]!);
          v = v < fmin ? fmin : v > fmax ? fmax : v;
          out[q++] = v;
        }
      }
    }
  }
}

export const depthwiseConv2dKernel: CpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    if (op.options.kind !== 'depthwiseConv2d') return `expected depthwiseConv2d options, got ${op.options.kind}`;
    const t = convTensors(op, graph);
    if (typeof t === 'string') return t;
    const path = planDepthwiseConv2d(op.options, t);
    return isDwPath(path) ? null : path;
  },

  run(ctx: KernelContext): void {
    const { op } = ctx;
    const o = optionsOf(op, 'depthwiseConv2d');
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
      case 'hybrid': runHybrid(ctx, st, o, n, h, w); break;
    }
  },
};
