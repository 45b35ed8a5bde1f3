// quantize(): post-training quantization of a float32 .tflite model in TFLite's three modes, written back as .tflite.
import { readModel } from '../format/read-model.js';
import { writeModel } from '../format/write-model.js';
import type { ModelIR } from '../graph/ir.js';
import { UsageError } from '../errors.js';
import type { RepresentativeSample } from './calibrate.js';
import { quantizeDynamic } from './dynamic.js';
import { quantizeFloat16 } from './fp16.js';
import { quantizeInt8, type IoType } from './int8.js';
import type { QuantizeMode } from './model-edit.js';

export type { RepresentativeSample } from './calibrate.js';
export type { IoType } from './int8.js';
export type { QuantizeMode } from './model-edit.js';

export interface QuantizeOptions {
  mode: QuantizeMode;
  /** int8 (required): calibration inputs, one entry per inference; like the converter's representative_dataset. */
  representative?: Iterable<RepresentativeSample>;
  /** int8: the model's input/output type: 'float' (default, QUANTIZE/DEQUANTIZE inside), 'int8' or 'uint8'. */
  io?: IoType;
  /** dynamic: weights with fewer elements stay float (default 1024, the converter's). */
  minWeightElements?: number;
  /**
   * int8 and dynamic: one scale per output unit for FULLY_CONNECTED weights instead of one per tensor. Off by
   * default, as in the converter of TFLite 2.9, whose runtime silently ignores per-channel FULLY_CONNECTED scales
   * (int8: wrong outputs) or lacks the operator version (hybrid per-channel is version 12).
   */
  perChannelFullyConnected?: boolean;
}

export interface QuantizeResult {
  /** The quantized model as .tflite bytes. */
  bytes: Uint8Array;
  /** Its IR (as readModel would return it, before DEQUANTIZE folding). */
  model: ModelIR;
  sizeBefore: number;
  sizeAfter: number;
}

const MODES: readonly QuantizeMode[] = ['dynamic', 'int8', 'fp16'];
const IO: readonly IoType[] = ['float', 'int8', 'uint8'];

function checkOptions(o: QuantizeOptions): void {
  if (!MODES.includes(o.mode)) throw new UsageError(`unknown quantization mode "${String(o.mode)}" (expected ${MODES.join(', ')})`);
  if (o.io !== undefined && !IO.includes(o.io)) throw new UsageError(`unknown io type "${String(o.io)}" (expected ${IO.join(', ')})`);
  if (o.mode === 'int8' && !o.representative) throw new UsageError('int8 quantization needs a representative dataset to calibrate activations');
  if (o.mode !== 'int8' && o.representative) throw new UsageError(`${o.mode} quantization takes no representative dataset (only int8 calibrates)`);
  if (o.mode !== 'int8' && o.io !== undefined && o.io !== 'float') throw new UsageError(`${o.mode} quantization keeps float inputs and outputs; io "${o.io}" needs int8 mode`);
  if (o.minWeightElements !== undefined && (!Number.isInteger(o.minWeightElements) || o.minWeightElements < 0)) {
    throw new UsageError(`minWeightElements must be a non-negative integer, got ${o.minWeightElements}`);
  }
  if (o.mode !== 'dynamic' && o.minWeightElements !== undefined) throw new UsageError('minWeightElements applies to dynamic quantization only');
}

/** Quantizes a float32 model (bytes or IR as read) and writes the result; see QuantizeOptions for the modes. */
export function quantize(model: Uint8Array | ModelIR, options: QuantizeOptions): QuantizeResult {
  checkOptions(options);
  const ir = model instanceof Uint8Array ? readModel(model) : model;
  const sizeBefore = model instanceof Uint8Array ? model.byteLength : ir.byteLength || writeModel(ir).byteLength;
  let out: ModelIR;
  switch (options.mode) {
    case 'fp16':
      out = quantizeFloat16(ir);
      break;
    case 'dynamic':
      out = quantizeDynamic(ir, { minWeightElements: options.minWeightElements ?? 1024,
        perChannelFullyConnected: options.perChannelFullyConnected ?? false });
      break;
    case 'int8':
      out = quantizeInt8(ir, options.representative!, { io: options.io ?? 'float',
        perChannelFullyConnected: options.perChannelFullyConnected ?? false });
      break;
  }
  const bytes = writeModel(out);
  return { bytes, model: readModel(bytes), sizeBefore, sizeAfter: bytes.byteLength };
}
