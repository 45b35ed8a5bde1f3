// `npm run bench:report [DIR]`: renders bench/results/*.json into report.html (self-contained, inline SVG),
// report.md (Markdown tables for the README) and one SVG chart per results file under svg/.
import fs from 'node:fs';
import path from 'node:path';
import { loadResults } from './results.js';
import { kernelChart, modelChart, renderHtml, renderMarkdown } from './render.js';

const dir = process.argv[2] ?? path.join('bench', 'results');
const res = loadResults(dir);
const svgDir = path.join(dir, 'svg');
fs.mkdirSync(svgDir, { recursive: true });
const svgNames = new Map<string, string>();
const charts: [string, string][] = [
  ...res.kernels.map((k): [string, string] => [k.file, kernelChart(k.result)]),
  ...res.models.map((m): [string, string] => [m.file, modelChart(m.result)]),
];
for (const [file, svg] of charts) {
  const name = `${file.replace(/\.json$/, '')}.svg`;
  fs.writeFileSync(path.join(svgDir, name), `${svg}\n`);
  if (!svgNames.has(file)) svgNames.set(file, `svg/${name}`);
}
fs.writeFileSync(path.join(dir, 'report.html'), renderHtml(res));
fs.writeFileSync(path.join(dir, 'report.md'), renderMarkdown(res, svgNames));
console.log(`${res.kernels.length} kernel and ${res.models.length} model result(s) -> ${path.join(dir, 'report.html')}, report.md, svg/`);
for (const s of res.skipped) console.log(`  skipped ${s}`);
