// Faster replacements for the tfjs CPU kernels that make training a small CNN take hours (Conv2DBackpropFilter
// reads every element through TensorBuffer.get, ~17 s per batch of 64): direct loops over the NHWC arrays for the
// cases the demo model uses (convolutions with stride 1, no dilation, VALID; 2x2/2 max pooling; sums over leading
// axes); any other case goes to tfjs's own kernel.
import * as tf from '@tensorflow/tfjs';

interface CpuBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}
interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}
type Kernel = (args: KernelArgs) => tf.TensorInfo;

function floats(backend: CpuBackend, t: tf.TensorInfo): Float32Array {
  const v = backend.readSync(t.dataId);
  if (!(v instanceof Float32Array)) throw new Error(`fast kernels: expected float32 data, got ${t.dtype}`);
  return v;
}

function input(args: KernelArgs, name: string): tf.TensorInfo {
  const t = args.inputs[name];
  if (!t) throw new Error(`fast kernels: missing input ${name}`);
  return t;
}

const allOnes = (v: unknown): boolean => v === undefined || v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
const allTwos = (v: unknown): boolean => v === 2 || (Array.isArray(v) && v.length === 2 && v.every((x) => x === 2));

/** The attributes of a plain convolution: NHWC, stride 1, dilation 1, VALID padding. */
function plainConv(attrs: Record<string, unknown> | undefined): boolean {
  return !!attrs && allOnes(attrs.strides) && allOnes(attrs.dilations) && attrs.pad === 'valid' &&
    (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC' || attrs.dataFormat === 'channelsLast');
}

/** Filter [kh, kw, cin, cout] as [cout][kh * kw * cin], so that one output channel's weights are contiguous. */
function byOutput(ws: Float32Array, k: number, o: number): Float32Array {
  const t = new Float32Array(ws.length);
  for (let i = 0; i < k; i++) for (let j = 0; j < o; j++) t[j * k + i] = ws[i * o + j]!;
  return t;
}

/** y[n,oy,ox,o] = sum x[n,oy+ky,ox+kx,c] w[ky,kx,c,o]: each input patch gathered once, then one dot per channel. */
const conv2d = (fallback: Kernel): Kernel => (args) => {
  const x = input(args, 'x'), f = input(args, 'filter');
  if (!plainConv(args.attrs) || x.shape.length !== 4) return fallback(args);
  const be = args.backend as CpuBackend;
  const xs = floats(be, x);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw, , o] = f.shape as [number, number, number, number];
  const oh = h - kh + 1, ow = w - kw + 1;
  const kc = kw * c, k = kh * kc;
  const wt = byOutput(floats(be, f), k, o);
  const out = new Float32Array(n * oh * ow * o);
  const patch = new Float32Array(k);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const xi = ((b * h + oy + ky) * w + ox) * c;
          for (let i = 0, pi = ky * kc; i < kc; i++) patch[pi + i] = xs[xi + i]!;
        }
        const yi = ((b * oh + oy) * ow + ox) * o;
        let oi = 0;
        // Four channels per pass: each patch value loaded once for four products.
        for (; oi + 4 <= o; oi += 4) {
          const r0 = oi * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let i = 0; i < k; i++) {
            const p = patch[i]!;
            s0 += p * wt[r0 + i]!;
            s1 += p * wt[r1 + i]!;
            s2 += p * wt[r2 + i]!;
            s3 += p * wt[r3 + i]!;
          }
          out[yi + oi] = s0;
          out[yi + oi + 1] = s1;
          out[yi + oi + 2] = s2;
          out[yi + oi + 3] = s3;
        }
        for (; oi < o; oi++) {
          const row = oi * k;
          let s = 0;
          for (let i = 0; i < k; i++) s += patch[i]! * wt[row + i]!;
          out[yi + oi] = s;
        }
      }
    }
  }
  return be.makeTensorInfo([n, oh, ow, o], 'float32', out);
};

/**
 * dx[n,oy+ky,ox+kx,c] += sum_o dy[n,oy,ox,o] w[ky,kx,c,o]. Behind max pooling and ReLU most of dy is zero,
 * so the loop runs over dy's nonzero values and adds each one's row of weights into the input patch.
 */
const conv2dBackpropInput = (fallback: Kernel): Kernel => (args) => {
  const dy = input(args, 'dy'), f = input(args, 'filter');
  const shape = args.attrs?.inputShape;
  if (!plainConv(args.attrs) || !Array.isArray(shape) || shape.length !== 4) return fallback(args);
  const be = args.backend as CpuBackend;
  const dys = floats(be, dy);
  const [n, h, w, c] = shape as [number, number, number, number];
  const [kh, kw, , o] = f.shape as [number, number, number, number];
  const oh = dy.shape[1]!, ow = dy.shape[2]!;
  const kc = kw * c, k = kh * kc;
  const wt = byOutput(floats(be, f), k, o);
  const dx = new Float64Array(n * h * w * c);
  const patch = new Float64Array(k);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const gi = ((b * oh + oy) * ow + ox) * o;
        let any = false;
        for (let oi = 0; oi < o; oi++) {
          const g = dys[gi + oi]!;
          if (g === 0) continue;
          if (!any) { patch.fill(0); any = true; }
          const row = oi * k;
          for (let i = 0; i < k; i++) patch[i] += g * wt[row + i]!;
        }
        if (!any) continue;
        for (let ky = 0; ky < kh; ky++) {
          const xi = ((b * h + oy + ky) * w + ox) * c, pi = ky * kc;
          for (let i = 0; i < kc; i++) dx[xi + i] += patch[pi + i]!;
        }
      }
    }
  }
  return be.makeTensorInfo([n, h, w, c], 'float32', Float32Array.from(dx));
};

/** dw[ky,kx,c,o] = sum over n,oy,ox of x[n,oy+ky,ox+kx,c] dy[n,oy,ox,o], over dy's nonzero values. */
const conv2dBackpropFilter = (fallback: Kernel): Kernel => (args) => {
  const x = input(args, 'x'), dy = input(args, 'dy');
  const fshape = args.attrs?.filterShape;
  if (!plainConv(args.attrs) || !Array.isArray(fshape) || fshape.length !== 4 || x.shape.length !== 4) return fallback(args);
  const be = args.backend as CpuBackend;
  const xs = floats(be, x), dys = floats(be, dy);
  const [, h, w, c] = x.shape as [number, number, number, number];
  const n = x.shape[0]!;
  const [kh, kw, , o] = fshape as [number, number, number, number];
  const oh = dy.shape[1]!, ow = dy.shape[2]!;
  const kc = kw * c, k = kh * kc;
  const dwt = new Float64Array(k * o);
  const patch = new Float32Array(k);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const gi = ((b * oh + oy) * ow + ox) * o;
        let gathered = false;
        for (let oi = 0; oi < o; oi++) {
          const g = dys[gi + oi]!;
          if (g === 0) continue;
          if (!gathered) {
            for (let ky = 0; ky < kh; ky++) {
              const xi = ((b * h + oy + ky) * w + ox) * c;
              for (let i = 0, pi = ky * kc; i < kc; i++) patch[pi + i] = xs[xi + i]!;
            }
            gathered = true;
          }
          const row = oi * k;
          for (let i = 0; i < k; i++) dwt[row + i] += g * patch[i]!;
        }
      }
    }
  }
  const dw = new Float32Array(k * o);
  for (let i = 0; i < k; i++) for (let oi = 0; oi < o; oi++) dw[i * o + oi] = dwt[oi * k + i]!;
  return be.makeTensorInfo([kh, kw, c, o], 'float32', dw);
};

/** 2x2 stride-2 VALID max pooling: the gradient goes to the first maximum of each window, as tfjs's own does. */
const maxPoolGrad = (fallback: Kernel): Kernel => (args) => {
  const dy = input(args, 'dy'), x = input(args, 'input');
  const a = args.attrs;
  if (!a || !allTwos(a.filterSize) || !allTwos(a.strides) || a.pad !== 'valid' || x.shape.length !== 4) return fallback(args);
  const be = args.backend as CpuBackend;
  const xs = floats(be, x), dys = floats(be, dy);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const oh = dy.shape[1]!, ow = dy.shape[2]!;
  const dx = new Float32Array(xs.length);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ci = 0; ci < c; ci++) {
          let best = -1, bv = -Infinity;
          for (let ky = 0; ky < 2; ky++) {
            for (let kx = 0; kx < 2; kx++) {
              const i = ((b * h + 2 * oy + ky) * w + 2 * ox + kx) * c + ci;
              if (xs[i]! > bv || best < 0) { bv = xs[i]!; best = i; }
            }
          }
          dx[best] += dys[((b * oh + oy) * ow + ox) * c + ci]!;
        }
      }
    }
  }
  return be.makeTensorInfo([n, h, w, c], 'float32', dx);
};

/** Sums over leading axes (the bias gradients, over batch and positions) without tfjs's transpose to the end. */
const sum = (fallback: Kernel): Kernel => (args) => {
  const x = input(args, 'x');
  const a = args.attrs?.axis;
  const rank = x.shape.length;
  const axes = (Array.isArray(a) ? a : [a]).map((v) => (typeof v === 'number' && v < 0 ? v + rank : v));
  const leading = axes.length > 0 && axes.every((v, i) => v === i);
  if (!leading || x.dtype !== 'float32') return fallback(args);
  const be = args.backend as CpuBackend;
  const xs = floats(be, x);
  const rest = x.shape.slice(axes.length);
  const inner = rest.reduce((p, q) => p * q, 1), outer = xs.length / Math.max(inner, 1);
  const acc = new Float64Array(inner);
  for (let i = 0; i < outer; i++) for (let j = 0; j < inner; j++) acc[j] += xs[i * inner + j]!;
  const shape = args.attrs?.keepDims ? [...axes.map(() => 1), ...rest] : rest;
  return be.makeTensorInfo(shape, 'float32', Float32Array.from(acc));
};

const REPLACEMENTS: Record<string, (fallback: Kernel) => Kernel> = {
  Conv2D: conv2d, Conv2DBackpropInput: conv2dBackpropInput, Conv2DBackpropFilter: conv2dBackpropFilter, MaxPoolGrad: maxPoolGrad, Sum: sum,
};

/** Swaps the CPU backend's kernels for the faster ones (once; call after tf.setBackend('cpu')). */
export function installFastKernels(): void {
  for (const [name, make] of Object.entries(REPLACEMENTS)) {
    const own = tf.getKernel(name, 'cpu');
    if (!own) throw new Error(`tfjs has no cpu kernel ${name}`);
    const fallback = own.kernelFunc as unknown as Kernel;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ ...own, kernelFunc: make(fallback) as unknown as tf.KernelFunc });
  }
}
