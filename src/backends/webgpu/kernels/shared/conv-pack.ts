// Weight layouts of the GPU convolution shaders, built once per model: float weights as f32 bits or IEEE halves
// (two per word), integer weights as their raw bytes four per word (never widened), in quads of 4 output
// channels x 4 input channels for the register-blocked shaders. Every buffer is padded to 16 bytes so vec4
// views see all of it.
import type { Tensor } from '../../../../graph/ir.js';
import { floatToHalf, halfToFloat } from '../../../cpu/kernels/shared/float16.js';

const pad16 = (bytes: number): number => Math.max(16, Math.ceil(bytes / 16) * 16);

/** A float filter's values as halves (fp16 storage) or float32; a model's fp16 weights pass through unchanged. */
export function floatWeights(t: Tensor, half: boolean): Float32Array | Uint16Array {
  const d = t.data;
  if (t.dtype === 'float16' && d instanceof Uint16Array) {
    if (half) return d;
    throw new Error(`fp16 filter "${t.name}" must use half storage`);
  }
  if (!(d instanceof Float32Array)) throw new Error(`filter "${t.name}" (${t.dtype}) is not float`);
  return half ? Uint16Array.from(d, floatToHalf) : d;
}

/** Float weights as float32: halves decoded exactly (their fp16 rounding kept), float32 unchanged. */
export function halfRounded(w: Float32Array | Uint16Array): Float32Array {
  return w instanceof Uint16Array ? Float32Array.from(w, halfToFloat) : w;
}

/** Copy of `src` in a 16-byte padded buffer of the same element type. */
export function padded(src: Float32Array | Uint16Array | Int8Array | Uint8Array): Uint32Array {
  const bytes = new Uint8Array(pad16(src.byteLength));
  bytes.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return new Uint32Array(bytes.buffer);
}

/**
 * CONV_2D weights [cout][taps][cin] regrouped as quads [ceil(cout/4)][taps][ceil(cin/4)][4 channels][4 inputs],
 * zero padded. Float: f32 bits (16 words a quad) or halves (8 words); bytes: 4 words a quad, one per channel.
 */
export function convQuads<T extends Float32Array | Uint16Array | Int8Array | Uint8Array>(src: T, cout: number, taps: number, cin: number): Uint32Array {
  const cb = Math.ceil(cout / 4), ci4 = Math.ceil(cin / 4);
  const Ctor = src.constructor as new (n: number) => T;
  const esize = src.BYTES_PER_ELEMENT;
  const n = cb * taps * ci4 * 16;
  const out = new Ctor(pad16(n * esize) / esize);
  for (let co = 0; co < cout; co++) {
    for (let t = 0; t < taps; t++) {
      for (let ci = 0; ci < cin; ci++) {
        const q = ((co >> 2) * taps + t) * ci4 + (ci >> 2);
        out[q * 16 + (co & 3) * 4 + (ci & 3)] = src[(co * taps + t) * cin + ci]!;
      }
    }
  }
  return new Uint32Array(out.buffer);
}

/**
 * CONV_2D weights of a single input channel [cout][taps][1] for the Cin == 1 shaders: [groups][taps][4 blocks]
 * [4 channels], a group being `cb` blocks of 4 channels (zero padded). Float weights as f32 (halves decoded, so
 * fp16 storage keeps its rounded values), bytes as bytes (one word per block).
 */
export function convC1<T extends Float32Array | Int8Array | Uint8Array>(src: T, cout: number, taps: number, cb: number): Uint32Array {
  const groups = Math.ceil(Math.ceil(cout / 4) / cb);
  const Ctor = src.constructor as new (n: number) => T;
  const esize = src.BYTES_PER_ELEMENT;
  const out = new Ctor(pad16(groups * taps * 16 * esize) / esize);
  for (let co = 0; co < cout; co++) {
    const g = Math.floor(co / (4 * cb)), j = co % (4 * cb);
    for (let t = 0; t < taps; t++) out[(g * taps + t) * 16 + j] = src[co * taps + t]!;
  }
  return new Uint32Array(out.buffer);
}

/**
 * DEPTHWISE_CONV_2D weights [taps][cout] as quads [taps][ceil(cout/4)] of 4 channels, zero padded: f32 bits,
 * halves or bytes.
 */
export function depthwiseQuads<T extends Float32Array | Uint16Array | Int8Array | Uint8Array>(src: T, taps: number, cout: number): Uint32Array {
  const cb = Math.ceil(cout / 4);
  const Ctor = src.constructor as new (n: number) => T;
  const esize = src.BYTES_PER_ELEMENT;
  const out = new Ctor(pad16(taps * cb * 4 * esize) / esize);
  for (let t = 0; t < taps; t++) {
    for (let c = 0; c < cout; c++) out[t * cb * 4 + c] = src[t * cout + c]!;
  }
  return new Uint32Array(out.buffer);
}

/**
 * Per channel quad and tap, the sums over Cin of (w + filterOffset): the input-offset term of the packed-dot
 * CONV_2D, [ceil(cout/4)][taps][4] (zero for padded channels).
 */
export function convTapSums(src: Int8Array | Uint8Array, cout: number, taps: number, cin: number, filterOffset: number): Int32Array {
  const cb = Math.ceil(cout / 4);
  const out = new Int32Array(cb * taps * 4);
  for (let co = 0; co < cout; co++) {
    for (let t = 0; t < taps; t++) {
      let s = 0;
      for (let ci = 0; ci < cin; ci++) s += src[(co * taps + t) * cin + ci]! + filterOffset;
      out[((co >> 2) * taps + t) * 4 + (co & 3)] = s;
    }
  }
  return out;
}

/** Multipliers and shifts interleaved per channel quad: [quad][multipliers x4, shifts x4]. */
export function requantQuads(multiplier: Int32Array, shift: Int32Array): Int32Array {
  const cb = Math.ceil(multiplier.length / 4);
  const out = new Int32Array(cb * 8);
  for (let c = 0; c < multiplier.length; c++) {
    out[(c >> 2) * 8 + (c & 3)] = multiplier[c]!;
    out[(c >> 2) * 8 + 4 + (c & 3)] = shift[c]!;
  }
  return out;
}
