// Tests for the .npy reader/writer: round trips, NumPy-written files, hand-built headers and every rejection.
import { describe, expect, test } from 'vitest';
import { readNpy, writeNpy } from '../../src/cli/io/npy.js';
import { UsageError } from '../../src/errors.js';
import type { DType, TypedArray } from '../../src/graph/dtype.js';

const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Builds a .npy file from an arbitrary header string (no padding rules applied) and raw data bytes. */
function handBuilt(header: string, data: number[] | Uint8Array, major = 1, minor = 0): Uint8Array {
  const h = major === 3 ? [...new TextEncoder().encode(header)] : ascii(header);
  const lenBytes = major === 1 ? [h.length & 0xff, h.length >> 8] : [h.length & 0xff, (h.length >> 8) & 0xff, h.length >> 16, 0];
  return new Uint8Array([0x93, ...ascii('NUMPY'), major, minor, ...lenBytes, ...h, ...data]);
}

function expectUsage(fn: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const msg = (caught as Error).message;
  expect(msg).toContain('in.npy');
  for (const f of fragments) expect(msg).toContain(f);
}

const SAMPLES: [DType, () => TypedArray][] = [
  ['float32', () => new Float32Array([1.5, -2, 3.25, Number.NaN, Infinity, -0])],
  ['float64', () => new Float64Array([0.1, -1e300, 5e-324, 2, 3, 4])],
  ['float16', () => new Uint16Array([0x3c00, 0xc100, 0x7bff, 0x0400, 0x7e00, 0x8000])],
  ['int8', () => new Int8Array([-128, 127, 0, -1, 5, 6])],
  ['uint8', () => new Uint8Array([0, 255, 1, 2, 3, 4])],
  ['int16', () => new Int16Array([-32768, 32767, 0, -1, 5, 6])],
  ['uint16', () => new Uint16Array([0, 65535, 1, 2, 3, 4])],
  ['int32', () => new Int32Array([-2147483648, 2147483647, 0, -1, 5, 6])],
  ['uint32', () => new Uint32Array([0, 4294967295, 1, 2, 3, 4])],
  ['int64', () => new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 5n, 6n])],
  ['uint64', () => new BigUint64Array([0n, 2n ** 64n - 1n, 1n, 2n, 3n, 4n])],
  ['bool', () => new Uint8Array([1, 0, 0, 1, 1, 0])],
];

describe('writeNpy → readNpy round trip', () => {
  for (const [dtype, make] of SAMPLES) {
    test(dtype, () => {
      const data = make();
      for (const shape of [[2, 3], [6], [1, 2, 1, 3]]) {
        const bytes = writeNpy(dtype, shape, data);
        // NumPy's layout: header padded so the data starts on a 64-byte boundary, ending in a newline.
        const headerEnd = 10 + (bytes[8] as number) + (bytes[9] as number) * 256;
        expect(headerEnd % 64).toBe(0);
        expect(bytes[headerEnd - 1]).toBe(0x0a);
        const got = readNpy(bytes, 'in.npy');
        expect(got.dtype).toBe(dtype);
        expect(got.shape).toEqual(shape);
        expect(got.data.constructor).toBe(data.constructor);
        expect([...got.data]).toEqual([...data]);
      }
      const scalar = readNpy(writeNpy(dtype, [], make().subarray(1, 2) as TypedArray), 'in.npy');
      expect(scalar.shape).toEqual([]);
      expect([...scalar.data]).toEqual([make()[1]]);
      for (const shape of [[0], [2, 0, 3]]) {
        const empty = readNpy(writeNpy(dtype, shape, make().subarray(0, 0) as TypedArray), 'in.npy');
        expect(empty.shape).toEqual(shape);
        expect(empty.data.length).toBe(0);
        expect(empty.dtype).toBe(dtype);
      }
    });
  }
});

describe('writeNpy', () => {
  test('header text matches what np.save writes', () => {
    const bytes = writeNpy('float32', [3], new Float32Array(3));
    const header = String.fromCharCode(...bytes.subarray(10, 128));
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    expect(header).toBe(`${dict}${' '.repeat(117 - dict.length)}\n`);
    expect(String.fromCharCode(...writeNpy('int8', [2, 0], new Int8Array(0)).subarray(10, 128)))
      .toContain("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 0), }");
  });

  test('rejects mismatched data', () => {
    expect(() => writeNpy('float32', [2, 2], new Float32Array(3))).toThrow(/4 elements, data has 3/);
    expect(() => writeNpy('float32', [2], new Float64Array(2))).toThrow(/must be a Float32Array, got Float64Array/);
    expect(() => writeNpy('string', [1], new Uint8Array(1))).toThrow(/cannot write dtype string/);
    expect(() => writeNpy('int8', [-1], new Int8Array(0))).toThrow(/invalid dimension -1/);
  });

  test('switches to version 2.0 when the header exceeds 64 KiB', () => {
    const shape = new Array<number>(25000).fill(1);
    const bytes = writeNpy('uint8', shape, new Uint8Array([42]));
    expect(bytes[6]).toBe(2);
    const got = readNpy(bytes, 'in.npy');
    expect(got.shape.length).toBe(25000);
    expect([...got.data]).toEqual([42]);
  });
});

describe('readNpy on files written by NumPy 2.4 (np.save / np.lib.format.write_array)', () => {
  test('float16 2x2, v1.0: kept raw as Uint16Array', () => {
    const got = readNpy(fromB64('k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPADB/3sABA=='), 'in.npy');
    expect(got.dtype).toBe('float16');
    expect(got.shape).toEqual([2, 2]);
    expect(got.data).toBeInstanceOf(Uint16Array);
    expect([...got.data]).toEqual([15360, 49408, 31743, 1024]); // 1.0, -2.5, 65504, 2^-14
  });

  test('int64, version 2.0', () => {
    const got = readNpy(fromB64('k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAP///wcAAAAAAAAA//////////8='), 'in.npy');
    expect(got.dtype).toBe('int64');
    expect(got.shape).toEqual([3]);
    expect([...got.data]).toEqual([-(2n ** 40n), 7n, -1n]);
  });

  test('float64, version 3.0', () => {
    const got = readNpy(fromB64('k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAAjA'), 'in.npy');
    expect(got.dtype).toBe('float64');
    expect([...got.data]).toEqual([0.1, -3]);
  });

  test('fortran-ordered 2x3 is rejected', () => {
    expectUsage(() => readNpy(fromB64('k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA='), 'in.npy'),
      'fortran_order is True', '(2, 3)');
  });

  test('big-endian >i4 is rejected', () => {
    expectUsage(() => readNpy(fromB64('k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAQAAAAI='), 'in.npy'),
      "big-endian dtype '>i4'");
  });
});

describe('readNpy on hand-built headers', () => {
  test('unpadded header, double quotes, other key order, no trailing comma, unaligned data', () => {
    // 10 + 63 header bytes: the data starts at offset 73, which is not 4-byte aligned.
    const header = '{"shape":(2,1),"fortran_order":False,"descr":"<i4"}' + ' '.repeat(11) + '\n';
    expect(10 + header.length).toBe(73);
    const bytes = handBuilt(header, [0xfe, 0xff, 0xff, 0xff, 0x00, 0x00, 0x01, 0x00]);
    const got = readNpy(bytes, 'in.npy');
    expect(got.dtype).toBe('int32');
    expect(got.shape).toEqual([2, 1]);
    expect(got.data).toBeInstanceOf(Int32Array);
    expect([...got.data]).toEqual([-2, 65536]);
  });

  test('aligned data is a view over the input, unaligned data is copied', () => {
    const file = writeNpy('float32', [2], new Float32Array([1, 2]));
    const aligned = readNpy(file, 'in.npy');
    expect(aligned.data.buffer).toBe(file.buffer);
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const unaligned = readNpy(shifted.subarray(1), 'in.npy');
    expect(unaligned.data.buffer).not.toBe(shifted.buffer);
    expect([...unaligned.data]).toEqual([1, 2]);
  });

  test('version 2.0 and 3.0 (UTF-8) headers', () => {
    const h = "{'descr': '<u2', 'fortran_order': False, 'shape': (3,), }\n";
    const data = [1, 0, 0, 1, 0xff, 0xff];
    expect([...readNpy(handBuilt(h, data, 2), 'in.npy').data]).toEqual([1, 256, 65535]);
    expect([...readNpy(handBuilt(h, data, 3), 'in.npy').data]).toEqual([1, 256, 65535]);
  });

  test('Python 2 long integers in the shape, and 1-D fortran_order True (same layout as C order)', () => {
    const got = readNpy(handBuilt("{'descr': '|u1', 'fortran_order': True, 'shape': (1L, 3L), }\n", [7, 8, 9]), 'in.npy');
    expect(got.shape).toEqual([1, 3]);
    expect([...got.data]).toEqual([7, 8, 9]);
  });

  test('bool bytes other than 0/1 become 1, and one-byte types accept any byte-order mark', () => {
    const got = readNpy(handBuilt("{'descr': '<b1', 'fortran_order': False, 'shape': (3,), }\n", [0, 2, 255]), 'in.npy');
    expect(got.dtype).toBe('bool');
    expect([...got.data]).toEqual([0, 1, 1]);
  });
});

describe('readNpy rejections', () => {
  const ok = (descr: string, shape: string, extra = ''): string =>
    `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, ${extra}}\n`;

  test('not a .npy file / unsupported version / short preamble', () => {
    expectUsage(() => readNpy(new Uint8Array(ascii('PK\x03\x04 not numpy')), 'in.npy'), 'magic');
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '()'), [0, 0, 0, 0], 4), 'in.npy'), 'version 4.0');
    expectUsage(() => readNpy(new Uint8Array([0x93, ...ascii('NUMPY'), 1]), 'in.npy'), 'truncated', '7 bytes');
  });

  test('truncated header', () => {
    const full = writeNpy('float32', [2], new Float32Array(2));
    expectUsage(() => readNpy(full.subarray(0, 40), 'in.npy'), 'truncated header', 'header says 118 bytes, only 30 present');
  });

  test('truncated and oversized data', () => {
    const full = writeNpy('float32', [2, 3], new Float32Array(6));
    expectUsage(() => readNpy(full.subarray(0, full.length - 1), 'in.npy'),
      'truncated data', 'shape (2, 3) of <f4 needs 24 bytes, got 23');
    const longer = new Uint8Array(full.length + 2);
    longer.set(full);
    expectUsage(() => readNpy(longer, 'in.npy'), '2 unexpected bytes after the data');
  });

  test('absurd shapes fail on the size check, before any allocation', () => {
    expectUsage(() => readNpy(handBuilt(ok("'<f8'", '(4294967296, 4294967296, 4294967296)'), []), 'in.npy'),
      'truncated data', 'got 0');
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '(99999999999999999999,)'), []), 'in.npy'), 'not a non-negative integer');
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '(-1,)'), []), 'in.npy'), 'not a non-negative integer: -1');
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", "(2, 'x')"), []), 'in.npy'), "not a non-negative integer: 'x'");
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '3'), []), 'in.npy'), 'shape is 3, expected a tuple');
  });

  test('object, structured, string, complex and unmarked multi-byte dtypes', () => {
    expectUsage(() => readNpy(handBuilt(ok("'|O'", '(1,)'), new Uint8Array(8)), 'in.npy'), 'object dtype');
    expectUsage(() => readNpy(handBuilt(ok("[('a', '<f4')]", '(1,)'), new Uint8Array(4)), 'in.npy'), 'structured');
    expectUsage(() => readNpy(handBuilt(ok("'<U3'", '(1,)'), new Uint8Array(12)), 'in.npy'), "unsupported dtype '<U3'");
    expectUsage(() => readNpy(handBuilt(ok("'<c8'", '(1,)'), new Uint8Array(8)), 'in.npy'), "unsupported dtype '<c8'");
    expectUsage(() => readNpy(handBuilt(ok("'|f4'", '(1,)'), new Uint8Array(4)), 'in.npy'), 'little-endian');
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '(1,)').replace('False', 'None'), new Uint8Array(4)), 'in.npy'),
      'fortran_order is None');
  });

  test('malformed header dicts', () => {
    expectUsage(() => readNpy(handBuilt(ok("'<f4'", '(1,)', "'extra': 1, "), new Uint8Array(4)), 'in.npy'), 'header keys');
    expectUsage(() => readNpy(handBuilt("{'descr': '<f4', 'shape': (1,)}\n", new Uint8Array(4)), 'in.npy'), 'header keys');
    expectUsage(() => readNpy(handBuilt("{'descr': '<f4', 'fortran_order': False, 'shape': (1,\n", [0, 0, 0, 0]), 'in.npy'),
      'cannot parse header');
    expectUsage(() => readNpy(handBuilt("['descr']\n", []), 'in.npy'), 'not a Python dict');
    expectUsage(() => readNpy(handBuilt('{\'descr\': "<f4\\n"}\n', []), 'in.npy'), 'unsupported escape');
  });
});
