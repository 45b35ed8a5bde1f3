// The quantizer's graph rules on TFLite's single-operator float models: int8 models agree exactly with native TFLite
// 2.9 and approximate the float model; fixed and shared params, model I/O types, float16 and dynamic-range layouts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFromBytes, quantize, readModel, type IoType, type ModelIR, type RepresentativeSample } from '../../src/index.js';
import type { Graph, Tensor } from '../../src/graph/ir.js';
import { halfToFloat } from '../../src/backends/cpu/kernels/shared/float16.js';
import { NATIVE_ENABLED, runNative } from '../helpers/native-tflite.js';
import { readShared } from '../helpers/shared.js';
import { trainingDigits } from '../helpers/mnist-train.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantize-ops-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Float models of one or a few operators, all runnable on the CPU backend. */
const OP_MODELS = [
  'single_add.tflite', 'single_add1_constant_input.tflite', 'single_sub.tflite', 'single_sub1_constant_input.tflite',
  'single_mul.tflite', 'single_mul2_constant_input.tflite', 'single_mean.tflite', 'single_pad.tflite', 'single_padv2.tflite',
  'single_max_pool_2d.tflite', 'single_relu.tflite', 'single_tanh.tflite', 'single_hard_swish.tflite', 'single_transpose.tflite',
  'single_strided_slice.tflite', 'single_pack.tflite', 'two_inputs_concatenation.tflite', 'single_fc.tflite',
  'single_fc_bias.tflite', 'single_fc_bias_relu6.tflite', 'single_fc_bias_logistic.tflite', 'single_fc_no_bias.tflite',
  'single_depthwise_conv2d_bias.tflite', 'padv2_inf_max_pool_2d.tflite',
].map((f) => path.join('testdata', 'aeq', f));

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Uniform [-1, 1) inputs of the float model's input shapes. */
function floatInputs(g: Graph, next: () => number): Float32Array[] {
  return g.inputs.map((t) => Float32Array.from({ length: g.tensors[t]!.shape.reduce((a, b) => a * b, 1) }, () => next() * 2 - 1));
}

function quantizeInput(x: Float32Array, t: Tensor): Int8Array {
  const q = t.quantization!;
  return Int8Array.from(x, (v) => Math.max(-128, Math.min(127, Math.round(v / q.scale[0]!) + q.zeroPoint[0]!)));
}

function save(name: string, bytes: Uint8Array): string {
  const out = path.join(dir, name);
  fs.writeFileSync(out, bytes);
  return out;
}

describe('int8 on single-operator models (int8 I/O)', () => {
  it.each(OP_MODELS)('%s', async (file) => {
    const src = readShared('models', file);
    const g = readModel(src).subgraphs[0]!;
    const next = xorshift(12345);
    const rep: RepresentativeSample[] = Array.from({ length: 32 }, () => floatInputs(g, next));
    const r = quantize(src, { mode: 'int8', representative: rep, io: 'int8' });
    const qg = r.model.subgraphs[0]!;
    // Every activation and weight is int8 (biases int32); no QUANTIZE/DEQUANTIZE with int8 I/O.
    for (const t of qg.tensors) expect(['int8', 'int32'], `${t.name}`).toContain(t.dtype);
    expect(qg.operators.map((o) => o.opcode)).not.toContain('QUANTIZE');

    const float = loadModelFromBytes(src, file), model = loadModelFromBytes(r.bytes, `${file} int8`);
    // Inputs from the calibration set: values outside the calibrated ranges would clip, by design.
    const cases = rep.slice(0, 3) as Float32Array[][];
    const ours: Int8Array[][] = [];
    for (const c of cases) {
      const want = await float.run(c.map((x) => x));
      const got = await model.run(c.map((x, i) => quantizeInput(x, qg.tensors[qg.inputs[i]!]!)));
      ours.push(got.map((o) => o.data as Int8Array));
      got.forEach((o, k) => {
        // Dequantized int8 output vs float: within the input and output rounding the 8 bits allow.
        const q = qg.tensors[qg.outputs[k]!]!.quantization!;
        const ref = want[k]!.data as Float32Array;
        const range = ref.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
        let worst = 0;
        (o.data as Int8Array).forEach((v, i) => {
          if (Number.isFinite(ref[i]!)) worst = Math.max(worst, Math.abs(q.scale[0]! * (v - q.zeroPoint[0]!) - ref[i]!));
        });
        expect(worst, `output ${k}: worst error ${worst} with scale ${q.scale[0]}`).toBeLessThanOrEqual(2 * q.scale[0]! + 0.03 * range);
      });
    }
    if (!NATIVE_ENABLED) return;
    const native = runNative(save(path.basename(file), r.bytes), cases.map((c) => c.map((x, i) => quantizeInput(x, qg.tensors[qg.inputs[i]!]!))),
      qg.outputs.map(() => 'int8'));
    native.forEach((outs, k) => outs.forEach((o, j) => expect(Array.from(ours[k]![j]!)).toEqual(Array.from(o as Int8Array))));
  });
});

/** ma_dnn's MLP (RESHAPE, FULLY_CONNECTED, SOFTMAX) and dmuiruri's CNN (SHAPE chain, CONV_2D, MAX_POOL_2D) calibrated on digits. */
function mnistModel(file: string, opts: { io?: IoType; perChannelFullyConnected?: boolean } = {}): { src: Uint8Array; ir: ModelIR; bytes: Uint8Array } {
  const src = readShared('models', 'mnist', file);
  const shape = readModel(src).subgraphs[0]!.tensors[readModel(src).subgraphs[0]!.inputs[0]!]!.shape;
  const { pixels } = trainingDigits(10);
  const rep: RepresentativeSample[] = [[{ data: Float32Array.from(pixels, (p) => p / 255), shape: [100, ...shape.slice(1)] }]];
  const r = quantize(src, { mode: 'int8', representative: rep, ...opts });
  return { src, ir: r.model, bytes: r.bytes };
}

const byName = (g: Graph, opcode: string) => g.operators.filter((o) => o.opcode === opcode);
const params = (g: Graph, t: number) => ({ scale: g.tensors[t]!.quantization!.scale[0], zeroPoint: g.tensors[t]!.quantization!.zeroPoint[0] });

describe('int8 graph rules', () => {
  it('gives SOFTMAX, LOGISTIC and TANH outputs the params TFLite requires', () => {
    const g = mnistModel('ma_dnn/mnist_mlp_float32.tflite').ir.subgraphs[0]!;
    expect(params(g, byName(g, 'SOFTMAX')[0]!.outputs[0]!)).toEqual({ scale: 1 / 256, zeroPoint: -128 });
    const next = xorshift(7);
    for (const [file, want] of [['single_fc_bias_logistic.tflite', { scale: 1 / 256, zeroPoint: -128 }], ['single_tanh.tflite', { scale: 1 / 128, zeroPoint: 0 }]] as const) {
      const src = readShared('models', 'testdata', 'aeq', file);
      const fg = readModel(src).subgraphs[0]!;
      const q = quantize(src, { mode: 'int8', representative: [floatInputs(fg, next)] }).model.subgraphs[0]!;
      const op = q.operators.find((o) => o.opcode === 'LOGISTIC' || o.opcode === 'TANH')!;
      expect(params(q, op.outputs[0]!)).toEqual(want);
    }
  });

  it('shares params across RESHAPE and MAX_POOL_2D, computes the SHAPE chain on int32 as before', () => {
    const g = mnistModel('dmuiruri/mnist_cnn_float32.tflite').ir.subgraphs[0]!;
    for (const op of [...byName(g, 'RESHAPE'), ...byName(g, 'MAX_POOL_2D')]) expect(params(g, op.outputs[0]!)).toEqual(params(g, op.inputs[0]!));
    for (const op of [...byName(g, 'STRIDED_SLICE'), ...byName(g, 'PACK')]) expect(g.tensors[op.outputs[0]!]!.dtype).toBe('int32');
    // Weights per channel along dim 0 for CONV_2D, one scale for FULLY_CONNECTED; biases at input x weight scale.
    const conv = byName(g, 'CONV_2D')[0]!, fc = byName(g, 'FULLY_CONNECTED')[0]!;
    expect(g.tensors[conv.inputs[1]!]!.quantization!.scale).toHaveLength(12);
    expect(g.tensors[fc.inputs[1]!]!.quantization!.scale).toHaveLength(1);
    const inScale = params(g, conv.inputs[0]!).scale!;
    g.tensors[conv.inputs[2]!]!.quantization!.scale.forEach((s, c) => expect(s).toBe(Math.fround(inScale * g.tensors[conv.inputs[1]!]!.quantization!.scale[c]!)));
    expect([conv.version, fc.version, byName(g, 'MAX_POOL_2D')[0]!.version]).toEqual([3, 4, 2]);
  });

  it('shares one set of params among CONCATENATION inputs and output', () => {
    const src = readShared('models', 'testdata', 'aeq', 'two_inputs_concatenation.tflite');
    const fg = readModel(src).subgraphs[0]!;
    const next = xorshift(99);
    // Inputs of different ranges: the shared params must cover both.
    const rep = [0, 1, 2].map(() => floatInputs(fg, next).map((x, i) => x.map((v) => v * (i + 1) * 3)));
    const g = quantize(src, { mode: 'int8', representative: rep }).model.subgraphs[0]!;
    const cat = byName(g, 'CONCATENATION')[0]!;
    for (const t of cat.inputs) expect(params(g, t)).toEqual(params(g, cat.outputs[0]!));
    expect(params(g, cat.outputs[0]!).scale).toBeGreaterThan(5.9 / 255);
  });

  it('float I/O: QUANTIZE in, DEQUANTIZE out, the graph\'s tensors keeping their names', () => {
    const { ir } = mnistModel('ma_dnn/mnist_mlp_float32.tflite');
    const g = ir.subgraphs[0]!;
    expect(g.operators[0]!.opcode).toBe('QUANTIZE');
    expect(g.operators.at(-1)!.opcode).toBe('DEQUANTIZE');
    expect(g.tensors[g.inputs[0]!]!).toMatchObject({ name: 'serving_default_flatten_input:0', dtype: 'float32', shapeSignature: [-1, 28, 28, 1] });
    expect(params(g, g.operators[0]!.outputs[0]!)).toEqual({ scale: Math.fround(1 / 255), zeroPoint: -128 });
    // The signature still names the float input and output.
    const sig = ir.signatures[0]!;
    expect(g.tensors[sig.inputs[0]!.tensor]!.dtype).toBe('float32');
    expect(g.tensors[sig.outputs[0]!.tensor]!.dtype).toBe('float32');
  });

  it.each(['int8', 'uint8'] as const)('%s I/O runs like float I/O (uint8: zero point + 128) and like native TFLite', async (io) => {
    const file = 'dmuiruri/mnist_cnn_float32.tflite';
    const f = mnistModel(file), q = mnistModel(file, { io });
    const g = q.ir.subgraphs[0]!;
    const input = g.tensors[g.inputs[0]!]!, output = g.tensors[g.outputs[0]!]!;
    expect([input.dtype, output.dtype]).toEqual([io, io]);
    const fg = f.ir.subgraphs[0]!;
    const inner = params(fg, fg.operators[0]!.outputs[0]!);
    expect(params(g, g.inputs[0]!)).toEqual({ scale: inner.scale, zeroPoint: inner.zeroPoint! + (io === 'uint8' ? 128 : 0) });
    expect(g.operators.filter((o) => o.opcode === 'QUANTIZE')).toHaveLength(io === 'uint8' ? 2 : 0);

    const fm = loadModelFromBytes(f.bytes, 'float io'), qm = loadModelFromBytes(q.bytes, `${io} io`);
    const { pixels } = trainingDigits(1);
    const x = Float32Array.from(pixels.subarray(0, 2 * 784), (p) => p / 255);
    const toQ = (v: number) => Math.round(v / input.quantization!.scale[0]!) + input.quantization!.zeroPoint[0]!;
    const xq = io === 'int8' ? Int8Array.from(x, toQ) : Uint8Array.from(x, toQ);
    const [want] = await fm.run([{ data: x, shape: [2, 28, 28] }]);
    const [got] = await qm.run([{ data: xq, shape: [2, 28, 28] }]);
    const oq = output.quantization!;
    // DEQUANTIZE computes scale * (q - zero point) in float32.
    expect(Array.from(got!.data as Int8Array, (v) => Math.fround(oq.scale[0]! * (v - oq.zeroPoint[0]!)))).toEqual(Array.from(want!.data as Float32Array));
    if (!NATIVE_ENABLED) return;
    const native = runNative(save(`dmuiruri_${io}.tflite`, q.bytes), [[xq.subarray(0, 784)], [xq.subarray(784)]], [io]);
    const nat = (k: number) => Array.from(native[k]![0]! as Int8Array | Uint8Array);
    expect([...nat(0), ...nat(1)]).toEqual(Array.from(got!.data as Int8Array | Uint8Array));
  });

  it('per-channel FULLY_CONNECTED weights on request (TFLite 2.9 ignores them, so off by default)', async () => {
    const { ir, bytes } = mnistModel('ma_dnn/mnist_mlp_float32.tflite', { perChannelFullyConnected: true });
    const g = ir.subgraphs[0]!;
    for (const fc of byName(g, 'FULLY_CONNECTED')) {
      const w = g.tensors[fc.inputs[1]!]!;
      expect(w.quantization!.scale).toHaveLength(w.shape[0]!);
    }
    const m = loadModelFromBytes(bytes, 'per-channel');
    const { pixels, labels } = trainingDigits(5);
    const [out] = await m.run([{ data: Float32Array.from(pixels, (p) => p / 255), shape: [50, 28, 28, 1] }]);
    const probs = out!.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < 50; i++) {
      const row = Array.from(probs.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
    }
    expect(correct).toBeGreaterThanOrEqual(45);
  });
});

describe('float16 and dynamic-range layouts', () => {
  it('fp16: every float constant stored as float16 behind a DEQUANTIZE (v3), activations float32', () => {
    const src = readShared('models', 'mnist', 'ma_dnn', 'mnist_mlp_float32.tflite');
    const before = readModel(src).subgraphs[0]!;
    const g = quantize(src, { mode: 'fp16' }).model.subgraphs[0]!;
    const deq = byName(g, 'DEQUANTIZE');
    expect(deq).toHaveLength(before.tensors.filter((t) => t.dtype === 'float32' && t.data).length);
    expect(g.operators.slice(0, deq.length).every((o) => o.opcode === 'DEQUANTIZE' && o.version === 3)).toBe(true);
    expect(g.tensors.filter((t) => t.dtype === 'float32' && t.data)).toHaveLength(0);
    for (const op of deq) {
      const half = g.tensors[op.inputs[0]!]!;
      const orig = before.tensors.find((t) => t.name === half.name)!;
      expect(half.dtype).toBe('float16');
      const w = orig.data as Float32Array, h = half.data as Uint16Array;
      for (let i = 0; i < w.length; i += 97) expect(Math.abs(halfToFloat(h[i]!) - w[i]!)).toBeLessThanOrEqual(Math.abs(w[i]!) * 2 ** -11 + 2 ** -25);
    }
  });

  it('dynamic: FULLY_CONNECTED per-tensor int8 weights with asymmetric input quantization (v9), float bias', () => {
    const src = readShared('models', 'mnist', 'mattn', 'mnist_mlp_float32.tflite');
    const g = quantize(src, { mode: 'dynamic' }).model.subgraphs[0]!;
    for (const fc of byName(g, 'FULLY_CONNECTED')) {
      expect(fc.version).toBe(9);
      expect(fc.options).toMatchObject({ asymmetricQuantizeInputs: true });
      expect(g.tensors[fc.inputs[1]!]!).toMatchObject({ dtype: 'int8', quantization: { zeroPoint: [0] } });
      expect(g.tensors[fc.inputs[2]!]!.dtype).toBe('float32');
      expect(g.tensors[fc.outputs[0]!]!.dtype).toBe('float32');
    }
  });

  it('dynamic: CONV_2D per-channel int8 weights (v5) when large enough, same outputs as native TFLite', async () => {
    const src = readShared('models', 'mnist', 'dmuiruri', 'mnist_cnn_float32.tflite');
    expect(byName(quantize(src, { mode: 'dynamic' }).model.subgraphs[0]!, 'CONV_2D')[0]!.version).toBe(1); // 108 weights: float
    const r = quantize(src, { mode: 'dynamic', minWeightElements: 0 });
    const g = r.model.subgraphs[0]!;
    const conv = byName(g, 'CONV_2D')[0]!;
    expect(conv.version).toBe(5);
    expect(g.tensors[conv.inputs[1]!]!.quantization!.scale).toHaveLength(12);
    const m = loadModelFromBytes(r.bytes, 'dynamic conv');
    const { pixels } = trainingDigits(1);
    const x = Float32Array.from(pixels.subarray(0, 784), (p) => p / 255);
    const [out] = await m.run([{ data: x, shape: [1, 28, 28] }]);
    if (!NATIVE_ENABLED) return;
    const [[n]] = runNative(save('dynamic_conv.tflite', r.bytes), [[x]], ['float32']);
    Array.from(out!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - (n as Float32Array)[i]!)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v))));
  });
});
