// Turns a model source (bytes, URL, or a file path in Node) into bytes, without touching Node APIs in browsers.
import { LoadError } from '../errors.js';

export type ModelSource = ArrayBuffer | Uint8Array | URL | string;

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

export async function readSource(src: ModelSource): Promise<{ bytes: Uint8Array; name: string }> {
  if (src instanceof Uint8Array) return { bytes: src, name: 'model bytes' };
  if (src instanceof ArrayBuffer) return { bytes: new Uint8Array(src), name: 'model bytes' };
  const text = src instanceof URL ? src.href : src;
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || src instanceof URL || !isNode();
  if (isUrl && !text.startsWith('file:')) {
    let res: Response;
    try {
      res = await fetch(text);
    } catch (e) {
      throw new LoadError(`cannot fetch model ${text}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new LoadError(`cannot fetch model ${text}: HTTP ${res.status} ${res.statusText}`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), name: text };
  }
  const fs = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const path = text.startsWith('file:') ? fileURLToPath(text) : text;
  try {
    const buf = await fs.readFile(path);
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), name: path };
  } catch (e) {
    throw new LoadError(`cannot read model file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
