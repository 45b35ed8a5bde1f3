// Exposes real TFLite (tfjs-tflite WASM) to headless-Chromium tests: classify MNIST pixels, preprocessed exactly as
// our evalMnist does, one image per inference (tfjs-tflite cannot resize the batch), and return the raw outputs.
import { loadTfjsTflite } from '../../bench/engines/tfjs-tflite.js';
import type { EngineTensorInfo } from '../../bench/engines/engine.js';
import { engineArrayFor } from '../../bench/engines/engine.js';
import type { TensorInfo } from '../../src/api/tensors.js';
import { argmaxRows, mnistBatch } from '../../src/cli/mnist.js';

const WASM_BASE = '/node_modules/@tensorflow/tfjs-tflite/wasm/';
let images: Uint8Array = new Uint8Array(0);

/** Stores the IDX pixel bytes once per page, so each model's call does not resend them. */
function setImages(pixels: Uint8Array): number {
  images = pixels;
  return pixels.length / 784;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Runs the first `count` stored images through tfjs-tflite. `input` is our loader's description of the model input
 * (dtype and quantization), so mnistBatch feeds TFLite the very values our backends get.
 */
async function classify(modelBytes: Uint8Array, input: TensorInfo, count: number, threads?: number) {
  const model = await loadTfjsTflite(modelBytes, { wasmBase: WASM_BASE, threads });
  try {
    const [inInfo] = model.inputs, [outInfo] = model.outputs;
    if (model.inputs.length !== 1 || model.outputs.length !== 1 || !inInfo || !outInfo) throw new Error('expected a one-input, one-output model');
    const all = mnistBatch(input, images, 0, count, 'unit');
    const per = 784, cols = outInfo.shape[outInfo.shape.length - 1]!;
    const values = engineArrayFor(outInfo.dtype, count * cols);
    const rawBytes = new Uint8Array(values.buffer);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const x = all.subarray(i * per, (i + 1) * per);
      if (x instanceof BigInt64Array || x instanceof BigUint64Array || x instanceof Uint16Array) throw new Error(`unexpected input type ${x.constructor.name}`);
      const [y] = await model.run([x]);
      if (!y || y.length !== cols || y.BYTES_PER_ELEMENT !== values.BYTES_PER_ELEMENT) throw new Error(`output has ${y?.length} values of ${y?.constructor.name}, expected ${cols} ${outInfo.dtype}`);
      rawBytes.set(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), i * y.byteLength);
    }
    const ms = performance.now() - t0;
    const info = (t: EngineTensorInfo) => ({ name: t.name, dtype: t.dtype, shape: t.shape });
    return {
      engine: model.engine, version: model.version, variant: model.variant, crossOriginIsolated: globalThis.crossOriginIsolated,
      inputs: model.inputs.map(info), outputs: model.outputs.map(info), msPerImage: ms / count,
      predictions: argmaxRows(values, cols), outputDtype: outInfo.dtype, outputBase64: toBase64(rawBytes),
    };
  } finally {
    model.dispose();
  }
}

declare global {
  interface Window { tfjsTflite: { setImages: typeof setImages; classify: typeof classify; ready: boolean } }
}
window.tfjsTflite = { setImages, classify, ready: true };
