// Vite config of the example pages (npm start: dev server; npm run build: static build into dist/examples/).
// One entry per page in PAGES; the build uses a relative base so it works from any static server and sub-path.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, 'examples');

/**
 * Example pages (folders under examples/ with an index.html); a page missing at build time is skipped.
 * EXAMPLE_PAGES=mnist,... builds only those (the page tests build just their own page).
 */
const only = process.env.EXAMPLE_PAGES?.split(',');
export const PAGES = ['mnist', 'bench'].filter((p) => fs.existsSync(path.join(root, p, 'index.html')) && (!only || only.includes(p)));

/** Prints each page's URL once the dev or preview server listens (Vite itself prints only the root URL). */
function printPageUrls(): Plugin {
  // Through Vite's logger, so a server started with logLevel 'error' (the tests) stays quiet.
  const print = (server: ViteDevServer | PreviewServer) => setTimeout(() => {
    for (const u of server.resolvedUrls?.local ?? []) for (const p of PAGES) server.config.logger.info(`  ➜  ${p} demo: ${u}${p}/`);
  }, 0);
  return {
    name: 'print-page-urls',
    configureServer(server) {
      server.httpServer?.once('listening', () => print(server));
    },
    configurePreviewServer(server) {
      server.httpServer.once('listening', () => print(server));
    },
  };
}

export default defineConfig({
  root,
  base: './',
  // Class names survive minification, so typed errors keep their names (ModelFormatError...) on the page.
  esbuild: { keepNames: true },
  plugins: [printPageUrls()],
  server: { open: false },
  build: {
    outDir: path.join(here, 'dist', 'examples'),
    emptyOutDir: true,
    target: 'es2022',
    // The engine (schema reader, kernels, embedded WGSL) is one ~850 kB chunk (~180 kB gzipped); that is expected.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: Object.fromEntries(PAGES.map((p) => [p, path.join(root, p, 'index.html')])) },
  },
});
