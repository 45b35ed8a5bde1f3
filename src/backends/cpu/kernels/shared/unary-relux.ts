// RELU / RELU6 bodies: float clamps and TFLite's QuantizedReluX (requantize in -> out, clamp to the activation).
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import { KernelError } from '../../../../errors.js';
import type { KernelContext } from '../../kernel.js';
import { reluXRequantParams, type ReluKind } from '../../../quant-params/relux.js';
import { perTensorQuant, preparedState, unaryRun, unaryTensors, type NumberArray } from './unary-common.js';
import { applyTable8, requantArray, requantTable8, type RequantParams } from './unary-requant.js';

export type { ReluKind };

type State = { kind: 'table'; table: Int32Array } | { kind: 'wide'; params: RequantParams };

const states = new WeakMap<Operator, State>();

function quantParams(input: Tensor, output: Tensor): { inScale: number; inZp: number; outScale: number; outZp: number } | string {
  const iq = perTensorQuant(input, 'input');
  if (typeof iq === 'string') return iq;
  const oq = perTensorQuant(output, 'output');
  if (typeof oq === 'string') return oq;
  return { inScale: iq.scale, inZp: iq.zeroPoint, outScale: oq.scale, outZp: oq.zeroPoint };
}

/** activations.cc ReluPrepare / Relu(6)Eval: float32, uint8, int8, and int16 with zero points 0. */
export function checkReluX(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  if (input.dtype !== output.dtype) return `input ${input.dtype} and output ${output.dtype} differ`;
  switch (input.dtype) {
    case 'float32': return null;
    case 'int8': case 'uint8': case 'int16': {
      const q = quantParams(input, output);
      if (typeof q === 'string') return q;
      if (input.dtype === 'int16' && (q.inZp !== 0 || q.outZp !== 0)) {
        return `int16 zero points must be 0 (input ${q.inZp}, output ${q.outZp})`;
      }
      return null;
    }
    default:
      return `${input.dtype} not supported (float32, int8, uint8 or int16)`;
  }
}

function prepare(op: Operator, kind: ReluKind, input: Tensor, output: Tensor): State {
  const q = quantParams(input, output);
  if (typeof q === 'string') throw new KernelError(op.opcode, op.index, q);
  const dt = input.dtype;
  if (dt !== 'int8' && dt !== 'uint8' && dt !== 'int16') throw new KernelError(op.opcode, op.index, `${dt} not quantized`);
  const params = reluXRequantParams(kind, dt, { scale: q.inScale, zeroPoint: q.inZp }, { scale: q.outScale, zeroPoint: q.outZp });
  if (dt === 'int16') return { kind: 'wide', params };
  return { kind: 'table', table: requantTable8(dt === 'int8', params) };
}

export function runReluX(ctx: KernelContext, kind: ReluKind): void {
  const r = unaryRun(ctx);
  const { op } = ctx;
  const src = r.input.data;
  const dst = r.output.data as NumberArray;
  const n = r.n;
  if (src instanceof Float32Array) {
    if (kind === 'RELU') {
      // reference Relu: val < 0 ? 0 : val (NaN and -0 pass through).
      for (let i = 0; i < n; i++) {
        const v = src[i];
        dst[i] = v < 0 ? 0 : v;
      }
    } else {
      // Relu6Eval: std::min(std::max(0.f, x), 6.f), which maps NaN to 0.
      for (let i = 0; i < n; i++) {
        const v = src[i];
        const m = 0 < v ? v : 0;
        dst[i] = 6 < m ? 6 : m;
      }
    }
    return;
  }
  const s = preparedState(states, op, () => prepare(op, kind, r.input.info, r.output.info));
  if (s.kind === 'table') {
    applyTable8(s.table, src, dst, n);
    return;
  }
  if (!(src instanceof Int16Array)) throw new KernelError(op.opcode, op.index, 'int16 input data expected');
  requantArray(src, dst, n, s.params);
}
