// AVERAGE_POOL_2D: mean over the in-bounds part of each window (float32, int8, uint8, int16) as TFLite's pooling.h.
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { inputAt, numberData, outputAt } from './shared/broadcast-plan.js';
import { checkPoolKernel, poolClampRange, poolGeometry } from './shared/pool-common.js';

interface State {
  /** Per-channel window sums: float32 storage for float input so each addition rounds as TFLite's float does. */
  acc: Float32Array | Float64Array;
  lo: number;
  hi: number;
  isFloat: boolean;
  /** uint8 divides without sign handling (reference_ops); int8/int16 round half away from zero (integer_ops). */
  signed: boolean;
}

const STATE = new WeakMap<Operator, State>();

export const averagePool2dKernel: CpuKernel = {
  check: checkPoolKernel,

  run({ op, inputs, outputs }) {
    const o = optionsOf(op, 'pool2d');
    const input = inputAt(op, inputs, 0), output = outputAt(op, outputs, 0);
    const g = poolGeometry(op, o, input, output);
    let st = STATE.get(op);
    if (!st || st.acc.length < g.channels) {
      const dtype = input.info.dtype;
      const isFloat = dtype === 'float32';
      const [lo, hi] = poolClampRange(o, dtype, output);
      const acc = isFloat ? new Float32Array(g.channels) : new Float64Array(g.channels);
      st = { acc, lo, hi, isFloat, signed: dtype !== 'uint8' };
      STATE.set(op, st);
    }
    const I = numberData(op, input), O = numberData(op, output);
    const { acc, lo, hi, isFloat, signed } = st;
    const { batches, inH, inW, channels: C, outH, outW, padTop, padLeft } = g;
    const { strideH, strideW, filterH, filterW } = o;
    let out = 0;
    for (let b = 0; b < batches; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const y0 = oy * strideH - padTop;
        const fy0 = Math.max(0, -y0), fy1 = Math.min(filterH, inH - y0);
        for (let ox = 0; ox < outW; ox++) {
          const x0 = ox * strideW - padLeft;
          const fx0 = Math.max(0, -x0), fx1 = Math.min(filterW, inW - x0);
          const count = Math.max(0, fy1 - fy0) * Math.max(0, fx1 - fx0);
          if (count === 0) throw new KernelError(op.opcode, op.index, `window at (${oy}, ${ox}) covers no input`);
          acc.fill(0, 0, C);
          for (let fy = fy0; fy < fy1; fy++) {
            let base = ((b * inH + y0 + fy) * inW + x0 + fx0) * C;
            for (let fx = fx0; fx < fx1; fx++, base += C) {
              for (let c = 0; c < C; c++) acc[c] += I[base + c]!;
            }
          }
          if (isFloat) {
            for (let c = 0; c < C; c++) {
              const v = Math.fround(acc[c]! / count);
              O[out++] = v < lo ? lo : v > hi ? hi : v;
            }
          } else {
            // C++ integer division truncates toward zero; half of the count is added away from zero first.
            const half = Math.floor(count / 2);
            for (let c = 0; c < C; c++) {
              const s = acc[c]!;
              const v = signed && s <= 0 ? Math.trunc((s - half) / count) : Math.trunc((s + half) / count);
              O[out++] = v < lo ? lo : v > hi ? hi : v;
            }
          }
        }
      }
    }
  },
};
