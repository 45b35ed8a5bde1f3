// The CLI end to end: inspect, run and eval-mnist through main(), and the installed bin as a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readNpy, writeNpy } from '../../src/cli/io/npy.js';
import { readGolden, REPO, sharedPath } from '../helpers/shared.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, (s) => { out += `${s}\n`; }, (s) => { err += `${s}\n`; });
  return { code, out, err };
}

const IMAGES = sharedPath('mnist', 't10k-images-idx3-ubyte.gz');
const LABELS = sharedPath('mnist', 't10k-labels-idx1-ubyte.gz');
const INT8 = sharedPath('models', 'mnist', 'dmuiruri', 'mnist_cnn_int8_uint8io.tflite');

describe('tflite-webgpu CLI', () => {
  it('inspect reports operators with versions, quantization, I/O and weight bytes', async () => {
    const r = await cli('inspect', INT8, '--json');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { quantization: { detected: string }; operatorCounts: { opcode: string; version: number }[];
      inputs: { dtype: string; shapeSignature?: number[]; quantization?: { scale: number } }[]; weightBytesByDtype: Record<string, number>; cpuUnsupported: unknown[] };
    expect(rep.quantization.detected).toBe('full-integer');
    expect(rep.operatorCounts).toContainEqual(expect.objectContaining({ opcode: 'CONV_2D', version: 3 }));
    expect(rep.inputs[0]).toMatchObject({ dtype: 'uint8', shapeSignature: [-1, 28, 28] });
    expect(rep.weightBytesByDtype.int8).toBeGreaterThan(10000);
    expect(rep.cpuUnsupported).toEqual([]);
    const text = await cli('inspect', sharedPath('models', 'mnist', 'ma_dnn', 'mnist_mlp_float16.tflite'));
    expect(text.out).toMatch(/quantization: float16 \(converter metadata: float16\)/);
    expect(text.out).toMatch(/float16: \d+ bytes/);
    const lstm = await cli('inspect', sharedPath('models', 'micro', 'mnist_lstm_int8.tflite'));
    expect(lstm.out).toMatch(/not runnable on the cpu backend:\n {2}UNIDIRECTIONAL_SEQUENCE_LSTM v1/);
  });

  it('eval-mnist --json reports accuracy and predictions equal to TFLite on the first 300 images', async () => {
    const g = readGolden('mnist__dmuiruri__mnist_cnn_int8_uint8io.tflite.json');
    const r = await cli('eval-mnist', INT8, '--images', IMAGES, '--labels', LABELS, '--limit', '300', '--backend', 'cpu', '--json', '--predictions');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { model: string; backend: string; total: number; correct: number; accuracy: number; ms_per_image: number; predictions: number[] };
    expect(j).toMatchObject({ model: INT8, backend: 'cpu', total: 300 });
    expect(j.accuracy).toBeCloseTo(j.correct / 300, 10);
    expect(j.predictions).toEqual(g.predictions_10k!.slice(0, 300));
  });

  it('run reads .npy inputs and writes JSON and .npy outputs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tflw-'));
    const x = new Float32Array([0.5]);
    fs.writeFileSync(path.join(dir, 'x.npy'), writeNpy('float32', [1, 1], x));
    const model = sharedPath('models', 'micro', 'hello_world_float.tflite');
    const r = await cli('run', model, '--input', path.join(dir, 'x.npy'), '--backend', 'cpu', '--json', '--out', dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { outputs: { name: string; shape: number[]; dtype: string; data: number[] }[] };
    expect(j.outputs[0]).toMatchObject({ shape: [1, 1], dtype: 'float32' });
    expect(j.outputs[0]!.data[0]).toBeCloseTo(Math.sin(0.5), 1); // the model approximates sin
    const files = fs.readdirSync(dir).filter((f) => f !== 'x.npy');
    expect(files).toHaveLength(1);
    const back = readNpy(new Uint8Array(fs.readFileSync(path.join(dir, files[0]!))), files[0]!);
    expect(Array.from(back.data as Float32Array)).toEqual(j.outputs[0]!.data);
  });

  it('usage and model errors are one clear line with exit codes 2 and 1', async () => {
    const bad = await cli('eval-mnist', INT8, '--images', IMAGES);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--labels/);
    const typo = await cli('inspect', INT8, '--jsn');
    expect(typo.err).toMatch(/unknown option --jsn/);
    const missing = await cli('inspect', '/no/such.tflite');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/LoadError: cannot read model file \/no\/such.tflite: ENOENT/);
    const count = await cli('run', INT8, '--backend', 'cpu');
    expect(count.code).toBe(2);
    expect(count.err).toMatch(/model takes 1 input\(s\) \(input_2: uint8\[-1,28,28\]\), got 0 --input/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
  });

  it('the installed bin runs from the compiled dist/ (npm ci builds it)', () => {
    const bin = path.join(REPO, 'bin', 'tflite-webgpu.js');
    const r = spawnSync(process.execPath, [bin, 'eval-mnist', INT8, '--images', IMAGES, '--labels', LABELS, '--limit', '50', '--json', '--backend', 'cpu'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 50, backend: 'cpu' });
  });
});
