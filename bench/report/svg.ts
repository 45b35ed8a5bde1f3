// Self-contained SVG charts for the static report (no fonts or scripts fetched): a log-scale line chart over
// categories (throughput vs problem size, one line per variant) and horizontal grouped bars (latency per model).

export interface Series { name: string; values: (number | null)[] }

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2));

/** Powers of ten covering [lo, hi]. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function legend(series: readonly { name: string }[], x: number, y: number): string {
  return series.map((s, i) => `<g transform="translate(${x + (i % 3) * 170},${y + Math.floor(i / 3) * 16})"><rect width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>` +
    `<text x="14" y="9" font-size="11">${esc(s.name)}</text></g>`).join('');
}

/** Categories along x (e.g. problem sizes), one line per series on a log y axis. */
export function lineChart(title: string, yLabel: string, categories: readonly string[], series: readonly Series[]): string {
  const W = 820, left = 60, right = 140, top = 30, plotH = 260, labelH = 120, legendH = 16 * Math.ceil(series.length / 3) + 8;
  const H = top + plotH + labelH + legendH;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && v > 0));
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="40"><text x="10" y="25">${esc(title)}: no data</text></svg>`;
  const ticks = decades(Math.min(...all), Math.max(...all));
  const lo = Math.log10(ticks[0]!), hi = Math.log10(ticks[ticks.length - 1]!);
  const span = hi > lo ? hi - lo : 1;
  const pw = W - left - right;
  const xAt = (i: number): number => left + (categories.length === 1 ? pw / 2 : (i * pw) / (categories.length - 1));
  const yAt = (v: number): number => top + plotH - ((Math.log10(v) - lo) / span) * plotH;
  const parts: string[] = [
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<text transform="translate(14,${top + plotH / 2}) rotate(-90)" font-size="11" text-anchor="middle">${esc(yLabel)}</text>`,
    ...ticks.map((t) => `<line x1="${left}" x2="${W - right}" y1="${yAt(t)}" y2="${yAt(t)}" stroke="#ddd"/><text x="${left - 4}" y="${yAt(t) + 4}" font-size="10" text-anchor="end">${fmt(t)}</text>`),
    ...categories.map((c, i) => `<text transform="translate(${xAt(i) + 3},${top + plotH + 8}) rotate(40)" font-size="10">${esc(c)}</text>`),
  ];
  series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length]!;
    const pts = s.values.map((v, i) => (v !== null && v > 0 ? [xAt(i), yAt(v), v] as const : null));
    // Lines join consecutive measured points only: a gap is a size the variant did not run.
    let path = '';
    pts.forEach((p, i) => { if (p) path += `${pts[i - 1] ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`; });
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of pts) if (p) parts.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3" fill="${color}"><title>${esc(s.name)}: ${fmt(p[2])}</title></circle>`);
  });
  parts.push(legend(series, left, top + plotH + labelH));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}

/** One group per category (e.g. a model), one horizontal bar per series (e.g. an engine), log x axis. */
export function barChart(title: string, xLabel: string, categories: readonly string[], series: readonly Series[]): string {
  const W = 760, left = 260, right = 40, top = 30, bar = 9, gap = 8;
  const groupH = series.length * bar + gap;
  const plotH = categories.length * groupH, legendH = 16 * Math.ceil(series.length / 3) + 8;
  const H = top + plotH + 30 + legendH;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && v > 0));
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="40"><text x="10" y="25">${esc(title)}: no data</text></svg>`;
  const ticks = decades(Math.min(...all), Math.max(...all));
  const lo = Math.log10(ticks[0]!) - 0.3, hi = Math.log10(ticks[ticks.length - 1]!);
  const pw = W - left - right;
  const xAt = (v: number): number => left + ((Math.log10(v) - lo) / (hi - lo || 1)) * pw;
  const parts: string[] = [
    `<text x="10" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    ...ticks.map((t) => `<line x1="${xAt(t)}" x2="${xAt(t)}" y1="${top}" y2="${top + plotH}" stroke="#ddd"/><text x="${xAt(t)}" y="${top + plotH + 12}" font-size="10" text-anchor="middle">${fmt(t)}</text>`),
    `<text x="${left + pw / 2}" y="${top + plotH + 26}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`,
  ];
  categories.forEach((c, ci) => {
    const y0 = top + ci * groupH;
    parts.push(`<text x="${left - 6}" y="${y0 + (series.length * bar) / 2 + 4}" font-size="10" text-anchor="end">${esc(c)}</text>`);
    series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined || !(v > 0)) return;
      parts.push(`<rect x="${left}" y="${y0 + si * bar}" width="${Math.max(1, xAt(v) - left).toFixed(1)}" height="${bar - 1}" fill="${PALETTE[si % PALETTE.length]}"><title>${esc(s.name)}: ${fmt(v)}</title></rect>`);
    });
  });
  parts.push(legend(series, 10, top + plotH + 34));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}
