// IDX decoder (the MNIST file format: big-endian header and values); browser-safe, takes the file's bytes.
import { UsageError } from '../../errors.js';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  shape: number[];
  data: IdxData;
}

interface IdxType {
  name: string;
  size: number;
}

const TYPES: Record<number, IdxType> = {
  0x08: { name: 'unsigned byte', size: 1 },
  0x09: { name: 'signed byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
};

/**
 * Decodes an IDX file (already gunzipped). Byte types are views over `bytes` (no copy); wider types are converted
 * from big-endian into fresh arrays. `source` names the file in error messages.
 */
export function readIdx(bytes: Uint8Array, source: string): IdxArray {
  const fail = (msg: string): never => {
    throw new UsageError(`${source}: invalid IDX file: ${msg}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, the magic number needs 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = view.getUint8(0);
  const b1 = view.getUint8(1);
  const typeCode = view.getUint8(2);
  const ndims = view.getUint8(3);
  if (b0 !== 0 || b1 !== 0) {
    const hint = b0 === 0x1f && b1 === 0x8b ? ' (the file is gzip-compressed; decompress it first)' : '';
    fail(`wrong magic: expected bytes 00 00 <type> <ndims>, got ${hex(b0)} ${hex(b1)}${hint}`);
  }
  const type = TYPES[typeCode];
  if (type === undefined) {
    return fail(`unknown data type 0x${hex(typeCode)} (expected 08, 09, 0B, 0C, 0D or 0E)`);
  }
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    fail(`truncated header: ${ndims} dimensions need ${headerLen} header bytes, got ${bytes.length}`);
  }
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));

  // Checked before allocating, so corrupt dimensions cannot request gigabytes.
  const count = shape.includes(0) ? 0 : shape.reduce((a, d) => a * d, 1);
  const expected = count * type.size;
  const got = bytes.length - headerLen;
  if (expected !== got) {
    const what = expected > got ? 'truncated data' : 'unexpected trailing bytes';
    fail(`${what}: dimensions [${shape.join(', ')}] of ${type.name} need ${expected} data bytes, got ${got}`);
  }

  const off = headerLen;
  switch (typeCode) {
    case 0x08:
      return { shape, data: bytes.subarray(off, off + count) };
    case 0x09:
      return { shape, data: new Int8Array(bytes.buffer, bytes.byteOffset + off, count) };
    case 0x0b: {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(off + 2 * i, false);
      return { shape, data: out };
    }
    case 0x0c: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(off + 4 * i, false);
      return { shape, data: out };
    }
    case 0x0d: {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(off + 4 * i, false);
      return { shape, data: out };
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(off + 8 * i, false);
      return { shape, data: out };
    }
  }
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
