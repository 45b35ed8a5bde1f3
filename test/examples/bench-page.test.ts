// The benchmark page (examples/bench) as a user gets it from `npm run build`: in headless Chromium with WebGPU
// (SwiftShader) it runs the model suite on a bundled model and the kernel suite's tiny sweep, then draws both.
// Behaviour only: the numbers are not asserted beyond being finite and positive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startBrowser } from '../helpers/browser.js';
import { startExamplesPreview, type ExamplesPreview } from '../helpers/preview.js';

/** The static build has no model catalog; the page probes for one (`/__models/catalog.json`) and gets a 404. */
/** What examples/bench/main.ts exposes (window.benchResults), as far as this test reads it. */
interface BenchWindow { benchResults: { kernels?: { entries: { status: string }[] } } }

const EXPECTED_404 = /Failed to load resource: the server responded with a status of 404/;

describe('examples/bench in headless Chromium', () => {
  let preview: ExamplesPreview, browser: Browser, page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    preview = await startExamplesPreview(['bench']);
    browser = await startBrowser(true);
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !EXPECTED_404.test(m.text())) errors.push(m.text()); });
    await page.goto(`${preview.url}bench/`);
    await page.waitForSelector('#models input');
  });
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  it('runs the model suite on one bundled model with our engines and tabulates finite latencies', async () => {
    const engines = await page.$$eval('#engines input', (es) => es.filter((e) => (e as HTMLInputElement).checked && !(e as HTMLInputElement).disabled)
      .map((e) => (e as HTMLInputElement).value));
    expect(engines).toEqual(['ours-webgpu-fp32', 'ours-webgpu-fp16', 'ours-cpu']);
    await page.$$eval('#models input', (es) => es.forEach((e, i) => { (e as HTMLInputElement).checked = i === 0; }));
    await page.click('#run-models');
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled, { timeout: 120_000 });
    const rows = await page.$$eval('#latency-table tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const cells = rows.filter((r) => r.length > 0);
    expect(cells).toHaveLength(1);
    expect(cells[0]![0]).toBe('examples/mnist_cnn_float32.tflite');
    for (const v of cells[0]!.slice(1)) expect(Number(v), `latency cell "${v}"`).toBeGreaterThan(0);
    expect(await page.$eval('#latency-chart', (e) => e.querySelectorAll('rect').length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('runs the kernel suite (tiny sweep), every entry verified, and draws the throughput chart', async () => {
    await page.select('#sweep', 'tiny');
    await page.click('#run-kernels');
    await page.waitForFunction(() => /kernel suite done/.test(document.getElementById('log')?.textContent ?? ''), { timeout: 120_000 });
    const log = await page.$eval('#log', (e) => e.textContent ?? '');
    expect(log).not.toMatch(/fail|error/i);
    const statuses = await page.evaluate(() => (window as unknown as BenchWindow).benchResults.kernels?.entries.map((e) => e.status) ?? []);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 'failed')).toEqual([]);
    expect(statuses).toContain('ok');
    expect(await page.$eval('#kernel-chart', (e) => e.querySelectorAll('circle').length)).toBeGreaterThan(0);
    expect(await page.$eval('#kernel-note', (e) => e.textContent ?? '')).toMatch(/google/);
    expect(errors).toEqual([]);
  });
});
