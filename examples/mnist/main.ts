// Entry of the MNIST demo page: drawing → preprocessing → classifier, model choice, backend switch, test hook.
import './styles.css';
import { BackendUnavailableError, LoadError } from '../../src/index.js';
import { BUNDLED, fetchModel } from './bundled-models.js';
import { Classifier, type LoadChoice } from './classifier.js';
import { describeModel } from './model-info.js';
import { DrawPad } from './draw-pad.js';
import { toMnist } from './preprocess.js';
import { drawBars } from './bar-chart.js';
import { drawInput } from './input-view.js';
import { LatestOnly } from './latest-only.js';
import { Exclusive } from './exclusive.js';
import { el, renderBadges, renderInfo, renderLatency, setMessage } from './render.js';
import type { DemoState } from './demo-api.js';

const oneOf = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(v as T) ? (v as T) : fallback;

// ?model=FILE&backend=auto|webgpu|cpu&precision=fp32|fp16 choose the first load (bookmarkable, used by bench/demo-page.ts).
const params = new URLSearchParams(location.search);
const choice: LoadChoice = {
  backend: oneOf(params.get('backend'), ['auto', 'webgpu', 'cpu'] as const, 'auto'),
  precision: oneOf(params.get('precision'), ['fp32', 'fp16'] as const, 'fp32'),
};

const state: DemoState = {
  ready: false, model: null, quantization: null, backend: null, adapter: null, precision: null, fallbackReason: null,
  prediction: null, probabilities: null, latencies: [], firstClassificationMs: null, notice: '', error: '',
};

const queue = new Exclusive();
let current: Classifier | null = null;
/** The selector value of the loaded model: a bundled file name, or "file:NAME" for a dropped one. */
let currentOption = '';
const dropped = new Map<string, Uint8Array>();
let loadsPending = 0;

const select = el<HTMLSelectElement>('model-select');
const precisionSelect = el<HTMLSelectElement>('precision-select');
const bars = el<HTMLCanvasElement>('bars');

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Control characters (e.g. a garbage file's "identifier" bytes) would be invisible on the page.
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function showError(text: string): void {
  state.error = text;
  setMessage('error', text);
}

function showResult(probs: Float32Array | null): void {
  state.probabilities = probs ? Array.from(probs) : null;
  state.prediction = probs ? probs.indexOf(Math.max(...probs)) : null;
  el('prediction').textContent = state.prediction === null ? '–' : String(state.prediction);
  drawBars(bars, probs);
}

/** Per-inference latency, also as a performance measure the browser's tools show ("mnist:inference", last one kept). */
function record(ms: number): void {
  state.latencies.push(ms);
  const end = performance.now();
  performance.clearMeasures('mnist:inference');
  performance.measure('mnist:inference', { start: end - ms, end });
  renderLatency(ms, state.latencies);
}

async function classifyInk(): Promise<void> {
  const pixels = pad.empty ? null : toMnist(pad.ink());
  drawInput(el('input28'), pixels);
  if (!pixels || !current) {
    showResult(null);
    return;
  }
  const r = await current.classify(pixels);
  record(r.ms);
  showResult(r.probabilities[0]!);
}

const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
// At most one inference in flight and one per frame; strokes made meanwhile collapse into the next run.
const drawing = new LatestOnly<void>(async () => {
  await nextFrame();
  await queue.run(classifyInk).catch((e: unknown) => showError(`Classification failed: ${message(e)}`));
});
const pad = new DrawPad(el('pad'), () => drawing.request());

async function loadOnce(bytes: Uint8Array, name: string): Promise<{ c: Classifier; gpuMissing: string | null }> {
  try {
    return { c: await Classifier.load(bytes, name, choice), gpuMissing: null };
  } catch (e) {
    if (!(e instanceof BackendUnavailableError) || choice.backend !== 'webgpu') throw e;
    // The WebGPU switch in a browser without WebGPU: say so and run on the CPU rather than show nothing.
    choice.backend = 'cpu';
    el<HTMLInputElement>('backend-cpu').checked = true;
    return { c: await Classifier.load(bytes, name, choice), gpuMissing: e.message };
  }
}

/** Loads a model (after any running job), swaps it in, warms it up; on failure the previous model stays. */
function load(bytes: Uint8Array, name: string, option: string): Promise<boolean> {
  loadsPending++;
  state.ready = false;
  return queue.run(async () => {
    try {
      const { c, gpuMissing } = await loadOnce(bytes, name);
      const old = current;
      current = c;
      currentOption = option;
      old?.dispose();
      const info = describeModel(c.model, name, bytes.byteLength);
      Object.assign(state, { model: name, quantization: info.quantization, backend: info.backend, adapter: info.adapter,
        precision: info.precision, fallbackReason: info.fallbackReason ?? gpuMissing });
      renderBadges(info);
      renderInfo(info);
      const reason = info.fallbackReason ?? gpuMissing;
      state.notice = reason ? `WebGPU is not available in this browser, so the model runs on the CPU backend. (${reason.replace(/\.$/, '')}.)` : '';
      setMessage('notice', state.notice);
      showError('');
      // The first run compiles the GPU pipelines: doing it now on a blank input keeps the first stroke instant.
      await c.classify(new Uint8Array(28 * 28));
      if (state.firstClassificationMs === null) {
        state.firstClassificationMs = performance.now();
        performance.mark('mnist:first-classification');
        el('first').textContent = `Page load to first classification: ${state.firstClassificationMs.toFixed(0)} ms`;
      }
      return true;
    } catch (e) {
      showError(`Could not use “${name}”: ${message(e)}.${current ? ` Still using ${current.name}.` : ''}`);
      return false;
    } finally {
      loadsPending--;
      state.ready = current !== null && loadsPending === 0;
      select.value = currentOption;
    }
  }).then((ok) => {
    if (ok) drawing.request();
    return ok;
  });
}

async function loadBundled(file: string): Promise<boolean> {
  const m = BUNDLED.find((b) => b.file === file);
  if (!m) {
    showError(`There is no bundled model “${file}”.`);
    return false;
  }
  // Pending from here on, so the test hook's settled() also waits for the fetch.
  loadsPending++;
  state.ready = false;
  let bytes: Uint8Array;
  try {
    bytes = await fetchModel(m);
  } catch (e) {
    showError(message(e));
    select.value = currentOption;
    return false;
  } finally {
    loadsPending--;
    state.ready = current !== null && loadsPending === 0;
  }
  return load(bytes, m.file, m.file);
}

async function loadFile(file: File): Promise<void> {
  // Counted as a pending load from the drop on, so the test hook's settled() waits for the file read too.
  loadsPending++;
  state.ready = false;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    showError(`Could not read “${file.name}”: ${message(e)}.`);
    return;
  } finally {
    loadsPending--;
    state.ready = current !== null && loadsPending === 0;
  }
  const option = `file:${file.name}`;
  const before = dropped.get(option);
  dropped.set(option, bytes);
  if (![...select.options].some((o) => o.value === option)) select.add(new Option(`${file.name} (your file)`, option));
  if (await load(bytes, file.name, option)) return;
  // A file that failed leaves nothing behind: no selector entry, and an earlier file of that name stays as it was.
  if (before) {
    dropped.set(option, before);
  } else {
    dropped.delete(option);
    [...select.options].find((o) => o.value === option)?.remove();
  }
  select.value = currentOption;
}

function reloadCurrent(): void {
  if (!current) return;
  const bytes = dropped.get(currentOption);
  void (bytes ? load(bytes, current.name, currentOption) : loadBundled(currentOption));
}

// Controls.
for (const m of BUNDLED) select.add(new Option(m.label, m.file));
select.addEventListener('change', () => {
  const v = select.value;
  const bytes = dropped.get(v);
  void (bytes ? load(bytes, v.slice('file:'.length), v) : loadBundled(v));
});
for (const r of document.querySelectorAll<HTMLInputElement>('input[name="backend"]')) {
  r.id = `backend-${r.value}`;
  r.checked = r.value === choice.backend;
  r.addEventListener('change', () => {
    choice.backend = oneOf(r.value, ['auto', 'webgpu', 'cpu'] as const, 'auto');
    reloadCurrent();
  });
}
precisionSelect.value = choice.precision;
precisionSelect.addEventListener('change', () => {
  choice.precision = oneOf(precisionSelect.value, ['fp32', 'fp16'] as const, 'fp32');
  reloadCurrent();
});
el('clear').addEventListener('click', () => {
  pad.clear();
  drawing.request();
});
el('pad').addEventListener('keydown', (e) => {
  if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    pad.clear();
    drawing.request();
  }
});
el<HTMLInputElement>('file').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  input.value = '';
  if (f) void loadFile(f);
});
// The whole page accepts a dropped file; the drop zone lights up while something is dragged over the page.
const dropZone = el('drop');
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropZone.classList.add('over');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) dropZone.classList.remove('over');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dropZone.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void loadFile(f);
});
window.addEventListener('resize', () => drawBars(bars, state.probabilities ? Float32Array.from(state.probabilities) : null));

drawBars(bars, null);
drawInput(el('input28'), null);

window.mnistDemo = {
  state: () => ({ ...state, latencies: [...state.latencies], probabilities: state.probabilities ? [...state.probabilities] : null }),
  settled: async () => {
    for (;;) {
      await drawing.settled();
      await queue.idle();
      if (loadsPending === 0 && !drawing.busy) return;
      // A file read is still pending: wait a tick of the event loop (a microtask loop would starve the read).
      await new Promise((r) => setTimeout(r, 10));
    }
  },
  classifyPixels: (pixels) => queue.run(async () => {
    if (!current) throw new LoadError('no model is loaded');
    const r = await current.classify(pixels);
    if (r.predictions.length === 1) record(r.ms);
    return { predictions: r.predictions, ms: r.ms };
  }),
  selectModel: async (file) => {
    select.value = file;
    if (!(await loadBundled(file))) throw new LoadError(state.error);
  },
};

void loadBundled(oneOf(params.get('model'), BUNDLED.map((m) => m.file), BUNDLED[0]!.file));
