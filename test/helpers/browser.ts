// Starts a Vite dev server on 127.0.0.1 and Debian's headless Chromium (puppeteer-core) for browser tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { REPO } from './shared.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({ root: REPO, configFile: path.join(REPO, 'vite.config.ts'), logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false } });
  await server.listen();
  const addr = server.httpServer!.address();
  if (!addr || typeof addr === 'string') throw new Error('vite dev server has no TCP address');
  return { server, url: `http://127.0.0.1:${addr.port}` };
}

/** Headless Chromium as root; `webgpu` adds --enable-unsafe-webgpu (SwiftShader), without it there is no adapter. */
export async function startBrowser(webgpu: boolean): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tflw-chrome-'));
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}
