// A flatbuffers ByteBuffer that refuses reads outside the file, so corrupt offsets raise errors instead of
// silently reading zeros (the stock runtime does no bounds checks and has no verifier for TypeScript).
import { ByteBuffer } from 'flatbuffers';
import { ModelFormatError } from '../errors.js';

export class CheckedByteBuffer extends ByteBuffer {
  constructor(bytes: Uint8Array, private readonly source: string) {
    super(bytes);
  }

  private check(offset: number, size: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.capacity()) {
      throw new ModelFormatError(
        `offset ${offset} (+${size} bytes) is outside the file (${this.capacity()} bytes): truncated or corrupt flatbuffer`,
        this.source,
      );
    }
  }

  override readInt8(offset: number): number { this.check(offset, 1); return super.readInt8(offset); }
  override readUint8(offset: number): number { this.check(offset, 1); return super.readUint8(offset); }
  override readInt16(offset: number): number { this.check(offset, 2); return super.readInt16(offset); }
  override readUint16(offset: number): number { this.check(offset, 2); return super.readUint16(offset); }
  override readInt32(offset: number): number { this.check(offset, 4); return super.readInt32(offset); }

  /** Vector lengths are checked against the bytes left so a corrupt length cannot drive a huge loop. */
  override __vector_len(offset: number): number {
    const len = super.__vector_len(offset);
    const start = offset + this.readInt32(offset) + 4;
    if (len < 0 || start + len > this.capacity()) {
      throw new ModelFormatError(`vector of ${len} elements at ${start} runs past the end of the file`, this.source);
    }
    return len;
  }

  override __string(offset: number, enc?: Parameters<ByteBuffer['__string']>[1]): string | Uint8Array {
    const at = offset + this.readInt32(offset);
    const len = this.readInt32(at);
    if (len < 0 || at + 4 + len > this.capacity()) {
      throw new ModelFormatError(`string of ${len} bytes at ${at} runs past the end of the file`, this.source);
    }
    return super.__string(offset, enc);
  }
}
