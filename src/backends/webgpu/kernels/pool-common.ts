// Pass builder shared by MAX_POOL_2D and AVERAGE_POOL_2D (shaders/pool.wgsl): the CPU kernels' checks and
// padding arithmetic (pool-padding.ts), one invocation per output element.
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { checkPoolKernel } from '../../cpu/kernels/shared/pool-common.js';
import { poolOutSize, poolPadBefore } from '../../cpu/kernels/shared/pool-padding.js';
import { perTensorQuant } from '../../cpu/kernels/shared/broadcast-check.js';
import { floatActivationRange, quantizedActivationRange, type IntDType } from '../../cpu/quant/activation.js';
import type { GpuKernel, GpuKernelContext, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const WG = 64;

function poolPass(op: Operator, ctx: GpuKernelContext, kind: 'max' | 'avg'): GpuPass {
  const o = optionsOf(op, 'pool2d');
  const x = op.inputs[0]!, y = op.outputs[0]!;
  const [batches, inH, inW, channels] = ctx.shape(x) as [number, number, number, number];
  const outH = poolOutSize(o.padding, inH, o.filterH, o.strideH);
  const outW = poolOutSize(o.padding, inW, o.filterW, o.strideW);
  const s = ctx.shape(y);
  if (s.length !== 4 || s[0] !== batches || s[1] !== outH || s[2] !== outW || s[3] !== channels) {
    throw new KernelError(op.opcode, op.index, `output shape [${s}] differs from the expected [${batches},${outH},${outW},${channels}]`);
  }
  const n = batches * outH * outW * channels;
  const dtype = ctx.graph.tensors[x]!.dtype;
  const isFloat = dtype === 'float32';
  const [flo, fhi] = floatActivationRange(o.activation);
  let qMin = 0, qMax = 0;
  if (!isFloat) {
    const q = perTensorQuant(ctx.graph.tensors[y]!.quantization);
    [qMin, qMax] = quantizedActivationRange(o.activation, dtype as IntDType, q?.scale ?? 1, q?.zeroPoint ?? 0);
  }
  return {
    shader: 'pool', entryPoint: `${kind}_pool_${isFloat ? 'f32' : 'q'}`, overrides: { WG },
    params: {
      n, in_h: inH, in_w: inW, channels, out_h: outH, out_w: outW, stride_h: o.strideH, stride_w: o.strideW,
      filter_h: o.filterH, filter_w: o.filterW,
      pad_top: poolPadBefore(inH, o.filterH, o.strideH, outH), pad_left: poolPadBefore(inW, o.filterW, o.strideW, outW),
      act_min: Number.isFinite(flo) ? flo : 0, act_max: Number.isFinite(fhi) ? fhi : 0,
      has_min: Number.isFinite(flo) ? 1 : 0, has_max: Number.isFinite(fhi) ? 1 : 0, q_min: qMin, q_max: qMax,
    },
    resources: isFloat
      ? { in_f32: { kind: 'tensor', tensor: x }, out_f32: { kind: 'tensor', tensor: y } }
      : { in_q: { kind: 'tensor', tensor: x }, out_q: { kind: 'tensor', tensor: y } },
    workgroups: grid(n, WG, ctx.maxWorkgroupsPerDim),
  };
}

export function makePoolKernel(kind: 'max' | 'avg'): GpuKernel {
  return {
    // Exactly what the CPU kernels accept: float32, int8, uint8, int16 NHWC with equal in/out quantization.
    check: (op, graph) => checkPoolKernel(op, graph),
    passes: (op, ctx) => [poolPass(op, ctx, kind)],
  };
}
