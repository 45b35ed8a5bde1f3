// The engine configurations the suite knows, their ids, and the console prefix of the page's progress lines
// (shared by the page and the Node driver, so it imports nothing browser-only).
import type { EngineSpec } from './types.js';

export const LOG_PREFIX = '[models-suite] ';

export function engineId(s: EngineSpec): string {
  if (s.engine === 'ours') return s.backend === 'webgpu' ? `ours-webgpu-${s.precision}` : 'ours-cpu';
  return `${s.engine}-${s.backend}`;
}

export const ALL_ENGINES: EngineSpec[] = [
  { engine: 'ours', backend: 'webgpu', precision: 'fp32' },
  { engine: 'ours', backend: 'webgpu', precision: 'fp16' },
  { engine: 'ours', backend: 'cpu', precision: 'fp32' },
  { engine: 'litert', backend: 'webgpu', precision: 'fp32' },
  { engine: 'litert', backend: 'wasm', precision: 'fp32' },
  { engine: 'tfjs-tflite', backend: 'wasm', precision: 'fp32' },
];
