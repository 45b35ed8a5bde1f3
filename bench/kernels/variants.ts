// The suite's kernel variants as the engine's real kernels with capabilities overridden (the way the kernel tests
// force a shader), and the check that a variant really runs a different shader here before it is reported.
import type { GpuCaps, GpuKernel, GpuKernelContext, GpuPass } from '../../src/backends/webgpu/kernel.js';
import { GPU_KERNELS } from '../../src/backends/webgpu/op-table.js';
import type { GpuContext } from '../../src/backends/webgpu/device.js';
import type { Family, OneOpModel } from './problems.js';
import type { KernelVariant, TilingChoice } from './types.js';

export interface VariantSpec {
  family: Family;
  precision: 'fp32' | 'fp16';
  /** Capabilities forced on top of what the engine derived from the adapter. */
  caps: Partial<GpuCaps>;
}

export function variantSpec(v: KernelVariant, tiling: TilingChoice): VariantSpec {
  const t: Partial<GpuCaps> = tiling === 'auto' ? {} : { preferRegisterTiling: tiling === 'register' };
  switch (v) {
    case 'fp32': return { family: 'float', precision: 'fp32', caps: { ...t } };
    case 'fp16-packed': return { family: 'float', precision: 'fp16', caps: { ...t, f16: false } };
    case 'fp16-native': return { family: 'float', precision: 'fp16', caps: { ...t } };
    case 'int8-dot4': return { family: 'int8', precision: 'fp32', caps: { ...t } };
    case 'int8-portable': return { family: 'int8', precision: 'fp32', caps: { ...t, dot4: false } };
  }
}

/** The engine's kernel for `opcode` with capabilities overridden. */
export function forcedKernel(opcode: string, caps: Partial<GpuCaps>): GpuKernel {
  const k = GPU_KERNELS[opcode];
  if (!k) throw new Error(`the engine has no GPU kernel for ${opcode}`);
  return {
    check: (op, g, c) => k.check(op, g, { ...c, ...caps }),
    passes: (op, ctx) => k.passes(op, { ...ctx, caps: { ...ctx.caps, ...caps } }),
  };
}

/** What the engine derives from the adapter (as WebGpuBackend does), before any override. */
export function adapterCaps(ctx: GpuContext, precision: 'fp32' | 'fp16'): GpuCaps {
  const i = ctx.info;
  return {
    f16: i.features.includes('shader-f16'),
    dot4: i.wgslFeatures.includes('packed_4x8_integer_dot_product'),
    precision,
    preferRegisterTiling: /swiftshader|llvmpipe|lavapipe|cpu/.test(`${i.vendor} ${i.architecture} ${i.description}`.toLowerCase()),
  };
}

export function passesFor(m: OneOpModel, ctx: GpuContext, spec: VariantSpec): GpuPass[] {
  const kctx: GpuKernelContext = {
    graph: m.graph, shape: (t) => m.graph.tensors[t]!.shape, caps: { ...adapterCaps(ctx, spec.precision), ...spec.caps },
    maxWorkgroupsPerDim: ctx.info.limits.maxComputeWorkgroupsPerDimension,
  };
  return forcedKernel(m.op.opcode, spec.caps).passes(m.op, kctx);
}

const passKey = (ps: GpuPass[]): string => ps.map((p) => `${p.shader}#${p.entryPoint}${JSON.stringify(p.overrides ?? {})}`).join('|');
export const passNames = (ps: GpuPass[]): string[] => ps.map((p) => `${p.shader}#${p.entryPoint}`);

/**
 * Why `v` cannot be measured on this adapter and problem, or null. A variant that would run exactly the shaders of
 * its fallback (fp16-native -> fp16-packed, int8-dot4 -> int8-portable) is not reported twice.
 */
export function unavailable(v: KernelVariant, m: OneOpModel, ctx: GpuContext, tiling: TilingChoice): string | null {
  const caps = adapterCaps(ctx, 'fp32');
  if (v === 'fp16-native') {
    if (!caps.f16) return 'adapter has no shader-f16';
    if (passKey(passesFor(m, ctx, variantSpec(v, tiling))) === passKey(passesFor(m, ctx, variantSpec('fp16-packed', tiling)))) {
      return `the engine has no native-f16 shader for ${m.op.opcode}`;
    }
  }
  if (v === 'int8-dot4') {
    if (!caps.dot4) return 'adapter has no packed_4x8_integer_dot_product';
    if (passKey(passesFor(m, ctx, variantSpec(v, tiling))) === passKey(passesFor(m, ctx, variantSpec('int8-portable', tiling)))) {
      return `the engine does not use dot4I8Packed for ${m.op.opcode} on this adapter (tiling: ${tiling})`;
    }
  }
  return null;
}
