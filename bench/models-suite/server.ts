// Dev server for the in-browser model suite: Vite on 127.0.0.1 with COOP/COEP headers (so WASM threads work),
// the engines' WASM folders served raw from node_modules, and model bytes handed over by the Node driver.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Plugin, type ViteDevServer } from 'vite';

export const REPO = path.resolve(import.meta.dirname, '..', '..');

/** URL prefixes of the raw WASM folders (LiteRT.js loads its glue with a <script>, which Vite must not transform). */
export const WASM_ROUTES: Record<string, string> = {
  '/__wasm/litert/': path.join(REPO, 'node_modules', '@litertjs', 'core', 'wasm'),
  '/__wasm/tflite/': path.join(REPO, 'node_modules', '@tensorflow', 'tfjs-tflite', 'wasm'),
};
export const MODEL_ROUTE = '/__models/';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.tflite': 'application/octet-stream' };

function isolation(res: ServerResponse): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendFile(res: ServerResponse, file: string): void {
  res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
  res.end(fs.readFileSync(file));
}

/** Serves WASM folders and driver-provided model bytes, and sets cross-origin isolation headers on every response. */
export function benchRoutes(models: ReadonlyMap<string, Uint8Array>): Plugin {
  const handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    isolation(res);
    const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    for (const [prefix, dir] of Object.entries(WASM_ROUTES)) {
      if (!url.startsWith(prefix)) continue;
      const file = path.join(dir, path.basename(url.slice(prefix.length)));
      if (fs.existsSync(file)) { sendFile(res, file); return; }
      res.statusCode = 404; res.end(); return;
    }
    if (url.startsWith(MODEL_ROUTE)) {
      const bytes = models.get(url.slice(MODEL_ROUTE.length));
      if (!bytes) { res.statusCode = 404; res.end(); return; }
      res.setHeader('Content-Type', 'application/octet-stream');
      res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return;
    }
    next();
  };
  return { name: 'bench-routes', configureServer: (s) => { s.middlewares.use(handle); } };
}

export async function startBenchServer(models: ReadonlyMap<string, Uint8Array> = new Map()): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({ root: REPO, configFile: false, logLevel: 'error', plugins: [benchRoutes(models)],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false } });
  await server.listen();
  const addr = server.httpServer!.address();
  if (!addr || typeof addr === 'string') throw new Error('vite dev server has no TCP address');
  return { server, url: `http://127.0.0.1:${addr.port}` };
}
