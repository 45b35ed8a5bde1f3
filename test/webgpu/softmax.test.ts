// GPU SOFTMAX vs the CPU kernel: float32 within 1e-6 absolute + 1e-5 relative; int8/uint8 input (int8, uint8,
// int16 output) bit-exact on all 256 input values and random rows of lengths 1, 10, 256, 1001, on both variants.
import { describe, expect, it } from 'vitest';
import { oneOp } from '../helpers/kernel-harness.js';
import { runBoth } from '../helpers/gpu.js';
import { softmaxGpuKernel, softmaxUsesWorkgroup } from '../../src/backends/webgpu/kernels/softmax.js';
import { expectOnGpu, rng } from './activation-helpers.js';
import { gpuContext } from '../helpers/gpu.js';
import { composeShader } from '../../src/backends/webgpu/shader-library.js';
import { BufferUsage, MapMode } from '../../src/backends/webgpu/gpu-constants.js';
import { roundHalfAway } from '../../src/backends/cpu/quant/fixed-point.js';

/** Runs softmax.wgsl's integer helpers (sm_recip, sm_round) on `xs` through a test-only entry point. */
async function smHelpers(xs: Float32Array, trunc: boolean): Promise<{ recip: Float32Array; round: Int32Array }> {
  const { device } = await gpuContext();
  const code = `${composeShader('softmax')}
@group(0) @binding(10) var<storage, read> t_in: array<f32>;
@group(0) @binding(11) var<storage, read_write> t_recip: array<f32>;
@group(0) @binding(12) var<storage, read_write> t_round: array<i32>;
@compute @workgroup_size(64)
fn sm_selftest(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= arrayLength(&t_in)) { return; }
  t_recip[i] = sm_recip(t_in[i]);
  t_round[i] = sm_round(t_in[i]);
}`;
  const module = device.createShaderModule({ code });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'sm_selftest', constants: { TRUNC_U8: trunc ? 1 : 0 } } });
  const bytes = xs.byteLength;
  const mk = (usage: number) => device.createBuffer({ size: bytes, usage });
  const bin = mk(BufferUsage.STORAGE | BufferUsage.COPY_DST), br = mk(BufferUsage.STORAGE | BufferUsage.COPY_SRC), bq = mk(BufferUsage.STORAGE | BufferUsage.COPY_SRC);
  const rd = device.createBuffer({ size: 2 * bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  device.queue.writeBuffer(bin, 0, xs as Float32Array<ArrayBuffer>);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [
    { binding: 10, resource: { buffer: bin } }, { binding: 11, resource: { buffer: br } }, { binding: 12, resource: { buffer: bq } }] }));
  pass.dispatchWorkgroups(Math.ceil(xs.length / 64));
  pass.end();
  enc.copyBufferToBuffer(br, 0, rd, 0, bytes);
  enc.copyBufferToBuffer(bq, 0, rd, bytes, bytes);
  device.queue.submit([enc.finish()]);
  await rd.mapAsync(MapMode.READ);
  const all = rd.getMappedRange().slice(0);
  rd.unmap();
  for (const b of [bin, br, bq, rd]) b.destroy();
  return { recip: new Float32Array(all, 0, xs.length), round: new Int32Array(all, bytes, xs.length) };
}

/** Floats that stress the rounding: random magnitudes, exact halves and their float neighbours, 2^22..2^25. */
function probeFloats(r: () => number): Float32Array {
  const v: number[] = [];
  const bits = new Uint32Array(1), f = new Float32Array(bits.buffer);
  const neighbours = (x: number) => { f[0] = x; const b = bits[0]!; for (const d of [-2, -1, 0, 1, 2]) { bits[0] = b + d; v.push(f[0]!); } };
  for (let i = 0; i < 4000; i++) v.push(Math.fround(2 ** (r() * 40 - 20)));
  for (let k = 0; k < 600; k++) { neighbours(k + 0.5); neighbours(k); }
  for (let i = 0; i < 2000; i++) neighbours(Math.fround(2 ** (22 + r() * 3)));
  for (let i = 0; i < 2000; i++) neighbours(Math.fround(r() * 2 ** -(r() * 30)));
  neighbours(2 ** 23); neighbours(2 ** 24); neighbours(0.5); neighbours(2 ** -126);
  return Float32Array.from(v.filter((x) => x > 0 && x < 2 ** 29));
}

const kernels = { SOFTMAX: softmaxGpuKernel };
const SHAPES = [[4, 1], [5, 10], [2, 3, 10], [3, 1001], [1, 1001]];

function shuffled(values: number[], r: () => number): number[] {
  const a = values.slice();
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a;
}

describe('GPU SOFTMAX vs CPU', () => {
  it('picks the loop variant for short rows and the workgroup variant for long ones', () => {
    expect(softmaxUsesWorkgroup(100, 10)).toBe(false);
    expect(softmaxUsesWorkgroup(3, 1001)).toBe(true);
    expect(softmaxUsesWorkgroup(5000, 1001)).toBe(false);
  });

  it('integer reciprocal and final roundings match the CPU float32 steps on stressing values', async () => {
    const xs = probeFloats(rng(77));
    for (const trunc of [false, true]) {
      const { recip, round } = await smHelpers(xs, trunc);
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!;
        // sm_recip is only used on normal sums times the output scale
        if (x >= 2 ** -120 && recip[i] !== Math.fround(1 / x)) expect(recip[i], `recip(${x})`).toBe(Math.fround(1 / x));
        const want = trunc ? Math.trunc(Math.fround(x + 0.5)) : roundHalfAway(x);
        if (round[i] !== want) expect(round[i], `round(${x}) trunc ${trunc}`).toBe(want);
      }
    }
  });

  it('float32', async () => {
    const r = rng(5);
    for (const shape of [...SHAPES, [4100, 64]]) {
      for (const beta of [1, 0.5, 2.5]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Array.from({ length: n }, () => r() * 16 - 8);
        const g = oneOp('SOFTMAX', { kind: 'softmax', beta }, [{ dtype: 'float32', shape, data }], [{ dtype: 'float32', shape }]);
        const [gpu, cpu, be] = await runBoth(g, { kernels });
        expectOnGpu(be);
        const x = gpu[0]!.data as Float32Array, y = cpu[0]!.data as Float32Array;
        expect(x.length).toBe(y.length);
        const bad = Array.from(y).findIndex((v, i) => !(Math.abs(x[i]! - v) <= 1e-6 + 1e-5 * Math.abs(v)));
        expect(bad, `[${shape}] beta ${beta}: #${bad} gpu ${x[bad]} cpu ${y[bad]}`).toBe(-1);
      }
    }
  });

  // [input dtype, output dtype, output scale, output zero point]
  const OUTS = [['int8', 'int8', 1 / 256, -128], ['int8', 'int16', 1 / 32768, 0], ['int8', 'int16', 1 / 16384, -7], ['uint8', 'uint8', 1 / 256, 0], ['uint8', 'int16', 1 / 32768, 0]] as const;
  for (const [din, dout, so, zo] of OUTS) {
    it(`${din} -> ${dout} (scale ${so}, zp ${zo}) bit-exact`, async () => {
      const r = rng(so * 1e6 + zo + (din === 'int8' ? 0 : 1000));
      const lo = din === 'int8' ? -128 : 0;
      for (const [si, beta] of [[0.1, 1], [0.02, 1], [0.5, 1], [1 / 16, 0.7], [0.003, 2]] as const) {
        // all 256 values in shuffled rows; random rows; rows dominated by a few large values; one more long-row
        // batch that takes the loop variant
        const all = Array.from({ length: 256 }, (_, i) => lo + i);
        const cases: [number[], number[]][] = [
          [[2, 256], [...shuffled(all, r), ...shuffled(all, r)]],
          ...SHAPES.map((s): [number[], number[]] => [s, Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => lo + Math.floor(r() * 256))]),
          [[3, 10], Array.from({ length: 30 }, (_, i) => (i % 10 < 3 ? lo + 255 : lo + Math.floor(r() * 40)))],
        ];
        if (si === 0.02) cases.push([[4097, 64], Array.from({ length: 4097 * 64 }, () => lo + Math.floor(r() * 256))]);
        for (const [shape, data] of cases) {
          const g = oneOp('SOFTMAX', { kind: 'softmax', beta }, [{ dtype: din, shape, data, quant: { scale: si, zeroPoint: lo + 100 } }],
            [{ dtype: dout, shape, quant: { scale: so, zeroPoint: zo } }]);
          const [gpu, cpu, be] = await runBoth(g, { kernels });
          expectOnGpu(be);
          const x = Array.from(gpu[0]!.data as Int16Array), y = Array.from(cpu[0]!.data as Int16Array);
          const bad = y.findIndex((v, i) => v !== x[i]);
          expect(bad, `[${shape}] in scale ${si} beta ${beta}: first mismatch #${bad} gpu ${x[bad]} cpu ${y[bad]}`).toBe(-1);
        }
      }
    });
  }
});
