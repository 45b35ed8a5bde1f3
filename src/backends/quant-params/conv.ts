// CONV_2D / DEPTHWISE_CONV_2D load-time decisions as TFLite's conv.cc / depthwise_conv.cc Prepare takes them
// (which Eval path, or why none) and the integer paths' requantization constants, shared by every backend so
// the CPU and GPU kernels cannot drift apart.
import type { Tensor } from '../../graph/ir.js';
import type { Activation, Conv2DOptions, DepthwiseConv2DOptions } from '../../graph/options.js';
import { quantizedActivationRange } from '../cpu/quant/activation.js';
import {
  activationQuantProblem, filterZeroPointsAllZero, kernelDType, type ConvTensors,
} from '../cpu/kernels/shared/conv-common.js';
import { checkWindowOptions } from '../cpu/kernels/shared/conv-geometry.js';
import {
  legacyQuant, perChannelMultipliers, uint8BiasScaleProblem, uint8Multiplier, type ChannelMultipliers,
} from '../cpu/kernels/shared/conv-quant.js';

const f32 = Math.fround;

/**
 * Which TFLite Eval CONV_2D takes. Hybrid (float input, int8 filter) follows conv.cc: several distinct
 * filter scales -> EvalHybridPerChannel (asymmetric per-batch input), one scale -> EvalHybrid (symmetric).
 */
export type ConvPath = 'float' | 'int8' | 'uint8' | 'hybrid' | 'hybridPerChannel';

/** Which TFLite Eval DEPTHWISE_CONV_2D takes: float, int8 per-channel, uint8 per-tensor, or EvalHybridPerChannel. */
export type DwPath = 'float' | 'int8' | 'uint8' | 'hybrid';

const CONV_PATHS: readonly string[] = ['float', 'int8', 'uint8', 'hybrid', 'hybridPerChannel'];
const DW_PATHS: readonly string[] = ['float', 'int8', 'uint8', 'hybrid'];

export function isConvPath(p: string): p is ConvPath {
  return CONV_PATHS.includes(p);
}

export function isDwPath(p: string): p is DwPath {
  return DW_PATHS.includes(p);
}

/** Shared tail of both integer checks: bias type/zero point, activation and filter quantization. */
function integerProblem(t: ConvTensors, inDt: string, fDt: string, bDt: string | null, channels: number, qdim: number): 'int8' | 'uint8' | string {
  if (inDt !== 'int8' && inDt !== 'uint8') return `input dtype ${inDt} not supported`;
  if (fDt !== inDt) return `filter dtype ${fDt} with ${inDt} input (expected ${inDt})`;
  if (t.bias && bDt !== 'int32') return `bias dtype ${bDt} with ${inDt} input (expected int32)`;
  if (t.bias && legacyQuant(t.bias.quantization).zeroPoint !== 0) return 'bias zero point must be 0';
  const r = activationQuantProblem(t.input, 'input') ?? activationQuantProblem(t.output, 'output');
  if (r) return r;
  const fq = t.filter.quantization;
  if (!fq || fq.scale.length === 0) return 'filter without quantization scales';
  if (!fq.scale.every((s) => f32(s) > 0)) return 'filter scales must be positive';
  if (inDt === 'int8') {
    if (fq.scale.length !== 1 && (fq.scale.length !== channels || fq.quantizedDimension !== qdim)) {
      return `int8 filter has ${fq.scale.length} scales on dimension ${fq.quantizedDimension}, expected 1 or ${channels} on dimension ${qdim}`;
    }
    if (!filterZeroPointsAllZero(t.filter)) return 'int8 filter with non-zero zero point not supported';
    return 'int8';
  }
  if (fq.scale.length !== 1) return `uint8 filter with ${fq.scale.length} scales (per-channel uint8 not supported by TFLite)`;
  if (t.bias) {
    const problem = uint8BiasScaleProblem(
      legacyQuant(t.input.quantization).scale, legacyQuant(fq).scale, legacyQuant(t.bias.quantization).scale,
      legacyQuant(t.output.quantization).scale,
    );
    if (problem) return problem;
  }
  return 'uint8';
}

/** CONV_2D's path, or why the operator is unsupported. */
export function planConv2d(o: Conv2DOptions, t: ConvTensors): ConvPath | string {
  const w = checkWindowOptions(o);
  if (w) return w;
  const inDt = kernelDType(t.input);
  const fDt = kernelDType(t.filter);
  const outDt = kernelDType(t.output);
  const bDt = t.bias ? kernelDType(t.bias) : null;
  const cout = t.filter.shape[0]!;
  if (t.input.shape[3] !== t.filter.shape[3]) {
    return `input has ${t.input.shape[3]} channels but filter has ${t.filter.shape[3]} (grouped convolution not supported)`;
  }
  if (t.output.shape[3] !== cout) return `output has ${t.output.shape[3]} channels, filter has ${cout}`;
  if (t.bias && t.bias.shape.reduce((a, b) => a * b, 1) !== cout) return `bias has shape [${t.bias.shape}] for ${cout} output channels`;
  if (inDt === 'int16') return 'int16 input (16x8 quantization) not supported';
  if (outDt !== inDt) return `output dtype ${outDt} differs from input dtype ${inDt}`;

  if (inDt === 'float32') {
    if (bDt !== null && bDt !== 'float32') return `bias dtype ${bDt} with float32 input (expected float32)`;
    if (fDt === 'float32') return 'float';
    if (fDt !== 'int8') return `filter dtype ${fDt} with float32 input not supported`;
    const fq = t.filter.quantization;
    if (!fq || fq.scale.length === 0) return 'hybrid int8 filter without quantization scales';
    if (!filterZeroPointsAllZero(t.filter)) return 'hybrid int8 filter with non-zero zero point not supported';
    if (fq.scale.length === 1) {
      // EvalHybrid runs TFLite's optimized HybridConv, whose im2col has no dilated variant.
      if (o.dilationH !== 1 || o.dilationW !== 1) return 'per-tensor hybrid filter with dilation not supported';
      return 'hybrid';
    }
    if (fq.scale.length !== cout || fq.quantizedDimension !== 0) {
      return `hybrid filter has ${fq.scale.length} scales on dimension ${fq.quantizedDimension}, expected ${cout} on dimension 0`;
    }
    const first = f32(fq.scale[0]!);
    if (fq.scale.every((s) => f32(s) === first)) {
      // TFLite then takes EvalHybrid with the legacy per-tensor scale, which is 0 for multi-scale tensors.
      return 'hybrid filter with several identical per-channel scales not supported (TFLite uses a zero legacy scale)';
    }
    return 'hybridPerChannel';
  }
  return integerProblem(t, inDt, fDt, bDt, cout, 0);
}

/** DEPTHWISE_CONV_2D's path, or why the operator is unsupported. */
export function planDepthwiseConv2d(o: DepthwiseConv2DOptions, t: ConvTensors): DwPath | string {
  const w = checkWindowOptions(o);
  if (w) return w;
  if (t.filter.shape[0] !== 1) return `filter must be [1,H,W,C], got [${t.filter.shape}]`;
  const cin = t.input.shape[3]!;
  const cout = t.filter.shape[3]!;
  if (!(cin > 0) || cout % cin !== 0) return `filter channels ${cout} are not a multiple of input channels ${cin}`;
  if (t.output.shape[3] !== cout) return `output has ${t.output.shape[3]} channels, filter has ${cout}`;
  if (t.bias && t.bias.shape.reduce((a, b) => a * b, 1) !== cout) return `bias has shape [${t.bias.shape}] for ${cout} output channels`;
  const inDt = kernelDType(t.input);
  const fDt = kernelDType(t.filter);
  const outDt = kernelDType(t.output);
  const bDt = t.bias ? kernelDType(t.bias) : null;
  if (inDt === 'int16') return 'int16 input (16x8 quantization) not supported';
  if (outDt !== inDt) return `output dtype ${outDt} differs from input dtype ${inDt}`;

  if (inDt === 'float32') {
    if (bDt !== null && bDt !== 'float32') return `bias dtype ${bDt} with float32 input (expected float32)`;
    if (fDt === 'float32') return 'float';
    if (fDt !== 'int8') return `filter dtype ${fDt} with float32 input not supported`;
    const fq = t.filter.quantization;
    if (!fq || fq.scale.length === 0) return 'hybrid int8 filter without quantization scales';
    if (!filterZeroPointsAllZero(t.filter)) return 'hybrid int8 filter with non-zero zero point not supported';
    // TFLite indexes the scales by output channel and requires one per slice of quantized_dimension.
    if (fq.scale.length !== cout || (cout > 1 && fq.quantizedDimension !== 3)) {
      return `hybrid filter has ${fq.scale.length} scales on dimension ${fq.quantizedDimension}, expected ${cout} on dimension 3`;
    }
    // EvalHybridPerChannel takes the multiplier from the options, not from the shapes.
    if (o.depthMultiplier !== cout / cin) return `depth_multiplier ${o.depthMultiplier} disagrees with shapes (${cout}/${cin})`;
    return 'hybrid';
  }
  return integerProblem(t, inDt, fDt, bDt, cout, 3);
}

/** Requantization constants of an integer convolution (per output channel), as Prepare computes them. */
export interface ConvIntParams extends ChannelMultipliers {
  /** Added to every in-image input value (-input zero point); padded taps contribute nothing. */
  inputOffset: number;
  /** Added to every filter value (-filter zero point; 0 for int8). */
  filterOffset: number;
  outputZp: number;
  qmin: number;
  qmax: number;
}

export function convIntParams(path: 'int8' | 'uint8', activation: Activation, input: Tensor, filter: Tensor, output: Tensor, channels: number): ConvIntParams {
  const iq = legacyQuant(input.quantization);
  const oq = legacyQuant(output.quantization);
  let quant: ChannelMultipliers;
  if (path === 'int8') {
    quant = perChannelMultipliers(iq.scale, filter.quantization?.scale ?? [], oq.scale, channels);
  } else {
    const one = uint8Multiplier(iq.scale, legacyQuant(filter.quantization).scale, oq.scale);
    quant = { multiplier: new Int32Array(channels).fill(one.multiplier[0]!), shift: new Int32Array(channels).fill(one.shift[0]!) };
  }
  const [qmin, qmax] = quantizedActivationRange(activation, path, oq.scale, oq.zeroPoint);
  return {
    ...quant, inputOffset: -iq.zeroPoint, filterOffset: path === 'uint8' ? -legacyQuant(filter.quantization).zeroPoint : 0,
    outputZp: oq.zeroPoint, qmin, qmax,
  };
}

/**
 * Hybrid paths' per-output-channel filter scales (float32): the channel's own scale (per-channel paths) or the
 * legacy per-tensor scale broadcast (CONV_2D's EvalHybrid).
 */
export function hybridChannelScales(path: 'hybrid' | 'hybridPerChannel' | 'dwHybrid', filter: Tensor, channels: number): Float32Array {
  const out = new Float32Array(channels);
  if (path === 'hybrid') return out.fill(legacyQuant(filter.quantization).scale);
  const s = filter.quantization?.scale ?? [];
  for (let c = 0; c < channels; c++) out[c] = s[c] ?? 0;
  return out;
}
