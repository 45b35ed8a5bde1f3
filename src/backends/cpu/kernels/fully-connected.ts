// FULLY_CONNECTED: float32, int8 (per-tensor or per-channel weights), uint8, and hybrid float32 x int8 weights,
// following TFLite's fully_connected.cc Prepare/Eval and the reference integer kernels, except that integer outputs
// are requantized with the builtin (ruy GEMM) rounding, see shared/gemm-requant.ts.
import type { CpuKernel, CpuTensor, KernelContext } from '../kernel.js';
import type { Graph, Operator, Quantization, Tensor } from '../../../graph/ir.js';
import type { Activation, FullyConnectedOptions } from '../../../graph/options.js';
import { KernelError } from '../../../errors.js';
import { floatActivationRange } from '../quant/activation.js';
import { fullyConnectedQuantParams, fullyConnectedWeightSums } from '../../quant-params/fully-connected.js';
import { gemmMultiplyByQuantizedMultiplier } from './shared/gemm-requant.js';
import { asymmetricQuantizeRow, symmetricQuantizeRow } from './shared/fc-hybrid.js';

const f32 = Math.fround;

interface FloatState {
  kind: 'float';
  actMin: number;
  actMax: number;
}

interface QuantState {
  kind: 'quant';
  /** Per output unit (one entry repeated when per-tensor). */
  multiplier: Int32Array;
  shift: Int32Array;
  inOffset: number;
  weightOffset: number;
  outZp: number;
  actMin: number;
  actMax: number;
  /** Weights plus weight offset, and sum over depth of them; cached when the weights are constant. */
  weights: AdjustedWeights | null;
  /** One input row widened to int32 (Math.imul on int32 typed arrays keeps V8 on integer arithmetic). */
  xRow: Int32Array;
}

interface AdjustedWeights {
  adj: Int16Array;
  sums: Int32Array;
}

interface HybridState {
  kind: 'hybrid';
  /** Per-channel weight scales, or null for one scale. */
  channelScales: Float32Array | null;
  weightScale: number;
  asymmetric: boolean;
  activation: Activation;
  rowSums: Int32Array | null;
  /** Constant int8 weights widened once to int16 for the dot-product loop. */
  weights16: Int16Array | null;
  q: Int32Array;
  scales: Float32Array;
  zeroPoints: Int32Array;
}

type State = FloatState | QuantState | HybridState;

const states = new WeakMap<Operator, State>();

const CLAMP_ACTIVATIONS: readonly Activation[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'];

function fcOptions(op: Operator): FullyConnectedOptions | null {
  return op.options.kind === 'fullyConnected' ? op.options : null;
}

function isPerChannel(q: Quantization): boolean {
  return q.scale.length > 1;
}

function checkWeightQuant(w: Tensor, units: number): string | null {
  const q = w.quantization;
  if (!q?.scale.length) return `${w.dtype} weights without quantization`;
  if (isPerChannel(q)) {
    if (q.quantizedDimension !== 0) return `per-channel weights quantized along dimension ${q.quantizedDimension} (only 0 supported)`;
    if (q.scale.length !== units) return `${q.scale.length} weight scales for ${units} output units`;
  }
  return null;
}

function checkQuantized(x: Tensor, w: Tensor, b: Tensor | null, y: Tensor, units: number, act: Activation): string | null {
  if (w.dtype !== x.dtype) return `${x.dtype} input with ${w.dtype} weights not supported`;
  if (y.dtype !== x.dtype) return `${x.dtype} input with ${y.dtype} output not supported`;
  if (b && b.dtype !== 'int32') return `${b.dtype} bias with ${x.dtype} input not supported`;
  if (!CLAMP_ACTIVATIONS.includes(act)) return `fused activation ${act} not supported for quantized input`;
  if (!x.quantization?.scale.length) return `${x.dtype} input without quantization`;
  if (!y.quantization?.scale.length) return `${y.dtype} output without quantization`;
  const wq = checkWeightQuant(w, units);
  if (wq) return wq;
  const wQuant = w.quantization as Quantization;
  if (isPerChannel(wQuant)) {
    // TFLite: per-channel FC needs int8 (or int16) activations with signed weights.
    if (x.dtype !== 'int8') return 'per-channel weights need int8 input';
    return null;
  }
  if (b) {
    // GetQuantizedConvolutionMultipler's consistency check between bias scale and input*weight scale.
    const prod = x.quantization.scale[0]! * wQuant.scale[0]!;
    const biasScale = b.quantization?.scale[0] ?? 0;
    if (Math.abs(prod - biasScale) / y.quantization.scale[0]! > 0.02) {
      return `bias scale ${biasScale} differs from input scale x weight scale ${prod}`;
    }
  }
  return null;
}

export const fullyConnectedKernel: CpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    const o = fcOptions(op);
    if (!o) return `expected fullyConnected options, got ${op.options.kind}`;
    if (o.weightsFormat !== 'DEFAULT') return `weights format ${o.weightsFormat} not supported`;
    const x = graph.tensors[op.inputs[0] ?? -1];
    const w = graph.tensors[op.inputs[1] ?? -1];
    const bi = op.inputs[2] ?? -1;
    const b = bi >= 0 ? graph.tensors[bi] ?? null : null;
    const y = graph.tensors[op.outputs[0] ?? -1];
    if (!x || !w || !y) return 'needs input, weights and output';
    if (bi >= 0 && !b) return `bias tensor ${bi} does not exist`;
    if (op.outputs.length !== 1) return `${op.outputs.length} outputs (expected 1)`;
    if (w.shape.length !== 2) return `weights of rank ${w.shape.length} (expected 2)`;
    const units = w.shape[0]!;
    if (b && b.shape.reduce((a, c) => a * c, 1) !== units) return `bias of shape [${b.shape}] for ${units} units`;
    const act = o.activation;

    if (x.dtype === 'float32') {
      if (y.dtype !== 'float32') return `float32 input with ${y.dtype} output not supported`;
      if (b && b.dtype !== 'float32') return `${b.dtype} bias with float32 input not supported`;
      if (w.dtype === 'float32') {
        return CLAMP_ACTIVATIONS.includes(act) ? null : `fused activation ${act} not supported`;
      }
      if (w.dtype === 'int8') {
        // Hybrid (dynamic-range) path: every activation but SIGN_BIT is applied on the float result.
        if (act === 'SIGN_BIT') return 'fused activation SIGN_BIT not supported';
        return checkWeightQuant(w, units);
      }
      return `float32 input with ${w.dtype} weights not supported`;
    }
    if (x.dtype === 'int8' || x.dtype === 'uint8') return checkQuantized(x, w, b, y, units, act);
    return `${x.dtype} input not supported`;
  },

  run(ctx: KernelContext): void {
    const { op, inputs, outputs } = ctx;
    const x = inputs[0], w = inputs[1], b = inputs[2] ?? null, y = outputs[0];
    if (!x || !w || !y) throw new KernelError(op.opcode, op.index, 'missing input, weights or output');
    const o = fcOptions(op);
    if (!o) throw new KernelError(op.opcode, op.index, 'missing fullyConnected options');
    const units = w.shape[0] ?? 0, depth = w.shape[1] ?? 0;
    const rows = depth > 0 ? x.data.length / depth : 0;
    if (!Number.isInteger(rows) || y.data.length !== rows * units) {
      throw new KernelError(op.opcode, op.index,
        `input of ${x.data.length} elements, weights [${units}, ${depth}] and output of ${y.data.length} elements disagree`);
    }
    let st = states.get(op);
    if (!st) {
      st = prepare(op, o, x, w, b, y, rows);
      states.set(op, st);
    }
    switch (st.kind) {
      case 'float': return runFloat(st, x, w, b, y, rows, units, depth);
      case 'quant': return runQuant(op, st, x, w, b, y, rows, units, depth);
      case 'hybrid': return runHybrid(st, x, w, b, y, rows, units, depth);
    }
  },
};

function prepare(op: Operator, o: FullyConnectedOptions, x: CpuTensor, w: CpuTensor, b: CpuTensor | null,
  y: CpuTensor, rows: number): State {
  const units = w.shape[0] ?? 0;
  if (x.info.dtype === 'float32' && w.info.dtype === 'float32') {
    const [actMin, actMax] = floatActivationRange(o.activation);
    return { kind: 'float', actMin, actMax };
  }
  const wq = w.info.quantization;
  if (!wq?.scale.length) throw new KernelError(op.opcode, op.index, 'weights without quantization');
  if (x.info.dtype === 'float32') {
    const depth = w.shape[1] ?? 0;
    return {
      kind: 'hybrid',
      channelScales: isPerChannel(wq) ? Float32Array.from(wq.scale) : null,
      weightScale: f32(wq.scale[0]!),
      asymmetric: o.asymmetricQuantizeInputs,
      activation: o.activation,
      rowSums: w.info.data ? rowSums(w.data as Int8Array, units, depth) : null,
      weights16: w.info.data ? Int16Array.from(w.data as Int8Array) : null,
      q: new Int32Array(rows * depth),
      scales: new Float32Array(rows),
      zeroPoints: new Int32Array(rows),
    };
  }
  const xq = x.info.quantization, yq = y.info.quantization;
  if (!xq?.scale.length || !yq?.scale.length) throw new KernelError(op.opcode, op.index, 'quantized tensors without quantization');
  const p = fullyConnectedQuantParams(y.info.dtype as 'int8' | 'uint8', xq, wq, yq, o.activation, units);
  return {
    kind: 'quant', multiplier: p.multiplier, shift: p.shift, inOffset: p.inOffset, weightOffset: p.weightOffset, outZp: p.outZp,
    actMin: p.actMin, actMax: p.actMax,
    weights: w.info.data ? adjustWeights(w.data as Int8Array | Uint8Array, p.weightOffset, units, w.shape[1] ?? 0) : null,
    xRow: new Int32Array(w.shape[1] ?? 0),
  };
}

function adjustWeights(wd: Int8Array | Uint8Array, offset: number, units: number, depth: number): AdjustedWeights {
  const adj = new Int16Array(units * depth);
  for (let i = 0; i < adj.length; i++) adj[i] = wd[i]! + offset;
  return { adj, sums: fullyConnectedWeightSums(wd, offset, units, depth) };
}

function rowSums(wd: Int8Array, units: number, depth: number): Int32Array {
  return fullyConnectedWeightSums(wd, 0, units, depth);
}

function runFloat(st: FloatState, x: CpuTensor, w: CpuTensor, b: CpuTensor | null, y: CpuTensor,
  rows: number, units: number, depth: number): void {
  const xd = x.data as Float32Array, wd = w.data as Float32Array, yd = y.data as Float32Array;
  const bd = b ? (b.data as Float32Array) : null;
  const { actMin, actMax } = st;
  for (let r = 0; r < rows; r++) {
    const xb = r * depth;
    for (let u = 0; u < units; u++) {
      const wb = u * depth;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, d = 0;
      for (; d + 3 < depth; d += 4) {
        a0 += xd[xb + d]! * wd[wb + d]!;
        a1 += xd[xb + d + 1]! * wd[wb + d + 1]!;
        a2 += xd[xb + d + 2]! * wd[wb + d + 2]!;
        a3 += xd[xb + d + 3]! * wd[wb + d + 3]!;
      }
      for (; d < depth; d++) a0 += xd[xb + d]! * wd[wb + d]!;
      const acc = (bd ? bd[u]! : 0) + (a0 + a1 + a2 + a3);
      yd[r * units + u] = acc < actMin ? actMin : acc > actMax ? actMax : acc;
    }
  }
}

function runQuant(op: Operator, st: QuantState, x: CpuTensor, w: CpuTensor, b: CpuTensor | null, y: CpuTensor,
  rows: number, units: number, depth: number): void {
  const weights = st.weights ?? adjustWeights(w.data as Int8Array | Uint8Array, st.weightOffset, units, depth);
  const { adj, sums } = weights;
  if (adj.length !== units * depth) throw new KernelError(op.opcode, op.index, 'weights changed size');
  const xd = x.data as Int8Array | Uint8Array, yd = y.data as Int8Array | Uint8Array;
  const bd = b ? (b.data as Int32Array) : null;
  const { multiplier, shift, inOffset, outZp, actMin, actMax, xRow } = st;
  for (let r = 0; r < rows; r++) {
    const xb = r * depth;
    for (let d = 0; d < depth; d++) xRow[d] = xd[xb + d]!;
    for (let u = 0; u < units; u++) {
      const wb = u * depth;
      // sum (w + w_off)(x + x_off) = sum (w + w_off) x + x_off * sum (w + w_off), in wrapping int32 arithmetic
      // like the C++ accumulator (the wrapped total does not depend on the order of the terms).
      let a0 = (Math.imul(inOffset, sums[u]!) + (bd ? bd[u]! : 0)) | 0, a1 = 0, a2 = 0, a3 = 0, d = 0;
      for (; d + 3 < depth; d += 4) {
        a0 = (a0 + Math.imul(adj[wb + d]!, xRow[d]!)) | 0;
        a1 = (a1 + Math.imul(adj[wb + d + 1]!, xRow[d + 1]!)) | 0;
        a2 = (a2 + Math.imul(adj[wb + d + 2]!, xRow[d + 2]!)) | 0;
        a3 = (a3 + Math.imul(adj[wb + d + 3]!, xRow[d + 3]!)) | 0;
      }
      for (; d < depth; d++) a0 = (a0 + Math.imul(adj[wb + d]!, xRow[d]!)) | 0;
      const acc = (a0 + a1 + a2 + a3) | 0;
      const v = gemmMultiplyByQuantizedMultiplier(acc, multiplier[u]!, shift[u]!) + outZp;
      yd[r * units + u] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

function runHybrid(st: HybridState, x: CpuTensor, w: CpuTensor, b: CpuTensor | null, y: CpuTensor,
  rows: number, units: number, depth: number): void {
  const xd = x.data as Float32Array, yd = y.data as Float32Array;
  const wd = st.weights16 ?? Int16Array.from(w.data as Int8Array);
  const bd = b ? (b.data as Float32Array) : null;
  if (st.q.length < rows * depth) {
    st.q = new Int32Array(rows * depth);
    st.scales = new Float32Array(rows);
    st.zeroPoints = new Int32Array(rows);
  }
  const { q, scales, zeroPoints, channelScales, weightScale, asymmetric } = st;
  const sums = asymmetric ? (st.rowSums ?? rowSums(w.data as Int8Array, units, depth)) : null;
  for (let r = 0; r < rows; r++) {
    if (asymmetric) asymmetricQuantizeRow(xd, r * depth, depth, q, scales, zeroPoints, r);
    else {
      scales[r] = symmetricQuantizeRow(xd, r * depth, depth, q);
      zeroPoints[r] = 0;
    }
  }
  const [actMin, actMax] = st.activation === 'TANH' ? [-Infinity, Infinity] : floatActivationRange(st.activation);
  const tanh = st.activation === 'TANH';
  for (let r = 0; r < rows; r++) {
    const xb = r * depth;
    // Per-tensor: the row's scaling factor absorbs the weight scale first (float32 product).
    const rowScale = channelScales ? scales[r]! : f32(scales[r]! * weightScale);
    const zp = zeroPoints[r]!;
    for (let u = 0; u < units; u++) {
      const wb = u * depth;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, d = 0;
      for (; d + 3 < depth; d += 4) {
        a0 = (a0 + Math.imul(wd[wb + d]!, q[xb + d]!)) | 0;
        a1 = (a1 + Math.imul(wd[wb + d + 1]!, q[xb + d + 1]!)) | 0;
        a2 = (a2 + Math.imul(wd[wb + d + 2]!, q[xb + d + 2]!)) | 0;
        a3 = (a3 + Math.imul(wd[wb + d + 3]!, q[xb + d + 3]!)) | 0;
      }
      for (; d < depth; d++) a0 = (a0 + Math.imul(wd[wb + d]!, q[xb + d]!)) | 0;
      let dot = (a0 + a1 + a2 + a3) | 0;
      if (sums && zp !== 0) dot = (dot - Math.imul(sums[u]!, zp)) | 0;
      const scale = channelScales ? f32(rowScale * channelScales[u]!) : rowScale;
      // output starts as the bias, then += dot * scale, all in float32.
      let v = f32((bd ? bd[u]! : 0) + f32(f32(dot) * scale));
      if (tanh) v = Math.tanh(v);
      yd[r * units + u] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}
