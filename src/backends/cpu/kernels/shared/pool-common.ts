// Load-time checks and per-run geometry shared by MAX_POOL_2D and AVERAGE_POOL_2D.
import type { DType } from '../../../../graph/dtype.js';
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import type { Pool2DOptions } from '../../../../graph/options.js';
import { KernelError } from '../../../../errors.js';
import type { CpuTensor } from '../../kernel.js';
import { floatActivationRange, quantizedActivationRange, type IntDType } from '../../quant/activation.js';
import { perTensorQuant } from './broadcast-check.js';
import { poolOutSize, poolPadBefore } from './pool-padding.js';

export const POOL_DTYPES: readonly DType[] = ['float32', 'int8', 'uint8', 'int16'];

/** Checks a pooling operator; returns its input and output tensors or a reason string. */
export function checkPool(op: Operator, graph: Graph): { input: Tensor; output: Tensor } | string {
  if (op.options.kind !== 'pool2d') return `expected pool2d options, got ${op.options.kind}`;
  const o = op.options;
  if (o.activation === 'TANH' || o.activation === 'SIGN_BIT') return `fused activation ${o.activation} not supported`;
  if (o.strideH <= 0 || o.strideW <= 0 || o.filterH <= 0 || o.filterW <= 0) {
    return `strides (${o.strideH}, ${o.strideW}) and filter (${o.filterH}, ${o.filterW}) must be positive`;
  }
  if (op.inputs.length !== 1 || op.outputs.length !== 1) return `expects 1 input and 1 output, got ${op.inputs.length} and ${op.outputs.length}`;
  const input = graph.tensors[op.inputs[0]!], output = graph.tensors[op.outputs[0]!];
  if (!input || !output) return 'missing input or output tensor';
  if (input.dtype !== output.dtype) return `dtype mismatch: input ${input.dtype}, output ${output.dtype}`;
  if (!POOL_DTYPES.includes(input.dtype)) return `${input.dtype} not supported (supported: ${POOL_DTYPES.join(', ')})`;
  if (input.shape.length !== 4) return `input must be 4-D NHWC, got rank ${input.shape.length}`;
  if (input.dtype !== 'float32') {
    const qi = perTensorQuant(input.quantization), qo = perTensorQuant(output.quantization);
    if (!qi || !qo) return `${input.dtype} input and output need per-tensor quantization parameters`;
    // pooling.cc assumes the output reuses the input's quantization; other params would need a requantize.
    if (Math.abs(qi.scale - qo.scale) > 1e-6 || qi.zeroPoint !== qo.zeroPoint) {
      return `quantized pooling needs equal input and output scale/zero point (got ${qi.scale}/${qi.zeroPoint} and ${qo.scale}/${qo.zeroPoint})`;
    }
  }
  return { input, output };
}

export interface PoolGeometry {
  batches: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

/** Geometry for this run's shapes; the output shape must be the one TFLite's Prepare computes. */
export function poolGeometry(op: Operator, o: Pool2DOptions, input: CpuTensor, output: CpuTensor): PoolGeometry {
  const [batches, inH, inW, channels] = input.shape;
  if (input.shape.length !== 4 || batches === undefined || inH === undefined || inW === undefined || channels === undefined) {
    throw new KernelError(op.opcode, op.index, `input must be 4-D NHWC, got [${input.shape}]`);
  }
  const outH = poolOutSize(o.padding, inH, o.filterH, o.strideH);
  const outW = poolOutSize(o.padding, inW, o.filterW, o.strideW);
  const s = output.shape;
  if (s.length !== 4 || s[0] !== batches || s[1] !== outH || s[2] !== outW || s[3] !== channels) {
    throw new KernelError(op.opcode, op.index, `output shape [${s}] differs from the expected [${batches},${outH},${outW},${channels}]`);
  }
  return {
    batches, inH, inW, channels, outH, outW,
    padTop: poolPadBefore(inH, o.filterH, o.strideH, outH),
    padLeft: poolPadBefore(inW, o.filterW, o.strideW, outW),
  };
}

/** The CpuKernel check of both pooling operators: null when checkPool accepts the operator. */
export function checkPoolKernel(op: Operator, graph: Graph): string | null {
  const t = checkPool(op, graph);
  return typeof t === 'string' ? t : null;
}

/** Output clamp bounds: the fused activation's float range, or the output dtype's range narrowed by it. */
export function poolClampRange(o: Pool2DOptions, dtype: DType, output: CpuTensor): [number, number] {
  if (dtype === 'float32') return floatActivationRange(o.activation);
  const q = perTensorQuant(output.info.quantization);
  return quantizedActivationRange(o.activation, dtype as IntDType, q?.scale ?? 1, q?.zeroPoint ?? 0);
}
