// HARD_SWISH: x * relu6(x + 3) / 6 in float32, and TFLite's int16 fixed-point reference kernel on int8/uint8.
import type { Graph, Operator, Tensor } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { hardSwishPrepare, hardSwishTable8, type HardSwishParams } from '../../quant-params/hard-swish.js';
export { hardSwishParams, hardSwishQuantized, type HardSwishParams } from '../../quant-params/hard-swish.js';
import { applyTable8 } from './shared/unary-requant.js';
import { perTensorQuant, preparedState, unaryRun, unaryTensors, type NumberArray } from './shared/unary-common.js';

const states = new WeakMap<Operator, Int32Array>();

function quantReason(input: Tensor, output: Tensor): HardSwishParams | string {
  const iq = perTensorQuant(input, 'input');
  if (typeof iq === 'string') return iq;
  const oq = perTensorQuant(output, 'output');
  if (typeof oq === 'string') return oq;
  return hardSwishPrepare(iq, oq);
}

function checkOp(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  if (input.dtype !== output.dtype) return `input ${input.dtype} and output ${output.dtype} differ`;
  if (input.dtype === 'float32') return null;
  if (input.dtype !== 'int8' && input.dtype !== 'uint8') return `${input.dtype} not supported (float32, int8 or uint8)`;
  const p = quantReason(input, output);
  return typeof p === 'string' ? p : null;
}

function prepareTable(op: Operator, input: Tensor, output: Tensor): Int32Array {
  const p = quantReason(input, output);
  if (typeof p === 'string') throw new KernelError(op.opcode, op.index, p);
  return hardSwishTable8(input.dtype as 'int8' | 'uint8', p);
}

export const hardSwishKernel: CpuKernel = {
  check: checkOp,
  run(ctx) {
    const r = unaryRun(ctx);
    const { op } = ctx;
    const src = r.input.data;
    const dst = r.output.data as NumberArray;
    const n = r.n;
    if (src instanceof Float32Array) {
      const f = Math.fround;
      // reference HardSwish: in * std::min(6.f, std::max(0.f, in + 3)) / 6, each step in float32.
      for (let i = 0; i < n; i++) {
        const x = src[i];
        const t = f(x + 3);
        const m = 0 < t ? t : 0;
        const c = m < 6 ? m : 6;
        dst[i] = f(x * c) / 6;
      }
      return;
    }
    if (r.input.info.dtype !== 'int8' && r.input.info.dtype !== 'uint8') {
      throw new KernelError(op.opcode, op.index, `${r.input.info.dtype} not supported`);
    }
    const table = preparedState(states, op, () => prepareTable(op, r.input.info, r.output.info));
    applyTable8(table, src, dst, n);
  },
};
