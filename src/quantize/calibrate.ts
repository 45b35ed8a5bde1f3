// Calibration for full-integer quantization: runs the float model on the CPU backend over a representative dataset
// and records the min/max of every float32 activation (graph inputs included), as TFLite's calibrator does.
import { CpuBackend } from '../backends/cpu/cpu-backend.js';
import { numElements } from '../graph/dtype.js';
import type { Graph } from '../graph/ir.js';
import { foldConstantDequantize } from '../planning/fold-dequantize.js';
import { UsageError } from '../errors.js';

/** One inference's float inputs in model order: a Float32Array per input, or { data, shape } for a batch. */
export type RepresentativeSample = readonly (Float32Array | { data: Float32Array; shape: readonly number[] })[];

export interface Ranges {
  min: Float64Array;
  max: Float64Array;
  /** Whether the tensor was seen at all (unreached tensors have no range). */
  seen: Uint8Array;
  samples: number;
}

/** Widens tensor `t`'s range to hold `data`'s finite values. */
function updateRange(r: Ranges, t: number, data: Float32Array): void {
  let lo = r.min[t]!, hi = r.max[t]!;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // Infinities (e.g. -inf padding before a max pool) and NaN say nothing about the range; quantizing clamps them.
    if (!(v > -Infinity && v < Infinity)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  r.min[t] = lo;
  r.max[t] = hi;
  r.seen[t] = 1;
}

/** The shape of one sample's input `i`: as given, or the model's with the batch dimension inferred from the length. */
function sampleShape(g: Graph, i: number, x: RepresentativeSample[number]): { data: Float32Array; shape: number[] } {
  if (!(x instanceof Float32Array)) return { data: x.data, shape: x.shape.slice() };
  const info = g.tensors[g.inputs[i]!]!;
  const n = numElements(info.shape);
  if (x.length === n) return { data: x, shape: info.shape.slice() };
  const perItem = numElements(info.shape.slice(1));
  if (info.shapeSignature?.[0] === -1 && perItem > 0 && x.length % perItem === 0) {
    return { data: x, shape: [x.length / perItem, ...info.shape.slice(1)] };
  }
  throw new UsageError(`representative sample for input "${info.name}" has ${x.length} values; shape [${info.shape}] needs ${n}`);
}

/** Ranges of subgraph 0's float32 tensors over `samples` (at least one). */
export function calibrate(g: Graph, samples: Iterable<RepresentativeSample>): Ranges {
  const n = g.tensors.length;
  const r: Ranges = { min: new Float64Array(n).fill(Infinity), max: new Float64Array(n).fill(-Infinity), seen: new Uint8Array(n), samples: 0 };
  const backend = new CpuBackend(foldConstantDequantize(g));
  for (const sample of samples) {
    if (sample.length !== g.inputs.length) {
      throw new UsageError(`representative sample has ${sample.length} input(s); the model takes ${g.inputs.length}`);
    }
    const inputs = sample.map((x, i) => {
      const { data, shape } = sampleShape(g, i, x);
      const t = g.inputs[i]!;
      if (g.tensors[t]!.dtype !== 'float32') throw new UsageError(`input "${g.tensors[t]!.name}" is ${g.tensors[t]!.dtype}; calibration feeds float32 inputs`);
      updateRange(r, t, data);
      return { shape, dtype: 'float32' as const, data };
    });
    backend.runObserved(inputs, (op, outputs) => {
      outputs.forEach((o, k) => {
        if (o.info.dtype === 'float32') updateRange(r, op.outputs[k]!, o.data as Float32Array);
      });
    });
    r.samples++;
  }
  backend.dispose();
  if (r.samples === 0) throw new UsageError('the representative dataset is empty');
  return r;
}
