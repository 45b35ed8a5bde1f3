// Node-only file reading for the CLI (kept apart so the npy/idx decoders stay usable in browsers).
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { UsageError } from '../../errors.js';

const gunzipAsync = promisify(gunzip);

/** Reads a file, transparently gunzipping it when it starts with the gzip magic bytes 1f 8b. */
export async function readMaybeGzip(path: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return asPlainBytes(raw);
  let out: Buffer;
  try {
    out = await gunzipAsync(raw);
  } catch (e) {
    throw new UsageError(`${path}: corrupt or truncated gzip data: ${(e as Error).message}`);
  }
  return asPlainBytes(out);
}

/** A plain Uint8Array view, so callers never meet Buffer's differing slice() semantics. */
function asPlainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
