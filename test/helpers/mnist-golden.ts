// Shared body of the MNIST golden tests: 10k-image predictions and the first 100 raw outputs vs TFLite.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromBytes, readModel, UnsupportedOpError, type Model } from '../../src/index.js';
import { evalMnist, mnistBatch, type PixelMode } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { goldenFiles, readGolden, readShared, sharedPath, type Golden } from './shared.js';
import { expectFloatClose } from './compare.js';

export const MNIST_GOLDENS = goldenFiles().map((f) => readGolden(f)).filter((g) => g.predictions_10k);

/** Operators outside the engine's set that some MNIST models use (LSTMs). */
const UNSUPPORTED = ['UNIDIRECTIONAL_SEQUENCE_LSTM'];

/**
 * Goldens made by XNNPACK's dynamic-range FULLY_CONNECTED (LiteRT.js; older TFLite cannot run the model): XNNPACK
 * quantizes the float activations asymmetrically per row, where TFLite's builtin hybrid kernel (ours) quantizes
 * them symmetrically unless the op sets asymmetric_quantize_inputs. These models are checked with that flag set
 * on their hybrid FCs, which reproduces XNNPACK's answers (all 10k predictions); builtin mode differs on 9.
 */
const XNNPACK_HYBRID = new Set(['mnist/aeq/partly_quantized_mnist.tflite']);

/**
 * Goldens with no TFLite builtin answer to fall back on: TFLite 2.9 cannot run this model (it ignores the
 * per-channel FULLY_CONNECTED weights), and the WASM TFLite that made the golden uses a newer ruy whose
 * requantization rounds once, (x*m + 2^(30-s)) >> (31-s), where TFLite 2.9's ruy and ours round twice
 * (high multiply, then a tie-upward shift). They disagree on accumulators within 2^-(31+s) of a half: one step
 * before the final SOFTMAX, up to two after it, on a handful of the 1,000 values.
 */
const SINGLE_ROUNDING_GOLDEN: Record<string, { values: number; steps: number }> = {
  'mnist/aeq/conv_fc_mnist_srq_a8w8.tflite': { values: 5, steps: 2 },
};

/** XNNPACK_HYBRID models: max |Δ| of the first 100 softmax outputs (measured 6.3e-4; all predictions equal). */
const XNNPACK_HYBRID_ATOL = 1e-3;

function load(bytes: Uint8Array, model: string): Model {
  const m = loadModelFromBytes(bytes, model, { backend: 'cpu' });
  if (XNNPACK_HYBRID.has(model)) {
    // The backend shares these operator objects; set before the first run (kernels cache their setup).
    for (const op of m.graph.operators) if (op.options.kind === 'fullyConnected') op.options.asymmetricQuantizeInputs = true;
  }
  return m;
}

/** Float outputs of the first 100 images: softmax probabilities and logits within this of TFLite's. */
const MNIST_FLOAT_ATOL = 2e-5;

export function defineMnistGoldenTests(select: (g: Golden, i: number) => boolean): void {
  let images: Uint8Array, labels: Uint8Array;
  beforeAll(async () => {
    ({ images, labels } = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz')));
  });

  describe('MNIST models vs TFLite on the 10k test set', () => {
    MNIST_GOLDENS.forEach((g, i) => {
      if (!select(g, i)) return;
      const bytes = readShared('models', g.model);
      const ops = readModel(bytes, g.model).subgraphs[0]!.operators.map((o) => o.opcode);
      const unsupported = UNSUPPORTED.filter((u) => ops.includes(u));
      if (unsupported.length) {
        it(`${g.model} is rejected at load naming ${unsupported.join(', ')}`, () => {
          expect(() => loadModelFromBytes(bytes, g.model, { backend: 'cpu' })).toThrow(UnsupportedOpError);
          expect(() => loadModelFromBytes(bytes, g.model, { backend: 'cpu' })).toThrow(new RegExp(unsupported[0]!));
        });
        return;
      }
      const pixels = (g.inputs?.[0]?.pre ?? 'unit') as PixelMode;

      it(`${g.model}: first 100 outputs equal TFLite's`, async () => {
        const model = load(bytes, g.model);
        const input = model.inputs[0]!;
        const dynamic = input.shapeSignature[0] === -1;
        const rows: number[][] = [];
        for (let first = 0; first < 100; first += dynamic ? 100 : 1) {
          const count = dynamic ? 100 : 1;
          const data = mnistBatch(input, images, first, count, pixels);
          const [out] = await model.run([{ data, shape: [count, ...input.shape.slice(1)] }]);
          const cols = out!.shape[out!.shape.length - 1]!;
          for (let r = 0; r < count; r++) rows.push(Array.from(out!.data as ArrayLike<number>).slice(r * cols, (r + 1) * cols));
        }
        const golden = g.outputs_first100!.map((o) => o.flat());
        const builtin = g.outputs_first100_native_builtin?.map((o) => o.flat());
        const isInt = model.outputs[0]!.dtype !== 'float32';
        if (isInt) {
          // Every value must equal TFLite's XNNPACK answer (golden) or its builtin-kernel answer; no third value.
          let off = 0, worst = 0;
          rows.forEach((row, r) => row.forEach((v, c) => {
            if (v !== golden[r]![c] && v !== builtin?.[r]![c]) { off++; worst = Math.max(worst, Math.abs(v - golden[r]![c]!)); }
          }));
          const allowed = SINGLE_ROUNDING_GOLDEN[g.model] ?? { values: 0, steps: 0 };
          expect(off, 'integer outputs matching neither TFLite answer').toBeLessThanOrEqual(allowed.values);
          expect(worst, 'steps off where neither matches').toBeLessThanOrEqual(allowed.steps);
        } else {
          // Our kernels follow TFLite's builtin arithmetic; compare with its builtin answer where the golden has one.
          const ref = builtin ?? golden;
          const atol = XNNPACK_HYBRID.has(g.model) ? XNNPACK_HYBRID_ATOL : MNIST_FLOAT_ATOL;
          rows.forEach((row, r) => expectFloatClose(row, ref[r]!, `image ${r}`, atol, 1e-4));
        }
        model.dispose();
      });

      it(`${g.model}: 10k predictions agree with TFLite within ${g.allowed_prediction_differences} images`, async () => {
        const model = load(bytes, g.model);
        const r = await evalMnist(model, images, labels, { pixels, batch: 500 });
        expect(r.total).toBe(10000);
        let diff = 0;
        r.predictions.forEach((p, k) => { if (p !== g.predictions_10k![k]) diff++; });
        const allowed = g.allowed_prediction_differences ?? 5;
        expect(diff, 'predictions differing from TFLite').toBeLessThanOrEqual(allowed);
        expect(Math.abs(r.correct - g.correct!)).toBeLessThanOrEqual(allowed);
        model.dispose();
      });
    });
  });
}
