// MEAN on the GPU: float32, and every int8/uint8 path of TFLite 2.9's EvalMean with the CPU kernel's constants
// (quant-params/mean.ts); the float-rescale path runs as exact thresholds precomputed with the CPU's arithmetic.
import type { Operator } from '../../../graph/ir.js';
import { optionsOf } from '../../../graph/ir.js';
import { numElements } from '../../../graph/dtype.js';
import { KernelError } from '../../../errors.js';
import { meanKernel } from '../../cpu/kernels/mean.js';
import { perTensorQuant } from '../../cpu/kernels/shared/broadcast-check.js';
import { meanQuantParams, meanQuantizedValue, type MeanQuantParams } from '../../quant-params/mean.js';
import type { GpuKernel, GpuKernelContext, GpuPass } from '../kernel.js';
import { grid } from '../kernel.js';

const GROUPS = 4;
const WG_LOOP = 64;
const WG_REDUCE = 64;
const MODES = { int8Spatial: 0, uint8Spatial: 1, truncate: 2, rescale: 3 } as const;
const MODE_COPY = 4;

interface Geometry {
  kept: [number, number][];
  reduced: [number, number][];
  count: number;
  numOut: number;
}

/** Merges adjacent dimensions of the same kind (kept/reduced) after dropping sizes of 1; null above 4 groups. */
export function meanGeometry(shape: readonly number[], axes: ArrayLike<number>): Geometry | null {
  const rank = shape.length;
  const red = new Array<boolean>(rank).fill(false);
  for (let i = 0; i < axes.length; i++) red[axes[i]! < 0 ? axes[i]! + rank : axes[i]!] = true;
  const strides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) { strides[i] = s; s *= shape[i]!; }
  const kept: [number, number][] = [], reduced: [number, number][] = [];
  let count = 1, numOut = 1, last: boolean | null = null;
  for (let i = 0; i < rank; i++) {
    const d = shape[i]!;
    if (red[i]) count *= d; else numOut *= d;
    if (d === 1) continue;
    const list = red[i] ? reduced : kept;
    // Row-major: the merged group's stride is its innermost dimension's.
    if (last === red[i]) { const g = list[list.length - 1]!; g[0] *= d; g[1] = strides[i]!; } else list.push([d, strides[i]!]);
    last = red[i]!;
  }
  if (kept.length > GROUPS || reduced.length > GROUPS) return null;
  return { kept, reduced, count, numOut };
}

function axesOf(op: Operator, g: GpuKernelContext['graph']): Int32Array {
  const a = g.tensors[op.inputs[1]!]!.data;
  if (!(a instanceof Int32Array)) throw new KernelError(op.opcode, op.index, 'axis tensor must be a constant int32');
  return a;
}

/**
 * rescale mode: the CPU's value for a sum is non-decreasing in the sum (every step — int to float, division by
 * the count, product with the positive scale ratio, bias, rounding, clamp — is monotone), so it is fully
 * described by the smallest int32 sum reaching each output value above q_min; found by bisection over the whole
 * int32 range with the CPU's own meanQuantizedValue, then the GPU counts the thresholds a sum reaches.
 */
export function meanRescaleThresholds(p: MeanQuantParams): Int32Array {
  const out: number[] = [];
  const MIN = -2147483648, MAX = 2147483647;
  for (let v = p.lo + 1; v <= p.hi; v++) {
    if (meanQuantizedValue(p, MAX) < v) break;
    let lo = MIN, hi = MAX; // invariant: value(hi) >= v; answer in [lo, hi]
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (meanQuantizedValue(p, mid) >= v) hi = mid; else lo = mid + 1;
    }
    out.push(lo);
  }
  return Int32Array.from(out);
}

const EMPTY_THRESHOLDS = new Int32Array(1);

export const meanGpuKernel: GpuKernel = {
  check(op, graph) {
    const r = meanKernel.check(op, graph);
    if (r !== null) return r;
    const shape = graph.tensors[op.inputs[0]!]!.shape;
    if (shape.length > 2 * GROUPS) return `rank ${shape.length} above ${2 * GROUPS}`;
    return null;
  },

  passes(op, ctx): GpuPass[] {
    const x = op.inputs[0]!, y = op.outputs[0]!;
    const shape = ctx.shape(x);
    const axes = axesOf(op, ctx.graph);
    const geo = meanGeometry(shape, axes);
    if (!geo) throw new KernelError(op.opcode, op.index, `input [${shape}] splits into more than ${GROUPS} kept or reduced groups`);
    if (numElements(ctx.shape(y)) !== geo.numOut) {
      throw new KernelError(op.opcode, op.index, `output shape [${ctx.shape(y)}] does not hold the ${geo.numOut} means of input [${shape}]`);
    }
    const copy = axes.length === 0;
    const xt = ctx.graph.tensors[x]!, yt = ctx.graph.tensors[y]!;
    const isFloat = xt.dtype === 'float32';
    const params: Record<string, number> = {
      n_out: geo.numOut, count: geo.count, mult: 0, shift: 0, sum_correction: 0, bias: 0, out_zp: 0, q_min: 0, q_max: 0, n_thresholds: 0,
    };
    const pad = (gs: [number, number][]) => [...Array<[number, number]>(GROUPS - gs.length).fill([1, 0]), ...gs];
    pad(geo.kept).forEach(([d, s], i) => { params[`k${i}`] = d; params[`ks${i}`] = s; });
    pad(geo.reduced).forEach(([d, s], i) => { params[`r${i}`] = d; params[`rs${i}`] = s; });
    let mode = copy ? MODE_COPY : 0;
    let thresholds: { key: string; data: () => Int32Array } = { key: 'MEAN:no-thresholds', data: () => EMPTY_THRESHOLDS };
    if (!isFloat && !copy && geo.count > 0) {
      const qi = perTensorQuant(xt.quantization), qo = perTensorQuant(yt.quantization);
      if (!qi || !qo) throw new KernelError(op.opcode, op.index, 'quantized MEAN needs per-tensor quantization');
      const p = meanQuantParams(xt.dtype as 'int8' | 'uint8', qi, qo, axes, shape.length, optionsOf(op, 'reducer').keepDims, geo.count);
      mode = MODES[p.mode];
      Object.assign(params, { mult: p.multiplier, shift: p.shift, sum_correction: p.sumCorrection | 0, bias: p.bias, out_zp: p.outZeroPoint, q_min: p.lo, q_max: p.hi });
      if (p.mode === 'rescale') {
        const t = meanRescaleThresholds(p);
        params.n_thresholds = t.length;
        thresholds = { key: `MEAN#${op.index}:thresholds:${geo.count}`, data: () => (t.length ? t : EMPTY_THRESHOLDS) };
      }
    }
    // A workgroup per output pays off for long reductions into few outputs; otherwise one invocation per output.
    const reduceWg = !copy && geo.count >= 64 && geo.numOut < 2048;
    const wg = reduceWg ? WG_REDUCE : WG_LOOP;
    return [{
      shader: 'reduce', entryPoint: `mean_${isFloat ? 'f32' : 'q'}_${reduceWg ? 'wg' : 'loop'}`, overrides: { WG: wg, MODE: mode }, params,
      resources: isFloat
        ? { in_f32: { kind: 'tensor', tensor: x }, out_f32: { kind: 'tensor', tensor: y } }
        : { in_q: { kind: 'tensor', tensor: x }, out_q: { kind: 'tensor', tensor: y }, thresholds: { kind: 'const', ...thresholds } },
      workgroups: reduceWg ? grid(geo.numOut, 1, ctx.maxWorkgroupsPerDim) : grid(geo.numOut, WG_LOOP, ctx.maxWorkgroupsPerDim),
    }];
  },
};
