// Uniform values and constant buffers the GPU CONV_2D / DEPTHWISE_CONV_2D kernels share: window geometry from
// the CPU's padding functions, float activation bounds, padded bias, and the load-time checks on operands.
import type { Graph, Operator, Tensor } from '../../../../graph/ir.js';
import type { Activation, Padding } from '../../../../graph/options.js';
import { KernelError } from '../../../../errors.js';
import { convOutSize, convPadding } from '../../../cpu/kernels/shared/conv-geometry.js';
import { convTensors, type ConvTensors } from '../../../cpu/kernels/shared/conv-common.js';
import { floatActivationRange } from '../../../cpu/quant/activation.js';
import { halfToFloat } from '../../../cpu/kernels/shared/float16.js';
import type { GpuKernelContext, GpuResource } from '../../kernel.js';

/** Largest finite float32: stands in for +-Infinity in the clamp bounds (uniforms must be finite). */
export const F32_MAX = 3.4028234663852886e38;

export interface ConvWindow {
  padding: Padding; strideH: number; strideW: number; dilationH: number; dilationW: number; activation: Activation;
}

export interface ConvShape {
  n: number; h: number; w: number; cin: number;
  oh: number; ow: number; cout: number;
  kh: number; kw: number;
  /** batch * oh * ow */
  npix: number;
  /** Uniform fields of the window geometry (the names every conv shader's Params uses). */
  geometry: Record<string, number>;
}

/** The planned shapes of a convolution and its geometry uniforms (ComputePaddingWithOffset's leading pads). */
export function convShape(op: Operator, ctx: GpuKernelContext, o: ConvWindow, kh: number, kw: number, cout: number): ConvShape {
  const [n, h, w, cin] = ctx.shape(op.inputs[0]!) as [number, number, number, number];
  const oh = Math.max(0, convOutSize(o.padding, h, kh, o.strideH, o.dilationH));
  const ow = Math.max(0, convOutSize(o.padding, w, kw, o.strideW, o.dilationW));
  const out = ctx.shape(op.outputs[0]!);
  if (out.length !== 4 || out[0] !== n || out[1] !== oh || out[2] !== ow || out[3] !== cout) {
    throw new KernelError(op.opcode, op.index, `output shape [${out}] differs from computed [${n},${oh},${ow},${cout}]`);
  }
  const npix = n * oh * ow;
  return {
    n, h, w, cin, oh, ow, cout, kh, kw, npix,
    geometry: {
      in_h: h, in_w: w, cin, out_h: oh, out_w: ow, cout, kh, kw, stride_h: o.strideH, stride_w: o.strideW,
      dil_h: o.dilationH, dil_w: o.dilationW, pad_top: convPadding(o.strideH, o.dilationH, h, kh, oh),
      pad_left: convPadding(o.strideW, o.dilationW, w, kw, ow), npix,
    },
  };
}

export function floatClamp(a: Activation): { act_min: number; act_max: number } {
  const [lo, hi] = floatActivationRange(a);
  return { act_min: Math.max(lo, -F32_MAX), act_max: Math.min(hi, F32_MAX) };
}

/** Workgroups per dimension every adapter offers: the hybrid input range pass runs one per batch. */
const MIN_WORKGROUPS_PER_DIM = 65535;

/** GPU-specific reasons on top of the CPU's path check: operands the kernels pack or address at load. */
export function gpuOperandProblem(t: ConvTensors, hybrid: boolean): string | null {
  if (t.filter.data === null) return 'filter is not a constant (the GPU kernels pack weights once at load)';
  if (t.bias && t.bias.data === null) return 'bias is not a constant';
  if (t.input.data !== null) return 'constant input';
  if (hybrid && (t.input.shape[0] ?? 0) > MIN_WORKGROUPS_PER_DIM) return `hybrid input batch ${t.input.shape[0]} above ${MIN_WORKGROUPS_PER_DIM}`;
  return null;
}

export function opTensors(op: Operator, g: Graph): ConvTensors {
  const t = convTensors(op, g);
  if (typeof t === 'string') throw new KernelError(op.opcode, op.index, t);
  return t;
}

/** A constant tensor's values as float32 (fp16 storage decoded exactly). */
export function floatValues(t: Tensor): Float32Array {
  const d = t.data;
  if (d instanceof Float32Array) return d;
  if (t.dtype === 'float16' && d instanceof Uint16Array) return Float32Array.from(d, halfToFloat);
  throw new Error(`tensor "${t.name}" (${t.dtype}) holds no float values`);
}

/** The bias as a const buffer of `padded` channels (zeros past the end, or everywhere without a bias). */
export function biasResource(bias: Tensor | null, cout: number, padded: number, kind: 'f32' | 'i32'): GpuResource {
  if (!bias) {
    return { kind: 'const', key: `conv:nobias:${kind}:${padded}`, data: () => (kind === 'f32' ? new Float32Array(padded) : new Int32Array(padded)) };
  }
  return {
    kind: 'const', key: `conv:bias:${bias.index}:${kind}:${padded}`,
    data: () => {
      if (kind === 'i32') {
        const out = new Int32Array(padded);
        out.set((bias.data as Int32Array).subarray(0, cout));
        return out;
      }
      const out = new Float32Array(padded);
      out.set(floatValues(bias).subarray(0, cout));
      return out;
    },
  };
}

/** Per-channel values padded to a multiple of 4 channels (quads). */
export function padChannels<T extends Int32Array | Float32Array>(src: ArrayLike<number>, padded: number, make: (n: number) => T): T {
  const out = make(padded);
  for (let i = 0; i < src.length && i < padded; i++) out[i] = src[i]!;
  return out;
}

export const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
