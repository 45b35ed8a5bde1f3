// Renders page text from state: badges, the model facts list, notices and errors, prediction and latency.
import type { ModelInfo } from './model-info.js';

export function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e as T;
}

export function renderBadges(info: ModelInfo | null): void {
  const backend = el('backend-badge'), precision = el('precision-badge');
  if (!info) {
    backend.textContent = 'loading…';
    precision.textContent = '–';
    return;
  }
  backend.textContent = info.backend === 'webgpu' ? `WebGPU · ${info.adapter ?? 'adapter'}` : 'CPU';
  backend.classList.toggle('gpu', info.backend === 'webgpu');
  precision.textContent = info.precision;
  precision.title = info.backend === 'webgpu'
    ? (info.precision === 'fp16' ? 'Float weights stored as fp16 on the GPU' : 'Float weights kept as fp32 on the GPU')
    : 'The CPU backend computes float models in fp32';
}

export function renderInfo(info: ModelInfo): void {
  const rows: [string, string][] = [
    ['file', info.name],
    ['size', `${info.bytes.toLocaleString('en')} bytes`],
    ['quantization', info.converterMetadata && info.converterMetadata !== info.quantization
      ? `${info.quantization} (converter: ${info.converterMetadata})` : info.quantization],
    ['input', info.input],
    ['output', info.output],
    ['operators', info.operators.join(', ')],
  ];
  if (info.cpuOps.length) rows.push(['on the CPU', info.cpuOps.join(', ')]);
  const dl = el('info');
  dl.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = k;
    dd.textContent = v;
    return [dt, dd];
  }));
}

/** Shows or hides a message paragraph (notice or error). */
export function setMessage(id: 'notice' | 'error', text: string): void {
  const p = el(id);
  p.textContent = text;
  p.hidden = text === '';
}

export function renderLatency(last: number | null, all: number[]): void {
  if (last === null) {
    el('latency').textContent = 'Inference: –';
    return;
  }
  const recent = all.slice(-20).sort((a, b) => a - b);
  const median = recent[Math.floor(recent.length / 2)]!;
  el('latency').textContent = `Inference: ${last.toFixed(1)} ms (median of last ${recent.length}: ${median.toFixed(1)} ms)`;
}
