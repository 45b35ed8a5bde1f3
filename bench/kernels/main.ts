// `npm run bench:kernels [--tiny|--quick|--full] [--tiling auto|register|shared] [--variants a,b] [--out FILE]`:
// the kernel suite in Node through Dawn (SwiftShader unless VK_ICD_FILENAMES picks a driver); prints tables and
// writes bench/results/kernels-node-<adapter>.json.
import fs from 'node:fs';
import path from 'node:path';
import { openGpu } from '../../src/backends/webgpu/device.js';
import { parseKernelArgs } from './args.js';
import { adapterSlug, defaultVulkanDriver, nodeEnvironment } from './node-env.js';
import { runSuite } from './suite.js';
import { ENTRY_HEADER, entryRow, renderSummary } from './table.js';

defaultVulkanDriver();
const args = parseKernelArgs(process.argv.slice(2), 'quick');
const ctx = await openGpu();
console.log(`adapter: ${ctx.info.vendor} ${ctx.info.architecture} (${ctx.info.description}); sweep ${args.sweep}`);
console.log(ENTRY_HEADER);
const res = await runSuite(ctx, nodeEnvironment(), { sweep: args.sweep, tiling: args.tiling, variants: args.variants, onEntry: (e) => console.log(entryRow(e)) });
console.log(`\n${renderSummary(res)}`);
const suffix = args.tiling === 'auto' ? '' : `-${args.tiling}`;
const out = args.out ?? path.join('bench', 'results', `kernels-node-${adapterSlug(ctx.info)}${args.sweep === 'quick' ? '' : `-${args.sweep}`}${suffix}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(res, null, 1)}\n`);
console.log(`wrote ${out}`);
// Dawn keeps the event loop alive while the device exists.
process.exit(res.entries.some((e) => e.status === 'failed') ? 1 : 0);
