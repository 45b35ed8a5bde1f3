// Composes a kernel's WGSL with the libraries its `//! requires:` line names (each once), from a table of sources;
// shared by the runtime and by scripts/gen-shaders.ts, which reflects the composed modules at build time.
import { ShaderError } from '../../errors.js';

const REQUIRES = /^\/\/! requires: *(.+)$/m;

export function composeWgsl(sources: Readonly<Record<string, string>>, name: string): string {
  const src = sources[name];
  if (src === undefined) throw new ShaderError(`no shader named "${name}" in shaders/`);
  const libs = REQUIRES.exec(src)?.[1]?.split(/[ ,]+/).filter(Boolean) ?? [];
  const parts = [src];
  for (const l of libs) {
    const lib = sources[`lib/${l}`];
    if (lib === undefined) throw new ShaderError(`shader "${name}" requires lib/${l}.wgsl, which does not exist`);
    parts.push(lib);
  }
  return parts.join('\n');
}
