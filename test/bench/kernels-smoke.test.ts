// Smoke test of the kernel throughput suite on SwiftShader: a tiny sweep runs, every measured entry was verified
// against the CPU kernel and reports finite positive throughput, and outputs corrupted on purpose (one float value
// off by 0.5, one int8 value off by one step) are marked failed and never timed. No timing is asserted.
import { describe, expect, it } from 'vitest';
import { gpuContext } from '../helpers/gpu.js';
import { runSuite } from '../../bench/kernels/suite.js';
import { SWEEPS, sizeId } from '../../bench/kernels/problems.js';
import type { KernelEntry, KernelVariant } from '../../bench/kernels/types.js';

const env = { runtime: 'node' as const, machine: { os: 'test', cpu: 'test', cores: 1 }, packages: {} };
const fcId = sizeId(SWEEPS.tiny[1]!), convId = sizeId(SWEEPS.tiny[2]!);
const corrupted = (e: { id: string; variant: KernelVariant }): boolean =>
  (e.id === fcId && e.variant === 'fp32') || (e.id === convId && e.variant === 'int8-portable');

describe('kernel suite (tiny sweep)', () => {
  it('verifies and measures every variant the adapter has, and fails corrupted outputs', async () => {
    const ctx = await gpuContext();
    const res = await runSuite(ctx, env, {
      sweep: 'tiny', samples: 2, runSamples: 1, warmup: 0, targetSampleMs: 2,
      corruptOutput: (e, out) => {
        if (!corrupted(e)) return;
        if (out instanceof Float32Array) out[5]! += 0.5;
        else { const q = out as Int8Array; q[3] = q[3] === 127 ? 126 : q[3]! + 1; }
      },
    });
    expect(res.entries.length).toBe(SWEEPS.tiny.length * 5);
    const byKey = (id: string, v: KernelVariant): KernelEntry => res.entries.find((e) => e.id === id && e.variant === v)!;
    for (const e of res.entries) {
      const what = `${e.id} ${e.variant}: ${e.reason ?? ''}`;
      if (corrupted(e)) {
        expect(e.status, what).toBe('failed');
        expect(e.reason, what).toMatch(/differs from the CPU kernel at 1 of/);
        expect(e.verify?.mismatches, what).toBe(1);
        expect(e.gops, what).toBeUndefined();
        expect(e.dispatch, what).toBeUndefined();
        continue;
      }
      if (e.status === 'skipped') {
        // Only variants that need an adapter feature or a distinct shader may be skipped.
        expect(['fp16-native', 'int8-dot4'], what).toContain(e.variant);
        expect(e.reason, what).toBeTruthy();
        continue;
      }
      expect(e.status, what).toBe('ok');
      expect(e.verify!.mismatches, what).toBe(0);
      expect(e.verify!.checked, what).toBeGreaterThan(0);
      expect(e.passes.length, what).toBeGreaterThan(0);
      for (const x of [e.gops!, e.gbps!, e.dispatch!.medianMs, e.run!.medianMs]) {
        expect(Number.isFinite(x) && x > 0, `${what} ${x}`).toBe(true);
      }
      expect(e.dispatch!.minMs, what).toBeLessThanOrEqual(e.dispatch!.maxMs);
      if (res.adapter.timestampQuery) expect(e.timeSource, what).toBe('timestamp');
    }
    // fp32 and fp16-packed run everywhere; int8 through one of its two paths.
    for (const s of SWEEPS.tiny) {
      const id = sizeId(s);
      if (id !== fcId) expect(byKey(id, 'fp32').status).toBe('ok');
      expect(byKey(id, 'fp16-packed').status).toBe('ok');
    }
    // Integer outputs are compared exactly, floats within the stated bound.
    expect(byKey(fcId, 'int8-portable').verify!.tolerance).toBe(0);
    expect(byKey(fcId, 'fp16-packed').verify!.tolerance).toBeGreaterThan(0);
    // Ratios only where both sides were verified and timed: none for the failed fp32 FC.
    expect(res.ratios.map((r) => r.id)).not.toContain(fcId);
    for (const r of res.ratios) for (const v of Object.values(r.ratios)) expect(Number.isFinite(v) && v > 0).toBe(true);
  });
});
