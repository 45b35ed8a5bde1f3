// Browser-side adapter around real TFLite compiled to WASM (@tensorflow/tfjs-tflite): loads a .tflite from bytes
// and runs it on raw typed arrays through TFLite's own model runner (no tfjs tensors in between).
import { getWasmFeatures, setWasmPath } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import type { TFLiteWebModelRunner, TFLiteWebModelRunnerClass, TFLiteWebModelRunnerTensorInfo } from '@tensorflow/tfjs-tflite';
import { version as TFJS_TFLITE_VERSION } from '@tensorflow/tfjs-tflite/dist/version.js';
import { InputError, LoadError, TfliteError } from '../../src/errors.js';
import type { EngineTensorInfo, EngineTypedArray, ReferenceModel } from './engine.js';
import { matchesDType } from './engine.js';

export interface TfjsTfliteOptions {
  /** URL of the folder holding tflite_web_api_cc*.{js,wasm} (node_modules/@tensorflow/tfjs-tflite/wasm/), ending in '/'. */
  wasmBase: string;
  /**
   * Interpreter threads. Only the threaded builds use them, and those load only on a cross-origin-isolated page
   * (COOP/COEP headers, so SharedArrayBuffer exists); elsewhere the single-threaded SIMD build runs and this is ignored.
   */
  threads?: number;
}

/** The bundle publishes TFLite's web API as the global `tfweb` (goog.exportSymbol); the runner is not exported. */
function runnerClass(): TFLiteWebModelRunnerClass {
  const g = globalThis as { tfweb?: { TFLiteWebModelRunner?: TFLiteWebModelRunnerClass } };
  const cls = g.tfweb?.TFLiteWebModelRunner;
  if (!cls) throw new LoadError('tfjs-tflite did not publish tfweb.TFLiteWebModelRunner');
  return cls;
}

const info = (t: TFLiteWebModelRunnerTensorInfo): EngineTensorInfo =>
  ({ name: t.name, dtype: t.dataType, shape: t.shape.split(',').map(Number) });

class TfjsTfliteModel implements ReferenceModel {
  readonly engine = 'tfjs-tflite';
  readonly version = TFJS_TFLITE_VERSION;
  readonly resizableBatch = false;
  readonly inputs: EngineTensorInfo[];
  readonly outputs: EngineTensorInfo[];
  private runner: TFLiteWebModelRunner | null;

  constructor(runner: TFLiteWebModelRunner, readonly variant: string) {
    this.runner = runner;
    this.inputs = runner.getInputs().map(info);
    this.outputs = runner.getOutputs().map(info);
  }

  async run(inputs: readonly EngineTypedArray[]): Promise<EngineTypedArray[]> {
    const runner = this.runner;
    if (!runner) throw new TfliteError('DISPOSED', 'tfjs-tflite model was disposed');
    if (inputs.length !== this.inputs.length) throw new InputError(`expected ${this.inputs.length} input(s), got ${inputs.length}`);
    // The tensor views point into the WASM heap, which can move when it grows: fetch them for every run.
    const slots = runner.getInputs();
    inputs.forEach((a, i) => {
      const want = this.inputs[i]!;
      const n = want.shape.reduce((p, d) => p * d, 1);
      if (!matchesDType(a, want.dtype)) throw new InputError(`input "${want.name}" is ${want.dtype}; got ${a.constructor.name}`);
      if (a.length !== n) throw new InputError(`input "${want.name}" has shape [${want.shape}] (${n} elements); got ${a.length} (tfjs-tflite cannot resize inputs)`);
      slots[i]!.data().set(a);
    });
    if (!runner.infer()) throw new TfliteError('ENGINE', 'tfjs-tflite: TFLite Invoke() failed');
    return runner.getOutputs().map((o) => o.data().slice());
  }

  dispose(): void {
    this.runner?.cleanUp();
    this.runner = null;
  }
}

/** Loads `bytes` into tfjs-tflite's WASM TFLite (the build matching the page's SIMD/threads support). */
export async function loadTfjsTflite(bytes: Uint8Array, opts: TfjsTfliteOptions): Promise<ReferenceModel> {
  setWasmPath(opts.wasmBase);
  const { simd, multiThreading } = await getWasmFeatures();
  const threads = multiThreading ? Math.max(1, opts.threads ?? 1) : 1;
  // The loader picks tflite_web_api_cc[_simd][_threaded].js from these two features (genFullLoaderUrl).
  const variant = `wasm${simd ? ' simd' : ''}${multiThreading ? ` threaded (${threads} thread${threads > 1 ? 's' : ''})` : ''}`;
  // The runner copies the model into the WASM heap, so a private ArrayBuffer copy is all it needs.
  const copy = bytes.slice().buffer;
  let runner: TFLiteWebModelRunner;
  try {
    runner = await runnerClass().create(copy, { numThreads: threads });
  } catch (e) {
    throw new LoadError(`tfjs-tflite could not load the model: ${e instanceof Error ? e.message : String(e)}`);
  }
  return new TfjsTfliteModel(runner, variant);
}
