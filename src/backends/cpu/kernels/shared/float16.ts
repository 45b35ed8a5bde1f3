// IEEE binary16 <-> binary32 conversion (exact decode, round-to-nearest-even encode) for kernels and weight expansion.

// Decoding goes through a 65536-entry table of float32 bit patterns, so bulk decoding is an integer copy that
// keeps NaN payloads intact (as FP16's fp16_ieee_to_fp32_value does) and costs one lookup per element.
let decodeBits: Uint32Array | null = null;
let decodeFloats: Float32Array | null = null;

function buildDecodeTable(): Uint32Array {
  const bits = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0x1f) {
      bits[h] = (sign | 0x7f800000 | (mant << 13)) >>> 0;
    } else if (exp !== 0) {
      bits[h] = (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
    } else if (mant === 0) {
      bits[h] = sign >>> 0;
    } else {
      // Subnormal half: renormalise so the leading 1 becomes the implicit bit of a normal float32.
      let e = 113;
      let m = mant;
      while ((m & 0x400) === 0) { m <<= 1; e--; }
      bits[h] = (sign | (e << 23) | ((m & 0x3ff) << 13)) >>> 0;
    }
  }
  return bits;
}

function decodeTable(): Uint32Array {
  if (decodeBits === null) {
    decodeBits = buildDecodeTable();
    decodeFloats = new Float32Array(decodeBits.buffer);
  }
  return decodeBits;
}

function decodeFloatTable(): Float32Array {
  decodeTable();
  if (decodeFloats === null) throw new Error('float16 decode table missing');
  return decodeFloats;
}

/** The float value of the half whose bits are `h` (low 16 bits used). */
export function halfToFloat(h: number): number {
  return decodeFloatTable()[h & 0xffff];
}

/** Decodes raw halves into a new Float32Array, bit-exactly (NaN payloads kept). */
export function halfArrayToFloat32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  halfArrayToFloat32Into(src, out);
  return out;
}

/** Decodes raw halves into `dst` (which must be at least as long as `src`). */
export function halfArrayToFloat32Into(src: Uint16Array, dst: Float32Array): void {
  const table = decodeTable();
  const n = src.length;
  if (dst.length < n) throw new RangeError(`halfArrayToFloat32Into: ${n} halves into ${dst.length} floats`);
  const out = new Uint32Array(dst.buffer, dst.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = table[src[i]];
}

/** Encodes float32 bits `x` as half bits: round to nearest even, overflow to infinity, NaN to sign|0x7e00. */
export function floatBitsToHalf(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  // FP16's fp16_ieee_from_fp32_value (used by TFLite's CAST) returns one canonical quiet NaN.
  if (exp === 0xff) return mant !== 0 ? sign | 0x7e00 : sign | 0x7c00;
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e; // 14..24
    let h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (h & 1) !== 0)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) !== 0)) h++;
  return sign | h;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Half bits of `f` after rounding it to float32 (as C++ does when it passes a float). */
export function floatToHalf(f: number): number {
  scratchF32[0] = f;
  return floatBitsToHalf(scratchU32[0]);
}

/** Encodes a Float32Array into raw halves in `dst` (which must be at least as long as `src`). */
export function float32ArrayToHalfInto(src: Float32Array, dst: Uint16Array): void {
  const n = src.length;
  if (dst.length < n) throw new RangeError(`float32ArrayToHalfInto: ${n} floats into ${dst.length} halves`);
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) dst[i] = floatBitsToHalf(bits[i]);
}
