// Every non-MNIST golden model: runnable ones must reproduce TFLite's outputs on the golden's 8 input cases;
// models with operators outside the engine's set must fail at load with an error naming each such operator.
import { describe, expect, it } from 'vitest';
import { loadModelFromBytes, readModel, UnsupportedOpError } from '../src/index.js';
import type { TypedArray } from '../src/graph/dtype.js';
import { allocTyped } from '../src/graph/dtype.js';
import { builtinVsGoldenAllowance, goldenFiles, goldenInput, readGolden, readShared, sharedPath } from './helpers/shared.js';
import { expectFloatClose, intDiff } from './helpers/compare.js';
import { NATIVE_ENABLED, runNative } from './helpers/native-tflite.js';

/** The engine-core operator set (issue #2 item 4) plus the shape chain the planner folds. */
const CORE_OPS = new Set([
  'FULLY_CONNECTED', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'MAX_POOL_2D', 'AVERAGE_POOL_2D', 'SOFTMAX', 'RESHAPE', 'QUANTIZE',
  'DEQUANTIZE', 'ADD', 'SUB', 'MUL', 'MEAN', 'PAD', 'PADV2', 'CONCATENATION', 'LOGISTIC', 'TANH', 'RELU', 'RELU6',
  'HARD_SWISH', 'CAST', 'EXPAND_DIMS', 'SQUEEZE', 'TRANSPOSE', 'SHAPE', 'STRIDED_SLICE', 'PACK',
]);

/**
 * Models TFLite runs but whose graph is inconsistent, so the engine refuses them at load with a typed error:
 * add_quantized.bin declares its intermediate tensor float32 between two uint8 ADDs; TFLite's ADD dispatches
 * on the output type and reads the uint8 input bytes as floats, which no faithful engine should imitate.
 */
const REFUSED: Record<string, RegExp> = {
  'testdata/tf_lite_testdata/add_quantized.bin': /ADD v1 \(dtype mismatch: inputs uint8 and uint8, output float32/,
};

const files = goldenFiles().map((f) => ({ file: f, g: readGolden(f) })).filter(({ g }) => g.ok && g.cases && !g.predictions_10k);

function toTyped(dtype: string, values: number[]): TypedArray {
  const d = dtype.toLowerCase() === 'bool' ? 'bool' : (dtype.toLowerCase() as 'float32');
  const a = allocTyped(d, values.length);
  if (a instanceof BigInt64Array) values.forEach((v, i) => { a[i] = BigInt(v); });
  else (a as Float32Array).set(values);
  return a;
}

describe('TFLite goldens (non-MNIST models)', () => {
  for (const { file, g } of files) {
    const bytes = readShared('models', g.model);
    const ir = readModel(bytes, g.model);
    const sg = ir.subgraphs[0]!;
    const outsideCore = [...new Set(sg.operators.map((o) => o.opcode).filter((o) => !CORE_OPS.has(o)))];
    const int16 = sg.operators.some((o) => o.inputs.some((t) => t >= 0 && sg.tensors[t]!.dtype === 'int16' && !sg.tensors[t]!.data));
    const expectRunnable = outsideCore.length === 0;

    const refused = REFUSED[g.model];
    if (refused) {
      it(`${g.model} is refused at load: its tensor types are inconsistent`, () => {
        expect(() => loadModelFromBytes(bytes, g.model, { backend: 'cpu' })).toThrow(refused);
      });
      return;
    }

    it(`${g.model} ${expectRunnable ? 'matches TFLite' : 'is rejected at load, naming each unsupported op'}`, async () => {
      if (int16 && expectRunnable) {
        // int16 (16x8) activations are beyond the engine's core; where a kernel lacks them the error must say so.
        let err: unknown;
        try { loadModelFromBytes(bytes, g.model, { backend: 'cpu' }); } catch (e) { err = e; }
        if (err !== undefined) {
          expect(err).toBeInstanceOf(UnsupportedOpError);
          expect((err as Error).message).toMatch(/int16/);
          return;
        }
      }
      if (!expectRunnable) {
        let err: unknown;
        try { loadModelFromBytes(bytes, g.model, { backend: 'cpu' }); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(UnsupportedOpError);
        const named = (err as UnsupportedOpError).ops.map((o) => o.opcode);
        for (const op of outsideCore) expect(named, `error names ${op}`).toContain(op);
        expect((err as Error).message).toMatch(/cannot run/);
        return;
      }
      const model = loadModelFromBytes(bytes, g.model, { backend: 'cpu' });
      const cases = g.cases!.map((c, k) => model.inputs.map((info, j) => {
        const given = c.inputs[j];
        const values = Array.isArray(given) ? given.flat(10) as number[] : goldenInput(k, j, g.inputs![j]!.dtype, info.shape.reduce((a, b) => a * b, 1));
        return toTyped(g.inputs![j]!.dtype, values);
      }));
      const intOutputs = model.outputs.some((o) => o.dtype !== 'float32');
      // The golden comes from TFLite-WASM, whose XNNPACK delegate rounds requantization differently from TFLite's
      // builtin kernels, which we implement: integer values must equal the golden or native TFLite's builtin answer.
      const native = intOutputs && NATIVE_ENABLED ? runNative(sharedPath('models', g.model), cases, model.outputs.map((o) => o.dtype)) : null;
      const allowance = builtinVsGoldenAllowance(g.model) ?? { count: 0, max: 0 };
      let neither = 0, intMax = 0;
      for (const [k, c] of g.cases!.entries()) {
        const outs = await model.run(cases[k]!);
        for (const [o, want] of c.outputs.entries()) {
          const ours = Array.from(outs[o]!.data as ArrayLike<number>);
          expect(outs[o]!.shape, `case ${k} output ${o} shape`).toEqual(want.shape);
          const ref = want.data ?? want.first256!;
          if (want.dtype === 'float32') {
            expectFloatClose(ours.slice(0, ref.length), ref, `case ${k} output ${o}`);
          } else if (native) {
            const nat = Array.from(native[k]![o]! as ArrayLike<number>);
            ours.forEach((v, i) => { if (v !== nat[i] && (i >= ref.length || v !== ref[i])) neither++; });
          } else {
            intMax = Math.max(intMax, intDiff(ours.slice(0, ref.length), ref).max);
          }
        }
      }
      expect(neither, 'integer outputs equal to neither TFLite answer').toBe(0);
      // Without the native library (TFLITE_NATIVE=off) only the measured XNNPACK-vs-builtin bound can be checked.
      expect(intMax, 'largest integer difference from the golden').toBeLessThanOrEqual(allowance.max);
      model.dispose();
    });
  }
});
