// WebGPU runtime behaviour: auto fallback without an adapter, placement of ops without GPU kernels, device loss
// as a typed error, one submit per inference, and the shaders/ <-> kernel mapping.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, DeviceLostError, DisposedError, GpuLimitError, loadModel } from '../../src/index.js';
import { openGpu } from '../../src/backends/webgpu/device.js';
import { WebGpuBackend } from '../../src/backends/webgpu/webgpu-backend.js';
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

describe('WebGPU views', () => {
  it('RESHAPE shares its input buffer: no dispatch, same answers as the CPU, intermediates not overwritten', async () => {
    // x -> ADD k -> y -> RESHAPE [2,2] -> r -> MUL r -> z; y is read again by the second ADD after the reshape.
    const bytes = buildModel({
      tensors: [
        { name: 'x', type: TensorType.FLOAT32, shape: [1, 4] },
        { name: 'k', type: TensorType.FLOAT32, shape: [4], bytes: f32bytes([1, 2, 3, 4]) },
        { name: 'y', type: TensorType.FLOAT32, shape: [1, 4] },
        { name: 'shape', type: TensorType.INT32, shape: [2], bytes: new Uint8Array(Int32Array.from([2, 2]).buffer) },
        { name: 'r', type: TensorType.FLOAT32, shape: [2, 2] },
        { name: 'z', type: TensorType.FLOAT32, shape: [2, 2] },
        { name: 'w', type: TensorType.FLOAT32, shape: [1, 4] },
      ],
      ops: [
        { code: BuiltinOperator.ADD, inputs: [0, 1], outputs: [2] },
        { code: BuiltinOperator.RESHAPE, inputs: [2, 3], outputs: [4] },
        { code: BuiltinOperator.MUL, inputs: [4, 4], outputs: [5] },
        { code: BuiltinOperator.ADD, inputs: [2, 2], outputs: [6] },
      ],
      inputs: [0], outputs: [5, 6],
    });
    const ctx = await gpuContext();
    const m = await loadModel(bytes, { backend: 'webgpu', gpuContext: ctx });
    // Count dispatches: ADD, MUL and ADD take one each; the RESHAPE none.
    let dispatches = 0;
    const dev = ctx.device;
    const origEncoder = dev.createCommandEncoder.bind(dev);
    dev.createCommandEncoder = (d?: GPUCommandEncoderDescriptor) => {
      const enc = origEncoder(d);
      const begin = enc.beginComputePass.bind(enc);
      enc.beginComputePass = (pd?: GPUComputePassDescriptor) => {
        const pass = begin(pd);
        const dispatch = pass.dispatchWorkgroups.bind(pass);
        pass.dispatchWorkgroups = (x: number, y?: number, z?: number) => { dispatches++; dispatch(x, y, z); };
        return pass;
      };
      return enc;
    };
    let out: Awaited<ReturnType<typeof m.run>>;
    try {
      out = await m.run([new Float32Array([1, 1, 1, 1])]);
    } finally {
      dev.createCommandEncoder = origEncoder;
    }
    expect(dispatches).toBe(3);
    const [z, w] = out;
    expect(z!.shape).toEqual([2, 2]);
    expect(Array.from(z!.data as Float32Array)).toEqual([4, 9, 16, 25]);
    expect(Array.from(w!.data as Float32Array)).toEqual([4, 6, 8, 10]);
    const p = await m.profile([new Float32Array([1, 1, 1, 1])], { runs: 1, warmup: 0 });
    expect(p.ops.map((o) => o.opcode)).toEqual(['ADD', 'RESHAPE', 'MUL', 'ADD']);
    m.dispose();
  });
});

describe('overlapping calls', () => {
  it('runs called together on one WebGPU model queue in call order and give the answers of one-by-one runs', async () => {
    const m = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: await gpuContext() });
    const xs = [1, 2, 3, 4, 5].map((v) => new Float32Array([v, v, v, v]));
    const one: number[][] = [];
    for (const x of xs) one.push(Array.from((await m.run([x]))[0]!.data as Float32Array));
    const together = await Promise.all(xs.map((x) => m.run([x])));
    expect(together.map((o) => Array.from(o[0]!.data as Float32Array))).toEqual(one);
    // A profile between runs waits its turn too.
    const [p, r] = await Promise.all([m.profile([xs[0]!], { runs: 1, warmup: 0 }), m.run([xs[1]!])]);
    expect(p.ops).toHaveLength(2);
    expect(Array.from(r[0]!.data as Float32Array)).toEqual(one[1]);
    m.dispose();
  });

  it('dispose lets runs already requested finish, and refuses later ones with DisposedError', async () => {
    const m = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: await gpuContext() });
    const pending = m.run([new Float32Array([1, 1, 1, 1])]);
    m.dispose();
    expect(Array.from((await pending)[0]!.data as Float32Array)).toEqual([2, 6, 12, 20]);
    await expect(m.run([new Float32Array(4)])).rejects.toThrow(DisposedError);
  });
});

describe('adapter limits', () => {
  it('a batch whose activations exceed the storage-buffer limit fails with GpuLimitError naming the tensor and the batch that fits', async () => {
    const ctx = await gpuContext();
    // The same device, described with a 64 KiB storage-buffer limit.
    const small: typeof ctx = { ...ctx, info: { ...ctx.info, limits: { ...ctx.info.limits, maxStorageBufferBindingSize: 65536 } } };
    const m = await loadModel(addThenMul(), { backend: 'webgpu', gpuContext: small });
    const err = await m.run([new Float32Array(4 * 5000)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuLimitError);
    expect((err as Error).message).toMatch(/tensor \d+ "[xyz]" \[5000,4\] needs a 80000-byte GPU buffer; the adapter allows 65536 bytes per storage buffer; run batches of at most 4096/);
    const [y] = await m.run([new Float32Array(4 * 4096).fill(1)]); // the model still runs smaller batches
    expect(y!.shape).toEqual([4096, 4]);
    expect(Array.from((y!.data as Float32Array).subarray(0, 4))).toEqual([2, 6, 12, 20]);
    m.dispose();
  });
});

describe('shape-dependent constants', () => {
  it('values folded per input shape are bound for the current shape, whatever shapes ran before', async () => {
    // y = x + float(shape(x)): the second operand is folded at plan time and differs per batch.
    const bytes = buildModel({
      tensors: [
        { name: 'x', type: TensorType.FLOAT32, shape: [1, 2], shapeSignature: [-1, 2] },
        { name: 's', type: TensorType.INT32, shape: [2] },
        { name: 'sf', type: TensorType.FLOAT32, shape: [2] },
        { name: 'y', type: TensorType.FLOAT32, shape: [1, 2] },
      ],
      ops: [
        { code: BuiltinOperator.SHAPE, inputs: [0], outputs: [1] },
        { code: BuiltinOperator.CAST, inputs: [1], outputs: [2] },
        { code: BuiltinOperator.ADD, inputs: [0, 2], outputs: [3] },
      ],
      inputs: [0], outputs: [3],
    });
    const m = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
    expect(m.placement().find((p) => p.opcode === 'ADD')?.on).toBe('gpu');
    for (const n of [1, 2, 1, 3, 2, 3]) {
      const [y] = await m.run([new Float32Array(2 * n)]);
      expect(Array.from(y!.data as Float32Array), `batch ${n}`).toEqual(Array.from({ length: n }, () => [n, 2]).flat());
    }
    m.dispose();
  });
});
