// CONV_2D on the GPU: float32 (f32 or fp16 weights), int8 per-channel / uint8 per-tensor (TFLite's integer
// arithmetic and ruy's requantization, bit-exact with the CPU kernel) and hybrid int8-weight (GPU input
// quantization, integer convolution, float rescale), each register-blocked or workgroup-tiled.
import type { Graph, Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { legacyQuant } from '../../cpu/kernels/shared/conv-quant.js';
import { convIntParams, hybridChannelScales, isConvPath, planConv2d, type ConvPath } from '../../quant-params/conv.js';
import type { GpuCaps, GpuKernel, GpuKernelContext, GpuPass, GpuResource } from '../kernel.js';
import { grid } from '../kernel.js';
import {
  biasResource, ceilDiv, convShape, floatClamp, gpuOperandProblem, opTensors, padChannels, type ConvShape,
} from './shared/conv-params.js';
import { convC1, convQuads, convTapSums, floatWeights, halfRounded, padded, requantQuads } from './shared/conv-pack.js';
import { hybridInputPasses } from './shared/conv-hybrid.js';
import { convTensors } from '../../cpu/kernels/shared/conv-common.js';

const WG = 64;
/** Output pixels per invocation of the register-blocked shaders (4 output channels each). */
const PX = 4;
/** Pixels and channels per workgroup of the tiled shaders. */
const TILE = 32;

/**
 * - reg: register-blocked direct convolution, 4 pixels x 4 channels per invocation (CPU-emulated adapters run
 *   these fastest);
 * - tiled: workgroup-shared-memory implicit GEMM, 32 x 32 outputs per workgroup;
 * - dot4: register-blocked with packed 4x8-bit dot products (integer paths, Cin % 4 == 0);
 * - c1: Cin == 1 on CPU-emulated adapters, 4 pixels x up to 16 channels per invocation so each input value is
 *   loaded once per 16 channels (SwiftShader spends most of a conv's time on loads: the MNIST CNNs' 3x3x1
 *   convolutions took ~3x less CPU time than with 'reg', whose quads pad the single input channel to 4).
 * On SwiftShader the packed dot product is emulated and measured no faster than the portable integer shader
 * (uint8 1x1 112x112x32->64: 19-28 ms vs 19-20 ms), so CPU-emulated adapters keep the portable one. On an
 * H200 (Vulkan), 3x3 8x56x56x128->128 int8 took 0.59 ms (reg), 0.59 ms (dot4), 1.32 ms (tiled); float 1.2 ms
 * in both reg and tiled.
 */
export type Conv2dVariant = 'reg' | 'tiled' | 'dot4' | 'c1';

export function conv2dVariant(path: ConvPath, cin: number, caps: GpuCaps): Conv2dVariant {
  if (caps.preferRegisterTiling) return cin === 1 ? 'c1' : 'reg';
  return path !== 'float' && caps.dot4 && cin % 4 === 0 ? 'dot4' : 'tiled';
}

function tiledGrid(cout: number, npix: number, maxPerDim: number): [number, number, number] {
  const tiles = ceilDiv(npix, TILE);
  const y = Math.min(tiles, maxPerDim);
  return [ceilDiv(cout, TILE), y, ceilDiv(tiles, y)];
}

/** Channel blocks of 4 per invocation of the Cin == 1 shaders (the shader's CB). */
const c1Blocks = (cout: number): number => Math.min(4, ceilDiv(cout, 4));

function workgroups(v: Conv2dVariant, s: ConvShape, ctx: GpuKernelContext): { nblk: number; workgroups: [number, number, number] } {
  if (v === 'tiled') return { nblk: 0, workgroups: tiledGrid(s.cout, s.npix, ctx.maxWorkgroupsPerDim) };
  const cb = ceilDiv(s.cout, 4);
  const nblk = (v === 'c1' ? ceilDiv(cb, c1Blocks(s.cout)) : cb) * ceilDiv(s.npix, PX);
  return { nblk, workgroups: grid(nblk, WG, ctx.maxWorkgroupsPerDim) };
}

function floatPasses(op: Operator, ctx: GpuKernelContext, s: ConvShape, v: Conv2dVariant): GpuPass[] {
  const g = ctx.graph;
  const filter = g.tensors[op.inputs[1]!]!;
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? g.tensors[op.inputs[2]]! : null;
  const half = filter.dtype === 'float16' || ctx.caps.precision === 'fp16';
  const taps = s.kh * s.kw;
  const { nblk, workgroups: wgs } = workgroups(v, s, ctx);
  const reg = v !== 'tiled';
  // Native f16 reads where the adapter has shader-f16 (conv2d_f16.wgsl), else halves packed two per word; the
  // Cin == 1 shaders keep f32 words holding the fp16-rounded values (a few hundred weights).
  const native = half && ctx.caps.f16 && v !== 'c1';
  const kind = half ? 'f16' : 'f32';
  const filterRes: GpuResource = v === 'c1'
    ? { kind: 'const', key: `conv2d:c1:${filter.index}:${kind}`, data: () => convC1(halfRounded(floatWeights(filter, half)), s.cout, taps, c1Blocks(s.cout)) }
    : reg
      ? { kind: 'const', key: `conv2d:quads:${filter.index}:${kind}`, data: () => convQuads(floatWeights(filter, half), s.cout, taps, s.cin) }
      : { kind: 'const', key: `conv2d:natural:${filter.index}:${kind}`, data: () => padded(floatWeights(filter, half)) };
  const overrides: Record<string, number> = v === 'c1' ? { WG, CB: c1Blocks(s.cout) } : reg ? { WG, CIN4: s.cin % 4 === 0 ? 1 : 0 } : {};
  if (!native && v !== 'c1') overrides.HALF = half ? 1 : 0;
  const filterName = native ? (reg ? 'filter_h4' : 'filter_h') : reg ? 'filter_q' : 'filter_n';
  return [{
    shader: native ? 'conv2d_f16' : 'conv2d', entryPoint: v === 'c1' ? 'conv2d_c1' : reg ? 'conv2d_reg' : 'conv2d_tiled',
    overrides,
    params: { ...s.geometry, nblk, cblocks: ceilDiv(s.cout, 4), ci4: ceilDiv(s.cin, 4), ...floatClamp(optionsOf(op, 'conv2d').activation) },
    resources: {
      input_v4: { kind: 'tensor', tensor: op.inputs[0]! },
      [filterName]: filterRes,
      bias4: biasResource(bias, s.cout, 4 * ceilDiv(s.cout, 4), 'f32'),
      out_f: { kind: 'tensor', tensor: op.outputs[0]! },
    },
    workgroups: wgs,
  }];
}

function integerPasses(op: Operator, ctx: GpuKernelContext, s: ConvShape, v: Conv2dVariant, path: Exclude<ConvPath, 'float'>): GpuPass[] {
  const g = ctx.graph;
  const o = optionsOf(op, 'conv2d');
  const t = opTensors(op, g);
  const { filter, bias } = t;
  const bytes = filter.data as Int8Array | Uint8Array;
  const taps = s.kh * s.kw;
  const cb = ceilDiv(s.cout, 4);
  const { nblk, workgroups: wgs } = workgroups(v, s, ctx);
  const hybrid = path === 'hybrid' || path === 'hybridPerChannel';
  const q = hybrid ? null : convIntParams(path, o.activation, t.input, filter, t.output, s.cout);
  const U8 = path === 'uint8' ? 1 : 0;
  const filterOffset = q?.filterOffset ?? 0;

  const resources: Record<string, GpuResource> = {};
  const pre: GpuPass[] = [];
  if (hybrid) {
    const symmetric = path === 'hybrid';
    const h = hybridInputPasses(op, ctx, symmetric, symmetric ? legacyQuant(filter.quantization).scale : 0);
    pre.push(...h.passes);
    resources.input_q4 = h.quantized;
    resources.bq = h.batchQuant;
    resources.cscale4 = {
      kind: 'const', key: `conv2d:cscale:${filter.index}:${path}`,
      data: () => padChannels(hybridChannelScales(path, filter, s.cout), 4 * cb, (n) => new Float32Array(n)),
    };
    resources.bias_f4 = biasResource(bias, s.cout, 4 * cb, 'f32');
    resources.out_f = { kind: 'tensor', tensor: op.outputs[0]! };
  } else {
    resources.input_q4 = { kind: 'tensor', tensor: op.inputs[0]! };
    resources.requant = { kind: 'const', key: `conv2d:requant:${op.index}`, data: () => requantQuads(q!.multiplier, q!.shift) };
    resources.bias_q4 = biasResource(bias, s.cout, 4 * cb, 'i32');
    resources.out_q = { kind: 'tensor', tensor: op.outputs[0]! };
  }
  if (v === 'c1') {
    resources.filter_q = { kind: 'const', key: `conv2d:c1:${filter.index}:bytes`, data: () => convC1(bytes, s.cout, taps, c1Blocks(s.cout)) };
  } else if (v === 'tiled') {
    resources.filter_n = { kind: 'const', key: `conv2d:natural:${filter.index}:bytes`, data: () => padded(bytes) };
  } else {
    resources.filter_q = { kind: 'const', key: `conv2d:quads:${filter.index}:bytes`, data: () => convQuads(bytes, s.cout, taps, s.cin) };
  }
  if (v === 'dot4') {
    resources.tapsum = { kind: 'const', key: `conv2d:tapsum:${filter.index}:${filterOffset}`, data: () => convTapSums(bytes, s.cout, taps, s.cin, filterOffset) };
  }
  const fc = hybrid ? floatClamp(o.activation) : { act_min: 0, act_max: 0 };
  const params = {
    ...s.geometry, nblk, cblocks: cb, ci4: ceilDiv(s.cin, 4),
    input_offset: q?.inputOffset ?? 0, filter_offset: filterOffset, out_zp: q?.outputZp ?? 0, q_min: q?.qmin ?? 0, q_max: q?.qmax ?? 0, ...fc, opaque_zero: 0,
  };
  const kind = hybrid ? 'hybrid' : 'q';
  const PER_CHANNEL = path === 'hybridPerChannel' ? 1 : 0;
  let pass: GpuPass;
  if (v === 'c1') {
    pass = { shader: 'conv2d_quantized', entryPoint: `conv2d_${kind}_c1`, overrides: { WG, U8, PER_CHANNEL, CB: c1Blocks(s.cout) }, params, resources, workgroups: wgs };
  } else if (v === 'dot4') {
    pass = { shader: 'conv2d_quantized_dot4', entryPoint: `conv2d_${kind}_dot4`, overrides: { WG, U8, PER_CHANNEL }, params, resources, workgroups: wgs };
  } else if (v === 'reg') {
    pass = { shader: 'conv2d_quantized', entryPoint: `conv2d_${kind}_reg`, overrides: { WG, U8, PER_CHANNEL, CIN4: s.cin % 4 === 0 ? 1 : 0 }, params, resources, workgroups: wgs };
  } else {
    pass = { shader: 'conv2d_quantized', entryPoint: `conv2d_${kind}_tiled`, overrides: { U8, PER_CHANNEL }, params, resources, workgroups: wgs };
  }
  return [...pre, pass];
}

export const conv2dGpuKernel: GpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    if (op.options.kind !== 'conv2d') return `expected conv2d options, got ${op.options.kind}`;
    const t = convTensors(op, graph);
    if (typeof t === 'string') return t;
    const path = planConv2d(op.options, t);
    if (!isConvPath(path)) return path;
    return gpuOperandProblem(t, path === 'hybrid' || path === 'hybridPerChannel');
  },

  passes(op: Operator, ctx: GpuKernelContext): GpuPass[] {
    const o = optionsOf(op, 'conv2d');
    const t = opTensors(op, ctx.graph);
    const path = planConv2d(o, t);
    if (!isConvPath(path)) throw new KernelError(op.opcode, op.index, path);
    const [cout, kh, kw, cin] = t.filter.shape as [number, number, number, number];
    const s = convShape(op, ctx, o, kh, kw, cout);
    if (s.cin !== cin) throw new KernelError(op.opcode, op.index, `input has ${s.cin} channels, filter expects ${cin}`);
    if (s.npix === 0) return [];
    const v = conv2dVariant(path, cin, ctx.caps);
    return path === 'float' ? floatPasses(op, ctx, s, v) : integerPasses(op, ctx, s, v, path);
  },
};
