// Draws the ten class probabilities as a bar chart on a canvas (sized for the device's pixel ratio).
import { argmax } from './probabilities.js';

const BAR = '#8aa4c8';
const TOP = '#1f6feb';
const TEXT = '#4b5563';

export function drawBars(canvas: HTMLCanvasElement, probs: ArrayLike<number> | null): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 300, h = canvas.clientHeight || 160;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const c = canvas.getContext('2d');
  if (!c) return;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.clearRect(0, 0, w, h);
  const label = 18, pad = 4, slot = w / 10, chart = h - label - pad;
  const best = probs ? argmax(probs) : -1;
  c.font = '12px system-ui, sans-serif';
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  for (let d = 0; d < 10; d++) {
    const p = probs ? Math.max(0, Math.min(1, probs[d]!)) : 0;
    const bh = Math.max(1, p * chart);
    c.fillStyle = d === best ? TOP : BAR;
    c.fillRect(d * slot + slot * 0.15, pad + chart - bh, slot * 0.7, bh);
    c.fillStyle = d === best ? TOP : TEXT;
    c.fillText(String(d), d * slot + slot / 2, h - label / 2);
  }
  canvas.setAttribute('aria-label', probs
    ? `Probabilities: ${Array.from({ length: 10 }, (_, d) => `${d}: ${(probs[d]! * 100).toFixed(1)}%`).join(', ')}`
    : 'Probabilities: nothing drawn yet');
}
