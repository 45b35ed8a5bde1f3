// SOFTMAX on the GPU over the last axis: float32, and int8/uint8 input (int8/uint8/int16 output) reproducing the
// CPU kernel's float32 table algorithm bit for bit (table computed on the host by the CPU's softmaxExpTable).
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { numElements } from '../../../graph/dtype.js';
import { softmaxExpTable, softmaxKernel } from '../../cpu/kernels/softmax.js';
import { intRange, type IntDType } from '../../cpu/quant/activation.js';
import type { GpuKernel, GpuKernelContext, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const WG_LOOP = 64;
const WG_ROW = 64;

/** Long rows with few of them get a workgroup each; short rows (e.g. 10 classes) one invocation each. */
export function softmaxUsesWorkgroup(rows: number, depth: number): boolean {
  return depth >= 64 && rows <= 4096;
}

function pass(op: Operator, ctx: GpuKernelContext): GpuPass {
  const x = op.inputs[0]!, y = op.outputs[0]!;
  const shape = ctx.shape(x);
  const depth = shape[shape.length - 1] ?? 0;
  const n = numElements(shape);
  const rows = depth > 0 ? n / depth : 0;
  const xt = ctx.graph.tensors[x]!, yt = ctx.graph.tensors[y]!;
  const beta = optionsOf(op, 'softmax').beta;
  const perRow = softmaxUsesWorkgroup(rows, depth);
  const workgroups = perRow ? grid(rows, 1, ctx.maxWorkgroupsPerDim) : grid(rows, WG_LOOP, ctx.maxWorkgroupsPerDim);
  const variant = perRow ? 'wg' : 'loop';
  const WG = perRow ? WG_ROW : WG_LOOP;
  if (xt.dtype === 'float32') {
    return {
      shader: 'softmax', entryPoint: `softmax_f32_${variant}`, overrides: { WG },
      params: { rows, depth, beta, out_scale: 0, out_zp: 0, q_min: 0, q_max: 0 },
      resources: { in_f32: { kind: 'tensor', tensor: x }, out_f32: { kind: 'tensor', tensor: y } },
      workgroups,
    };
  }
  const qi = xt.quantization!, qo = yt.quantization!;
  const [qMin, qMax] = intRange(yt.dtype as IntDType);
  const inScale = qi.scale[0]!;
  return {
    shader: 'softmax', entryPoint: `softmax_q_${variant}`, overrides: { WG, TRUNC_U8: yt.dtype === 'uint8' ? 1 : 0 },
    params: { rows, depth, beta, out_scale: Math.fround(qo.scale[0]!), out_zp: qo.zeroPoint[0] ?? 0, q_min: qMin, q_max: qMax },
    resources: {
      in_q: { kind: 'tensor', tensor: x }, out_q: { kind: 'tensor', tensor: y },
      table: { kind: 'const', key: `SOFTMAX#${op.index}:exp-table`, data: () => softmaxExpTable(inScale, beta) },
    },
    workgroups,
  };
}

export const softmaxGpuKernel: GpuKernel = {
  check(op, graph) {
    const r = softmaxKernel.check(op, graph);
    if (r !== null) return r;
    const x = graph.tensors[op.inputs[0]!]!, y = graph.tensors[op.outputs[0]!]!;
    if (x.dtype === 'float32') return null;
    // The integer emulation of the final rounding assumes normal f32 products (any realistic output scale).
    const s = Math.fround(y.quantization!.scale[0]!);
    if (!(s >= 2 ** -100 && s <= 2 ** 100)) return `output scale ${s} outside [2^-100, 2^100]`;
    const beta = optionsOf(op, 'softmax').beta;
    if (!Number.isFinite(beta) || !Number.isFinite(x.quantization!.scale[0]!)) return 'non-finite beta or input scale';
    return null;
  },
  passes: (op, ctx) => [pass(op, ctx)],
};
