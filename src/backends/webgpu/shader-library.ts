// WGSL sources (shaders/*.wgsl, embedded at build time) composed with their `//! requires:` libraries, and the
// bind-group and uniform layouts wgsl_reflect found in them at build time (scripts/gen-shaders.ts): layouts come
// from the shader itself, without parsing WGSL at run time.
import { ShaderError } from '../../errors.js';
import { WGSL_REFLECTION, WGSL_SOURCES } from './shaders.generated.js';
import { composeWgsl } from './wgsl-compose.js';
import type { BindingKind, UniformField } from './wgsl-reflect.js';


export interface ReflectedEntry {
  shader: string;
  entryPoint: string;
  code: string;
  /** Resource name -> binding (group 0 only; kernels use a single bind group). */
  bindings: Map<string, { binding: number; kind: BindingKind }>;
  /** Layout of the uniform struct named `params`, when the entry uses one. */
  params: { size: number; fields: UniformField[] } | null;
  /** Pipeline-overridable constants declared in the (composed) module. */
  overrides: string[];
}

/** The shader's source with its required libraries appended (each library once). */
export function composeShader(name: string): string {
  return composeWgsl(WGSL_SOURCES, name);
}

const cache = new Map<string, ReflectedEntry>();

export function reflectEntry(shader: string, entryPoint: string): ReflectedEntry {
  const key = `${shader}#${entryPoint}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const module = WGSL_REFLECTION[shader];
  if (!module) throw new ShaderError(`no shader named "${shader}" in shaders/`);
  const entry = module.entries[entryPoint];
  if (!entry) throw new ShaderError(`shaders/${shader}.wgsl has no @compute entry point "${entryPoint}"`);
  const out: ReflectedEntry = {
    shader, entryPoint, code: composeShader(shader),
    bindings: new Map(entry.bindings.map(([name, binding, kind]) => [name, { binding, kind }])),
    params: entry.params, overrides: module.overrides,
  };
  cache.set(key, out);
  return out;
}

/** Packs named uniform values into the layout wgsl_reflect found; every field must be given. */
export function packParams(e: ReflectedEntry, values: Record<string, number>): ArrayBuffer {
  if (!e.params) throw new ShaderError(`${e.shader}#${e.entryPoint} has no uniform params`);
  const buf = new ArrayBuffer(e.params.size);
  const dv = new DataView(buf);
  for (const f of e.params.fields) {
    const v = values[f.name];
    if (v === undefined || !Number.isFinite(v)) throw new ShaderError(`${e.shader}#${e.entryPoint}: uniform ${f.name} not given (or not finite)`);
    if (f.type === 'f32') dv.setFloat32(f.offset, v, true);
    else if (f.type === 'u32') dv.setUint32(f.offset, v >>> 0, true);
    else dv.setInt32(f.offset, v | 0, true);
  }
  const extra = Object.keys(values).filter((k) => !e.params!.fields.some((f) => f.name === k));
  if (extra.length) throw new ShaderError(`${e.shader}#${e.entryPoint}: unknown uniform(s) ${extra.join(', ')}`);
  return buf;
}
