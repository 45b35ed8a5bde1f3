// Broadcast geometry for the GPU elementwise shaders: output dims padded to rank 6 and per-input strides
// (0 along broadcast dimensions), as uniform fields d0..d5, a0..a5, b0..b5.
const RANK = 6;

function stridesFor(shape: readonly number[], out: readonly number[]): number[] {
  const padded = [...Array(RANK - shape.length).fill(1), ...shape] as number[];
  const outP = [...Array(RANK - out.length).fill(1), ...out] as number[];
  const strides = new Array<number>(RANK).fill(0);
  let s = 1;
  for (let i = RANK - 1; i >= 0; i--) {
    strides[i] = padded[i] === 1 && outP[i] !== 1 ? 0 : s;
    s *= padded[i]!;
  }
  return strides;
}

export function broadcastParams(a: readonly number[], b: readonly number[], out: readonly number[]): Record<string, number> {
  if (out.length > RANK) throw new Error(`rank ${out.length} > ${RANK}`);
  const outP = [...Array(RANK - out.length).fill(1), ...out] as number[];
  const sa = stridesFor(a, out), sb = stridesFor(b, out);
  const p: Record<string, number> = { n: outP.reduce((x, y) => x * y, 1) };
  for (let i = 0; i < RANK; i++) {
    p[`d${i}`] = outP[i]!;
    p[`a${i}`] = sa[i]!;
    p[`b${i}`] = sb[i]!;
  }
  return p;
}
