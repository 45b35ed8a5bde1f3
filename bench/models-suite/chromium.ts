// Node driver of the in-browser model suite: serves the page (cross-origin isolated) and the model bytes, runs
// every engine in one headless Chromium page, and completes the result with the machine and package versions.
import { startBrowser } from '../../test/helpers/browser.js';
import { adapterSlug, nodeEnvironment } from '../kernels/node-env.js';
import { REPO, packageVersion, readModelBytes, selectModels } from './catalog.js';
import { startBenchServer } from './server.js';
import { ALL_ENGINES, LOG_PREFIX, engineId } from './engines-list.js';
import type { EngineSpec, ModelSuiteResult, SuiteOptions } from './types.js';

export interface ChromiumRunOptions {
  quick?: boolean;
  /** Substrings of model ids to run (default: all, or the quick set). */
  models?: string[] | null;
  /** Engine ids (e.g. 'litert-wasm') to run; default all. */
  engines?: string[] | null;
  log?: (line: string) => void;
}

const QUICK_OPTS: Omit<SuiteOptions, 'log'> = { warmup: 1, reps: 5, minReps: 3, budgetMs: 3000, batches: [1, 8], throughputReps: 2 };

export async function runChromiumModelSuite(o: ChromiumRunOptions = {}): Promise<ModelSuiteResult> {
  const quick = o.quick ?? false;
  const models = selectModels(o.models ?? null, quick);
  if (models.length === 0) throw new Error(`no model matches ${o.models?.join(',')}`);
  const bytes = new Map(models.map((m) => [m.id, readModelBytes(m.id)]));
  const env = nodeEnvironment(REPO);
  const versions = { ours: env.packages['tflite-webgpu'] ?? 'unknown', litert: packageVersion('@litertjs/core') ?? 'unknown',
    'tfjs-tflite': packageVersion('@tensorflow/tfjs-tflite') ?? 'unknown' };
  const { server, url } = await startBenchServer(bytes);
  const browser = await startBrowser(true);
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { const t = m.text(); if (t.startsWith(LOG_PREFIX)) o.log?.(t.slice(LOG_PREFIX.length)); });
    page.on('pageerror', (e) => o.log?.(`page error: ${String(e)}`));
    await page.goto(`${url}/bench/models-suite/page.html`);
    await page.waitForFunction(() => window.modelSuite?.ready === true, { timeout: 120_000 });
    const engines: EngineSpec[] = ALL_ENGINES.filter((e) => !o.engines || o.engines.includes(engineId(e)));
    const opts = { ...(quick ? QUICK_OPTS : {}), versions, quick };
    await page.evaluate((m, e, op) => window.modelSuite.start(m, e, op), models, engines, opts);
    // Short polls from here: one long-lived call (evaluate, waitForFunction) would hit DevTools' protocol timeout.
    while (await page.evaluate(() => window.modelSuite.state.status) === 'running') await new Promise((r) => setTimeout(r, 2000));
    const state = await page.evaluate(() => window.modelSuite.state);
    if (state.status !== 'done') throw new Error(`model suite failed in the page: ${state.status === 'failed' ? state.error : state.status}`);
    const res = state.result;
    const browserVersion = await browser.version();
    res.environment = { ...res.environment, runtime: 'browser', machine: env.machine, node: env.node ?? process.version, browser: browserVersion,
      packages: { ...env.packages, '@litertjs/core': versions.litert, '@tensorflow/tfjs-tflite': versions['tfjs-tflite'],
        'puppeteer-core': packageVersion('puppeteer-core') ?? 'unknown', chromium: browserVersion } };
    if (res.adapter) res.adapter.slug = adapterSlug(res.adapter);
    return res;
  } finally {
    await browser.close();
    await server.close();
  }
}
