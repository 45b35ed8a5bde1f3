#!/usr/bin/env node
// Entry point of the `tflite-webgpu` command; the TypeScript is compiled to dist/ by `npm ci` (prepare script).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tflite-webgpu: dist/ is missing; run `npm run build` (npm ci does it automatically)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
