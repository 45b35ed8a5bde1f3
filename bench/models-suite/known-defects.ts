// Documented defects of the reference engines on specific models (../shared/golden/ACCURACY.md), so a disagreement
// with our CPU backend that a reference engine is known to cause is reported with its reason, not as ours.
import type { EngineResult } from './types.js';

export interface KnownDefect {
  model: string;
  /** Engine ids the defect affects. */
  engines: string[];
  reason: string;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    model: 'mnist/aeq/partly_quantized_mnist.tflite',
    engines: ['tfjs-tflite-wasm'],
    reason: 'known TFLite bug: tfjs-tflite (like TFLite 2.9) ignores this model\'s per-channel FULLY_CONNECTED weights and ' +
      'outputs a constant 0.1 per class (9.80% on MNIST); LiteRT.js and our CPU backend give 96.46% (../shared/golden/ACCURACY.md)',
  },
];

/** The known defect explaining a disagreement of `engine` on `model`, or null. Only disagreements get one. */
export function knownDefect(model: string, e: EngineResult): string | null {
  if (!e.correctness || e.correctness.ok) return null;
  return KNOWN_DEFECTS.find((d) => d.model === model && d.engines.includes(e.id))?.reason ?? null;
}
