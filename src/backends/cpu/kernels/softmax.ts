// SOFTMAX over the last axis: float32, and int8/uint8 input (int8/uint8 or int16 output) via the float32
// exp lookup table of TFLite's default (generic optimized) kernel, not the gemmlowp fixed-point reference.
import type { CpuKernel, KernelContext } from '../kernel.js';
import type { Graph, Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import { roundHalfAway } from '../quant/fixed-point.js';

const f32 = Math.fround;

interface QuantState {
  /** table[255 - d] = expf(-in_scale * beta * d) for d = max - x in [0, 255]. */
  table: Float32Array;
  outScale: number;
  outZp: number;
  /** TFLite's non-aarch64 uint8 output rounding: (int)(p + 0.5f), without the zero point. */
  truncUint8: boolean;
  lo: number;
  hi: number;
}

const states = new WeakMap<Operator, QuantState>();

/** optimized_ops::PopulateSoftmaxLookupTable, in float32 steps. */
export function softmaxExpTable(inScale: number, beta: number): Float32Array {
  const table = new Float32Array(256);
  const scale = f32(-f32(inScale) * f32(beta));
  for (let v = 0; v <= 255; v++) table[255 - v] = Math.exp(f32(scale * v));
  return table;
}

function outRange(d: string): [number, number] {
  return d === 'int8' ? [-128, 127] : d === 'uint8' ? [0, 255] : [-32768, 32767];
}

export const softmaxKernel: CpuKernel = {
  check(op: Operator, graph: Graph): string | null {
    const x = graph.tensors[op.inputs[0] ?? -1];
    const y = graph.tensors[op.outputs[0] ?? -1];
    if (!x || !y) return 'needs one input and one output';
    if (op.options.kind !== 'softmax') return `expected softmax options, got ${op.options.kind}`;
    if (x.shape.length < 1) return 'input must have rank >= 1';
    if (x.dtype === 'float32') return y.dtype === 'float32' ? null : `float32 input with ${y.dtype} output not supported`;
    if (x.dtype !== 'int8' && x.dtype !== 'uint8') return `${x.dtype} input not supported`;
    if (y.dtype !== x.dtype && y.dtype !== 'int16') return `${x.dtype} input with ${y.dtype} output not supported`;
    const qi = x.quantization, qo = y.quantization;
    if (!qi?.scale.length || !qo?.scale.length) return 'quantized tensors without quantization';
    const s = qo.scale[0]!, zp = qo.zeroPoint[0] ?? 0;
    if (x.dtype === 'int8' && y.dtype === 'int8') {
      // SoftmaxPrepare: zero point -128 and scale within 0.1% of 1/256.
      if (zp !== -128) return `int8 output zero point ${zp} must be -128`;
      if (Math.abs(s - 1 / 256) > 0.001 / 256) return `int8 output scale ${s} must be 1/256`;
    }
    // TFLite's x86/wasm uint8 path drops the output zero point while its aarch64 path adds it: only 0 is unambiguous.
    if (y.dtype === 'uint8' && zp !== 0) return `uint8 output zero point ${zp} must be 0`;
    return null;
  },

  run({ op, inputs, outputs }: KernelContext): void {
    const x = inputs[0], y = outputs[0];
    if (!x || !y) throw new KernelError(op.opcode, op.index, 'missing input or output');
    const depth = x.shape[x.shape.length - 1] ?? 0;
    const n = x.data.length;
    if (y.data.length !== n) throw new KernelError(op.opcode, op.index, `input has ${n} elements, output ${y.data.length}`);
    if (depth === 0 || n === 0) return;
    const rows = n / depth;
    const beta = optionsOf(op, 'softmax').beta;

    if (x.info.dtype === 'float32') {
      const xd = x.data as Float32Array, yd = y.data as Float32Array;
      for (let r = 0, base = 0; r < rows; r++, base += depth) {
        let mx = -Infinity;
        for (let j = base; j < base + depth; j++) if (xd[j]! > mx) mx = xd[j]!;
        let sum = 0;
        for (let j = base; j < base + depth; j++) {
          const e = Math.exp((xd[j]! - mx) * beta);
          yd[j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let j = base; j < base + depth; j++) yd[j] = yd[j]! * inv;
      }
      return;
    }

    let st = states.get(op);
    if (!st) {
      const qi = x.info.quantization, qo = y.info.quantization;
      if (!qi || !qo) throw new KernelError(op.opcode, op.index, 'quantized tensors without quantization');
      const [lo, hi] = outRange(y.info.dtype);
      st = {
        table: softmaxExpTable(qi.scale[0]!, beta), outScale: f32(qo.scale[0]!), outZp: qo.zeroPoint[0] ?? 0,
        truncUint8: y.info.dtype === 'uint8', lo, hi,
      };
      states.set(op, st);
    }
    const { table, outScale, outZp, truncUint8, lo, hi } = st;
    const xd = x.data as Int8Array | Uint8Array;
    const yd = y.data as Int8Array | Uint8Array | Int16Array;
    for (let r = 0, base = 0; r < rows; r++, base += depth) {
      let mx = -Infinity;
      for (let j = base; j < base + depth; j++) if (xd[j]! > mx) mx = xd[j]!;
      const off = 255 - mx;
      let sum = 0;
      for (let j = base; j < base + depth; j++) sum = f32(sum + table[off + xd[j]!]!);
      const inv = f32(1 / f32(sum * outScale));
      for (let j = base; j < base + depth; j++) {
        const p = f32(table[off + xd[j]!]! * inv);
        const q = truncUint8 ? Math.trunc(f32(p + 0.5)) : roundHalfAway(p) + outZp;
        yd[j] = q > hi ? hi : q < lo ? lo : q;
      }
    }
  },
};
