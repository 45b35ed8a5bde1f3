// Tests for the IDX decoder (hand-built buffers and the real MNIST test set) and gzip-aware file reading.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { readIdx } from '../../src/cli/io/idx.js';
import { readMaybeGzip } from '../../src/cli/io/node-files.js';
import { UsageError } from '../../src/errors.js';

const MNIST = '/work/shared/mnist';

/** Magic + big-endian dims + payload. */
function idx(type: number, dims: number[], payload: number[]): Uint8Array {
  const head = [0, 0, type, dims.length];
  for (const d of dims) head.push((d >>> 24) & 0xff, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff);
  return new Uint8Array([...head, ...payload]);
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
  expect(msg).toContain('data.idx');
  for (const f of fragments) expect(msg).toContain(f);
}

describe('readIdx on hand-built buffers', () => {
  test('unsigned byte, 2x3', () => {
    const got = readIdx(idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]), 'data.idx');
    expect(got.shape).toEqual([2, 3]);
    expect(got.data).toBeInstanceOf(Uint8Array);
    expect([...got.data]).toEqual([0, 1, 2, 253, 254, 255]);
  });

  test('signed byte', () => {
    const got = readIdx(idx(0x09, [3], [0x80, 0xff, 0x7f]), 'data.idx');
    expect(got.data).toBeInstanceOf(Int8Array);
    expect([...got.data]).toEqual([-128, -1, 127]);
  });

  test('big-endian short and int are byte-swapped', () => {
    const s = readIdx(idx(0x0b, [2], [0x80, 0x00, 0x01, 0x02]), 'data.idx');
    expect(s.data).toBeInstanceOf(Int16Array);
    expect([...s.data]).toEqual([-32768, 0x0102]);
    const i = readIdx(idx(0x0c, [1, 2], [0xff, 0xff, 0xff, 0xfe, 0x01, 0x02, 0x03, 0x04]), 'data.idx');
    expect(i.data).toBeInstanceOf(Int32Array);
    expect(i.shape).toEqual([1, 2]);
    expect([...i.data]).toEqual([-2, 0x01020304]);
  });

  test('big-endian float and double', () => {
    // 1.5f = 3FC00000, -2.0f = C0000000; 0.1 = 3FB999999999999A
    const f = readIdx(idx(0x0d, [2], [0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]), 'data.idx');
    expect(f.data).toBeInstanceOf(Float32Array);
    expect([...f.data]).toEqual([1.5, -2]);
    const d = readIdx(idx(0x0e, [1], [0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]), 'data.idx');
    expect(d.data).toBeInstanceOf(Float64Array);
    expect([...d.data]).toEqual([0.1]);
  });

  test('works on a subarray at an odd offset (values read via DataView, not aligned views)', () => {
    const file = idx(0x0c, [1], [0, 0, 1, 0]);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    expect([...readIdx(padded.subarray(3), 'data.idx').data]).toEqual([256]);
  });

  test('zero dimensions and empty arrays', () => {
    expect(readIdx(idx(0x08, [], [9]), 'data.idx')).toEqual({ shape: [], data: new Uint8Array([9]) });
    const empty = readIdx(idx(0x0d, [0, 5], []), 'data.idx');
    expect(empty.shape).toEqual([0, 5]);
    expect(empty.data.length).toBe(0);
  });
});

describe('readIdx rejections', () => {
  test('truncated magic and header', () => {
    expectUsage(() => readIdx(new Uint8Array([0, 0, 8]), 'data.idx'), 'truncated', '3 bytes');
    expectUsage(() => readIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), 'data.idx'),
      'truncated header', '3 dimensions need 16 header bytes, got 10');
  });

  test('wrong magic, with a hint for gzip data', () => {
    expectUsage(() => readIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), 'data.idx'), 'wrong magic', 'got 01 00');
    expectUsage(() => readIdx(gzipSync(idx(0x08, [1], [1])), 'data.idx'), 'wrong magic', 'gzip');
  });

  test('unknown type', () => {
    expectUsage(() => readIdx(idx(0x0a, [1], [1]), 'data.idx'), 'unknown data type 0x0A');
  });

  test('dims product not matching the byte count', () => {
    expectUsage(() => readIdx(idx(0x0b, [2, 3], new Array<number>(11).fill(0)), 'data.idx'),
      'truncated data', 'dimensions [2, 3] of short need 12 data bytes, got 11');
    expectUsage(() => readIdx(idx(0x08, [2], [1, 2, 3]), 'data.idx'), 'trailing bytes', 'need 2 data bytes, got 3');
    // Absurd dimensions fail on the size check instead of attempting a huge allocation.
    expectUsage(() => readIdx(idx(0x0e, [0xffffffff, 0xffffffff, 0xffffffff], [1, 2]), 'data.idx'), 'truncated data');
  });
});

describe('readMaybeGzip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idx-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads plain and gzip files alike', async () => {
    const raw = idx(0x08, [2], [5, 6]);
    writeFileSync(join(dir, 'plain.idx'), raw);
    writeFileSync(join(dir, 'packed.idx.gz'), gzipSync(raw));
    const plain = await readMaybeGzip(join(dir, 'plain.idx'));
    const packed = await readMaybeGzip(join(dir, 'packed.idx.gz'));
    expect(plain.constructor).toBe(Uint8Array);
    expect([...plain]).toEqual([...raw]);
    expect([...packed]).toEqual([...raw]);
  });

  test('missing files and corrupt gzip raise UsageError naming the file', async () => {
    await expect(readMaybeGzip(join(dir, 'nope.idx'))).rejects.toThrow(UsageError);
    await expect(readMaybeGzip(join(dir, 'nope.idx'))).rejects.toThrow(/nope\.idx: no such file/);
    const gz = gzipSync(new Uint8Array(1000).fill(7));
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 10));
    await expect(readMaybeGzip(join(dir, 'cut.gz'))).rejects.toThrow(/cut\.gz: corrupt or truncated gzip/);
  });
});

describe('MNIST test set', () => {
  test('images: 10000 x 28 x 28 unsigned bytes', async () => {
    const path = `${MNIST}/t10k-images-idx3-ubyte.gz`;
    const { shape, data } = readIdx(await readMaybeGzip(path), path);
    expect(shape).toEqual([10000, 28, 28]);
    expect(data).toBeInstanceOf(Uint8Array);
    // Reference values computed with Python's gzip + numpy.frombuffer on the same file.
    let first = 0;
    for (let i = 0; i < 784; i++) first += data[i] as number;
    expect(first).toBe(18454);
    expect([...data.subarray(7 * 28 + 6, 7 * 28 + 12)]).toEqual([84, 185, 159, 151, 60, 36]);
  });

  test('labels: 10000 labels starting 7, 2, 1, 0, 4', async () => {
    const path = `${MNIST}/t10k-labels-idx1-ubyte.gz`;
    const { shape, data } = readIdx(await readMaybeGzip(path), path);
    expect(shape).toEqual([10000]);
    expect([...data.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    const counts = new Array<number>(10).fill(0);
    for (const l of data) counts[l] = (counts[l] ?? 0) + 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  test('a truncated MNIST file is reported with expected vs got', async () => {
    const path = `${MNIST}/t10k-labels-idx1-ubyte.gz`;
    const bytes = await readMaybeGzip(path);
    expect(() => readIdx(bytes.subarray(0, 5000), 'labels.idx')).toThrow(
      'labels.idx: invalid IDX file: truncated data: dimensions [10000] of unsigned byte need 10000 data bytes, got 4992');
  });
});
