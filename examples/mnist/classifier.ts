// An MNIST classifier over the library's Model: checks the model fits, converts 28x28 bytes to its input, times runs.
import { loadModel, ModelValidationError, type Model } from '../../src/index.js';
import { mnistBatch } from '../../src/cli/mnist.js';
import { toProbabilities, argmax, type OutputQuant } from './probabilities.js';

const PIXELS = 28 * 28;
const CLASSES = 10;

export interface LoadChoice {
  backend: 'auto' | 'webgpu' | 'cpu';
  precision: 'fp32' | 'fp16';
}

export interface Classification {
  /** One row of ten probabilities per image. */
  probabilities: Float32Array[];
  predictions: number[];
  /** Wall time of the model runs (input conversion, inference, readback), ms. */
  ms: number;
}

/** Refuses models that are not ten-class classifiers of one 28x28 image (typed error, message for the page). */
function checkMnist(model: Model): void {
  if (model.inputs.length !== 1) throw new ModelValidationError(`it has ${model.inputs.length} inputs; an MNIST classifier has one`);
  const s = model.inputs[0]!.shape;
  const fits = (s.length === 4 && s[1] === 28 && s[2] === 28 && s[3] === 1) || (s.length === 3 && s[1] === 28 && s[2] === 28) ||
    (s.length === 2 && s[1] === PIXELS);
  if (!fits) throw new ModelValidationError(`its input has shape [${s.join(',')}]; an MNIST classifier takes [N,28,28,1], [N,28,28] or [N,784]`);
  const dt = model.inputs[0]!.dtype;
  if (dt !== 'float32' && dt !== 'int8' && dt !== 'uint8') throw new ModelValidationError(`its input is ${dt}; the page feeds float32, int8 or uint8`);
  const o = model.outputs[0]!.shape;
  const ot = model.outputs[0]!.dtype;
  if (ot !== 'float32' && ot !== 'int8' && ot !== 'uint8') throw new ModelValidationError(`its output is ${ot}; the page reads float32, int8 or uint8 scores`);
  if (o[o.length - 1] !== CLASSES) throw new ModelValidationError(`its output has shape [${o.join(',')}]; an MNIST classifier gives 10 scores`);
}

export class Classifier {
  private constructor(readonly model: Model, readonly name: string, readonly bytes: number) {}

  /** Loads and checks a model; disposes it again when it is not an MNIST classifier. */
  static async load(bytes: Uint8Array, name: string, choice: LoadChoice): Promise<Classifier> {
    const model = await loadModel(bytes, { backend: choice.backend, precision: choice.precision });
    try {
      checkMnist(model);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return new Classifier(model, name, bytes.byteLength);
  }

  private get dynamicBatch(): boolean {
    return this.model.inputs[0]!.shapeSignature[0] === -1;
  }

  /** Classifies `pixels.length / 784` images of MNIST bytes (0 = background), in batches where the model allows. */
  async classify(pixels: Uint8Array, maxBatch = 100): Promise<Classification> {
    const input = this.model.inputs[0]!;
    const out = this.model.outputs[0]!;
    const q = out.quantization && out.quantization.scale.length ? out.quantization : null;
    const quant: OutputQuant | null = q && (out.dtype === 'int8' || out.dtype === 'uint8') ? { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 } : null;
    const n = Math.floor(pixels.length / PIXELS);
    const batch = this.dynamicBatch ? Math.max(1, maxBatch) : 1;
    const probabilities: Float32Array[] = [];
    const t0 = performance.now();
    for (let first = 0; first < n; first += batch) {
      const count = Math.min(batch, n - first);
      const data = mnistBatch(input, pixels, first, count, 'unit');
      const [y] = await this.model.run([{ data, shape: [count, ...input.shape.slice(1)] }]);
      if (!y || y.data.length !== count * CLASSES) throw new ModelValidationError(`its output has ${y?.data.length ?? 0} values for ${count} images; expected 10 each`);
      // Integer and float outputs only (checked at load), so every element is a number.
      const scores = y.data as ArrayLike<number>;
      for (let r = 0; r < count; r++) probabilities.push(toProbabilities(Array.from({ length: CLASSES }, (_, c) => scores[r * CLASSES + c]!), quant));
    }
    const ms = performance.now() - t0;
    return { probabilities, predictions: probabilities.map(argmax), ms };
  }

  dispose(): void {
    this.model.dispose();
  }
}
