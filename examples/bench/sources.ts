// Where the bench page gets its models: the full catalog when `npm run bench:models -- --serve` serves the page
// (shared MNIST models, demo models, MobileNets, and the engines' raw WASM folders), else the bundled demo models.
import { BUNDLED } from '../mnist/bundled-models.js';
import type { ModelSpec } from '../../bench/models-suite/types.js';

export interface Sources {
  models: ModelSpec[];
  /** The WASM folders of LiteRT.js and tfjs-tflite are served raw (only by the bench server). */
  referenceEngines: boolean;
  versions: Record<string, string>;
}

export async function findSources(): Promise<Sources> {
  try {
    const res = await fetch('/__models/catalog.json');
    if (res.ok) {
      const c = (await res.json()) as { models: ModelSpec[]; versions: Record<string, string> };
      return { models: c.models, referenceEngines: true, versions: c.versions };
    }
  } catch { /* a static build or the examples dev server: no catalog */ }
  return { models: BUNDLED.map((m) => ({ id: `examples/${m.file}`, group: 'demo', bytes: m.bytes, url: m.url })), referenceEngines: false, versions: {} };
}
