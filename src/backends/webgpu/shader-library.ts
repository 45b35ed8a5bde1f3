// WGSL sources (shaders/*.wgsl, embedded at build time) composed with their `//! requires:` libraries and
// reflected with wgsl_reflect, so bind-group layouts and uniform layouts come from the shader itself.
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { WGSL_SOURCES } from './shaders.generated.js';
import { TfliteError } from '../../errors.js';

export class ShaderError extends TfliteError {
  constructor(message: string) {
    super('SHADER', message);
  }
}

export interface UniformField { name: string; offset: number; type: 'i32' | 'u32' | 'f32' }

export interface ReflectedEntry {
  shader: string;
  entryPoint: string;
  code: string;
  /** Resource name -> binding (group 0 only; kernels use a single bind group). */
  bindings: Map<string, { binding: number; kind: 'uniform' | 'storage-read' | 'storage-rw' }>;
  /** Layout of the uniform struct named `params`, when the entry uses one. */
  params: { size: number; fields: UniformField[] } | null;
  /** Pipeline-overridable constants declared in the (composed) module. */
  overrides: string[];
}

const REQUIRES = /^\/\/! requires: *(.+)$/m;

/** The shader's source with its required libraries appended (each library once). */
export function composeShader(name: string): string {
  const src = WGSL_SOURCES[name];
  if (src === undefined) throw new ShaderError(`no shader named "${name}" in shaders/`);
  const libs = REQUIRES.exec(src)?.[1]?.split(/[ ,]+/).filter(Boolean) ?? [];
  const parts = [src];
  for (const l of libs) {
    const lib = WGSL_SOURCES[`lib/${l}`];
    if (lib === undefined) throw new ShaderError(`shader "${name}" requires lib/${l}.wgsl, which does not exist`);
    parts.push(lib);
  }
  return parts.join('\n');
}

const cache = new Map<string, ReflectedEntry>();

export function reflectEntry(shader: string, entryPoint: string): ReflectedEntry {
  const key = `${shader}#${entryPoint}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const code = composeShader(shader);
  let r: WgslReflect;
  try {
    r = new WgslReflect(code);
  } catch (e) {
    throw new ShaderError(`shaders/${shader}.wgsl does not parse: ${(e as Error).message}`);
  }
  const entry = r.entry.compute.find((e) => e.name === entryPoint);
  if (!entry) throw new ShaderError(`shaders/${shader}.wgsl has no @compute entry point "${entryPoint}"`);
  const bindings = new Map<string, { binding: number; kind: 'uniform' | 'storage-read' | 'storage-rw' }>();
  let params: ReflectedEntry['params'] = null;
  for (const v of entry.resources) {
    if (v.group !== 0) throw new ShaderError(`shaders/${shader}.wgsl: resource ${v.name} must be in @group(0)`);
    const kind = v.resourceType === 0 ? 'uniform' : v.access === 'read' ? 'storage-read' : 'storage-rw';
    bindings.set(v.name, { binding: v.binding, kind });
    if (kind === 'uniform') {
      const members = v.type.isStruct ? (v.type as unknown as { members: { name: string; offset: number; type: { name: string } }[]; size: number }) : null;
      if (!members) throw new ShaderError(`shaders/${shader}.wgsl: uniform ${v.name} must be a struct of scalars`);
      const fields = members.members.map((m) => {
        const t = m.type.name;
        if (t !== 'i32' && t !== 'u32' && t !== 'f32') throw new ShaderError(`shaders/${shader}.wgsl: uniform field ${m.name} is ${t}; only i32/u32/f32 scalars are packed`);
        return { name: m.name, offset: m.offset, type: t } as UniformField;
      });
      params = { size: Math.ceil(members.size / 16) * 16, fields };
    }
  }
  const out: ReflectedEntry = { shader, entryPoint, code, bindings, params, overrides: r.overrides.map((o) => o.name) };
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
