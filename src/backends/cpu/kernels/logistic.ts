// LOGISTIC (sigmoid): float32 directly; int8/uint8 through the lookup table TFLite's default kernel builds.
import type { CpuKernel, KernelContext } from '../kernel.js';
import type { Graph, Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { applyLut8, buildLut8, logisticF32, type Lut8 } from './shared/lut8.js';

const luts = new WeakMap<Operator, Lut8>();

export const logisticKernel: CpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    const x = graph.tensors[op.inputs[0] ?? -1];
    const y = graph.tensors[op.outputs[0] ?? -1];
    if (!x || !y) return 'needs one input and one output';
    if (x.dtype !== y.dtype) return `input ${x.dtype} with output ${y.dtype} not supported`;
    if (x.dtype === 'float32') return null;
    if (x.dtype !== 'int8' && x.dtype !== 'uint8') return `${x.dtype} input not supported`;
    if (!x.quantization?.scale.length || !y.quantization?.scale.length) return `${x.dtype} tensors without quantization`;
    // TFLite (SigmoidPrepare) requires exactly this output scale; the table itself handles any zero point.
    if (y.quantization.scale[0] !== 1 / 256) return `${y.dtype} output scale ${y.quantization.scale[0]} must be 1/256`;
    return null;
  },

  run({ op, inputs, outputs }: KernelContext): void {
    const x = inputs[0], y = outputs[0];
    if (!x || !y) throw new KernelError(op.opcode, op.index, 'missing input or output');
    const n = y.data.length;
    if (x.data.length !== n) throw new KernelError(op.opcode, op.index, `input has ${x.data.length} elements, output ${n}`);
    if (x.info.dtype === 'float32') {
      const xd = x.data as Float32Array, yd = y.data as Float32Array;
      for (let i = 0; i < n; i++) yd[i] = 1 / (1 + Math.exp(-xd[i]!));
      return;
    }
    let lut = luts.get(op);
    if (!lut) {
      const qi = x.info.quantization, qo = y.info.quantization;
      if (!qi || !qo) throw new KernelError(op.opcode, op.index, 'quantized tensors without quantization');
      lut = buildLut8(x.info.dtype as 'int8' | 'uint8', qi.scale[0]!, qi.zeroPoint[0] ?? 0, qo.scale[0]!,
        qo.zeroPoint[0] ?? 0, logisticF32);
      luts.set(op, lut);
    }
    applyLut8(lut, x.data as Int8Array | Uint8Array, y.data as Int8Array | Uint8Array, n);
  },
};
