// Bad input gets a typed error naming the problem: corrupt/truncated/mutated files, inconsistent graphs,
// unsupported operators (all listed at load), and wrong inputs at run time. Nothing crashes or hangs.
import { describe, expect, it } from 'vitest';
import {
  InputError, loadModel, loadModelFromBytes, LoadError, ModelFormatError, ModelValidationError, TfliteError,
  UnsupportedOpError,
} from '../src/index.js';
import { buildModel, BuiltinOperator, f32bytes, TensorType, type ModelSpec } from './helpers/build-model.js';
import { readShared } from './helpers/shared.js';

const addSpec = (): ModelSpec => ({
  tensors: [
    { name: 'x', type: TensorType.FLOAT32, shape: [1, 4], shapeSignature: [-1, 4] },
    { name: 'k', type: TensorType.FLOAT32, shape: [4], bytes: f32bytes([1, 2, 3, 4]) },
    { name: 'y', type: TensorType.FLOAT32, shape: [1, 4] },
  ],
  ops: [{ code: BuiltinOperator.ADD, inputs: [0, 1], outputs: [2] }],
  inputs: [0], outputs: [2],
});

function errorOf(f: () => unknown): unknown {
  try { f(); } catch (e) { return e; }
  return undefined;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

describe('corrupt files', () => {
  it('rejects empty, short and non-TFLite files with ModelFormatError', () => {
    expect(() => loadModelFromBytes(new Uint8Array(0), 'empty.tflite')).toThrow(/empty.tflite: file is 0 bytes/);
    expect(errorOf(() => loadModelFromBytes(new Uint8Array(5), 'x'))).toBeInstanceOf(ModelFormatError);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(() => loadModelFromBytes(png, 'picture.png')).toThrow(/picture.png: file identifier is .* expected "TFL3"/);
    // mnist10.bin is raw image bytes, not a model
    expect(() => loadModelFromBytes(readShared('models', 'mnist', 'tflite_rs', 'mnist10.bin'), 'mnist10.bin')).toThrow(ModelFormatError);
  });

  it('rejects a missing file with LoadError naming the path', async () => {
    await expect(loadModel('/nonexistent/model.tflite')).rejects.toThrow(LoadError);
    await expect(loadModel('/nonexistent/model.tflite')).rejects.toThrow(/\/nonexistent\/model.tflite: ENOENT/);
  });

  it('every truncation of real models fails with a typed error', () => {
    for (const m of ['micro/hello_world_int8.tflite', 'testdata/aeq/single_fc.tflite', 'mnist/tflite_rs/MNISTnet_uint8_quant.tflite']) {
      const bytes = readShared('models', m);
      const r = rng(7);
      const cuts = [8, 16, 64, bytes.length - 1, bytes.length >> 1, ...Array.from({ length: 40 }, () => 8 + Math.floor(r() * (bytes.length - 8)))];
      for (const cut of cuts) {
        const e = errorOf(() => loadModelFromBytes(bytes.slice(0, cut), `${m}[:${cut}]`));
        // A cut that leaves every referenced byte in place may still load; otherwise the error must be typed.
        if (e !== undefined) expect(e, `${m} cut at ${cut}: ${String(e)}`).toBeInstanceOf(TfliteError);
      }
    }
  });

  it('randomly mutated models load and run, or fail with typed errors (never crash or hang)', async () => {
    const models = ['micro/hello_world_int8.tflite', 'testdata/aeq/single_fc_bias_relu.tflite', 'testdata/tf_lite_testdata/add_quantized.bin',
      'mnist/tflite_rs/MNISTnet_uint8_quant.tflite'];
    const r = rng(2024);
    let typed = 0, ran = 0;
    for (const m of models) {
      const orig = readShared('models', m);
      for (let trial = 0; trial < 60; trial++) {
        const bytes = orig.slice();
        const flips = 1 + Math.floor(r() * 8);
        // mutate the flatbuffer's structure region (first 25% and last 2 KB hold vtables and offsets) or anywhere
        for (let f = 0; f < flips; f++) {
          const at = r() < 0.5 ? Math.floor(r() * bytes.length) : Math.max(8, bytes.length - 1 - Math.floor(r() * 2048));
          bytes[at] = Math.floor(r() * 256);
        }
        const t0 = performance.now();
        try {
          const model = loadModelFromBytes(bytes, `${m}#${trial}`, { backend: 'cpu' });
          const inputs = model.inputs.map((i) => {
            const n = i.shape.reduce((a, b) => a * b, 1);
            if (n > 1e7) throw new InputError('too big to feed');
            return i.dtype === 'float32' ? new Float32Array(n) : i.dtype === 'int8' ? new Int8Array(n) : i.dtype === 'uint8' ? new Uint8Array(n) : new Int32Array(n);
          });
          await model.run(inputs);
          ran++;
        } catch (e) {
          expect(e, `${m} trial ${trial}: ${(e as Error).stack}`).toBeInstanceOf(TfliteError);
          typed++;
        }
        expect(performance.now() - t0, 'no hang').toBeLessThan(10000);
      }
    }
    expect(typed).toBeGreaterThan(0);
    expect(ran + typed).toBe(models.length * 60);
  });
});

describe('inconsistent graphs', () => {
  it('a tensor whose buffer size disagrees with its shape names tensor, bytes and shape', () => {
    const s = addSpec();
    s.tensors[1]!.bytes = f32bytes([1, 2, 3]);
    expect(() => loadModelFromBytes(buildModel(s), 'bad.tflite')).toThrow(/tensor 1 "k" holds 12 bytes of data, but its shape \[4\] of float32 needs 16/);
  });

  it('absurd declared shapes are refused before allocating', () => {
    const s = addSpec();
    s.tensors[2]!.shape = [1 << 20, 1 << 20];
    expect(() => loadModelFromBytes(buildModel(s), 'huge.tflite')).toThrow(/tensor 2 "y" declares \d+ elements/);
  });

  it('operator tensor indices out of range are reported with the operator', () => {
    const s = addSpec();
    s.ops[0]!.inputs = [0, 9];
    const e = errorOf(() => loadModelFromBytes(buildModel(s), 'idx.tflite'));
    expect(e).toBeInstanceOf(ModelValidationError);
    expect(String(e)).toMatch(/operator 0 \(ADD\) input 1 refers to tensor 9, but subgraph 0 has 3 tensors/);
  });

  it('unsupported operators are all listed at load with versions', () => {
    const s = addSpec();
    s.tensors.push({ name: 'z', type: TensorType.FLOAT32, shape: [1, 4] }, { name: 'w', type: TensorType.FLOAT32, shape: [1, 4] });
    s.ops.push({ code: BuiltinOperator.SIN, inputs: [2], outputs: [3] }, { code: BuiltinOperator.CUSTOM, customCode: 'MyOp', inputs: [3], outputs: [4] });
    s.outputs = [4];
    const e = errorOf(() => loadModelFromBytes(buildModel(s), 'ops.tflite', { backend: 'cpu' })) as UnsupportedOpError;
    expect(e).toBeInstanceOf(UnsupportedOpError);
    expect(e.ops.map((o) => `${o.opcode} v${o.version}`).sort()).toEqual(['CUSTOM:MyOp v1', 'SIN v1']);
    expect(e.message).toMatch(/SIN v1 \(no CPU kernel; operators 1\)/);
  });

  it('real custom-op and LSTM models name each unsupported operator', () => {
    const e = errorOf(() => loadModelFromBytes(readShared('models', 'micro', 'person_detect_vela.tflite'), 'vela')) as UnsupportedOpError;
    expect(e).toBeInstanceOf(UnsupportedOpError);
    expect(e.message).toContain('CUSTOM:ethos-u v1');
    const lstm = errorOf(() => loadModelFromBytes(readShared('models', 'micro', 'micro_speech_lstm.tflite'), 'lstm')) as UnsupportedOpError;
    expect(lstm.ops.map((o) => o.opcode)).toContain('UNIDIRECTIONAL_SEQUENCE_LSTM');
  });
});

describe('run-time input checks', () => {
  const model = loadModelFromBytes(buildModel(addSpec()), 'add.tflite', { backend: 'cpu' });

  it('wrong input count, name, dtype and size are InputErrors naming the input', async () => {
    await expect(model.run([])).rejects.toThrow(/model takes 1 input\(s\), got 0/);
    await expect(model.run({ nope: new Float32Array(4) })).rejects.toThrow(/unknown input name\(s\) "nope"; the model's inputs are "x"/);
    await expect(model.run([new Int32Array(4)])).rejects.toThrow(/input "x": expected float32 data as Float32Array, got Int32Array/);
    await expect(model.run([new Float32Array(6)])).rejects.toThrow(/input "x": 6 values is not a positive multiple of 4/);
    await expect(model.run([{ data: new Float32Array(8), shape: [2, 5] }])).rejects.toThrow(InputError);
  });

  it('the dynamic batch dimension accepts any size, like ResizeInputTensor', async () => {
    const [y] = await model.run([new Float32Array([0, 0, 0, 0, 1, 1, 1, 1])]);
    expect(y!.shape).toEqual([2, 4]);
    expect(Array.from(y!.data as Float32Array)).toEqual([1, 2, 3, 4, 2, 3, 4, 5]);
    const [z] = await model.run({ x: new Float32Array(4) });
    expect(z!.shape).toEqual([1, 4]);
  });

  it('a disposed model refuses to run', async () => {
    const m = loadModelFromBytes(buildModel(addSpec()), 'add.tflite');
    m.dispose();
    await expect(m.run([new Float32Array(4)])).rejects.toThrow(/disposed/);
  });
});
