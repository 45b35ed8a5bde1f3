// MAX_POOL_2D: windowed maximum over NHWC input (float32, int8, uint8, int16) as TFLite's reference pooling.h.
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import type { CpuKernel } from '../kernel.js';
import { intRange, type IntDType } from '../quant/activation.js';
import { inputAt, numberData, outputAt } from './shared/broadcast-plan.js';
import { checkPoolKernel, poolClampRange, poolGeometry } from './shared/pool-common.js';

/** std::numeric_limits<float>::lowest(): TFLite's starting maximum, what an all -inf window yields. */
const FLOAT_LOWEST = -3.4028234663852886e38;

interface State {
  /** Running maximum per channel of the current output pixel. */
  acc: Float64Array;
  lo: number;
  hi: number;
  init: number;
}

const STATE = new WeakMap<Operator, State>();

export const maxPool2dKernel: CpuKernel = {
  check: checkPoolKernel,

  run({ op, inputs, outputs }) {
    const o = optionsOf(op, 'pool2d');
    const input = inputAt(op, inputs, 0), output = outputAt(op, outputs, 0);
    const g = poolGeometry(op, o, input, output);
    let st = STATE.get(op);
    if (!st || st.acc.length < g.channels) {
      const dtype = input.info.dtype;
      const [lo, hi] = poolClampRange(o, dtype, output);
      const init = dtype === 'float32' ? FLOAT_LOWEST : intRange(dtype as IntDType)[0];
      st = { acc: new Float64Array(g.channels), lo, hi, init };
      STATE.set(op, st);
    }
    const I = numberData(op, input), O = numberData(op, output);
    const { acc, lo, hi, init } = st;
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
          acc.fill(init, 0, C);
          for (let fy = fy0; fy < fy1; fy++) {
            let base = ((b * inH + y0 + fy) * inW + x0 + fx0) * C;
            for (let fx = fx0; fx < fx1; fx++, base += C) {
              for (let c = 0; c < C; c++) {
                const v = I[base + c]!;
                if (v > acc[c]!) acc[c] = v;
              }
            }
          }
          for (let c = 0; c < C; c++) {
            const v = acc[c]!;
            O[out++] = v < lo ? lo : v > hi ? hi : v;
          }
        }
      }
    }
  },
};
