// quantize() and `tflite-webgpu quantize`: bad options are usage errors, models or operators a mode cannot handle are
// QuantizationErrors naming them; the command writes the model and prints the size (and accuracy) table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QuantizationError, quantize, readModel, UsageError, type QuantizeOptions } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { writeNpy } from '../../src/cli/io/npy.js';
import { readShared, sharedPath } from '../helpers/shared.js';
import { trainingDigits, trainingDigitsIdx } from '../helpers/mnist-train.js';

const MLP = readShared('models', 'mnist', 'ma_dnn', 'mnist_mlp_float32.tflite');
const ONE = [[new Float32Array(784)]];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantize-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('quantize() errors', () => {
  it.each([
    [{ mode: 'int4' } as unknown as QuantizeOptions, /unknown quantization mode "int4"/],
    [{ mode: 'int8' }, /needs a representative dataset/],
    [{ mode: 'fp16', representative: ONE }, /takes no representative dataset/],
    [{ mode: 'dynamic', io: 'uint8' }, /io "uint8" needs int8 mode/],
    [{ mode: 'int8', representative: ONE, io: 'int16' } as unknown as QuantizeOptions, /unknown io type "int16"/],
    [{ mode: 'dynamic', minWeightElements: -1 }, /minWeightElements must be a non-negative integer/],
    [{ mode: 'int8', representative: [] }, /representative dataset is empty/],
    [{ mode: 'int8', representative: [[new Float32Array(100)]] }, /has 100 values; shape \[1,28,28,1\] needs 784/],
    [{ mode: 'int8', representative: [[new Float32Array(784), new Float32Array(784)]] }, /has 2 input\(s\); the model takes 1/],
  ] as [QuantizeOptions, RegExp][])('%o -> UsageError', (opts, msg) => {
    expect(() => quantize(MLP, opts)).toThrow(UsageError);
    expect(() => quantize(MLP, opts)).toThrow(msg);
  });

  it.each(['int8', 'dynamic', 'fp16'] as const)('%s refuses an already quantized model', (mode) => {
    const src = readShared('models', 'mnist', 'dmuiruri', 'mnist_cnn_int8_floatio.tflite');
    const opts: QuantizeOptions = mode === 'int8' ? { mode, representative: ONE } : { mode };
    expect(() => quantize(src, opts)).toThrow(QuantizationError);
    expect(() => quantize(src, opts)).toThrow(`${mode} quantization needs a float32 model, but it already has QUANTIZE operators`);
    const fp16 = readShared('models', 'mnist', 'ma_dnn', 'mnist_mlp_float16.tflite');
    expect(() => quantize(fp16, mode === 'int8' ? { mode, representative: ONE } : { mode })).toThrow(/already has DEQUANTIZE operators/);
  });

  it.each([['single_gelu.tflite', 'GELU'], ['single_div.tflite', 'DIV'], ['single_sqrt.tflite', 'SQRT']])(
    'int8 names an operator it cannot quantize (%s)', (file, opcode) => {
      const src = readShared('models', 'testdata', 'aeq', file);
      const g = readModel(src).subgraphs[0]!;
      const rep = [g.inputs.map((t) => new Float32Array(g.tensors[t]!.shape.reduce((a, b) => a * b, 1)))];
      expect(() => quantize(src, { mode: 'int8', representative: rep })).toThrow(QuantizationError);
      expect(() => quantize(src, { mode: 'int8', representative: rep })).toThrow(new RegExp(`cannot quantize in int8 mode: ${opcode} \\(operator 0\\) has no int8 rule`));
      // The other modes leave such operators float.
      expect(readModel(quantize(src, { mode: 'fp16' }).bytes).subgraphs[0]!.operators.map((o) => o.opcode)).toContain(opcode);
    });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, (s) => { out += `${s}\n`; }, (s) => { err += `${s}\n`; });
  return { code, out, err };
}

describe('tflite-webgpu quantize', () => {
  const model = sharedPath('models', 'mnist', 'ma_dnn', 'mnist_mlp_float32.tflite');
  const idx = path.join(dir, 'train.idx');
  fs.writeFileSync(idx, trainingDigitsIdx(10));
  const images = sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), labels = sharedPath('mnist', 't10k-labels-idx1-ubyte.gz');

  it('int8 with an IDX representative file: writes the model and prints sizes and accuracy before/after', async () => {
    const out = path.join(dir, 'mlp_int8.tflite');
    const r = await cli('quantize', model, '--mode', 'int8', '--representative', idx, '--samples', '60', '-o', out,
      '--eval-mnist', '--images', images, '--labels', labels, '--limit', '500');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^mode +\| size before +\| size after +\| ratio +\| accuracy before +\| accuracy after$/);
    const cells = lines[2]!.split('|').map((c) => c.trim());
    expect(cells.slice(0, 3)).toEqual(['int8', `${MLP.byteLength} B`, `${fs.statSync(out).size} B`]);
    expect(Number.parseFloat(cells[3]!)).toBeGreaterThan(3.5);
    expect(Number.parseFloat(cells[5]!)).toBeGreaterThan(Number.parseFloat(cells[4]!) - 1);
    expect(lines[3]).toBe(`wrote ${out}, calibrated on 60 item(s) of train.idx`);
    expect(readModel(new Uint8Array(fs.readFileSync(out))).conversionQuantization).toBe('full-integer');
  });

  it('int8 with a .npy batch and uint8 I/O, --json', async () => {
    const { pixels } = trainingDigits(3);
    const npy = path.join(dir, 'train.npy');
    fs.writeFileSync(npy, writeNpy('float32', [30, 28, 28, 1], Float32Array.from(pixels, (p) => p / 255)));
    const out = path.join(dir, 'mlp_uint8.tflite');
    const r = await cli('quantize', model, '--mode', 'int8', '--representative', npy, '--io', 'uint8', '-o', out, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'int8', io: 'uint8', samples: 30, size_before: MLP.byteLength, out });
    const g = readModel(new Uint8Array(fs.readFileSync(out))).subgraphs[0]!;
    expect(g.tensors[g.inputs[0]!]!.dtype).toBe('uint8');
  });

  it.each(['dynamic', 'fp16'])('%s needs no calibration', async (mode) => {
    const out = path.join(dir, `mlp_${mode}.tflite`);
    const r = await cli('quantize', model, '--mode', mode, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${mode} +\\| ${MLP.byteLength} B`, 'm'));
    expect(fs.existsSync(out)).toBe(true);
  });

  it.each([
    [['--mode', 'int8', '-o', 'x.tflite'], /--mode int8 needs --representative FILE/],
    [['--mode', 'fp16', '--representative', 'r.idx', '-o', 'x.tflite'], /--representative is for --mode int8/],
    [['--mode', 'dynamic', '--io', 'int8', '-o', 'x.tflite'], /--io int8 needs --mode int8/],
    [['--mode', 'fp16', '-o', 'x.tflite', '--eval-mnist'], /--eval-mnist needs --images and --labels/],
    [['--mode', 'fp16', '-o', 'x.tflite', '--images', 'i.idx'], /--images, --labels and --limit go with --eval-mnist/],
    [['--mode', 'int9', '-o', 'x.tflite'], /--mode/],
    [['--mode', 'fp16'], /--out/],
  ])('usage error (exit 2): %j', async (args, msg) => {
    const r = await cli('quantize', model, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });

  it('a representative file whose items do not fit the input is a usage error', async () => {
    const npy = path.join(dir, 'bad.npy');
    fs.writeFileSync(npy, writeNpy('float32', [4, 10], new Float32Array(40)));
    const r = await cli('quantize', model, '--mode', 'int8', '--representative', npy, '-o', path.join(dir, 'bad.tflite'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds items of shape \[10\] \(10 values\); the model input takes 784 per item/);
  });

  it('an operator int8 cannot quantize fails with exit 1, naming it', async () => {
    const gelu = sharedPath('models', 'testdata', 'aeq', 'single_gelu.tflite');
    const npy = path.join(dir, 'gelu.npy');
    const shape = readModel(readShared('models', 'testdata', 'aeq', 'single_gelu.tflite')).subgraphs[0]!.tensors[0]!.shape;
    const per = shape.slice(1).reduce((a, b) => a * b, 1);
    fs.writeFileSync(npy, writeNpy('float32', [2, ...shape.slice(1)], new Float32Array(2 * per)));
    const r = await cli('quantize', gelu, '--mode', 'int8', '--representative', npy, '-o', path.join(dir, 'gelu.tflite'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/QuantizationError: cannot quantize in int8 mode: GELU \(operator 0\) has no int8 rule/);
  });
});
