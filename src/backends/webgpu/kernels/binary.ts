// ADD, SUB, MUL on the GPU: float32 with fused activation, int8/uint8 with TFLite's integer requantization.
import type { Graph, Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { floatActivationRange, type IntDType } from '../../cpu/quant/activation.js';
import { addSubParams, mulParams } from '../../quant-params/add-sub.js';
import { KernelError } from '../../../errors.js';
import type { GpuKernel, GpuKernelContext, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';
import { broadcastParams } from './broadcast.js';

const WG = 64;
type Kind = 'ADD' | 'SUB' | 'MUL';

function tensors(op: Operator, g: Graph) {
  const [ia, ib] = op.inputs;
  const a = ia !== undefined && ia >= 0 ? g.tensors[ia] : undefined;
  const b = ib !== undefined && ib >= 0 ? g.tensors[ib] : undefined;
  const o = op.outputs[0] !== undefined ? g.tensors[op.outputs[0]] : undefined;
  return a && b && o ? { a, b, o } : null;
}

function quantParams(kind: Kind, op: Operator, g: Graph) {
  const t = tensors(op, g)!;
  const act = optionsOf(op, 'arithmetic').activation;
  const d = t.a.dtype as IntDType;
  if (!t.a.quantization || !t.b.quantization || !t.o.quantization) return 'quantized inputs need quantization parameters';
  return kind === 'MUL' ? { ...mulParams(d, t.a.quantization, t.b.quantization, t.o.quantization, act), leftShift: 0, aMult: 0, aShift: 0, bMult: 0, bShift: 0 }
    : addSubParams(d, t.a.quantization, t.b.quantization, t.o.quantization, act);
}

function makeKernel(kind: Kind): GpuKernel {
  return {
    check(op, g) {
      const t = tensors(op, g);
      if (!t) return 'needs two inputs and an output';
      const act = optionsOf(op, 'arithmetic').activation;
      if (act === 'TANH' || act === 'SIGN_BIT') return `fused ${act} not supported`;
      if (t.a.dtype !== t.b.dtype || t.a.dtype !== t.o.dtype) return `dtype mismatch ${t.a.dtype}/${t.b.dtype} -> ${t.o.dtype}`;
      if (t.o.shape.length > 6 || t.a.shape.length > 6 || t.b.shape.length > 6) return 'rank above 6';
      if (t.a.dtype === 'float32') return null;
      if (t.a.dtype !== 'int8' && t.a.dtype !== 'uint8') return `${t.a.dtype} not supported on the GPU`;
      if ([t.a, t.b, t.o].some((x) => (x.quantization?.scale.length ?? 0) !== 1)) return 'needs per-tensor quantization';
      const p = quantParams(kind, op, g);
      return typeof p === 'string' ? p : null;
    },
    passes(op, ctx: GpuKernelContext): GpuPass[] {
      const [ia, ib] = op.inputs as [number, number];
      const io = op.outputs[0]!;
      const shapes = broadcastParams(ctx.shape(ia), ctx.shape(ib), ctx.shape(io));
      const workgroups = grid(shapes.n!, WG, ctx.maxWorkgroupsPerDim);
      const dtype = ctx.graph.tensors[ia]!.dtype;
      if (dtype === 'float32') {
        const [lo, hi] = floatActivationRange(optionsOf(op, 'arithmetic').activation);
        return [{
          shader: 'binary', entryPoint: 'binary_f32', overrides: { OP: kind === 'ADD' ? 0 : kind === 'SUB' ? 1 : 2, WG },
          params: { ...shapes, act_min: Math.max(lo, -3.4e38), act_max: Math.min(hi, 3.4e38) },
          resources: { a_f32: { kind: 'tensor', tensor: ia }, b_f32: { kind: 'tensor', tensor: ib }, out_f32: { kind: 'tensor', tensor: io } },
          workgroups,
        }];
      }
      const q = quantParams(kind, op, ctx.graph);
      if (typeof q === 'string') throw new KernelError(op.opcode, op.index, q);
      return [{
        shader: 'binary_quantized', entryPoint: kind === 'MUL' ? 'mul_q8' : 'add_sub_q8',
        overrides: kind === 'MUL' ? { WG } : { WG, SUBTRACT: kind === 'SUB' ? 1 : 0 },
        params: { ...shapes, a_offset: q.aOffset, b_offset: q.bOffset, a_mult: q.aMult, a_shift: q.aShift, b_mult: q.bMult, b_shift: q.bShift,
          out_mult: q.outMult, out_shift: q.outShift, out_offset: q.outOffset, left_shift: q.leftShift, q_min: q.qMin, q_max: q.qMax },
        resources: { a_q: { kind: 'tensor', tensor: ia }, b_q: { kind: 'tensor', tensor: ib }, out_q: { kind: 'tensor', tensor: io } },
        workgroups,
      }];
    },
  };
}

export const addGpuKernel = makeKernel('ADD');
export const subGpuKernel = makeKernel('SUB');
export const mulGpuKernel = makeKernel('MUL');
