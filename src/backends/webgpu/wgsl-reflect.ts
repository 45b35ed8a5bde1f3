// Build-time reflection of a composed WGSL module with wgsl_reflect: per compute entry point its group-0
// bindings and the layout of its `params` uniform, and the module's override constants. scripts/gen-shaders.ts
// stores the result beside the sources, so the runtime neither ships nor runs the WGSL parser.
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { ShaderError } from '../../errors.js';

export type BindingKind = 'uniform' | 'storage-read' | 'storage-rw';
export interface UniformField { name: string; offset: number; type: 'i32' | 'u32' | 'f32' }

/** One entry point, as plain JSON. */
export interface EntryReflection {
  /** [resource name, binding, kind] by binding number (group 0 only; kernels use a single bind group). */
  bindings: [string, number, BindingKind][];
  /** Layout of the uniform struct, when the entry uses one (size rounded up to 16 bytes). */
  params: { size: number; fields: UniformField[] } | null;
}

export interface ShaderReflection {
  /** Pipeline-overridable constants declared in the composed module. */
  overrides: string[];
  entries: Record<string, EntryReflection>;
}

export function reflectWgsl(shader: string, code: string): ShaderReflection {
  let r: WgslReflect;
  try {
    r = new WgslReflect(code);
  } catch (e) {
    throw new ShaderError(`shaders/${shader}.wgsl does not parse: ${(e as Error).message}`);
  }
  const entries: Record<string, EntryReflection> = {};
  for (const entry of r.entry.compute) {
    const bindings: EntryReflection['bindings'] = [];
    let params: EntryReflection['params'] = null;
    for (const v of entry.resources) {
      if (v.group !== 0) throw new ShaderError(`shaders/${shader}.wgsl: resource ${v.name} must be in @group(0)`);
      const kind: BindingKind = v.resourceType === 0 ? 'uniform' : v.access === 'read' ? 'storage-read' : 'storage-rw';
      bindings.push([v.name, v.binding, kind]);
      if (kind !== 'uniform') continue;
      const struct = v.type.isStruct ? (v.type as unknown as { members: { name: string; offset: number; type: { name: string } }[]; size: number }) : null;
      if (!struct) throw new ShaderError(`shaders/${shader}.wgsl: uniform ${v.name} must be a struct of scalars`);
      const fields = struct.members.map((m) => {
        const t = m.type.name;
        if (t !== 'i32' && t !== 'u32' && t !== 'f32') throw new ShaderError(`shaders/${shader}.wgsl: uniform field ${m.name} is ${t}; only i32/u32/f32 scalars are packed`);
        return { name: m.name, offset: m.offset, type: t } as UniformField;
      });
      params = { size: Math.ceil(struct.size / 16) * 16, fields };
    }
    entries[entry.name] = { bindings: bindings.sort((a, b) => a[1] - b[1]), params };
  }
  return { overrides: r.overrides.map((o) => o.name), entries };
}
