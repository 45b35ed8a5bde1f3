// Turns a model's ten class scores (probabilities, logits, or quantized) into probabilities, pure (no DOM).

export interface OutputQuant { scale: number; zeroPoint: number }

/**
 * Dequantizes integer scores with the output's scale and zero point, and applies a softmax when the scores are not
 * already a probability distribution (a dropped model may end in logits).
 */
export function toProbabilities(scores: ArrayLike<number>, quant: OutputQuant | null): Float32Array {
  const x = Float32Array.from(scores as ArrayLike<number>, (v) => (quant ? (v - quant.zeroPoint) * quant.scale : v));
  let sum = 0, inRange = true;
  for (const v of x) {
    sum += v;
    if (!(v >= 0 && v <= 1)) inRange = false;
  }
  // Quantized softmax outputs step by 1/256: their sum can be off by a few steps.
  if (inRange && Math.abs(sum - 1) < 0.05) return x;
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  let z = 0;
  const e = x.map((v) => {
    const t = Math.exp(v - max);
    z += t;
    return t;
  });
  return e.map((v) => v / z);
}

/** Index of the first largest value (np.argmax). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}
