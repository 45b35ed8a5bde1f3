// SVG charts of the bench page: grouped bars (latency per model per engine) and a log-log scatter
// (throughput against size, one series per precision or engine). Plain SVG, no chart library.

const NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Log10 scale over [lo, hi] (widened to whole decades) onto [a, b]. */
function logScale(lo: number, hi: number, a: number, b: number): { at: (v: number) => number; ticks: number[] } {
  const l0 = Math.floor(Math.log10(lo)), l1 = Math.max(l0 + 1, Math.ceil(Math.log10(hi)));
  const ticks: number[] = [];
  for (let d = l0; d <= l1; d++) ticks.push(10 ** d);
  return { at: (v) => a + ((Math.log10(v) - l0) / (l1 - l0)) * (b - a), ticks };
}

const fmt = (v: number): string => (v >= 1000 ? `${v / 1000}k` : String(v));

function legend(svg: SVGSVGElement, names: readonly string[], x: number, y: number): void {
  names.forEach((n, i) => {
    svg.append(el('rect', { x, y: y + i * 16, width: 10, height: 10, fill: PALETTE[i % PALETTE.length]! }));
    svg.append(el('text', { x: x + 14, y: y + i * 16 + 9, 'font-size': 11 }, n));
  });
}

export interface BarGroup { label: string; values: (number | null)[] }

/** Horizontal grouped bars on a log axis: one group per model, one bar per series (null: did not run). */
export function groupedBars(groups: readonly BarGroup[], series: readonly string[], unit: string): SVGSVGElement {
  const left = 260, right = 170, bar = 9, gap = 10, width = 900;
  const height = 30 + groups.length * (series.length * bar + gap) + 20;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' });
  const all = groups.flatMap((g) => g.values).filter((v): v is number => v !== null && v > 0);
  if (all.length === 0) { svg.append(el('text', { x: 10, y: 20 }, 'no data')); return svg; }
  const s = logScale(Math.min(...all), Math.max(...all), left, width - right);
  for (const t of s.ticks) {
    svg.append(el('line', { x1: s.at(t), x2: s.at(t), y1: 20, y2: height - 20, stroke: '#ddd' }));
    svg.append(el('text', { x: s.at(t), y: 14, 'font-size': 10, 'text-anchor': 'middle' }, `${fmt(t)} ${unit}`));
  }
  let y = 24;
  for (const g of groups) {
    svg.append(el('text', { x: left - 6, y: y + (series.length * bar) / 2 + 4, 'font-size': 11, 'text-anchor': 'end' }, g.label));
    g.values.forEach((v, i) => {
      if (v !== null && v > 0) {
        const r = el('rect', { x: left, y: y + i * bar, width: Math.max(1, s.at(v) - left), height: bar - 1, fill: PALETTE[i % PALETTE.length]! });
        r.append(el('title', {}, `${series[i]}: ${v.toPrecision(3)} ${unit}`));
        svg.append(r);
      }
    });
    y += series.length * bar + gap;
  }
  legend(svg, series, width - right + 10, 24);
  return svg;
}

export interface Point { series: string; x: number; y: number; label: string }

/** Log-log scatter, points of a series joined in x order. */
export function scatter(points: readonly Point[], xUnit: string, yUnit: string): SVGSVGElement {
  const width = 900, height = 360, left = 60, right = 170, top = 20, bottom = 40;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' });
  const ok = points.filter((p) => p.x > 0 && p.y > 0);
  if (ok.length === 0) { svg.append(el('text', { x: 10, y: 20 }, 'no data')); return svg; }
  const sx = logScale(Math.min(...ok.map((p) => p.x)), Math.max(...ok.map((p) => p.x)), left, width - right);
  const sy = logScale(Math.min(...ok.map((p) => p.y)), Math.max(...ok.map((p) => p.y)), height - bottom, top);
  for (const t of sx.ticks) svg.append(el('text', { x: sx.at(t), y: height - bottom + 14, 'font-size': 10, 'text-anchor': 'middle' }, fmt(t)));
  for (const t of sy.ticks) {
    svg.append(el('line', { x1: left, x2: width - right, y1: sy.at(t), y2: sy.at(t), stroke: '#ddd' }));
    svg.append(el('text', { x: left - 4, y: sy.at(t) + 3, 'font-size': 10, 'text-anchor': 'end' }, fmt(t)));
  }
  svg.append(el('text', { x: (left + width - right) / 2, y: height - 6, 'font-size': 11, 'text-anchor': 'middle' }, xUnit));
  svg.append(el('text', { x: 12, y: top + 10, 'font-size': 11 }, yUnit));
  const names = [...new Set(ok.map((p) => p.series))];
  names.forEach((n, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts = ok.filter((p) => p.series === n).sort((a, b) => a.x - b.x);
    svg.append(el('polyline', { points: pts.map((p) => `${sx.at(p.x)},${sy.at(p.y)}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 1 }));
    for (const p of pts) {
      const c = el('circle', { cx: sx.at(p.x), cy: sy.at(p.y), r: 3, fill: color });
      c.append(el('title', {}, `${p.series} · ${p.label}: ${p.y.toPrecision(3)} ${yUnit}`));
      svg.append(c);
    }
  });
  legend(svg, names, width - right + 10, top);
  return svg;
}
