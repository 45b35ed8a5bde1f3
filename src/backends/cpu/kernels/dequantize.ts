// DEQUANTIZE: int8/uint8/int16/int32 -> float32 as scale * (q - zero_point), per-tensor or per-channel; float16 -> float32.
import type { Graph, Operator, Tensor } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { halfArrayToFloat32Into } from './shared/float16.js';
import { applyTable8 } from './shared/unary-requant.js';
import { preparedState, unaryRun, unaryTensors } from './shared/unary-common.js';

type State =
  | { kind: 'half' }
  | { kind: 'table'; table: Float32Array }
  | { kind: 'wide'; scale: number; zeroPoint: number }
  | { kind: 'channel'; dim: number; scales: Float64Array; zeroPoints: Int32Array };

const states = new WeakMap<Operator, State>();

const QUANTIZED = ['int8', 'uint8', 'int16', 'int32'];

function checkQuant(input: Tensor): string | null {
  const q = input.quantization;
  if (!q || q.scale.length === 0) return `${input.dtype} input has no quantization parameters`;
  for (const s of q.scale) {
    if (!(Math.fround(s) > 0) || !Number.isFinite(Math.fround(s))) return `input scale ${s} is not a positive finite number`;
  }
  for (const z of q.zeroPoint) if (!Number.isInteger(z)) return `input zero point ${z} is not an integer`;
  if (q.scale.length === 1) {
    if (q.zeroPoint.length > 1) return `input has 1 scale but ${q.zeroPoint.length} zero points`;
    return null;
  }
  // dequantize.h: PerChannelDequantize exists for uint8 and int8 only.
  if (input.dtype !== 'int8' && input.dtype !== 'uint8') return `per-channel ${input.dtype} input not supported (int8/uint8 only)`;
  const d = q.quantizedDimension;
  if (!Number.isInteger(d) || d < 0 || d >= input.shape.length) {
    return `quantized_dimension ${d} out of range for rank ${input.shape.length}`;
  }
  if (q.scale.length !== input.shape[d]) {
    return `${q.scale.length} scales for dimension ${d} of size ${input.shape[d]}`;
  }
  if (q.zeroPoint.length !== q.scale.length) return `${q.scale.length} scales but ${q.zeroPoint.length} zero points`;
  return null;
}

function checkOp(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  if (output.dtype !== 'float32') return `${output.dtype} output not supported (float32 only)`;
  if (input.dtype === 'float16') return null;
  if (!QUANTIZED.includes(input.dtype)) return `${input.dtype} input not supported (int8, uint8, int16, int32 or float16)`;
  return checkQuant(input);
}

function prepare(op: Operator, input: Tensor): State {
  if (input.dtype === 'float16') return { kind: 'half' };
  const reason = checkQuant(input);
  const q = input.quantization;
  if (reason !== null || !q) throw new KernelError(op.opcode, op.index, reason ?? 'input has no quantization');
  if (q.scale.length > 1) {
    return {
      kind: 'channel', dim: q.quantizedDimension,
      scales: Float64Array.from(q.scale, (s) => Math.fround(s)), zeroPoints: Int32Array.from(q.zeroPoint),
    };
  }
  const scale = Math.fround(q.scale[0] ?? NaN);
  const zeroPoint = q.zeroPoint[0] ?? 0;
  if (input.dtype === 'int8' || input.dtype === 'uint8') {
    // Reference Dequantize: static_cast<float>(double(scale) * (val - zero_point)); the product of a float32
    // scale and a 9-bit integer is exact in double, so one rounding to float32 at the store matches.
    const table = new Float32Array(256);
    for (let b = 0; b < 256; b++) {
      const v = input.dtype === 'int8' && b >= 128 ? b - 256 : b;
      table[b] = scale * (v - zeroPoint);
    }
    return { kind: 'table', table };
  }
  return { kind: 'wide', scale, zeroPoint };
}

export const dequantizeKernel: CpuKernel = {
  check: checkOp,
  run(ctx) {
    const r = unaryRun(ctx);
    const { op } = ctx;
    const s = preparedState(states, op, () => prepare(op, r.input.info));
    const src = r.input.data;
    const dst = r.output.data;
    if (!(dst instanceof Float32Array)) throw new KernelError(op.opcode, op.index, 'float32 output data expected');
    const n = r.n;
    switch (s.kind) {
      case 'half':
        if (!(src instanceof Uint16Array)) throw new KernelError(op.opcode, op.index, 'float16 input data expected');
        halfArrayToFloat32Into(src.length === n ? src : src.subarray(0, n), dst);
        return;
      case 'table':
        applyTable8(s.table, src, dst, n);
        return;
      case 'wide': {
        if (!(src instanceof Int16Array || src instanceof Int32Array)) {
          throw new KernelError(op.opcode, op.index, 'int16 or int32 input data expected');
        }
        const { scale, zeroPoint } = s;
        // int32 (val - zero_point) wraps in C++; the double product then rounds once to float32 at the store.
        for (let i = 0; i < n; i++) dst[i] = scale * ((src[i] - zeroPoint) | 0);
        return;
      }
      case 'channel': {
        if (!(src instanceof Int8Array || src instanceof Uint8Array)) {
          throw new KernelError(op.opcode, op.index, 'int8 or uint8 input data expected');
        }
        const shape = r.input.shape;
        const channels = shape[s.dim] ?? 0;
        if (channels !== s.scales.length) {
          throw new KernelError(op.opcode, op.index, `${s.scales.length} scales for a dimension of size ${channels}`);
        }
        let inner = 1;
        for (let d = s.dim + 1; d < shape.length; d++) inner *= shape[d] ?? 1;
        const outer = channels * inner === 0 ? 0 : n / (channels * inner);
        const { scales, zeroPoints } = s;
        // PerChannelDequantize: float scale[c] * int32 (val - zp[c]), exact in double for 8-bit values.
        let i = 0;
        for (let o = 0; o < outer; o++) {
          for (let c = 0; c < channels; c++) {
            const sc = scales[c];
            const zp = zeroPoints[c];
            const end = i + inner;
            for (; i < end; i++) dst[i] = sc * (src[i] - zp);
          }
        }
        return;
      }
    }
  },
};
