// Serializes the graph IR back into a .tflite flatbuffer with the flatc-generated object API.
import { Builder, type Offset } from 'flatbuffers';
import {
  Buffer as FbBuffer, BufferT, BuiltinOperator, MetadataT, ModelT, Operator as FbOperator, OperatorCodeT, OperatorT, QuantizationParameters,
  QuantizationParametersT, SignatureDefT, SubGraphT, TensorMapT, TensorT,
} from './schema/schema.js';
import { encodeOptions } from './encode-options.js';
import { minRuntimeVersion } from './runtime-version.js';
import { DTYPES } from '../graph/dtype.js';
import type { Graph, ModelIR, Operator, Quantization, Tensor } from '../graph/ir.js';
import { ModelValidationError } from '../errors.js';

/** TFLite's schema asks for buffer data aligned to 16 (`force_align: 16`), which flatc's TypeScript ignores. */
const BUFFER_ALIGN = 16;
/** Flatbuffers address with signed 32-bit offsets. */
const MAX_FLATBUFFER_BYTES = 2 ** 31 - 1;
/** The converter writes the version as a zero-padded 16-byte string. */
const RUNTIME_VERSION_BYTES = 16;

/** A buffer whose data vector is 16-byte aligned and copied in bulk (the generated pack adds it byte by byte). */
class AlignedBufferT extends BufferT {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }

  override pack(builder: Builder): Offset {
    if (this.bytes.byteLength === 0) return FbBuffer.createBuffer(builder, 0, 0n, 0n);
    builder.prep(BUFFER_ALIGN, this.bytes.byteLength);
    return FbBuffer.createBuffer(builder, builder.createByteVector(this.bytes), 0n, 0n);
  }
}

/**
 * An operator without the empty vectors the generated pack would write: TFLite treats a present custom_options
 * vector on a builtin operator as an error ("Found builtin operator ... with custom options"), even when empty.
 */
class CompactOperatorT extends OperatorT {
  override pack(builder: Builder): Offset {
    const vec = <T>(v: T[], make: (b: Builder, d: T[]) => Offset): Offset => (v.length ? make(builder, v) : 0);
    const inputs = FbOperator.createInputsVector(builder, this.inputs);
    const outputs = FbOperator.createOutputsVector(builder, this.outputs);
    const options = builder.createObjectOffset(this.builtinOptions);
    const custom = vec(this.customOptions, (b, d) => FbOperator.createCustomOptionsVector(b, d));
    const mutating = vec(this.mutatingVariableInputs, (b, d) => FbOperator.createMutatingVariableInputsVector(b, d));
    const intermediates = vec(this.intermediates, (b, d) => FbOperator.createIntermediatesVector(b, d));
    const options2 = builder.createObjectOffset(this.builtinOptions2);
    return FbOperator.createOperator(builder, this.opcodeIndex, inputs, outputs, this.builtinOptionsType, options, custom,
      this.customOptionsFormat, mutating, intermediates, this.largeCustomOptionsOffset, this.largeCustomOptionsSize,
      this.builtinOptions2Type, options2, this.debugMetadataIndex);
  }
}

/** Quantization parameters without the empty vectors the generated pack would write (the reader tells absent from empty). */
class CompactQuantizationT extends QuantizationParametersT {
  override pack(builder: Builder): Offset {
    const vec = <T>(v: T[], make: (b: Builder, d: T[]) => Offset): Offset => (v.length ? make(builder, v) : 0);
    const min = vec(this.min, (b, d) => QuantizationParameters.createMinVector(b, d));
    const max = vec(this.max, (b, d) => QuantizationParameters.createMaxVector(b, d));
    const scale = vec(this.scale, (b, d) => QuantizationParameters.createScaleVector(b, d));
    const zeroPoint = vec(this.zeroPoint, (b, d) => QuantizationParameters.createZeroPointVector(b, d));
    const details = builder.createObjectOffset(this.details);
    return QuantizationParameters.createQuantizationParameters(builder, min, max, scale, zeroPoint, this.detailsType, details,
      this.quantizedDimension);
  }
}

export interface WriteOptions {
  /**
   * 'auto' (default): compute `min_runtime_version` from the operators and versions, as the converter does;
   * a string writes that value; null leaves the metadata as it is in the IR.
   */
  minRuntimeVersion?: 'auto' | string | null;
}

/** Serializes `model` (as read, before DEQUANTIZE folding) to .tflite bytes that readModel and TFLite accept. */
export function writeModel(model: ModelIR, options: WriteOptions = {}): Uint8Array {
  return new Writer(model).write(options.minRuntimeVersion === undefined ? 'auto' : options.minRuntimeVersion);
}

class Writer {
  private readonly buffers: BufferT[] = [new AlignedBufferT(new Uint8Array(0))];
  /** Buffers already written, by the memory they came from, so tensors that shared a buffer still share one. */
  private readonly seen = new Map<ArrayBufferLike, Map<string, number>>();
  private readonly codes: OperatorCodeT[] = [];
  private readonly codeIndex = new Map<string, number>();
  private dataBytes = 0;

  constructor(private readonly model: ModelIR) {}

  write(runtime: 'auto' | string | null): Uint8Array {
    const m = this.model;
    const subgraphs = m.subgraphs.map((g, gi) => this.subgraph(g, gi));
    const metadata = this.metadata(runtime);
    const signatures = m.signatures.map((s) => new SignatureDefT(
      s.inputs.map((t) => new TensorMapT(t.name, t.tensor)), s.outputs.map((t) => new TensorMapT(t.name, t.tensor)),
      s.key, s.subgraphIndex));
    const fb = new ModelT(3, this.codes, subgraphs, m.description, this.buffers, [], metadata, signatures);
    if (this.dataBytes > MAX_FLATBUFFER_BYTES) {
      throw new ModelValidationError(`model holds ${this.dataBytes} bytes of constants, over the 2 GiB a flatbuffer can address`);
    }
    const b = new Builder(Math.min(MAX_FLATBUFFER_BYTES, this.dataBytes + 16 * this.buffers.length + 65536));
    b.finish(fb.pack(b), 'TFL3');
    return b.asUint8Array().slice();
  }

  private addBuffer(bytes: Uint8Array): number {
    let byRange = this.seen.get(bytes.buffer);
    if (!byRange) this.seen.set(bytes.buffer, (byRange = new Map()));
    const key = `${bytes.byteOffset}:${bytes.byteLength}`;
    const known = byRange.get(key);
    if (known !== undefined) return known;
    this.buffers.push(new AlignedBufferT(bytes));
    this.dataBytes += bytes.byteLength;
    byRange.set(key, this.buffers.length - 1);
    return this.buffers.length - 1;
  }

  private subgraph(g: Graph, gi: number): SubGraphT {
    const tensors = g.tensors.map((t) => this.tensor(t, gi));
    const ops = g.operators.map((op) => this.operator(op, gi));
    return new SubGraphT(tensors, g.inputs.slice(), g.outputs.slice(), ops, g.name);
  }

  private tensor(t: Tensor, gi: number): TensorT {
    if (t.dequantizeTo) {
      throw new ModelValidationError(`tensor ${t.index} "${t.name}" (subgraph ${gi}) was folded from a DEQUANTIZE: write the graph as read, before folding`);
    }
    const type = DTYPES.indexOf(t.dtype);
    let buffer = 0;
    const bytes = t.data ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) : t.rawBytes;
    if (bytes && bytes.byteLength > 0) buffer = this.addBuffer(bytes);
    return new TensorT(t.shape.slice(), type, buffer, t.name, t.quantization ? quantization(t.quantization) : null, t.isVariable,
      null, t.shapeSignature ? t.shapeSignature.slice() : []);
  }

  private opcode(op: Operator): number {
    const custom = op.opcode.startsWith('CUSTOM:') ? op.opcode.slice('CUSTOM:'.length) : null;
    const key = `${op.builtinCode}/${op.version}/${custom ?? ''}`;
    let i = this.codeIndex.get(key);
    if (i === undefined) {
      // Codes past 127 live in builtin_code; deprecated_builtin_code then holds PLACEHOLDER_FOR_GREATER_OP_CODES (127).
      const deprecated = Math.min(op.builtinCode, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES);
      this.codes.push(new OperatorCodeT(deprecated, custom === '?' ? null : custom, op.version, op.builtinCode));
      i = this.codes.length - 1;
      this.codeIndex.set(key, i);
    }
    return i;
  }

  private operator(op: Operator, gi: number): OperatorT {
    const raw = op.flatbuffer;
    if (raw && raw.largeCustomOptionsSize > 0n) {
      throw new ModelValidationError(`${op.opcode} (operator ${op.index}, subgraph ${gi}) keeps its custom options outside the flatbuffer, which the writer cannot copy`);
    }
    const { type, options } = encodeOptions(op);
    const o = new CompactOperatorT(this.opcode(op), op.inputs.slice(), op.outputs.slice(), type, options);
    if (raw) {
      o.customOptions = raw.customOptions;
      o.customOptionsFormat = raw.customOptionsFormat;
      o.mutatingVariableInputs = raw.mutatingVariableInputs;
      o.intermediates = raw.intermediates;
      o.builtinOptions2Type = raw.builtinOptions2Type;
      o.builtinOptions2 = raw.builtinOptions2;
    }
    return o;
  }

  private metadata(runtime: 'auto' | string | null): MetadataT[] {
    const entries = this.model.metadata.map((e) => ({ name: e.name, bytes: e.bytes ?? new Uint8Array(0) }));
    const version = runtime === 'auto' ? minRuntimeVersion(this.model.subgraphs.flatMap((g) => g.operators)) : runtime;
    if (version !== null) {
      const bytes = new Uint8Array(RUNTIME_VERSION_BYTES);
      const text = new TextEncoder().encode(version);
      if (text.length >= RUNTIME_VERSION_BYTES) throw new ModelValidationError(`min_runtime_version "${version}" is longer than 15 bytes`);
      bytes.set(text);
      const e = entries.find((x) => x.name === 'min_runtime_version');
      if (e) e.bytes = bytes;
      else entries.push({ name: 'min_runtime_version', bytes });
    }
    // Metadata gets buffers of its own even when empty: TFLite reads each entry's buffer.
    return entries.map((e) => new MetadataT(e.name, e.bytes.byteLength ? this.addBuffer(e.bytes) : this.emptyBuffer()));
  }

  private emptyBuffer(): number {
    this.buffers.push(new AlignedBufferT(new Uint8Array(0)));
    return this.buffers.length - 1;
  }
}

function quantization(q: Quantization): QuantizationParametersT {
  const t = new CompactQuantizationT();
  t.scale = q.scale.slice();
  t.zeroPoint = q.zeroPoint.map((z) => BigInt(z));
  t.quantizedDimension = q.quantizedDimension;
  if (q.min) t.min = q.min.slice();
  if (q.max) t.max = q.max.slice();
  return t;
}
