// Build-time WGSL reflection: layouts as wgsl_reflect reads them, typed errors for shaders the engine cannot
// bind, and the generated table in step with the shaders (what `npm run gen:shaders` would write).
import { describe, expect, it } from 'vitest';
import { ShaderError } from '../../src/index.js';
import { reflectWgsl } from '../../src/backends/webgpu/wgsl-reflect.js';
import { composeShader, reflectEntry } from '../../src/backends/webgpu/shader-library.js';
import { WGSL_REFLECTION, WGSL_SOURCES } from '../../src/backends/webgpu/shaders.generated.js';

const KERNEL = `
struct Params { n: u32, scale: f32, zp: i32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override WG: u32 = 64u;
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < params.n) { y[g.x] = x[g.x] * params.scale + f32(params.zp); }
}
@compute @workgroup_size(1) fn only_y() { y[0] = 0.0; }
`;

describe('WGSL reflection', () => {
  it('reads bindings per entry point, the uniform layout (rounded to 16 bytes) and the override constants', () => {
    const r = reflectWgsl('test', KERNEL);
    expect(r.overrides).toEqual(['WG']);
    expect(r.entries.main).toEqual({
      bindings: [['params', 0, 'uniform'], ['x', 1, 'storage-read'], ['y', 2, 'storage-rw']],
      params: { size: 16, fields: [{ name: 'n', offset: 0, type: 'u32' }, { name: 'scale', offset: 4, type: 'f32' }, { name: 'zp', offset: 8, type: 'i32' }] },
    });
    expect(r.entries.only_y).toEqual({ bindings: [['y', 2, 'storage-rw']], params: null });
  });

  it('refuses what the engine cannot bind, with the shader named', () => {
    expect(() => reflectWgsl('bad', 'fn (')).toThrow(/shaders\/bad\.wgsl does not parse/);
    expect(() => reflectWgsl('g1', KERNEL.replace('@group(0) @binding(1)', '@group(1) @binding(1)'))).toThrow(/resource x must be in @group\(0\)/);
    expect(() => reflectWgsl('v4', KERNEL.replace('scale: f32', 'scale: vec4<f32>').replace('params.scale', 'params.scale.x'))).toThrow(ShaderError);
    expect(() => reflectEntry('no_such_shader', 'main')).toThrow(/no shader named "no_such_shader"/);
    expect(() => reflectEntry('softmax', 'no_such_entry')).toThrow(/has no @compute entry point "no_such_entry"/);
  });

  it('the generated table is what wgsl_reflect reads from every composed kernel module today', () => {
    const kernels = Object.keys(WGSL_SOURCES).filter((n) => !n.startsWith('lib/'));
    expect(Object.keys(WGSL_REFLECTION).sort()).toEqual(kernels.sort());
    for (const k of kernels) expect(WGSL_REFLECTION[k], k).toEqual(reflectWgsl(k, composeShader(k)));
  });
});
