// Model.profile and `tflite-webgpu profile`: per-operator times on the CPU and on WebGPU (timestamp queries on
// SwiftShader, and the submit-and-wait path of adapters without them), with CPU steps inside a GPU plan.
import { describe, expect, it } from 'vitest';
import { loadModel, UsageError, type ModelProfile } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { openGpu, type GpuContext } from '../../src/backends/webgpu/device.js';
import { WebGpuBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { GPU_KERNELS } from '../../src/backends/webgpu/op-table.js';
import { gpuContext } from '../helpers/gpu.js';
import { sharedPath } from '../helpers/shared.js';
import { profileBackend } from '../../src/api/profile.js';

const INT8 = sharedPath('models', 'mnist', 'dmuiruri', 'mnist_cnn_int8_uint8io.tflite');
const image = (): Uint8Array => Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);

/** The profile's consistency: one entry per planned step, opcode groups adding up to the operators. */
function checkShape(p: ModelProfile, opcodes: string[]): void {
  expect(p.ops.map((o) => o.opcode)).toEqual(opcodes);
  expect(p.ops.every((o) => Number.isFinite(o.ms) && o.ms >= 0)).toBe(true);
  expect(p.byOpcode.reduce((a, g) => a + g.count, 0)).toBe(p.ops.length);
  expect(p.byOpcode.reduce((a, g) => a + g.share, 0)).toBeCloseTo(1, 6);
  expect(p.opsMs).toBeCloseTo(p.ops.reduce((a, o) => a + o.ms, 0), 9);
  for (let i = 1; i < p.byOpcode.length; i++) expect(p.byOpcode[i]!.ms).toBeLessThanOrEqual(p.byOpcode[i - 1]!.ms);
  expect(p.runMs).toBeGreaterThan(0);
}

/** The model's operator order without the RESHAPE of a constant shape the planner folds away: from the CPU plan. */
async function plannedOpcodes(): Promise<string[]> {
  const m = await loadModel(INT8, { backend: 'cpu' });
  const p = await m.profile([image()], { runs: 1, warmup: 0 });
  m.dispose();
  return p.ops.map((o) => o.opcode);
}

describe('Model.profile', () => {
  it('CPU: per-operator wall times, grouped by opcode, the model still answering as before', async () => {
    const m = await loadModel(INT8, { backend: 'cpu' });
    const [before] = await m.run([image()]);
    const p = await m.profile([image()], { runs: 3 });
    expect(p).toMatchObject({ backend: 'cpu', adapter: null, precision: 'fp32', timeSource: 'wall', runs: 3 });
    checkShape(p, await plannedOpcodes());
    expect(p.ops.map((o) => o.opcode)).toContain('CONV_2D');
    expect(p.ops.every((o) => o.on === 'cpu')).toBe(true);
    const [after] = await m.run([image()]);
    expect(after!.data).toEqual(before!.data);
    m.dispose();
  });

  it('WebGPU: kernel times from timestamp queries, non-zero for the convolution, outputs unchanged', async () => {
    const ctx = await gpuContext();
    const m = await loadModel(INT8, { backend: 'webgpu', gpuContext: ctx });
    const [before] = await m.run([image()]);
    const p = await m.profile([image()], { runs: 2, warmup: 1 });
    expect(p.backend).toBe('webgpu');
    expect(p.timeSource).toBe(ctx.device.features.has('timestamp-query') ? 'timestamp' : 'wall');
    checkShape(p, await plannedOpcodes());
    expect(p.ops.find((o) => o.opcode === 'CONV_2D')!.ms).toBeGreaterThan(0);
    const [after] = await m.run([image()]);
    expect(after!.data).toEqual(before!.data);
    m.dispose();
  });

  it('WebGPU without timestamp-query, with an operator on the CPU: every step awaited alone, the CPU step named', async () => {
    const ctx = await gpuContext();
    // The same device, seen as one without 'timestamp-query' (as in browsers that do not expose it).
    const device = new Proxy(ctx.device, {
      get(t, k) {
        if (k === 'features') return new Set<string>();
        const v: unknown = Reflect.get(t, k, t);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    const noTimestamps: GpuContext = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as GpuContext, ctx, { device });
    const { MAX_POOL_2D: _pool, ...withoutPool } = GPU_KERNELS;
    const graph = (await loadModel(INT8, { backend: 'cpu' })).graph;
    const be = new WebGpuBackend(graph, noTimestamps, 'fp32', withoutPool);
    const inputs = [{ shape: [1, 28, 28], dtype: 'uint8' as const, data: image() }];
    const p = await profileBackend(be, inputs, { runs: 2, warmup: 1 });
    expect(p.timeSource).toBe('wall');
    checkShape(p, await plannedOpcodes());
    expect(p.ops.filter((o) => o.on === 'cpu').map((o) => o.opcode)).toEqual(['MAX_POOL_2D']);
    expect(p.byOpcode.map((g) => g.opcode)).toContain('MAX_POOL_2D (cpu)');
    expect(p.ops.every((o) => o.ms > 0)).toBe(true);
    be.dispose();
  });

  it('quantized timestamps (Dawn\'s default, as in browsers) are too coarse: the profile waits on each step instead', async () => {
    await gpuContext(); // sets VK_ICD_FILENAMES for SwiftShader
    const { create } = (await import('webgpu')) as { create(flags: string[]): GPU };
    const ctx = await openGpu({ gpu: create([]) });
    expect(ctx.device.features.has('timestamp-query')).toBe(true);
    const m = await loadModel(INT8, { backend: 'webgpu', gpuContext: ctx });
    const p = await m.profile([image()], { runs: 1, warmup: 1 });
    expect(p.timeSource).toBe('wall');
    expect(p.ops.every((o) => o.ms > 0)).toBe(true);
    m.dispose();
    ctx.device.destroy();
  });

  it('rejects a bad run count with a typed error', async () => {
    const m = await loadModel(INT8, { backend: 'cpu' });
    await expect(m.profile([image()], { runs: 0 })).rejects.toThrow(UsageError);
    await expect(m.profile([image()], { warmup: 1.5 })).rejects.toThrow(/warmup must be an integer >= 0, got 1.5/);
    m.dispose();
  });
});

describe('tflite-webgpu profile', () => {
  const cli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '', err = '';
    const code = await main(argv, (s) => { out += `${s}\n`; }, (s) => { err += `${s}\n`; });
    return { code, out, err };
  };

  it('prints per-opcode shares and the slowest operators, or the whole profile as JSON', async () => {
    const text = await cli('profile', INT8, '--backend', 'cpu', '--runs', '2', '--top', '3');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^backend cpu, precision fp32/);
    expect(text.out).toMatch(/CONV_2D +1 +\d+\.\d{3} +\d+\.\d%/);
    expect(text.out.split('slowest operators:\n')[1]!.trim().split('\n')).toHaveLength(3);
    const json = await cli('profile', INT8, '--backend', 'cpu', '--runs', '2', '--batch', '4', '--json');
    const j = JSON.parse(json.out) as ModelProfile & { model: string };
    expect(j.model).toBe(INT8);
    expect(j.byOpcode.map((g) => g.opcode)).toContain('FULLY_CONNECTED');
    const bad = await cli('profile', INT8, '--runs', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--runs/);
  });
});
