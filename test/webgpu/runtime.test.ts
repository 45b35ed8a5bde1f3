// WebGPU runtime behaviour: auto fallback without an adapter, placement of ops without GPU kernels, device loss
// as a typed error, one submit per inference, and the shaders/ <-> kernel mapping.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, loadModel } from '../../src/index.js';
import { openGpu } from '../../src/backends/webgpu/device.js';
import { WebGpuBackend, DeviceLostError } from '../../src/backends/webgpu/webgpu-backend.js';
import { GPU_KERNELS } from '../../src/backends/webgpu/op-table.js';
import { WGSL_SOURCES } from '../../src/backends/webgpu/shaders.generated.js';
import { reflectEntry } from '../../src/backends/webgpu/shader-library.js';
import { buildModel, BuiltinOperator, f32bytes, TensorType } from '../helpers/build-model.js';
import { gpuContext } from '../helpers/gpu.js';
import { REPO } from '../helpers/shared.js';

/** A GPU object whose adapter request finds nothing, as in a browser without WebGPU enabled. */
const noAdapter = { requestAdapter: async () => null, getPreferredCanvasFormat: () => 'rgba8unorm', wgslLanguageFeatures: new Set() } as unknown as GPU;

const addThenMul = () => buildModel({
  tensors: [
    { name: 'x', type: TensorType.FLOAT32, shape: [1, 4], shapeSignature: [-1, 4] },
    { name: 'k', type: TensorType.FLOAT32, shape: [4], bytes: f32bytes([1, 2, 3, 4]) },
    { name: 'y', type: TensorType.FLOAT32, shape: [1, 4] },
    { name: 'z', type: TensorType.FLOAT32, shape: [1, 4] },
  ],
  ops: [{ code: BuiltinOperator.ADD, inputs: [0, 1], outputs: [2] }, { code: BuiltinOperator.MUL, inputs: [2, 1], outputs: [3] }],
  inputs: [0], outputs: [3],
});

describe('WebGPU runtime', () => {
  it('auto falls back to the CPU without an adapter and says why; webgpu refuses with a typed error', async () => {
    const m = await loadModel(addThenMul(), { backend: 'auto', gpu: noAdapter });
    expect(m.backend).toBe('cpu');
    expect(m.fallbackReason).toMatch(/no adapter/);
    const [y] = await m.run([new Float32Array([1, 1, 1, 1])]);
    expect(Array.from(y!.data as Float32Array)).toEqual([2, 6, 12, 20]);
    await expect(loadModel(addThenMul(), { backend: 'webgpu', gpu: noAdapter })).rejects.toThrow(BackendUnavailableError);
  });

  it('runs on the GPU through the API with the adapter named and the same answer as the CPU', async () => {
    const m = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: await gpuContext() });
    expect(m.backend).toBe('webgpu');
    expect(m.adapter).toMatch(/swiftshader|llvmpipe/i);
    const [y] = await m.run([new Float32Array([1, 1, 1, 1, 2, 2, 2, 2])]);
    expect(y!.shape).toEqual([2, 4]);
    expect(Array.from(y!.data as Float32Array)).toEqual([2, 6, 12, 20, 3, 8, 15, 24]);
    expect(m.placement().every((p) => p.on === 'gpu')).toBe(true);
    m.dispose();
  });

  it('a lost device fails the pending run with DeviceLostError; a new model on a new device works', async () => {
    const ctx = await openGpu();
    const m = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: ctx });
    await m.run([new Float32Array(4)]);
    ctx.device.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await expect(m.run([new Float32Array(4)])).rejects.toThrow(DeviceLostError);
    const again = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: await gpuContext() });
    const [y] = await again.run([new Float32Array(4)]);
    expect(Array.from(y!.data as Float32Array)).toEqual([1, 4, 9, 16]);
  });

  it('encodes one submit per inference when every op is on the GPU', async () => {
    const ctx = await gpuContext();
    const be = new WebGpuBackend((await loadModel(addThenMul(), { backend: 'cpu' })).graph, ctx);
    const queue = ctx.device.queue;
    const orig = queue.submit.bind(queue);
    let submits = 0;
    queue.submit = (cbs: Iterable<GPUCommandBuffer>) => { submits++; orig(cbs); };
    try {
      await be.run([{ shape: [1, 4], dtype: 'float32', data: new Float32Array(4) }]);
      submits = 0;
      await be.run([{ shape: [1, 4], dtype: 'float32', data: new Float32Array(4) }]);
      expect(submits).toBe(1);
    } finally {
      queue.submit = orig;
    }
  });

  it('every shaders/*.wgsl has a compute kernel used by a GPU kernel, and every kernel shader exists', () => {
    const files = fs.readdirSync(path.join(REPO, 'shaders')).filter((f) => f.endsWith('.wgsl')).map((f) => f.replace(/\.wgsl$/, ''));
    const tsSources = fs.readdirSync(path.join(REPO, 'src', 'backends', 'webgpu', 'kernels'), { recursive: true })
      .filter((f): f is string => typeof f === 'string' && f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(REPO, 'src', 'backends', 'webgpu', 'kernels', f), 'utf8')).join('\n');
    for (const f of files) {
      expect(WGSL_SOURCES[f], `${f}.wgsl embedded (npm run gen:shaders)`).toBeDefined();
      expect(/@compute/.test(WGSL_SOURCES[f]!), `${f}.wgsl has an @compute entry point`).toBe(true);
      expect(tsSources.includes(`'${f}'`), `${f}.wgsl is named by a kernel in src/backends/webgpu/kernels`).toBe(true);
    }
    for (const m of tsSources.matchAll(/shader: '([a-z0-9_]+)', entryPoint: '([a-z0-9_]+)'/g)) {
      expect(files, `kernel shader ${m[1]}`).toContain(m[1]);
      expect(() => reflectEntry(m[1]!, m[2]!)).not.toThrow();
    }
    expect(Object.keys(GPU_KERNELS).length).toBeGreaterThan(0);
  });
});
