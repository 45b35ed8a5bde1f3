// Puts the page-side model suite on window for the Node driver; progress goes to the console with a prefix. The
// suite outlasts a DevTools call, so start() returns at once and the driver polls `state` for the result.
import { runModelSuite } from './browser.js';
import { LOG_PREFIX } from './engines-list.js';
import type { EngineSpec, ModelSpec, ModelSuiteResult, SuiteOptions } from './types.js';

type State = { status: 'idle' | 'running' } | { status: 'done'; result: ModelSuiteResult } | { status: 'failed'; error: string };
type Start = (models: ModelSpec[], engines: EngineSpec[], opts: Omit<SuiteOptions, 'log'> & { quick?: boolean }) => void;

declare global {
  interface Window { modelSuite: { start: Start; state: State; ready: boolean } }
}

window.modelSuite = {
  state: { status: 'idle' },
  start: (models, engines, opts) => {
    window.modelSuite.state = { status: 'running' };
    runModelSuite(models, engines, { ...opts, log: (l) => console.log(LOG_PREFIX + l) }).then(
      (result) => { window.modelSuite.state = { status: 'done', result }; },
      (e: unknown) => { window.modelSuite.state = { status: 'failed', error: e instanceof Error ? e.stack ?? e.message : String(e) }; });
  },
  ready: true,
};
