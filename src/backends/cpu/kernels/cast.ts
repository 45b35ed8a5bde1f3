// CAST: value conversion between numeric dtypes and bool, as TFLite's cast.cc (quantization parameters ignored).
import type { DType, TypedArray } from '../../../graph/dtype.js';
import type { Graph, Operator } from '../../../graph/ir.js';
import { KernelError } from '../../../errors.js';
import type { CpuKernel } from '../kernel.js';
import { floatToHalf, halfArrayToFloat32Into, float32ArrayToHalfInto } from './shared/float16.js';
import { unaryRun, unaryTensors, type NumberArray } from './shared/unary-common.js';

const CASTABLE: readonly DType[] = [
  'float32', 'float16', 'float64', 'int64', 'int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8', 'bool',
];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** std::nextafterf(float(INT32_MAX), 0): the largest float32 below 2^31. */
const MAX_INT_FLOAT = 2147483520;
const TWO63 = 9223372036854775808;
const INT64_MIN = -(2n ** 63n);

/**
 * static_cast<int32_t> of a float/double on x86 (cvttss2si): truncation toward zero, and the "integer
 * indefinite" INT32_MIN for NaN and out-of-range values. Narrower integer casts take the low bits of this.
 */
function x86TruncInt32(v: number): number {
  return v > -2147483649 && v < 2147483648 ? Math.trunc(v) : INT32_MIN;
}

/** static_cast<int64_t> of a float/double on x86: truncation, INT64_MIN for NaN and out-of-range values. */
function x86TruncInt64(v: number): bigint {
  return v >= -TWO63 && v < TWO63 ? BigInt(Math.trunc(v)) : INT64_MIN;
}

/** static_cast<float>(int64): one round-to-nearest-even step (Number(b) then fround would round twice). */
function int64ToFloat32(b: bigint): number {
  const neg = b < 0n;
  let a = neg ? -b : b;
  if (a >= 1n << 53n) {
    // Keep 53 bits plus a sticky bit so the single rounding to float32 below sees the exact tie information.
    const shift = BigInt(a.toString(2).length - 53);
    let m = a >> shift;
    if (m << shift !== a) m |= 1n;
    a = m << shift;
  }
  const f = Math.fround(Number(a));
  return neg ? -f : f;
}

/** Float sources: float32 gets cast.cc's saturating float overloads; float16 and float64 take plain static_cast. */
function castFromFloat(src: Float32Array | Float64Array, saturating: boolean, dst: TypedArray, dt: DType, n: number): void {
  switch (dt) {
    case 'float32': case 'float64':
      (dst as Float32Array | Float64Array).set(src.length === n ? src : src.subarray(0, n));
      return;
    case 'float16': {
      const d = dst as Uint16Array;
      if (src instanceof Float32Array) float32ArrayToHalfInto(src.length === n ? src : src.subarray(0, n), d);
      else for (let i = 0; i < n; i++) d[i] = floatToHalf(src[i]); // double -> float -> half, as C++ does
      return;
    }
    case 'bool': {
      const d = dst as Uint8Array;
      for (let i = 0; i < n; i++) d[i] = src[i] !== 0 ? 1 : 0; // NaN != 0 is true
      return;
    }
    case 'int64': {
      const d = dst as BigInt64Array;
      for (let i = 0; i < n; i++) d[i] = x86TruncInt64(src[i]);
      return;
    }
    case 'uint32': {
      // x86 converts to uint32 through a 64-bit truncation and keeps the low 32 bits (0 for NaN/out of range).
      const d = dst as Uint32Array;
      for (let i = 0; i < n; i++) {
        const v = src[i];
        d[i] = v >= -TWO63 && v < TWO63 ? Math.trunc(v) % 4294967296 : 0;
      }
      return;
    }
    case 'int32': {
      const d = dst as Int32Array;
      if (saturating) {
        // copyCast(const float*, int32_t*): a <= max_int_float ? int32(max(a, min_int_float)) : INT32_MAX.
        for (let i = 0; i < n; i++) {
          const v = src[i];
          d[i] = v <= MAX_INT_FLOAT ? (v < INT32_MIN ? INT32_MIN : Math.trunc(v)) : INT32_MAX;
        }
      } else {
        for (let i = 0; i < n; i++) d[i] = x86TruncInt32(src[i]);
      }
      return;
    }
    case 'int16': case 'uint8': {
      const d = dst as Int16Array | Uint8Array;
      if (saturating) {
        // copyCast(const float*, int16_t/uint8_t*): clamp to the type's range, then truncate; NaN survives the
        // std::min/std::max and converts to 0 on x86.
        const lo = dt === 'int16' ? -32768 : 0;
        const hi = dt === 'int16' ? 32767 : 255;
        for (let i = 0; i < n; i++) {
          const v = src[i];
          d[i] = v !== v ? 0 : v < lo ? lo : v > hi ? hi : v; // the typed store truncates toward zero
        }
      } else {
        for (let i = 0; i < n; i++) d[i] = x86TruncInt32(src[i]); // the typed store keeps the low bits
      }
      return;
    }
    case 'int8': case 'uint16': {
      const d = dst as Int8Array | Uint16Array;
      for (let i = 0; i < n; i++) d[i] = x86TruncInt32(src[i]);
      return;
    }
    default:
      throw new TypeError(`cast to ${dt} not supported`);
  }
}

/** Integer sources of up to 32 bits (bool already normalised to 0/1): C++ integral conversions wrap. */
function castFromInt(src: NumberArray, dst: TypedArray, dt: DType, n: number): void {
  switch (dt) {
    case 'bool': {
      const d = dst as Uint8Array;
      for (let i = 0; i < n; i++) d[i] = src[i] !== 0 ? 1 : 0;
      return;
    }
    case 'int64': {
      const d = dst as BigInt64Array;
      for (let i = 0; i < n; i++) d[i] = BigInt(src[i]);
      return;
    }
    case 'float16': {
      const d = dst as Uint16Array;
      for (let i = 0; i < n; i++) d[i] = floatToHalf(src[i]); // int -> float (RNE) -> half
      return;
    }
    default:
      // Typed-array stores convert exactly like C++: RNE to float, modulo 2^k to narrower integers.
      (dst as NumberArray).set(src.length === n ? src : src.subarray(0, n));
  }
}

function castFromInt64(src: BigInt64Array, dst: TypedArray, dt: DType, n: number): void {
  switch (dt) {
    case 'int64':
      (dst as BigInt64Array).set(src.length === n ? src : src.subarray(0, n));
      return;
    case 'bool': {
      const d = dst as Uint8Array;
      for (let i = 0; i < n; i++) d[i] = src[i] !== 0n ? 1 : 0;
      return;
    }
    case 'float32': {
      const d = dst as Float32Array;
      for (let i = 0; i < n; i++) d[i] = int64ToFloat32(src[i]);
      return;
    }
    case 'float64': {
      const d = dst as Float64Array;
      for (let i = 0; i < n; i++) d[i] = Number(src[i]);
      return;
    }
    case 'float16': {
      const d = dst as Uint16Array;
      for (let i = 0; i < n; i++) d[i] = floatToHalf(int64ToFloat32(src[i]));
      return;
    }
    default: {
      // The low 32 bits, then the typed store keeps the low 8/16 bits for narrower targets.
      const d = dst as NumberArray;
      for (let i = 0; i < n; i++) d[i] = Number(BigInt.asIntN(32, src[i]));
    }
  }
}

function checkOp(op: Operator, graph: Graph): string | null {
  const t = unaryTensors(op, graph);
  if (typeof t === 'string') return t;
  const { input, output } = t;
  if (!CASTABLE.includes(input.dtype)) return `${input.dtype} input not supported (${CASTABLE.join(', ')})`;
  if (!CASTABLE.includes(output.dtype)) return `${output.dtype} output not supported (${CASTABLE.join(', ')})`;
  return null;
}

export const castKernel: CpuKernel = {
  check: checkOp,
  run(ctx) {
    const r = unaryRun(ctx);
    const { op } = ctx;
    const st = r.input.info.dtype;
    const dt = r.output.info.dtype;
    const src = r.input.data;
    const dst = r.output.data;
    const n = r.n;
    if (!CASTABLE.includes(st) || !CASTABLE.includes(dt)) {
      throw new KernelError(op.opcode, op.index, `cast ${st} -> ${dt} not supported`);
    }
    if (st === 'float16') {
      if (!(src instanceof Uint16Array)) throw new KernelError(op.opcode, op.index, 'float16 input data expected');
      // half -> float first, as cast.cc does for every target (half -> half canonicalises NaNs like FP16 does).
      const f = new Float32Array(n);
      halfArrayToFloat32Into(src.subarray(0, n), f);
      castFromFloat(f, false, dst, dt, n);
      return;
    }
    if (src instanceof Float32Array) { castFromFloat(src, true, dst, dt, n); return; }
    if (src instanceof Float64Array) { castFromFloat(src, false, dst, dt, n); return; }
    if (src instanceof BigInt64Array) { castFromInt64(src, dst, dt, n); return; }
    if (src instanceof BigUint64Array) throw new KernelError(op.opcode, op.index, 'uint64 input not supported');
    if (st === 'bool') {
      // C++ bool converts as 0/1; normalise bytes other than 0/1 first.
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = src[i] !== 0 ? 1 : 0;
      castFromInt(b, dst, dt, n);
      return;
    }
    castFromInt(src, dst, dt, n);
  },
};
