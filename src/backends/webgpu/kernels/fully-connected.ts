// FULLY_CONNECTED on the GPU: float32 (f32 or fp16 weights), int8/uint8 bit-exact with the CPU kernel, and hybrid
// float32 x int8 weights (rows quantized on the GPU as TFLite does), each as a register-tiled or shared-memory GEMM.
import type { Graph, Operator, Tensor } from '../../../graph/ir.js';
import type { FullyConnectedOptions } from '../../../graph/options.js';
import { numElements } from '../../../graph/dtype.js';
import { KernelError } from '../../../errors.js';
import { fullyConnectedKernel as cpuFullyConnected } from '../../cpu/kernels/fully-connected.js';
import { floatActivationRange } from '../../cpu/quant/activation.js';
import { float32ArrayToHalfInto, halfArrayToFloat32 } from '../../cpu/kernels/shared/float16.js';
import { fullyConnectedQuantParams, fullyConnectedWeightSums } from '../../quant-params/fully-connected.js';
import type { GpuKernel, GpuKernelContext, GpuPass, GpuResource } from '../kernel.js';
import { grid } from '../kernel.js';
import { gemvFloatPass, gemvIntPass, useGemv } from './fully-connected-gemv.js';

/** Invocations per workgroup of the register-tiled and elementwise entry points. */
const WG = 64;
/** Units per invocation of the register-tiled GEMMs (the weights are padded to a multiple of it). */
const UNITS_PER_INVOCATION = 8;
/** Rows and units per workgroup of the shared-memory GEMMs. */
const TILE = 64;
/** Largest finite float32: the activation bounds must be finite uniforms. */
const F32_MAX = 3.4028234663852886e38;

const CLAMP_ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'];

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

interface Parts { o: FullyConnectedOptions; x: Tensor; w: Tensor; b: Tensor | null; y: Tensor }

function parts(op: Operator, g: Graph): Parts | string {
  if (op.options.kind !== 'fullyConnected') return `expected fullyConnected options, got ${op.options.kind}`;
  const x = g.tensors[op.inputs[0] ?? -1], w = g.tensors[op.inputs[1] ?? -1], y = g.tensors[op.outputs[0] ?? -1];
  const bi = op.inputs[2] ?? -1;
  const b = bi >= 0 ? g.tensors[bi] ?? null : null;
  if (!x || !w || !y) return 'needs input, weights and output';
  if (bi >= 0 && !b) return `bias tensor ${bi} does not exist`;
  return { o: op.options, x, w, b, y };
}

type Path = 'float' | 'quant' | 'hybrid';

function pathOf(p: Parts): Path {
  if (p.x.dtype !== 'float32') return 'quant';
  return p.w.dtype === 'int8' ? 'hybrid' : 'float';
}

/** fp16 weights folded from DEQUANTIZE keep their halves on the GPU; the CPU check sees them as float32. */
function checkHalfWeights(p: Parts): string | null {
  if (p.y.dtype !== 'float32') return `float32 input with ${p.y.dtype} output not supported`;
  if (p.b && p.b.dtype !== 'float32' && p.b.dtype !== 'float16') return `${p.b.dtype} bias with float32 input not supported`;
  if (p.w.shape.length !== 2) return `weights of rank ${p.w.shape.length} (expected 2)`;
  if (p.b && numElements(p.b.shape) !== p.w.shape[0]) return `bias of shape [${p.b.shape}] for ${p.w.shape[0]} units`;
  return CLAMP_ACTIVATIONS.includes(p.o.activation) ? null : `fused activation ${p.o.activation} not supported`;
}

export const fullyConnectedGpuKernel: GpuKernel = {
  check(op, g) {
    const p = parts(op, g);
    if (typeof p === 'string') return p;
    if (p.o.weightsFormat !== 'DEFAULT') return `weights format ${p.o.weightsFormat} not supported on the GPU`;
    if (p.x.dtype === 'int16') return 'int16 input not supported on the GPU';
    if (p.w.dtype === 'float16' && p.w.dequantizeTo === 'float32' && p.x.dtype === 'float32') {
      const r = checkHalfWeights(p);
      if (r) return r;
    } else {
      // Same model constraints as the CPU kernel (types, quantization, bias scale, activations).
      const r = cpuFullyConnected.check(op, g);
      if (r) return r;
    }
    if (!p.w.data) return 'weights are not constant (the GPU kernel packs them at load)';
    if (pathOf(p) === 'quant' && p.b && !p.b.data) return 'int32 bias is not constant (it is folded into per-unit constants at load)';
    return null;
  },

  passes(op, ctx) {
    const p = parts(op, ctx.graph);
    if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
    const units = p.w.shape[0]!, depth = p.w.shape[1]!;
    const rows = numElements(ctx.shape(op.inputs[0]!)) / depth;
    if (!Number.isInteger(rows)) throw new KernelError(op.opcode, op.index, `input of shape [${ctx.shape(op.inputs[0]!)}] is not a multiple of depth ${depth}`);
    if (rows === 0) return [];
    const s: Shape = { rows, units, depth, kw: ceilDiv(depth, 4), unitsPad: ceilDiv(units, UNITS_PER_INVOCATION) * UNITS_PER_INVOCATION };
    switch (pathOf(p)) {
      case 'float': return floatPasses(p, s, ctx);
      case 'quant': return quantPasses(op, p, s, ctx);
      case 'hybrid': return hybridPasses(op, p, s, ctx);
    }
  },
};

interface Shape { rows: number; units: number; depth: number; kw: number; unitsPad: number }

/**
 * Rows per invocation of the register-tiled GEMMs: 8, or 1 for small batches, where recomputing clamped rows would
 * waste most of the work (two pipelines only: each one costs a shader compile at load).
 */
function rowsPerInvocation(rows: number): number {
  return rows >= 8 ? 8 : 1;
}

function gemmWorkgroups(s: Shape, reg: boolean, tm: number, ctx: GpuKernelContext): [number, number, number] {
  if (reg) return grid(ceilDiv(s.rows, tm) * ceilDiv(s.units, UNITS_PER_INVOCATION), WG, ctx.maxWorkgroupsPerDim);
  return grid(ceilDiv(s.rows, TILE) * ceilDiv(s.units, TILE), 1, ctx.maxWorkgroupsPerDim);
}

/** [unitsPad][kw * 4] copy of [units][depth] weights, zero padded (so no GEMM reads need bounds checks). */
function padWeights<T extends Float32Array | Uint16Array | Uint8Array>(src: ArrayLike<number>, s: Shape, out: T): T {
  const stride = s.kw * 4;
  for (let u = 0; u < s.units; u++) {
    for (let d = 0; d < s.depth; d++) out[u * stride + d] = src[u * s.depth + d]!;
  }
  return out;
}

function floatBias(p: Parts, units: number): GpuResource {
  const b = p.b;
  if (!b) return { kind: 'const', key: `fc:zeros:${units}`, data: () => new Float32Array(units) };
  if (!b.data) return { kind: 'tensor', tensor: b.index };
  const data = b.data;
  // fp16 models may fold their biases from DEQUANTIZE too; the GPU reads float32.
  return { kind: 'const', key: `fc:bias:${b.index}`, data: () => (b.dtype === 'float16' ? halfArrayToFloat32(data as Uint16Array) : Float32Array.from(data as Float32Array)) };
}

function floatPasses(p: Parts, s: Shape, ctx: GpuKernelContext): GpuPass[] {
  const { caps } = ctx;
  const w = p.w;
  const wd = w.data!;
  // Halves: fp16 weights of the model (raw bits), or float32 weights rounded to fp16 at precision 'fp16'.
  const half = w.dtype === 'float16' || caps.precision === 'fp16';
  const n = s.unitsPad * s.kw * 4;
  const weights: GpuResource = half
    ? { kind: 'const', key: `fc:w:${w.index}:f16`, data: () => {
      let bits: Uint16Array;
      if (w.dtype === 'float16') bits = wd as Uint16Array;
      else { bits = new Uint16Array(wd.length); float32ArrayToHalfInto(wd as Float32Array, bits); }
      return padWeights(bits, s, new Uint16Array(n));
    } }
    : { kind: 'const', key: `fc:w:${w.index}:f32`, data: () => padWeights(wd as Float32Array, s, new Float32Array(n)) };
  const [lo, hi] = floatActivationRange(p.o.activation);
  if (useGemv(s.rows, caps)) {
    return [gemvFloatPass(s, { x: p.x.index, y: p.y.index, weights, half, bias: floatBias(p, s.units), actMin: Math.max(lo, -F32_MAX), actMax: Math.min(hi, F32_MAX) }, ctx)];
  }
  const native = half && caps.f16;
  const reg = caps.preferRegisterTiling;
  const tm = rowsPerInvocation(s.rows);
  // vec4 input loads where rows are 16-byte aligned; the shared-memory GEMM stages x with scalar loads (one pipeline
  // fewer to compile per model, and the staging is not what bounds it).
  const overrides: Record<string, number> = { X_VEC4: reg && s.depth % 4 === 0 ? 1 : 0 };
  if (reg) overrides.TM = tm;
  if (!native) overrides.HALF = half ? 1 : 0;
  return [{
    shader: native ? 'matmul_f16' : 'matmul', entryPoint: reg ? 'fc_reg' : 'fc_shared', overrides,
    params: { rows: s.rows, units: s.units, depth: s.depth, kw: s.kw, act_min: Math.max(lo, -F32_MAX), act_max: Math.min(hi, F32_MAX) },
    resources: {
      x_f4: { kind: 'tensor', tensor: p.x.index }, x_f32: { kind: 'tensor', tensor: p.x.index },
      ...(native ? { w_h4: weights } : { w_f4: weights, w_h2: weights }),
      bias_f32: floatBias(p, s.units), out_f32: { kind: 'tensor', tensor: p.y.index },
    },
    workgroups: gemmWorkgroups(s, reg, tm, ctx),
  }];
}

/** Weights as bytes, four per u32 ([unitsPad][kw] words); int8 and uint8 alike keep their raw byte. */
function packedWeights(w: Tensor, s: Shape): GpuResource {
  const wd = w.data as Int8Array | Uint8Array;
  return { kind: 'const', key: `fc:w:${w.index}:q8`, data: () => padWeights(new Uint8Array(wd.buffer, wd.byteOffset, wd.length), s, new Uint8Array(s.unitsPad * s.kw * 4)) };
}

/**
 * The integer GEMM pass: packed rows (scratch `xq`) x packed weights -> int32 accumulators (scratch `acc`).
 * dot4I8Packed serves the shared-memory GEMM only: CPU-emulated adapters emulate it by unpacking both operands per
 * call, which made the register-tiled GEMM 1.4-1.6x slower on SwiftShader than unpacking each loaded word once.
 */
function gemmPass(w: Tensor, s: Shape, unsigned: boolean, ctx: GpuKernelContext, params: Record<string, number>): GpuPass {
  if (useGemv(s.rows, ctx.caps)) return gemvIntPass(s, unsigned, packedWeights(w, s), ctx, params);
  const reg = ctx.caps.preferRegisterTiling;
  const tm = rowsPerInvocation(s.rows);
  return {
    shader: ctx.caps.dot4 && !reg ? 'matmul_quantized_dot4' : 'matmul_quantized', entryPoint: reg ? 'fc_q_reg' : 'fc_q_shared',
    overrides: reg ? { UNSIGNED: unsigned ? 1 : 0, TM: tm } : { UNSIGNED: unsigned ? 1 : 0 },
    params,
    resources: {
      xq: { kind: 'scratch', key: 'xq', bytes: 4 * s.rows * s.kw }, wq: packedWeights(w, s),
      acc_out: { kind: 'scratch', key: 'acc', bytes: 4 * s.rows * s.units },
    },
    workgroups: gemmWorkgroups(s, reg, tm, ctx),
  };
}

function quantPasses(op: Operator, p: Parts, s: Shape, ctx: GpuKernelContext): GpuPass[] {
  const dtype = p.x.dtype as 'int8' | 'uint8';
  const q = fullyConnectedQuantParams(dtype, p.x.quantization!, p.w.quantization!, p.y.quantization!, p.o.activation, s.units);
  const params = { rows: s.rows, units: s.units, depth: s.depth, kw: s.kw, w_offset: q.weightOffset, out_zp: q.outZp, q_min: q.actMin, q_max: q.actMax };
  const wd = p.w.data as Int8Array | Uint8Array, bd = p.b?.data as Int32Array | undefined;
  const unitConsts = (): Int32Array => {
    // acc = bias + x_off * sum(w + w_off) + sum w x + w_off * sum x; the first two terms are constants per unit.
    const sums = fullyConnectedWeightSums(wd, q.weightOffset, s.units, s.depth);
    const out = new Int32Array(4 * s.units);
    for (let u = 0; u < s.units; u++) {
      out[4 * u] = (Math.imul(q.inOffset, sums[u]!) + (bd ? bd[u]! : 0)) | 0;
      out[4 * u + 1] = q.multiplier[u]!;
      out[4 * u + 2] = q.shift[u]!;
    }
    return out;
  };
  const rowSum: GpuResource = { kind: 'scratch', key: 'rowsum', bytes: 4 * s.rows };
  const acc: GpuResource = { kind: 'scratch', key: 'acc', bytes: 4 * s.rows * s.units };
  const xq: GpuResource = { kind: 'scratch', key: 'xq', bytes: 4 * s.rows * s.kw };
  const x: GpuResource = { kind: 'tensor', tensor: p.x.index };
  return [
    {
      shader: 'matmul_quantized', entryPoint: 'fc_pack_rows', overrides: { WG }, params,
      resources: { x_q: x, xq_out: xq }, workgroups: grid(s.rows * s.kw, WG, ctx.maxWorkgroupsPerDim),
    },
    // Row sums only matter with a weight zero point (uint8, or int8 per-tensor weights with one).
    ...(q.weightOffset !== 0 ? [{
      shader: 'matmul_quantized', entryPoint: 'fc_row_sums', overrides: { WG }, params,
      resources: { x_q: x, row_sum_out: rowSum }, workgroups: grid(s.rows, WG, ctx.maxWorkgroupsPerDim),
    }] : []),
    gemmPass(p.w, s, dtype === 'uint8', ctx, params),
    {
      shader: 'matmul_quantized', entryPoint: 'fc_requant', overrides: { WG }, params,
      resources: { acc_in: acc, row_sum: rowSum, unit_q: { kind: 'const', key: `fc:op${op.index}:unitq`, data: unitConsts }, out_q: { kind: 'tensor', tensor: p.y.index } },
      workgroups: grid(s.rows * s.units, WG, ctx.maxWorkgroupsPerDim),
    },
  ];
}

function hybridPasses(op: Operator, p: Parts, s: Shape, ctx: GpuKernelContext): GpuPass[] {
  const wq = p.w.quantization!;
  const perChannel = wq.scale.length > 1;
  const asymmetric = p.o.asymmetricQuantizeInputs;
  const tanh = p.o.activation === 'TANH';
  const [lo, hi] = tanh ? [-Infinity, Infinity] : floatActivationRange(p.o.activation);
  const params = { rows: s.rows, units: s.units, depth: s.depth, kw: s.kw, weight_scale: Math.fround(wq.scale[0]!),
    act_min: Math.max(lo, -F32_MAX), act_max: Math.min(hi, F32_MAX), one: 1 };
  const wd = p.w.data as Int8Array;
  const unitConsts = (): Int32Array => {
    const sums = fullyConnectedWeightSums(wd, 0, s.units, s.depth);
    const scales = new Float32Array(perChannel ? wq.scale : []);
    const bits = new Int32Array(scales.buffer);
    const out = new Int32Array(2 * s.units);
    for (let u = 0; u < s.units; u++) {
      out[2 * u] = sums[u]!;
      out[2 * u + 1] = perChannel ? bits[u]! : 0;
    }
    return out;
  };
  const rowInfo: GpuResource = { kind: 'scratch', key: 'rowinfo', bytes: 16 * s.rows };
  const acc: GpuResource = { kind: 'scratch', key: 'acc', bytes: 4 * s.rows * s.units };
  const x: GpuResource = { kind: 'tensor', tensor: p.x.index };
  const asym = { ASYMMETRIC: asymmetric ? 1 : 0, WG };
  return [
    {
      shader: 'matmul_hybrid', entryPoint: 'fc_row_params', overrides: asym, params,
      resources: { x_f32: x, row_info_out: rowInfo }, workgroups: grid(s.rows, WG, ctx.maxWorkgroupsPerDim),
    },
    {
      shader: 'matmul_hybrid', entryPoint: 'fc_quantize_rows', overrides: asym, params,
      resources: { x_f32: x, row_info: rowInfo, xq_out: { kind: 'scratch', key: 'xq', bytes: 4 * s.rows * s.kw } },
      workgroups: grid(s.rows * s.kw, WG, ctx.maxWorkgroupsPerDim),
    },
    gemmPass(p.w, s, false, ctx, { rows: s.rows, units: s.units, depth: s.depth, kw: s.kw, w_offset: 0, out_zp: 0, q_min: 0, q_max: 0 }),
    {
      shader: 'matmul_hybrid', entryPoint: 'fc_hybrid_out',
      overrides: { ASYMMETRIC: asymmetric ? 1 : 0, PER_CHANNEL: perChannel ? 1 : 0, TANH: tanh ? 1 : 0, WG }, params,
      resources: {
        acc_in: acc, row_info: rowInfo, unit_h: { kind: 'const', key: `fc:op${op.index}:unith`, data: unitConsts },
        bias_f32: floatBias(p, s.units), out_f32: { kind: 'tensor', tensor: p.y.index },
      },
      workgroups: grid(s.rows * s.units, WG, ctx.maxWorkgroupsPerDim),
    },
  ];
}
