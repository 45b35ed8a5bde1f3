// The project's own demo models (examples/models/manifest.json), bundled by Vite as asset URLs.
/// <reference types="vite/client" />
import manifest from '../models/manifest.json';
import { LoadError } from '../../src/index.js';

export interface BundledModel {
  file: string;
  mode: string;
  io: string;
  bytes: number;
  accuracy: number;
  url: string;
  /** What the selector shows, e.g. "int8 (uint8 I/O) · 17.8 kB · 98.24%". */
  label: string;
}

// Vite emits each .tflite as an asset and gives its URL (relative to the page in a './' base build).
const urls = import.meta.glob<string>('../models/*.tflite', { query: '?url', import: 'default', eager: true });

export const BUNDLED: BundledModel[] = (manifest as Omit<BundledModel, 'url' | 'label'>[]).map((m) => {
  const url = urls[`../models/${m.file}`];
  if (!url) throw new LoadError(`examples/models/manifest.json lists ${m.file}, which is not in examples/models`);
  const io = m.io === 'float' ? '' : ` (${m.io} I/O)`;
  return { ...m, url, label: `${m.mode}${io} · ${(m.bytes / 1000).toFixed(1)} kB · ${(m.accuracy * 100).toFixed(2)}%` };
});

export async function fetchModel(m: BundledModel): Promise<Uint8Array> {
  const res = await fetch(m.url);
  if (!res.ok) throw new LoadError(`cannot fetch ${m.file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
