// Deterministic tensor values (seeded xorshift32 within each dtype's range), so benchmark and profiling inputs
// repeat exactly from run to run and engine to engine.
export const SEEDED_DTYPES = ['float32', 'float64', 'int8', 'uint8', 'int16', 'int32', 'uint32', 'bool'] as const;
export type SeededDType = (typeof SEEDED_DTYPES)[number];
export type SeededArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array;

export const isSeededDType = (d: string): d is SeededDType => (SEEDED_DTYPES as readonly string[]).includes(d);

export function fillSeeded(a: SeededArray, dtype: SeededDType, seed: number): void {
  let s = (seed * 2654435761 + 12345) >>> 0 || 1;
  for (let i = 0; i < a.length; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    switch (dtype) {
      // Floats in [0, 1): the range of MNIST pixels /255, which most float models here expect.
      case 'float32': case 'float64': a[i] = s / 2 ** 32; break;
      case 'int8': a[i] = (s & 255) - 128; break;
      case 'uint8': a[i] = s & 255; break;
      case 'int16': a[i] = (s & 65535) - 32768; break;
      case 'bool': a[i] = s & 1; break;
      // Small non-negative integers: int inputs are often indices or sizes.
      default: a[i] = s % 4;
    }
  }
}
