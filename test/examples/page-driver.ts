// Drives the MNIST demo page in puppeteer: opening it, drawing strokes with real pointer events, dropping files.
import type { Browser, Page } from 'puppeteer-core';
import type { DemoState } from '../../examples/mnist/demo-api.js';

export interface OpenPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

export async function openDemo(browser: Browser, url: string): Promise<OpenPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  await page.goto(url);
  await page.waitForFunction(() => window.mnistDemo?.state().ready === true, { timeout: 120_000 });
  return { page, errors };
}

export const demoState = (page: Page): Promise<DemoState> => page.evaluate(() => window.mnistDemo!.state());
export const settled = (page: Page): Promise<void> => page.evaluate(() => window.mnistDemo!.settled());

/** Draws one stroke through points given as fractions of the drawing pad (0..1), then waits for the classification. */
export async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const pad = await page.$('#pad');
  const box = await pad!.boundingBox();
  if (!box) throw new Error('the drawing pad is not visible');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
  await settled(page);
}

export const DIGIT_STROKES: Record<number, [number, number][][]> = {
  1: [[[0.5, 0.15], [0.5, 0.85]]],
  7: [[[0.3, 0.2], [0.7, 0.2], [0.45, 0.85]]],
  0: [Array.from({ length: 25 }, (_, k): [number, number] => [0.5 + 0.22 * Math.sin((k / 24) * 2 * Math.PI), 0.5 - 0.33 * Math.cos((k / 24) * 2 * Math.PI)])],
};

export async function drawDigit(page: Page, digit: number): Promise<void> {
  await page.click('#clear');
  for (const s of DIGIT_STROKES[digit]!) await stroke(page, s);
}

/** Drops a file carrying `bytes` on the page, as a person dragging it from the desktop would. */
export async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate((b64, fileName) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], fileName, { type: 'application/octet-stream' }));
    const target = document.getElementById('drop')!;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, Buffer.from(bytes).toString('base64'), name);
  // The drop handler counts the load as pending before it returns, so settled() covers the file read and the load.
  await settled(page);
}

/** Height in device pixels of each of the ten bars, measured from the bar chart canvas's pixels. */
export function barHeights(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const c = document.getElementById('bars') as HTMLCanvasElement;
    const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return Array.from({ length: 10 }, (_, d) => {
      const x = Math.floor(((d + 0.5) / 10) * c.width);
      let n = 0;
      // Opaque pixels in the bar's centre column, above the digit labels (bottom 18 CSS pixels).
      for (let y = 0; y < c.height - 18 * (c.height / c.clientHeight); y++) if (img.data[(y * c.width + x) * 4 + 3]! > 200) n++;
      return n;
    });
  });
}
