// The per-output-channel constants CONV_2D and DEPTHWISE_CONV_2D prepare once per operator (requantization for
// the integer paths, filter scales for the hybrid paths, float activation bounds), from the shared parameter math.
import type { Activation } from '../../../../graph/options.js';
import { floatActivationRange } from '../../quant/activation.js';
import { convIntParams, hybridChannelScales } from '../../../quant-params/conv.js';
import type { ConvTensors } from './conv-common.js';
import type { ChannelMultipliers } from './conv-quant.js';

/** Per-output-channel constants of a convolution path, computed once per operator. */
export interface ChannelState {
  /** Integer paths: requantization multipliers and shifts. */
  quant: ChannelMultipliers | null;
  inputOffset: number;
  outputZp: number;
  qmin: number;
  qmax: number;
  /** Float activation bounds (float and hybrid paths). */
  fmin: number;
  fmax: number;
  /** Hybrid paths: per-output-channel filter scales (float32); zeros otherwise. */
  channelScale: Float32Array;
}

/**
 * The channel state of `path`: integer paths get convIntParams, hybrid paths (`hybrid` names the scale rule of
 * hybridChannelScales for this path, null for non-hybrid paths) their filter scales.
 */
export function channelState(
  path: string, hybrid: 'hybrid' | 'hybridPerChannel' | 'dwHybrid' | null, activation: Activation, t: ConvTensors, cout: number,
): ChannelState {
  const [fmin, fmax] = floatActivationRange(activation);
  const s: ChannelState = { quant: null, inputOffset: 0, outputZp: 0, qmin: 0, qmax: 0, fmin, fmax, channelScale: new Float32Array(cout) };
  if (path === 'int8' || path === 'uint8') {
    const p = convIntParams(path, activation, t.input, t.filter, t.output, cout);
    s.quant = { multiplier: p.multiplier, shift: p.shift };
    ({ inputOffset: s.inputOffset, outputZp: s.outputZp, qmin: s.qmin, qmax: s.qmax } = p);
  } else if (hybrid) {
    s.channelScale = hybridChannelScales(hybrid, t.filter, cout);
  }
  return s;
}
