// DEPTHWISE_CONV_2D on the GPU: float32 (f32 or fp16 weights), int8 per-channel / uint8 per-tensor (TFLite's
// integer arithmetic and reference requantization, bit-exact with the CPU kernel) and hybrid int8-weight
// (GPU input quantization, integer sums, float rescale), with any depth multiplier.
import type { Graph, Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { convIntParams, hybridChannelScales, isDwPath, planDepthwiseConv2d, type DwPath } from '../../quant-params/conv.js';
import { convTensors } from '../../cpu/kernels/shared/conv-common.js';
import type { GpuKernel, GpuKernelContext, GpuPass, GpuResource } from '../kernel.js';
import { grid } from '../kernel.js';
import {
  biasResource, ceilDiv, convShape, floatClamp, gpuOperandProblem, opTensors, padChannels, type ConvShape,
} from './shared/conv-params.js';
import { depthwiseQuads, floatWeights, requantQuads } from './shared/conv-pack.js';
import { hybridInputPasses } from './shared/conv-hybrid.js';

const WG = 64;
/** Output pixels per invocation (4 channels each); the shaders unroll exactly this many. */
const PX = 4;

function floatPass(op: Operator, ctx: GpuKernelContext, s: ConvShape, common: Record<string, number>, wgs: [number, number, number], vec4: number): GpuPass {
  const g = ctx.graph;
  const filter = g.tensors[op.inputs[1]!]!;
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? g.tensors[op.inputs[2]]! : null;
  const half = filter.dtype === 'float16' || ctx.caps.precision === 'fp16';
  // Native f16 reads where the adapter has shader-f16 (depthwise_conv2d_f16.wgsl), else halves packed two per word.
  const native = half && ctx.caps.f16;
  return {
    shader: native ? 'depthwise_conv2d_f16' : 'depthwise_conv2d', entryPoint: 'depthwise_f32',
    overrides: native ? { WG, VEC4: vec4 } : { WG, HALF: half ? 1 : 0, VEC4: vec4 },
    params: { ...common, ...floatClamp(optionsOf(op, 'depthwiseConv2d').activation) },
    resources: {
      input_v4: { kind: 'tensor', tensor: op.inputs[0]! },
      [native ? 'filter_h4' : 'filter_q']: {
        kind: 'const', key: `dwconv:quads:${filter.index}:${half ? 'f16' : 'f32'}`,
        data: () => depthwiseQuads(floatWeights(filter, half), s.kh * s.kw, s.cout),
      },
      bias4: biasResource(bias, s.cout, 4 * ceilDiv(s.cout, 4), 'f32'),
      out_f: { kind: 'tensor', tensor: op.outputs[0]! },
    },
    workgroups: wgs,
  };
}

function integerPasses(
  op: Operator, ctx: GpuKernelContext, s: ConvShape, common: Record<string, number>, wgs: [number, number, number], vec4: number,
  path: Exclude<DwPath, 'float'>,
): GpuPass[] {
  const o = optionsOf(op, 'depthwiseConv2d');
  const t = opTensors(op, ctx.graph);
  const { filter, bias } = t;
  const cb = ceilDiv(s.cout, 4);
  const resources: Record<string, GpuResource> = {
    filter_w: {
      kind: 'const', key: `dwconv:quads:${filter.index}:bytes`,
      data: () => depthwiseQuads(filter.data as Int8Array | Uint8Array, s.kh * s.kw, s.cout),
    },
  };
  const pre: GpuPass[] = [];
  let q = null;
  if (path === 'hybrid') {
    const h = hybridInputPasses(op, ctx, false, 0);
    pre.push(...h.passes);
    resources.input_q4 = h.quantized;
    resources.bq = h.batchQuant;
    resources.cscale4 = {
      kind: 'const', key: `dwconv:cscale:${filter.index}`,
      data: () => padChannels(hybridChannelScales('dwHybrid', filter, s.cout), 4 * cb, (n) => new Float32Array(n)),
    };
    resources.bias_f4 = biasResource(bias, s.cout, 4 * cb, 'f32');
    resources.out_f = { kind: 'tensor', tensor: op.outputs[0]! };
  } else {
    q = convIntParams(path, o.activation, t.input, filter, t.output, s.cout);
    const { multiplier, shift } = q;
    resources.input_q4 = { kind: 'tensor', tensor: op.inputs[0]! };
    resources.requant = { kind: 'const', key: `dwconv:requant:${op.index}`, data: () => requantQuads(multiplier, shift) };
    resources.bias_q4 = biasResource(bias, s.cout, 4 * cb, 'i32');
    resources.out_q = { kind: 'tensor', tensor: op.outputs[0]! };
  }
  const fc = path === 'hybrid' ? floatClamp(o.activation) : { act_min: 0, act_max: 0 };
  return [...pre, {
    shader: 'depthwise_conv2d_quantized', entryPoint: path === 'hybrid' ? 'depthwise_hybrid' : 'depthwise_q',
    overrides: { WG, U8: path === 'uint8' ? 1 : 0, VEC4: vec4 },
    params: {
      ...common, input_offset: q?.inputOffset ?? 0, filter_offset: q?.filterOffset ?? 0, out_zp: q?.outputZp ?? 0,
      q_min: q?.qmin ?? 0, q_max: q?.qmax ?? 0, ...fc, opaque_zero: 0,
    },
    resources, workgroups: wgs,
  }];
}

export const depthwiseConv2dGpuKernel: GpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    if (op.options.kind !== 'depthwiseConv2d') return `expected depthwiseConv2d options, got ${op.options.kind}`;
    const t = convTensors(op, graph);
    if (typeof t === 'string') return t;
    const path = planDepthwiseConv2d(op.options, t);
    if (!isDwPath(path)) return path;
    return gpuOperandProblem(t, path === 'hybrid');
  },

  passes(op: Operator, ctx: GpuKernelContext): GpuPass[] {
    const o = optionsOf(op, 'depthwiseConv2d');
    const t = opTensors(op, ctx.graph);
    const path = planDepthwiseConv2d(o, t);
    if (!isDwPath(path)) throw new KernelError(op.opcode, op.index, path);
    const [, kh, kw, cout] = t.filter.shape as [number, number, number, number];
    const s = convShape(op, ctx, o, kh, kw, cout);
    if (cout % s.cin !== 0) throw new KernelError(op.opcode, op.index, `filter channels ${cout} are not a multiple of input channels ${s.cin}`);
    if (s.npix === 0) return [];
    const cb = ceilDiv(cout, 4);
    const nblk = cb * ceilDiv(s.npix, PX);
    const common = { ...s.geometry, nblk, cblocks: cb, mult: cout / s.cin };
    // a channel quad is one aligned vec4 of the input when channels map 1:1 and C % 4 == 0
    const vec4 = cout === s.cin && s.cin % 4 === 0 ? 1 : 0;
    const wgs = grid(nblk, WG, ctx.maxWorkgroupsPerDim);
    return path === 'float' ? [floatPass(op, ctx, s, common, wgs, vec4)] : integerPasses(op, ctx, s, common, wgs, vec4, path);
  },
};
