// Builds the example pages (vite.examples.config.ts) into a temporary folder and serves them with Vite's preview server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { REPO } from './shared.js';

export interface ExamplesPreview {
  server: PreviewServer;
  /** Base URL ending in '/', e.g. http://127.0.0.1:43123/; the MNIST page is at `${url}mnist/`. */
  url: string;
  outDir: string;
  close(): Promise<void>;
}

/** `pages`: build only these example pages (folders under examples/), so a test does not depend on other pages. */
export async function startExamplesPreview(pages?: string[]): Promise<ExamplesPreview> {
  const configFile = path.join(REPO, 'vite.examples.config.ts');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tflw-examples-'));
  // Read by vite.examples.config.ts (Vite would merge, not replace, an inline rollupOptions.input).
  const before = process.env.EXAMPLE_PAGES;
  if (pages) process.env.EXAMPLE_PAGES = pages.join(',');
  try {
    await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.EXAMPLE_PAGES;
    else process.env.EXAMPLE_PAGES = before;
  }
  const server = await preview({ configFile, logLevel: 'error', build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const addr = server.httpServer.address();
  if (!addr || typeof addr === 'string') throw new Error('vite preview server has no TCP address');
  return {
    server, url: `http://127.0.0.1:${addr.port}/`, outDir,
    close: async () => {
      await server.close();
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}
