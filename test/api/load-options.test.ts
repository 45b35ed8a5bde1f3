// loadModel's options from plain JavaScript: misspelt keys and values are typed errors, not silent defaults.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, loadModel, loadModelFromBytes, UsageError, type LoadOptions } from '../../src/index.js';
import { sharedPath } from '../helpers/shared.js';

const bytes = new Uint8Array(fs.readFileSync(sharedPath('models', 'mnist', 'dmuiruri', 'mnist_cnn_float32.tflite')));
const untyped = (o: Record<string, unknown>): LoadOptions => o as LoadOptions;

describe('load options', () => {
  it('rejects unknown keys, backends and precisions, naming what is allowed', async () => {
    await expect(loadModel(bytes, untyped({ backnd: 'cpu' }))).rejects.toThrow(new UsageError('unknown load option(s) "backnd" (expected backend, precision, gpu, gpuContext)'));
    await expect(loadModel(bytes, untyped({ backend: 'gpu' }))).rejects.toThrow(BackendUnavailableError);
    await expect(loadModel(bytes, untyped({ backend: 'cpu', precision: 'int8' }))).rejects.toThrow(/unknown precision "int8" \(expected fp32 or fp16\)/);
    expect(() => loadModelFromBytes(bytes, 'm.tflite', untyped({ precission: 'fp16' }))).toThrow(UsageError);
  });

  it('accepts every documented key, undefined values included; the CPU reports fp32 whatever was asked', async () => {
    const m = await loadModel(bytes, { backend: 'cpu', precision: 'fp16', gpu: undefined, gpuContext: undefined });
    expect(m.precision).toBe('fp32');
    m.dispose();
  });
});
