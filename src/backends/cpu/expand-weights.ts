// CPU backend choice for constants folded from DEQUANTIZE: expand fp16/int8 storage to float32 once at load.
import type { Graph, Tensor } from '../../graph/ir.js';
import { halfArrayToFloat32 } from './kernels/shared/float16.js';
import { ModelValidationError } from '../../errors.js';

function expand(t: Tensor): Float32Array {
  const src = t.data;
  if (!src) throw new ModelValidationError(`tensor "${t.name}": folded weight without data`);
  if (t.dtype === 'float16') return halfArrayToFloat32(src as Uint16Array);
  const q = t.quantization;
  if (!q) throw new ModelValidationError(`tensor "${t.name}": ${t.dtype} weight without quantization`);
  const out = new Float32Array(src.length);
  const ints = src as Int8Array | Uint8Array | Int16Array;
  if (q.scale.length <= 1) {
    const s = q.scale[0] ?? 1, z = q.zeroPoint[0] ?? 0;
    for (let i = 0; i < out.length; i++) out[i] = s * (ints[i]! - z);
    return out;
  }
  // Per-channel: channel index = coordinate along quantizedDimension.
  const dim = q.quantizedDimension;
  const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const nch = t.shape[dim]!;
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / inner) % nch;
    out[i] = q.scale[c]! * (ints[i]! - q.zeroPoint[c]!);
  }
  return out;
}

/** Returns a graph whose `dequantizeTo` constants (those `which` selects; default all) are plain float32 tensors. */
export function expandFoldedWeights(g: Graph, which: (t: Tensor) => boolean = () => true): Graph {
  if (!g.tensors.some((t) => t.dequantizeTo && which(t))) return g;
  const tensors = g.tensors.map((t): Tensor => {
    if (!t.dequantizeTo || !which(t)) return t;
    const { dequantizeTo: _d, ...rest } = t;
    return { ...rest, dtype: 'float32', quantization: null, data: expand(t) };
  });
  return { ...g, tensors };
}
