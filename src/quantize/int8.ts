// Full-integer int8 quantization with a representative dataset, as TFLite's converter does it: calibrated
// activations get asymmetric int8 params, weights symmetric per-channel int8, biases int32 at input x weight scale;
// SOFTMAX/LOGISTIC/TANH outputs get TFLite's fixed params; operators that move data without arithmetic (RESHAPE,
// pooling, CONCATENATION, ...) share one set of params between inputs and output; float or uint8 model I/O goes
// through QUANTIZE/DEQUANTIZE operators at the graph's edges.
import { CpuBackend } from '../backends/cpu/cpu-backend.js';
import type { Graph, ModelIR, Operator, Tensor } from '../graph/ir.js';
import { foldConstantDequantize } from '../planning/fold-dequantize.js';
import { QuantizationError, UnsupportedOpError } from '../errors.js';
import { calibrate, type Ranges, type RepresentativeSample } from './calibrate.js';
import { addTensor, cloneGraph, finishModel, floatGraph, makeOp } from './model-edit.js';
import { asymmetricParams, perTensor, quantizeBias, quantizeValues, symmetricWeights, type AffineParams } from './params.js';

export type IoType = 'float' | 'int8' | 'uint8';

export interface Int8Options {
  io: IoType;
  /** Per-channel FULLY_CONNECTED weights (dimension 0) instead of one scale per tensor. */
  perChannelFullyConnected: boolean;
}

/** Weighted operators: the dimension their weights are quantized along (one scale per output channel). */
const WEIGHT_DIM: Readonly<Record<string, number>> = { CONV_2D: 0, DEPTHWISE_CONV_2D: 3, FULLY_CONNECTED: 0 };
/** Output params calibrated on their own. */
const OWN = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'ADD', 'SUB', 'MUL', 'MEAN', 'RELU', 'RELU6', 'HARD_SWISH']);
/** Inputs and output share params (TFLite's int8 kernels for these need it or do no rescaling). */
const SAME = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS', 'MAX_POOL_2D', 'AVERAGE_POOL_2D', 'CONCATENATION', 'PACK', 'PAD', 'PADV2',
  'TRANSPOSE', 'STRIDED_SLICE']);
/** Outputs with the params TFLite's int8 kernels require. */
const FIXED: Readonly<Record<string, AffineParams>> = {
  SOFTMAX: { scale: 1 / 256, zeroPoint: -128 },
  LOGISTIC: { scale: 1 / 256, zeroPoint: -128 },
  TANH: { scale: 1 / 128, zeroPoint: 0 },
};
/** Read a tensor of any type and write a non-float one. */
const TYPE_AGNOSTIC = new Set(['SHAPE']);

const SUPPORTED = [...OWN, ...SAME, ...Object.keys(FIXED), ...TYPE_AGNOSTIC].sort();

function isFloat(g: Graph, t: number): boolean {
  return t >= 0 && g.tensors[t]!.dtype === 'float32';
}

/** Rejects, before calibrating, every operator the int8 mode cannot handle. */
function checkOps(g: Graph): void {
  const bad: string[] = [];
  for (const op of g.operators) {
    if (![...op.inputs, ...op.outputs].some((t) => isFloat(g, t))) continue; // integer-only (shape arithmetic): kept as is
    const where = `${op.opcode} (operator ${op.index})`;
    if (!(OWN.has(op.opcode) || SAME.has(op.opcode) || op.opcode in FIXED || TYPE_AGNOSTIC.has(op.opcode))) {
      bad.push(`${where} has no int8 rule`);
      continue;
    }
    if (op.opcode in WEIGHT_DIM) {
      const w = g.tensors[op.inputs[1] ?? -1];
      if (!w?.data || w.dtype !== 'float32') bad.push(`${where} has non-constant or non-float32 weights`);
      const bi = op.inputs[2] ?? -1;
      if (bi >= 0 && (!g.tensors[bi]!.data || g.tensors[bi]!.dtype !== 'float32')) bad.push(`${where} has a non-constant or non-float32 bias`);
    }
  }
  if (bad.length) {
    throw new QuantizationError(`cannot quantize in int8 mode: ${bad.join('; ')} (int8 mode handles ${SUPPORTED.join(', ')})`);
  }
}

/** Union-find over tensor indices: the tensors that must share quantization params. */
class Groups {
  private readonly parent = new Map<number, number>();
  find(t: number): number {
    let p = this.parent.get(t) ?? t;
    if (p !== t) {
      p = this.find(p);
      this.parent.set(t, p);
    }
    return p;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

class Int8Quantizer {
  private readonly g: Graph;
  /** Ranges of tensors created here (the int8 side of a split graph input/output), by index. */
  private readonly extraRanges = new Map<number, [number, number]>();
  /** Float (or uint8) tensors at the graph's edges, converted by the inserted boundary operators. */
  private readonly edge = new Set<number>();
  private readonly head: Operator[] = [];
  private readonly tail: Operator[] = [];
  /** Edge tensor -> its int8 twin. */
  private readonly twins = new Map<number, number>();

  constructor(src: Graph, private readonly ranges: Ranges, private readonly opts: Int8Options) {
    this.g = cloneGraph(src);
  }

  run(): Graph {
    if (this.opts.io !== 'int8') this.splitEdges();
    const params = this.activationParams();
    for (const [t, p] of params) this.quantizeActivation(t, p);
    for (const op of this.g.operators) if (op.opcode in WEIGHT_DIM) this.quantizeWeights(op);
    if (this.opts.io === 'uint8') {
      for (const t of this.edge) {
        const inner = this.g.tensors[this.twins.get(t)!]!.quantization!;
        this.g.tensors[t] = { ...this.g.tensors[t]!, dtype: 'uint8',
          quantization: perTensor({ scale: inner.scale[0]!, zeroPoint: inner.zeroPoint[0]! + 128 }) };
      }
    }
    this.g.operators.unshift(...this.head);
    this.g.operators.push(...this.tail);
    return this.g;
  }

  /** Each float graph input/output keeps its index and type; the graph computes on a new int8 twin of it. */
  private splitEdges(): void {
    const g = this.g;
    const boundary = this.opts.io === 'uint8' ? 'QUANTIZE' : null;
    const outputs = new Set(g.outputs);
    for (const t of g.inputs) {
      if (!isFloat(g, t)) continue;
      if (outputs.has(t)) throw new QuantizationError(`graph input ${t} "${g.tensors[t]!.name}" is also a graph output; int8 mode needs an operator between them`);
      const q = this.twin(t);
      for (const op of g.operators) op.inputs = op.inputs.map((i) => (i === t ? q : i));
      this.head.push(makeOp(boundary ?? 'QUANTIZE', t, q));
    }
    for (const t of g.outputs) {
      if (!isFloat(g, t)) continue;
      const q = this.twin(t);
      for (const op of g.operators) {
        op.inputs = op.inputs.map((i) => (i === t ? q : i));
        op.outputs = op.outputs.map((i) => (i === t ? q : i));
      }
      this.tail.push(makeOp(boundary ?? 'DEQUANTIZE', q, t));
    }
  }

  private twin(t: number): number {
    const src = this.g.tensors[t]!;
    const q = addTensor(this.g, { ...src, name: `${src.name}_int8`, shape: src.shape.slice(), shapeSignature: src.shapeSignature?.slice() ?? null });
    this.extraRanges.set(q, this.range(t));
    this.edge.add(t);
    this.twins.set(t, q);
    return q;
  }

  private range(t: number): [number, number] {
    const extra = this.extraRanges.get(t);
    if (extra) return extra;
    const info = this.g.tensors[t]!;
    if (info.data) {
      let lo = Infinity, hi = -Infinity;
      for (const v of info.data as Float32Array) {
        if (!(v > -Infinity && v < Infinity)) continue; // as in calibration: quantizing clamps infinities
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return lo <= hi ? [lo, hi] : [0, 0];
    }
    if (!this.ranges.seen[t]) throw new QuantizationError(`tensor ${t} "${info.name}" was not computed during calibration, so it has no range`);
    return [this.ranges.min[t]!, this.ranges.max[t]!];
  }

  /** Params of every float activation operand (constants among them), per group of tensors that must agree. */
  private activationParams(): Map<number, AffineParams> {
    const g = this.g;
    const groups = new Groups();
    const members = new Set<number>();
    const fixed = new Map<number, { p: AffineParams; op: Operator }>();
    for (const op of g.operators) {
      const acts = op.opcode in WEIGHT_DIM ? [op.inputs[0]!, ...op.outputs] : [...op.inputs, ...op.outputs];
      const floats = acts.filter((t) => isFloat(g, t) && !this.edge.has(t));
      floats.forEach((t) => members.add(t));
      if (SAME.has(op.opcode)) for (const t of floats.slice(1)) groups.union(floats[0]!, t);
      const f = FIXED[op.opcode];
      if (f) for (const t of op.outputs) fixed.set(t, { p: f, op });
    }
    const byRoot = new Map<number, number[]>();
    for (const t of members) {
      const r = groups.find(t);
      const list = byRoot.get(r);
      if (list) list.push(t);
      else byRoot.set(r, [t]);
    }
    const out = new Map<number, AffineParams>();
    for (const list of byRoot.values()) {
      let p: AffineParams | null = null;
      let from: Operator | null = null;
      for (const t of list) {
        const f = fixed.get(t);
        if (!f) continue;
        if (p && (p.scale !== f.p.scale || p.zeroPoint !== f.p.zeroPoint)) {
          throw new QuantizationError(`${f.op.opcode} (operator ${f.op.index}) and ${from!.opcode} (operator ${from!.index}) need different fixed int8 params on tensors that must share them`);
        }
        p = f.p;
        from = f.op;
      }
      if (!p) {
        let lo = Infinity, hi = -Infinity;
        for (const t of list) {
          const [a, b] = this.range(t);
          lo = Math.min(lo, a);
          hi = Math.max(hi, b);
        }
        p = asymmetricParams(lo, hi);
      }
      for (const t of list) out.set(t, p);
    }
    return out;
  }

  private quantizeActivation(t: number, p: AffineParams): void {
    const info = this.g.tensors[t]!;
    const data = info.data ? quantizeValues(info.data as Float32Array, p) : null;
    this.g.tensors[t] = { ...info, dtype: 'int8', quantization: perTensor(p), data };
  }

  /** New int8 weight and int32 bias tensors for `op` (shared float constants may feed ops with other input scales). */
  private quantizeWeights(op: Operator): void {
    const g = this.g;
    const x = g.tensors[op.inputs[0]!]!, w = g.tensors[op.inputs[1]!]!;
    const inScale = x.quantization?.scale[0];
    if (inScale === undefined) throw new QuantizationError(`${op.opcode} (operator ${op.index}): input "${x.name}" was not quantized`);
    const perChannel = op.opcode !== 'FULLY_CONNECTED' || this.opts.perChannelFullyConnected;
    const q = symmetricWeights(w.data as Float32Array, w.shape, perChannel ? WEIGHT_DIM[op.opcode]! : null);
    op.inputs[1] = addTensor(g, constant(w, 'int8', q.data, q.quantization));
    const bi = op.inputs[2] ?? -1;
    if (bi >= 0) {
      const b = g.tensors[bi]!;
      const qb = quantizeBias(b.data as Float32Array, inScale, q.quantization.scale);
      op.inputs[2] = addTensor(g, constant(b, 'int32', qb.data, qb.quantization));
    }
  }
}

function constant(src: Tensor, dtype: 'int8' | 'int32', data: Int8Array | Int32Array, quantization: Tensor['quantization']): Omit<Tensor, 'index'> {
  return { name: src.name, dtype, shape: src.shape.slice(), shapeSignature: null, quantization, data, isVariable: false };
}

export function quantizeInt8(ir: ModelIR, samples: Iterable<RepresentativeSample>, opts: Int8Options): ModelIR {
  const src = floatGraph(ir, 'int8');
  checkOps(src);
  const ranges = calibrate(src, samples);
  const graph = new Int8Quantizer(src, ranges, opts).run();
  const out = finishModel(ir, graph, 'int8');
  try {
    new CpuBackend(foldConstantDequantize(out.subgraphs[0]!)).dispose();
  } catch (e) {
    if (e instanceof UnsupportedOpError) throw new QuantizationError(`the int8 model fails the CPU backend's checks: ${e.message}`);
    throw e;
  }
  return out;
}
