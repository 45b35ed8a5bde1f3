// PAD / PADV2 (constant paddings): fill with the PADV2 value, the output zero point (quantized) or 0, then copy.
import type { CpuKernel, CpuTensor } from '../kernel.js';
import type { Operator, Tensor } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { numElements } from '../../../graph/dtype.js';
import {
  dataAndOutput, hasDynamicDims, inputAt, readInts, sameParams, sameShape, shapeStr, tensorParams,
} from './shared/copy-checks.js';
import { copyStrided } from './shared/copy-strided.js';
import { fillElements, stridesOf, wordsOf } from './shared/copy-words.js';
import { defaultPadValue, usesQuantizedPad } from '../../quant-params/pad.js';

const PADDING_DTYPES = new Set(['int32', 'int64', 'int8', 'int16']);
const INT_RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767] };

interface PadState {
  before: number[];
  after: number[];
}
const states = new WeakMap<Operator, PadState>();

function parsePaddings(values: readonly number[], rank: number): PadState | string {
  if (values.length !== rank * 2) return `paddings hold ${values.length} values for a rank-${rank} input`;
  const before: number[] = [], after: number[] = [];
  for (let d = 0; d < rank; d++) {
    const a = values[2 * d], b = values[2 * d + 1];
    if (a < 0 || b < 0) return `negative padding (${a}, ${b}) on dimension ${d}`;
    if (a > 0x7fffffff || b > 0x7fffffff) return `padding (${a}, ${b}) on dimension ${d} overflows int32`;
    before.push(a);
    after.push(b);
  }
  return { before, after };
}

export const padKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const { input, output } = io;
    const rank = input.shape.length;
    const pads = inputAt(op, graph, 1);
    if (!pads) return 'missing paddings input';
    if (!PADDING_DTYPES.has(pads.dtype)) return `${pads.dtype} paddings not supported`;
    if (!pads.data) return 'non-constant paddings not supported';
    if (pads.shape.length !== 2 || pads.shape[1] !== 2) return `paddings shape ${shapeStr(pads.shape)} is not [rank, 2]`;
    const st = parsePaddings(readInts(pads.data), rank);
    if (typeof st === 'string') return st;
    if (usesQuantizedPad(input) && input.quantization !== null && input.quantization.scale.length > 1) {
      return `per-channel quantized ${input.dtype} input not supported`;
    }
    const value = inputAt(op, graph, 2);
    if (value) {
      if (value.dtype !== input.dtype) return `constant value dtype ${value.dtype} differs from input dtype ${input.dtype}`;
      if (numElements(value.shape) !== 1) return `constant value has shape ${shapeStr(value.shape)}, expected one element`;
      // TFLite EvalInt: the pad value must be in the output's quantized space.
      if (usesQuantizedPad(input) && !sameParams(value, output)) {
        return 'quantized constant value has a different scale/zero point than the output';
      }
    } else if (usesQuantizedPad(input)) {
      const zp = tensorParams(output).zeroPoint;
      const [lo, hi] = INT_RANGE[input.dtype];
      if (zp < lo || zp > hi) return `output zero point ${zp} outside the ${input.dtype} range`;
    }
    if (!hasDynamicDims(input) && !hasDynamicDims(output)) {
      const want = input.shape.map((d, i) => d + st.before[i] + st.after[i]);
      if (!sameShape(want, output.shape)) {
        return `model output shape ${shapeStr(output.shape)} differs from the padded shape ${shapeStr(want)}`;
      }
    }
    return null;
  },

  run({ op, inputs, outputs }) {
    const input = inputs[0];
    const pads = inputs[1];
    const output = outputs[0];
    if (!input || !pads || !output) throw new KernelError(op.opcode, op.index, 'missing input, paddings or output');
    const rank = input.shape.length;
    let st = states.get(op);
    if (!st) {
      const parsed = parsePaddings(readInts(pads.data), rank);
      if (typeof parsed === 'string') throw new KernelError(op.opcode, op.index, parsed);
      st = parsed;
      states.set(op, st);
    }
    for (let d = 0; d < rank; d++) {
      if (output.shape[d] !== input.shape[d] + st.before[d] + st.after[d] || output.shape.length !== rank) {
        throw new KernelError(op.opcode, op.index,
          `output shape ${shapeStr(output.shape)} is not input ${shapeStr(input.shape)} padded by the paddings`);
      }
    }
    fillElements(output.data, padValue(op, input.info, inputs[2], output.info));
    const src = wordsOf(input.data);
    const dst = wordsOf(output.data);
    const per = src.perElement;
    const outStrides = stridesOf(output.shape);
    let off = 0;
    for (let d = 0; d < rank; d++) off += st.before[d] * outStrides[d];
    const counts = input.shape.slice();
    const srcStrides = stridesOf(counts);
    if (per > 1) {
      for (let d = 0; d < rank; d++) { srcStrides[d] *= per; outStrides[d] *= per; }
      srcStrides.push(1); outStrides.push(1); counts.push(per);
      off *= per;
    }
    copyStrided(src.data, 0, srcStrides, dst.data, off, outStrides, counts);
  },
};

function padValue(op: Operator, input: Tensor, value: CpuTensor | null | undefined, output: Tensor): number | bigint {
  if (value) {
    if (value.data.length < 1) throw new KernelError(op.opcode, op.index, 'empty constant value');
    return value.data[0];
  }
  return defaultPadValue(input, output);
}
