// fp16 on an adapter with shader-f16 (lavapipe): float FC/conv with fp16 weights computed in f16 kernels, and the
// float16 MNIST model end to end, against the CPU backend (float32 math on the same fp16-rounded weights).
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { gpuContext, runBoth } from '../helpers/gpu.js';
import { floatToHalf, halfToFloat } from '../../src/backends/cpu/kernels/shared/float16.js';
import { loadModel, loadModelFromBytes } from '../../src/index.js';
import { evalMnist } from '../../src/cli/mnist.js';
import { loadMnist } from '../../src/cli/commands/eval-mnist.js';
import { readShared, sharedPath } from '../helpers/shared.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}
/** Values exactly representable in fp16, so the CPU reference sees the same weights the GPU stores. */
const halfs = (n: number, r: () => number, amp = 1) => Array.from({ length: n }, () => halfToFloat(floatToHalf((r() * 2 - 1) * amp)));

describe('fp16 kernels with shader-f16', () => {
  it('the adapter runs f16', async () => {
    expect((await gpuContext()).info.features).toContain('shader-f16');
  });

  it('FULLY_CONNECTED with precision fp16 matches the CPU within fp16 accumulation error', async () => {
    const r = rng(3);
    for (const [rows, depth, units] of [[1, 784, 128], [7, 33, 10], [64, 128, 64]] as const) {
      const g = oneOp('FULLY_CONNECTED', { kind: 'fullyConnected', activation: 'NONE', weightsFormat: 'DEFAULT', keepNumDims: false, asymmetricQuantizeInputs: false },
        [{ dtype: 'float32', shape: [rows, depth], data: halfs(rows * depth, r) },
          { dtype: 'float32', shape: [units, depth], data: halfs(units * depth, r, 0.1), constant: true },
          { dtype: 'float32', shape: [units], data: halfs(units, r), constant: true }],
        [{ dtype: 'float32', shape: [rows, units] }]);
      const [gpu, cpu, be] = await runBoth(g, { precision: 'fp16' });
      expect(be.caps.f16).toBe(true);
      expect(be.precision).toBe('fp16');
      expect(be.placement()[0]!.on).toBe('gpu');
      const a = gpu[0]!.data as Float32Array, b = cpu[0]!.data as Float32Array;
      // products of fp16 values are exact in f32; the GPU may round activations to f16 (2^-11 relative)
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!), `[${rows}x${depth}x${units}] #${i}`).toBeLessThanOrEqual(2e-3 * (1 + Math.abs(b[i]!)) + 2e-3 * Math.sqrt(depth) * 0.1);
    }
  });

  it('the float16 MNIST model on WebGPU fp16 predicts like the CPU on 500 images', async () => {
    const { images, labels } = await loadMnist(sharedPath('mnist', 't10k-images-idx3-ubyte.gz'), sharedPath('mnist', 't10k-labels-idx1-ubyte.gz'));
    const bytes = readShared('models', 'mnist', 'ma_dnn', 'mnist_mlp_float16.tflite');
    const cpu = await evalMnist(loadModelFromBytes(bytes, 'fp16'), images, labels, { limit: 500, batch: 100 });
    const m = await loadModel(bytes, { backend: 'webgpu', precision: 'fp16', gpuContext: await gpuContext() });
    expect(m.precision).toBe('fp16');
    const gpu = await evalMnist(m, images, labels, { limit: 500, batch: 100 });
    let diff = 0;
    gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) diff++; });
    // f16 activations can flip a near-tie; more than one flip in 500 would be a kernel error
    expect(diff).toBeLessThanOrEqual(1);
  });
});
