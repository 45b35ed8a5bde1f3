// Strided-box geometry for shaders/copy.wgsl, shared by the data-movement kernels: size-1 dims dropped and
// dims contiguous on both sides merged (as the CPU's copyStrided does), then packed innermost-first into the
// uniform fields; vec4 words where the innermost run and every offset align to 4.
import { KernelError } from '../../../errors.js';
import type { Graph, Operator } from '../../../graph/ir.js';
import { gpuFormat } from '../formats.js';
import type { GpuKernel, GpuKernelContext, GpuPass, GpuResource } from '../kernel.js';
import { grid } from '../kernel.js';

const WG = 64;
const RANK = 6;

/** A box of `counts` words (outermost first): element (i0..ik) moves src[srcBase + Σ i·src] -> dst[dstBase + Σ i·dst]. */
export interface Box {
  counts: readonly number[];
  src: readonly number[];
  dst: readonly number[];
  srcBase: number;
  dstBase: number;
}

interface Dim { n: number; s: number; t: number }

/** Innermost-first dims with size-1 dims dropped and contiguous neighbours merged; null when the box is empty. */
function simplify(b: Box): Dim[] | null {
  const dims: Dim[] = [];
  for (let i = b.counts.length - 1; i >= 0; i--) {
    const n = b.counts[i]!;
    if (n === 0) return null;
    if (n === 1) continue;
    const last = dims[dims.length - 1];
    if (last && b.src[i] === last.s * last.n && b.dst[i] === last.t * last.n) last.n *= n;
    else dims.push({ n, s: b.src[i]!, t: b.dst[i]! });
  }
  return dims;
}

/** Uniform values of copy.wgsl with every field defaulted (unused dims size 1, stride 0). */
function baseParams(n: number): Record<string, number> {
  const p: Record<string, number> = { n, src_base: 0, dst_base: 0 };
  for (let k = 0; k < RANK; k++) Object.assign(p, { [`d${k}`]: 1, [`s${k}`]: 0, [`t${k}`]: 0, [`p${k}`]: 0, [`e${k}`]: 1 });
  return p;
}

/**
 * One copy.wgsl pass moving `box` from tensor `src` to tensor `dst` (separate buffers), or null when the box is
 * empty. With `lut`, each word is mapped through the 256-entry table (uint8 rescaling).
 */
export function boxPass(op: Operator, ctx: GpuKernelContext, box: Box, src: number, dst: number, lut?: GpuResource): GpuPass | null {
  let dims = simplify(box);
  if (dims === null) return null;
  if (dims.length === 0) dims = [{ n: 1, s: 1, t: 1 }];
  if (dims.length > RANK) throw new KernelError(op.opcode, op.index, `copy box of rank ${dims.length} exceeds ${RANK} after merging`);
  let srcBase = box.srcBase, dstBase = box.dstBase;
  const inner = dims[0]!;
  // vec4 words: the innermost run contiguous on both sides and every other offset a multiple of 4 words.
  const vec4 = !lut && inner.s === 1 && inner.t === 1 && inner.n % 4 === 0 && srcBase % 4 === 0 && dstBase % 4 === 0
    && dims.slice(1).every((d) => d.s % 4 === 0 && d.t % 4 === 0);
  if (vec4) {
    dims = dims.map((d, k) => (k === 0 ? { n: d.n / 4, s: 1, t: 1 } : { n: d.n, s: d.s / 4, t: d.t / 4 }));
    srcBase /= 4;
    dstBase /= 4;
  }
  const n = dims.reduce((a, d) => a * d.n, 1);
  const params = baseParams(n);
  params.src_base = srcBase;
  params.dst_base = dstBase;
  dims.forEach((d, k) => { params[`d${k}`] = d.n; params[`s${k}`] = d.s; params[`t${k}`] = d.t; });
  const resources: Record<string, GpuResource> = vec4
    ? { src4: { kind: 'tensor', tensor: src }, dst4: { kind: 'tensor', tensor: dst } }
    : { src: { kind: 'tensor', tensor: src }, dst: { kind: 'tensor', tensor: dst } };
  if (lut) resources.lut = lut;
  return {
    shader: 'copy', entryPoint: lut ? 'copy_box_lut' : vec4 ? 'copy_box4' : 'copy_box',
    overrides: { WG, RANK: dims.length }, params, resources, workgroups: grid(n, WG, ctx.maxWorkgroupsPerDim),
  };
}

/** The whole of `src` copied element for element into `dst` (RESHAPE, EXPAND_DIMS, SQUEEZE). */
export function copyPasses(op: Operator, ctx: GpuKernelContext, src: number, dst: number): GpuPass[] {
  const n = ctx.shape(dst).reduce((a, b) => a * b, 1);
  const p = boxPass(op, ctx, { counts: [n], src: [1], dst: [1], srcBase: 0, dstBase: 0 }, src, dst);
  return p ? [p] : [];
}

/**
 * PAD: the output box of shape `out`, each element the input element at (coords - before) or, outside the
 * input of shape `inShape`, the word `value` holds (element 0). Unpadded dims merge into their outer neighbour.
 */
export function padPass(
  op: Operator, ctx: GpuKernelContext, inShape: readonly number[], out: readonly number[], before: readonly number[],
  src: number, dst: number, value: GpuResource,
): GpuPass | null {
  const total = out.reduce((a, b) => a * b, 1);
  if (total === 0) return null;
  interface PadDim { n: number; s: number; p: number; e: number }
  let dims: PadDim[] = [];
  if (inShape.some((d) => d === 0)) {
    dims = [{ n: total, s: 0, p: 0, e: 0 }]; // an empty input: every element is padding
  } else {
    const strides = stridesOf(inShape);
    for (let k = out.length - 1; k >= 0; k--) {
      const d: PadDim = { n: out[k]!, s: strides[k]!, p: before[k]!, e: inShape[k]! };
      if (d.n === 1) continue; // size 1 with a non-empty input: no padding on this dim
      const last = dims[dims.length - 1];
      if (last && last.p === 0 && last.e === last.n && d.s === last.s * last.n) {
        dims[dims.length - 1] = { n: d.n * last.n, s: last.s, p: d.p * last.n, e: d.e * last.n };
      } else {
        dims.push(d);
      }
    }
    if (dims.length === 0) dims = [{ n: 1, s: 1, p: 0, e: 1 }];
  }
  if (dims.length > RANK) throw new KernelError(op.opcode, op.index, `pad box of rank ${dims.length} exceeds ${RANK} after merging`);
  const params = baseParams(total);
  dims.forEach((d, k) => { params[`d${k}`] = d.n; params[`s${k}`] = d.s; params[`p${k}`] = d.p; params[`e${k}`] = d.e; });
  return {
    shader: 'copy', entryPoint: 'pad', overrides: { WG, RANK: dims.length }, params,
    resources: { src: { kind: 'tensor', tensor: src }, dst: { kind: 'tensor', tensor: dst }, pad_value: value },
    workgroups: grid(total, WG, ctx.maxWorkgroupsPerDim),
  };
}

/** Row-major strides (elements) of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]!; }
  return s;
}

/** Why a tensor dtype cannot move on the GPU (int64, float16...), or null. */
export function gpuDtypeReason(g: Graph, tensors: readonly number[]): string | null {
  for (const t of tensors) {
    if (t < 0) continue;
    const d = g.tensors[t]!.dtype;
    if (gpuFormat(d) === null) return `${d} has no GPU format`;
  }
  return null;
}

/** RESHAPE/EXPAND_DIMS/SQUEEZE: the CPU kernel's load check, then a plain copy pass (the plan never aliases). */
export function copyThroughGpuKernel(cpu: { check(op: Operator, g: Graph): string | null }): GpuKernel {
  return {
    check(op, g) {
      return cpu.check(op, g) ?? gpuDtypeReason(g, [op.inputs[0]!, op.outputs[0]!]);
    },
    passes(op, ctx) {
      return copyPasses(op, ctx, op.inputs[0]!, op.outputs[0]!);
    },
  };
}
