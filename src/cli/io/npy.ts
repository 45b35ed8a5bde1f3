// NumPy .npy reader/writer (format versions 1.0, 2.0, 3.0) for CLI inputs and outputs; browser-safe (bytes in, bytes out).
import { UsageError } from '../../errors.js';
import type { DType, TypedArray } from '../../graph/dtype.js';
import { allocTyped, viewTyped } from '../../graph/dtype.js';

export interface NpyArray {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** descr type code (kind + itemsize, without byte-order char) → engine dtype. */
const CODE_TO_DTYPE: Record<string, DType> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};

const DTYPE_TO_DESCR: Partial<Record<DType, string>> = {
  float16: '<f2', float32: '<f4', float64: '<f8',
  int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8',
  bool: '|b1',
};

type TypedArrayClass = new (n: number) => TypedArray;

/** Typed-array class expected for each writable dtype, so writeNpy cannot reinterpret the wrong kind of data. */
const DTYPE_ARRAY: Partial<Record<DType, TypedArrayClass>> = {
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  bool: Uint8Array,
};

// Typed arrays use the host's byte order and .npy data here is little-endian; every JS engine that matters is LE.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes a .npy file. When the data offset is aligned for the element type the result is a view over `bytes`
 * (no copy); otherwise it is copied into a fresh buffer. `source` names the file in error messages.
 */
export function readNpy(bytes: Uint8Array, source: string): NpyArray {
  const fail = (msg: string): never => {
    throw new UsageError(`${source}: invalid .npy file: ${msg}`);
  };
  if (!HOST_LITTLE_ENDIAN) fail('big-endian hosts are not supported');
  if (bytes.length < 10) fail(`truncated: ${bytes.length} bytes, a .npy preamble needs at least 10`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) fail('missing the \\x93NUMPY magic string (not a .npy file)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = view.getUint8(6);
  const minor = view.getUint8(7);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail(`truncated: ${bytes.length} bytes, a version ${major}.${minor} preamble needs 12`);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) {
    fail(`truncated header: header says ${headerLen} bytes, only ${bytes.length - headerStart} present`);
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const headerText = major === 3 ? decodeUtf8(headerBytes, fail) : decodeLatin1(headerBytes);

  let dict: PyValue;
  try {
    dict = parsePyLiteral(headerText);
  } catch (e) {
    return fail(`cannot parse header ${JSON.stringify(headerText.trim())}: ${(e as Error).message}`);
  }
  if (!(dict instanceof Map)) return fail(`header is not a Python dict: ${JSON.stringify(headerText.trim())}`);
  const keys = [...dict.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    fail(`header keys are {${[...dict.keys()].join(', ')}}, expected exactly descr, fortran_order, shape`);
  }
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shapeVal = dict.get('shape');

  if (typeof descr !== 'string') {
    return fail(`descr is ${describePy(descr)}: structured (record) dtypes are not supported`);
  }
  const { dtype, itemSize } = parseDescr(descr, fail);

  if (!Array.isArray(shapeVal)) return fail(`shape is ${describePy(shapeVal)}, expected a tuple of integers`);
  const shape: number[] = [];
  for (const d of shapeVal) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(`shape ${formatShape(shapeVal)} has a dimension that is not a non-negative integer: ${describePy(d)}`);
    }
    shape.push(d as number);
  }

  if (typeof fortran !== 'boolean') return fail(`fortran_order is ${describePy(fortran)}, expected True or False`);
  // Column-major order only differs from row-major when two or more dimensions exceed 1.
  if (fortran && shape.filter((d) => d > 1).length > 1) {
    fail(`fortran_order is True for shape ${formatShape(shape)}: only C-order arrays are supported ` +
      '(save with np.ascontiguousarray)');
  }

  // Size check before allocating anything, so a corrupt shape cannot request gigabytes.
  const available = bytes.length - dataStart;
  const count = elementCount(shape);
  const needed = count * itemSize;
  if (needed > available) {
    fail(`truncated data: shape ${formatShape(shape)} of ${descr} needs ${needed} bytes, got ${available}`);
  }
  if (needed < available) {
    fail(`${available - needed} unexpected bytes after the data (shape ${formatShape(shape)} of ${descr} needs ` +
      `${needed} bytes, got ${available})`);
  }

  const absOffset = bytes.byteOffset + dataStart;
  let data: TypedArray;
  if (absOffset % itemSize === 0) {
    data = viewTyped(dtype, bytes.buffer, absOffset, count);
  } else {
    data = allocTyped(dtype, count);
    new Uint8Array(data.buffer, data.byteOffset, needed).set(bytes.subarray(dataStart, dataStart + needed));
  }
  if (dtype === 'bool') data = normalizeBool(data as Uint8Array);
  return { dtype, shape, data };
}

/** Encodes an array as .npy (version 1.0, or 2.0 when the header would not fit 1.0's 64 KiB limit). */
export function writeNpy(dtype: DType, shape: readonly number[], data: TypedArray): Uint8Array {
  const descr = DTYPE_TO_DESCR[dtype];
  if (descr === undefined) throw new UsageError(`cannot write dtype ${dtype} to .npy`);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new UsageError(`cannot write .npy: shape ${formatShape(shape)} has an invalid dimension ${d}`);
    }
  }
  const expectedArray = DTYPE_ARRAY[dtype];
  if (expectedArray === undefined || !(data instanceof expectedArray)) {
    throw new UsageError(
      `cannot write .npy: ${dtype} data must be a ${expectedArray?.name ?? '?'}, got ${data.constructor.name}`);
  }
  const count = elementCount(shape);
  if (data.length !== count) {
    throw new UsageError(`cannot write .npy: shape ${formatShape(shape)} has ${count} elements, data has ${data.length}`);
  }
  if (!HOST_LITTLE_ENDIAN) throw new UsageError('cannot write .npy: big-endian hosts are not supported');

  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  // NumPy pads with spaces so the data starts on a 64-byte boundary, and ends the header with a newline.
  let major = 1;
  let preamble = 10;
  let total = align64(preamble + dict.length + 1);
  if (total - preamble > 0xffff) {
    major = 2;
    preamble = 12;
    total = align64(preamble + dict.length + 1);
  }
  const headerLen = total - preamble;
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) {
    out[8] = headerLen & 0xff;
    out[9] = headerLen >>> 8;
  } else {
    new DataView(out.buffer).setUint32(8, headerLen, true);
  }
  for (let i = 0; i < dict.length; i++) out[preamble + i] = dict.charCodeAt(i);
  out.fill(0x20, preamble + dict.length, total - 1);
  out[total - 1] = 0x0a;
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}

/** Product of dimensions; a zero dimension wins even when the others multiply past double precision. */
function elementCount(shape: readonly number[]): number {
  if (shape.includes(0)) return 0;
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Python's tuple repr: `()`, `(3,)`, `(2, 3)`. */
function formatShape(shape: readonly unknown[]): string {
  if (shape.length === 1) return `(${String(shape[0])},)`;
  return `(${shape.map(String).join(', ')})`;
}

function parseDescr(descr: string, fail: (msg: string) => never): { dtype: DType; itemSize: number } {
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (m === null) return fail(`unsupported dtype descr '${descr}'`);
  const order = m[1] as string;
  const kind = m[2] as string;
  const size = m[3] as string;
  if (kind === 'O') fail(`object dtype '${descr}' (pickled Python objects) is not supported`);
  const dtype = CODE_TO_DTYPE[kind + size];
  if (dtype === undefined) {
    return fail(`unsupported dtype '${descr}' (supported: float16/32/64, int8/16/32/64, uint8/16/32/64, bool)`);
  }
  const itemSize = Number(size);
  if (itemSize > 1) {
    if (order === '>') fail(`big-endian dtype '${descr}' is not supported (convert with arr.astype('<${kind}${size}'))`);
    if (order !== '<') fail(`dtype '${descr}' does not state little-endian byte order ('<')`);
  }
  return { dtype, itemSize };
}

/** NumPy stores bools as bytes; anything nonzero is True, and kernels expect exactly 0/1. */
function normalizeBool(data: Uint8Array): Uint8Array {
  let i = 0;
  while (i < data.length && (data[i] as number) <= 1) i++;
  if (i === data.length) return data;
  const out = data.slice();
  for (; i < out.length; i++) if ((out[i] as number) > 1) out[i] = 1;
  return out;
}

function decodeLatin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

function decodeUtf8(b: Uint8Array, fail: (msg: string) => never): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return fail('version 3.0 header is not valid UTF-8');
  }
}

// ---- Minimal Python literal parser: just enough for the header dict NumPy writes (and hand-written variants).

const WORD = /[+-]?\d+L?|True|False|None/y;

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

function describePy(v: PyValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'None';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `a sequence [${v.map(describePy).join(', ')}]`;
  return 'a dict';
}

function parsePyLiteral(text: string): PyValue {
  let pos = 0;
  const err = (msg: string): never => {
    throw new Error(`${msg} at character ${pos}`);
  };
  const skipWs = (): void => {
    while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
  };
  const parseSeq = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    skipWs();
    if (text[pos] === close) { pos++; return items; }
    for (;;) {
      items.push(parseValue());
      skipWs();
      const c = text[pos];
      if (c === close) { pos++; return items; }
      if (c !== ',') err(`expected ',' or '${close}'`);
      pos++;
      skipWs();
      if (text[pos] === close) { pos++; return items; }
    }
  };
  const parseString = (): string => {
    const quote = text[pos];
    pos++;
    let s = '';
    for (;;) {
      if (pos >= text.length) err('unterminated string');
      const c = text[pos] as string;
      pos++;
      if (c === quote) return s;
      if (c === '\\') {
        const e = text[pos];
        pos++;
        if (e === '\\' || e === "'" || e === '"') s += e;
        else err(`unsupported escape \\${e ?? ''}`);
      } else {
        s += c;
      }
    }
  };
  const parseValue = (): PyValue => {
    skipWs();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const map = new Map<string, PyValue>();
      skipWs();
      if (text[pos] === '}') { pos++; return map; }
      for (;;) {
        skipWs();
        const k = parseValue();
        if (typeof k !== 'string') err('dict keys must be strings');
        skipWs();
        if (text[pos] !== ':') err("expected ':'");
        pos++;
        if (map.has(k as string)) err(`duplicate key '${k as string}'`);
        map.set(k as string, parseValue());
        skipWs();
        const d = text[pos];
        if (d === '}') { pos++; return map; }
        if (d !== ',') err("expected ',' or '}'");
        pos++;
        skipWs();
        if (text[pos] === '}') { pos++; return map; }
      }
    }
    if (c === '(') { pos++; return parseSeq(')'); }
    if (c === '[') { pos++; return parseSeq(']'); }
    if (c === "'" || c === '"') return parseString();
    WORD.lastIndex = pos;
    const word = WORD.exec(text);
    if (word === null) return err('unexpected token');
    const w = word[0];
    pos += w.length;
    if (w === 'True') return true;
    if (w === 'False') return false;
    if (w === 'None') return null;
    // Python 2 era files may write long integers as `3L`.
    return Number(w.endsWith('L') ? w.slice(0, -1) : w);
  };
  const v = parseValue();
  skipWs();
  if (pos !== text.length) err('trailing characters after the literal');
  return v;
}
