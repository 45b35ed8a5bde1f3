// Output-shape rules per builtin operator, evaluated by the planner for the concrete input shapes of a run.
import type { Operator } from '../graph/ir.js';
import { optionsOf } from '../graph/ir.js';
import type { Padding } from '../graph/options.js';
import { ModelValidationError } from '../errors.js';
import { numElements } from '../graph/dtype.js';
import { broadcastShapes } from './broadcast.js';
import { stridedSliceParams } from './strided-slice-params.js';

export interface ShapeEnv {
  /** Shape of an operator input (null for an omitted optional input). */
  shape(inputIdx: number): number[] | null;
  /** Integer values of an operator input when known at plan time (a constant, or folded), else null. */
  values(inputIdx: number): number[] | null;
  where: string;
}

type Rule = (op: Operator, env: ShapeEnv) => number[][];

function req(env: ShapeEnv, i: number): number[] {
  const s = env.shape(i);
  if (!s) throw new ModelValidationError(`${env.where}: input ${i} is required`);
  return s;
}
function reqValues(env: ShapeEnv, i: number, what: string): number[] {
  const v = env.values(i);
  if (!v) throw new ModelValidationError(`${env.where}: ${what} (input ${i}) must be known when planning (a constant)`);
  return v;
}
function axisOf(axis: number, rank: number, env: ShapeEnv): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ModelValidationError(`${env.where}: axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** TFLite's ComputeOutSize. */
export function convOutSize(padding: Padding, size: number, filter: number, stride: number, dilation: number): number {
  const eff = (filter - 1) * dilation + 1;
  return padding === 'SAME' ? Math.floor((size + stride - 1) / stride) : Math.floor((size - eff + stride) / stride);
}

const same: Rule = (_op, env) => [req(env, 0).slice()];
const broadcast: Rule = (_op, env) => [broadcastShapes(req(env, 0), req(env, 1), env.where)];

function spatial(env: ShapeEnv, input: number[], kh: number, kw: number, o: { padding: Padding; strideH: number; strideW: number },
  dh: number, dw: number, channels: number): number[][] {
  if (input.length !== 4) throw new ModelValidationError(`${env.where}: input must be 4-D NHWC, got [${input}]`);
  if (o.strideH <= 0 || o.strideW <= 0 || dh <= 0 || dw <= 0) throw new ModelValidationError(`${env.where}: strides and dilations must be positive`);
  const oh = convOutSize(o.padding, input[1]!, kh, o.strideH, dh);
  const ow = convOutSize(o.padding, input[2]!, kw, o.strideW, dw);
  if (oh <= 0 || ow <= 0) throw new ModelValidationError(`${env.where}: window ${kh}x${kw} does not fit input [${input}]`);
  return [[input[0]!, oh, ow, channels]];
}

const RULES: Record<string, Rule> = {
  CONV_2D: (op, env) => {
    const o = optionsOf(op, 'conv2d');
    const f = req(env, 1);
    if (f.length !== 4) throw new ModelValidationError(`${env.where}: filter must be 4-D, got [${f}]`);
    const inC = req(env, 0)[3];
    if (inC !== undefined && f[3] !== undefined && inC % f[3] !== 0) throw new ModelValidationError(`${env.where}: input has ${inC} channels, filter expects ${f[3]}`);
    return spatial(env, req(env, 0), f[1]!, f[2]!, o, o.dilationH, o.dilationW, f[0]!);
  },
  DEPTHWISE_CONV_2D: (op, env) => {
    const o = optionsOf(op, 'depthwiseConv2d');
    const f = req(env, 1);
    if (f.length !== 4) throw new ModelValidationError(`${env.where}: filter must be 4-D, got [${f}]`);
    return spatial(env, req(env, 0), f[1]!, f[2]!, o, o.dilationH, o.dilationW, f[3]!);
  },
  MAX_POOL_2D: (op, env) => {
    const o = optionsOf(op, 'pool2d');
    return spatial(env, req(env, 0), o.filterH, o.filterW, o, 1, 1, req(env, 0)[3]!);
  },
  AVERAGE_POOL_2D: (op, env) => RULES.MAX_POOL_2D!(op, env),
  FULLY_CONNECTED: (op, env) => {
    const o = optionsOf(op, 'fullyConnected');
    const x = req(env, 0), w = req(env, 1);
    if (w.length !== 2) throw new ModelValidationError(`${env.where}: weights must be 2-D, got [${w}]`);
    const [units, depth] = w as [number, number];
    const n = numElements(x);
    if (depth === 0 || n % depth !== 0) throw new ModelValidationError(`${env.where}: input [${x}] is not a multiple of the weights' input depth ${depth}`);
    if (o.keepNumDims) {
      if (x[x.length - 1] !== depth) throw new ModelValidationError(`${env.where}: keep_num_dims needs the input's last dimension ${x[x.length - 1]} to equal ${depth}`);
      return [[...x.slice(0, -1), units]];
    }
    return [[n / depth, units]];
  },
  SOFTMAX: same, LOGISTIC: same, TANH: same, RELU: same, RELU6: same, HARD_SWISH: same, QUANTIZE: same,
  DEQUANTIZE: same, CAST: same, LEAKY_RELU: same,
  ADD: broadcast, SUB: broadcast, MUL: broadcast, DIV: broadcast,
  RESHAPE: (op, env) => {
    const x = req(env, 0);
    let target: number[] | null = null;
    const s = env.shape(1);
    if (s && s.length === 1 && s[0]! > 0) target = reqValues(env, 1, 'new shape');
    else if (op.options.kind === 'reshape' && op.options.newShape) target = op.options.newShape;
    else if (s) target = env.values(1) ?? [];
    if (!target) throw new ModelValidationError(`${env.where}: no new shape given`);
    const n = numElements(x);
    const known = target.filter((d) => d !== -1);
    const unknown = target.length - known.length;
    if (unknown > 1) throw new ModelValidationError(`${env.where}: new shape [${target}] has more than one -1`);
    const prod = numElements(known);
    const out = target.map((d) => (d === -1 ? (prod === 0 ? 0 : n / prod) : d));
    if (numElements(out) !== n || out.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ModelValidationError(`${env.where}: cannot reshape [${x}] (${n} elements) to [${target}]`);
    }
    return [out];
  },
  MEAN: (op, env) => {
    const x = req(env, 0);
    const keep = optionsOf(op, 'reducer').keepDims;
    const axes = new Set(reqValues(env, 1, 'axes').map((a) => axisOf(a, x.length, env)));
    const out: number[] = [];
    x.forEach((d, i) => { if (!axes.has(i)) out.push(d); else if (keep) out.push(1); });
    return [out];
  },
  PAD: (_op, env) => {
    const x = req(env, 0);
    const p = reqValues(env, 1, 'paddings');
    if (p.length !== 2 * x.length) throw new ModelValidationError(`${env.where}: paddings have ${p.length / 2} rows for rank ${x.length}`);
    if (p.some((v) => v < 0)) throw new ModelValidationError(`${env.where}: negative paddings [${p}]`);
    return [x.map((d, i) => d + p[2 * i]! + p[2 * i + 1]!)];
  },
  PADV2: (op, env) => RULES.PAD!(op, env),
  CONCATENATION: (op, env) => {
    const first = req(env, 0);
    const axis = axisOf(optionsOf(op, 'concatenation').axis, first.length, env);
    const out = first.slice();
    for (let i = 1; i < op.inputs.length; i++) {
      const s = req(env, i);
      if (s.length !== first.length || s.some((d, k) => k !== axis && d !== first[k])) {
        throw new ModelValidationError(`${env.where}: input ${i} shape [${s}] does not match [${first}] outside axis ${axis}`);
      }
      out[axis] = out[axis]! + s[axis]!;
    }
    return [out];
  },
  EXPAND_DIMS: (_op, env) => {
    const x = req(env, 0);
    const [a] = reqValues(env, 1, 'axis');
    const axis = a! < 0 ? a! + x.length + 1 : a!;
    if (axis < 0 || axis > x.length) throw new ModelValidationError(`${env.where}: axis ${a} out of range for rank ${x.length}`);
    return [[...x.slice(0, axis), 1, ...x.slice(axis)]];
  },
  SQUEEZE: (op, env) => {
    const x = req(env, 0);
    const dims = optionsOf(op, 'squeeze').squeezeDims.map((d) => axisOf(d, x.length, env));
    for (const d of dims) if (x[d] !== 1) throw new ModelValidationError(`${env.where}: cannot squeeze dimension ${d} of size ${x[d]}`);
    return [x.filter((d, i) => (dims.length ? !dims.includes(i) : d !== 1))];
  },
  TRANSPOSE: (_op, env) => {
    const x = req(env, 0);
    const perm = reqValues(env, 1, 'perm');
    if (perm.length !== x.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
      throw new ModelValidationError(`${env.where}: perm [${perm}] is not a permutation of rank ${x.length}`);
    }
    return [perm.map((p) => x[p]!)];
  },
  SHAPE: (_op, env) => [[req(env, 0).length]],
  STRIDED_SLICE: (op, env) => {
    const x = req(env, 0);
    const p = stridedSliceParams(x, reqValues(env, 1, 'begin'), reqValues(env, 2, 'end'), reqValues(env, 3, 'strides'),
      optionsOf(op, 'stridedSlice'));
    if (typeof p === 'string') throw new ModelValidationError(`${env.where}: ${p}`);
    return [p.outputShape];
  },
  PACK: (op, env) => {
    const first = req(env, 0);
    const axis = axisOf(optionsOf(op, 'pack').axis, first.length + 1, env);
    for (let i = 1; i < op.inputs.length; i++) {
      const s = req(env, i);
      if (s.length !== first.length || s.some((d, k) => d !== first[k])) throw new ModelValidationError(`${env.where}: input ${i} shape [${s}] differs from [${first}]`);
    }
    return [[...first.slice(0, axis), op.inputs.length, ...first.slice(axis)]];
  },
};

export function hasShapeRule(opcode: string): boolean {
  return opcode in RULES;
}

export function inferOutputShapes(op: Operator, env: ShapeEnv): number[][] {
  const rule = RULES[op.opcode];
  if (!rule) throw new ModelValidationError(`${env.where}: no shape rule for ${op.opcode}`);
  const out = rule(op, env);
  if (out.length !== op.outputs.length) throw new ModelValidationError(`${env.where}: expected ${out.length} outputs, model lists ${op.outputs.length}`);
  return out;
}
