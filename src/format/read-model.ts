// Reads .tflite bytes through the flatc-generated schema into the validated graph IR (graph/ir.ts).
import {
  BuiltinOperator, Buffer as FbBuffer, Model as FbModel, QuantizationParameters, SubGraph, Tensor as FbTensor,
} from './schema/schema.js';
import { ConversionMetadata } from './schema/conversion-metadata.js';
import { CheckedByteBuffer } from './checked-byte-buffer.js';
import { decodeOptions } from './decode-options.js';
import { dtypeBytes, dtypeFromSchema, numElements, viewTyped, type DType, type TypedArray } from '../graph/dtype.js';
import type { Graph, ModelIR, Operator, Quantization, Signature, Tensor } from '../graph/ir.js';
import { ModelFormatError, ModelValidationError, TfliteError } from '../errors.js';

/** Largest tensor the engine will describe (elements); guards against absurd declared shapes before allocating. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Parses and validates a model. Any inconsistency raises ModelFormatError / ModelValidationError naming it. */
export function readModel(bytes: Uint8Array, source = 'model'): ModelIR {
  if (bytes.byteLength < 8) throw new ModelFormatError(`file is ${bytes.byteLength} bytes: too short to be a .tflite flatbuffer`, source);
  const ident = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  if (ident !== 'TFL3') {
    throw new ModelFormatError(`file identifier is ${JSON.stringify(ident)}, expected "TFL3": not a TensorFlow Lite model`, source);
  }
  const bb = new CheckedByteBuffer(bytes, source);
  try {
    return new Reader(FbModel.getRootAsModel(bb), bytes, source).read();
  } catch (e) {
    if (e instanceof TfliteError) throw e;
    // The generated accessors build typed arrays over the file; corrupt lengths surface as RangeError here.
    throw new ModelFormatError(`corrupt flatbuffer: ${(e as Error).message}`, source);
  }
}

class Reader {
  private readonly bufferCache = new Map<number, Uint8Array | null>();
  constructor(private readonly m: FbModel, private readonly bytes: Uint8Array, private readonly source: string) {}

  read(): ModelIR {
    const m = this.m;
    const nSub = m.subgraphsLength();
    if (nSub < 1) throw new ModelValidationError(`${this.source}: model has no subgraphs`);
    const opcodes = this.readOpcodes();
    const subgraphs: Graph[] = [];
    for (let i = 0; i < nSub; i++) subgraphs.push(this.readSubgraph(m.subgraphs(i)!, i, opcodes));
    const metadata = this.readMetadata();
    return {
      version: m.version(),
      description: m.description() ?? '',
      subgraphs,
      signatures: this.readSignatures(subgraphs),
      metadata,
      conversionQuantization: conversionQuantization(metadata),
      minRuntimeVersion: minRuntime(metadata),
      byteLength: this.bytes.byteLength,
    };
  }

  private readOpcodes(): { name: string; code: number; version: number }[] {
    const out = [];
    for (let i = 0; i < this.m.operatorCodesLength(); i++) {
      const c = this.m.operatorCodes(i)!;
      // Newer converters store codes >127 in builtin_code and clamp deprecated_builtin_code to 127 (PLACEHOLDER).
      const code = Math.max(c.deprecatedBuiltinCode(), c.builtinCode());
      const known = BuiltinOperator[code];
      let name: string;
      if (code === BuiltinOperator.CUSTOM) name = `CUSTOM:${c.customCode() ?? '?'}`;
      else name = known ?? `UNKNOWN_BUILTIN_${code}`;
      out.push({ name, code, version: c.version() });
    }
    return out;
  }

  private buffer(index: number, where: string): Uint8Array | null {
    if (this.bufferCache.has(index)) return this.bufferCache.get(index)!;
    const n = this.m.buffersLength();
    // Buffer 0 is by convention the empty sentinel; some writers omit the buffers vector altogether.
    if (index === 0 && n === 0) return null;
    if (index >= n) throw new ModelValidationError(`${this.source}: ${where} refers to buffer ${index}, but the model has ${n} buffers`);
    const b: FbBuffer = this.m.buffers(index)!;
    let data: Uint8Array | null = null;
    const off = b.offset(), size = b.size();
    if (off > 1n) {
      // Large models keep data outside the flatbuffer: offset/size count from the start of the file.
      if (off + size > BigInt(this.bytes.byteLength)) {
        throw new ModelFormatError(`buffer ${index} (${where}) spans bytes ${off}..${off + size}, past the end of the file (${this.bytes.byteLength})`, this.source);
      }
      data = this.bytes.subarray(Number(off), Number(off + size));
    } else {
      const d = b.dataArray();
      data = d && d.byteLength > 0 ? d : null;
    }
    this.bufferCache.set(index, data);
    return data;
  }

  private readSubgraph(g: SubGraph, gi: number, opcodes: { name: string; code: number; version: number }[]): Graph {
    const tensors: Tensor[] = [];
    for (let i = 0; i < g.tensorsLength(); i++) tensors.push(this.readTensor(g.tensors(i)!, i, gi));
    const nT = tensors.length;
    const checkIdx = (t: number, where: string, optional: boolean): number => {
      if ((optional && t === -1) || (t >= 0 && t < nT)) return t;
      throw new ModelValidationError(`${this.source}: ${where} refers to tensor ${t}, but subgraph ${gi} has ${nT} tensors`);
    };
    const operators: Operator[] = [];
    for (let i = 0; i < g.operatorsLength(); i++) {
      const o = g.operators(i)!;
      const oc = opcodes[o.opcodeIndex()];
      if (!oc) throw new ModelValidationError(`${this.source}: operator ${i} has opcode_index ${o.opcodeIndex()}, but the model has ${opcodes.length} operator codes`);
      const where = `${this.source}: operator ${i} (${oc.name})`;
      const inputs = Array.from(o.inputsArray() ?? [], (t, k) => checkIdx(t, `${where} input ${k}`, true));
      const outputs = Array.from(o.outputsArray() ?? [], (t, k) => checkIdx(t, `${where} output ${k}`, false));
      operators.push({ index: i, opcode: oc.name, builtinCode: oc.code, version: oc.version, inputs, outputs,
        options: decodeOptions(oc.name, o, where), flatbuffer: o.unpack() });
    }
    const inputs = Array.from(g.inputsArray() ?? [], (t, k) => checkIdx(t, `subgraph ${gi} input ${k}`, false));
    const outputs = Array.from(g.outputsArray() ?? [], (t, k) => checkIdx(t, `subgraph ${gi} output ${k}`, false));
    return { name: g.name() ?? `subgraph${gi}`, tensors, operators, inputs, outputs };
  }

  private readTensor(t: FbTensor, i: number, gi: number): Tensor {
    const name = t.name() ?? `tensor${i}`;
    const where = `tensor ${i} "${name}"${gi ? ` (subgraph ${gi})` : ''}`;
    const dtype: DType = dtypeFromSchema(t.type(), `${this.source}: ${where}`);
    const shape = Array.from(t.shapeArray() ?? []);
    for (const d of shape) {
      if (d < 0) throw new ModelValidationError(`${this.source}: ${where} has negative dimension in shape [${shape}]`);
    }
    const n = numElements(shape);
    if (n > MAX_TENSOR_ELEMENTS) throw new ModelValidationError(`${this.source}: ${where} declares ${n} elements (shape [${shape}]), over the limit of ${MAX_TENSOR_ELEMENTS}`);
    const sig = t.shapeSignatureArray();
    const shapeSignature = sig && sig.length ? Array.from(sig) : null;
    if (shapeSignature && shapeSignature.length !== shape.length) {
      throw new ModelValidationError(`${this.source}: ${where} shape_signature [${shapeSignature}] has another rank than shape [${shape}]`);
    }
    if (t.sparsity()) throw new ModelValidationError(`${this.source}: ${where} is a sparse tensor; sparse weights are not supported`);
    const raw = this.buffer(t.buffer(), where);
    let data: TypedArray | null = null;
    let rawBytes: Uint8Array | undefined;
    if (raw) {
      const eb = dtypeBytes(dtype);
      if (eb >= 1) {
        const want = n * eb;
        if (raw.byteLength !== want) {
          throw new ModelValidationError(`${this.source}: ${where} holds ${raw.byteLength} bytes of data, but its shape [${shape}] of ${dtype} needs ${want}`);
        }
        // Zero-copy where the data is aligned for its element type (the converter aligns to 16); copy otherwise.
        const src = raw.byteOffset % eb === 0 ? raw : raw.slice();
        data = viewTyped(dtype, src.buffer, src.byteOffset, n);
      } else {
        rawBytes = raw;
      }
    }
    return { index: i, name, dtype, shape, shapeSignature, quantization: readQuant(t.quantization(), `${this.source}: ${where}`, shape),
      data, rawBytes, isVariable: t.isVariable() };
  }

  private readMetadata(): { name: string; bytes: Uint8Array | null }[] {
    const out = [];
    for (let i = 0; i < this.m.metadataLength(); i++) {
      const md = this.m.metadata(i)!;
      const name = md.name() ?? '';
      out.push({ name, bytes: this.buffer(md.buffer(), `metadata "${name}"`) });
    }
    return out;
  }

  private readSignatures(subgraphs: Graph[]): Signature[] {
    const out: Signature[] = [];
    for (let i = 0; i < this.m.signatureDefsLength(); i++) {
      const s = this.m.signatureDefs(i)!;
      const gi = s.subgraphIndex();
      const g = subgraphs[gi];
      if (!g) throw new ModelValidationError(`${this.source}: signature ${i} names subgraph ${gi}, but there are ${subgraphs.length}`);
      const maps = (len: number, get: (k: number) => { name(): string | null; tensorIndex(): number } | null) =>
        Array.from({ length: len }, (_, k) => {
          const tm = get(k)!;
          const tensor = tm.tensorIndex();
          if (tensor >= g.tensors.length) throw new ModelValidationError(`${this.source}: signature ${i} maps to tensor ${tensor} of ${g.tensors.length}`);
          return { name: tm.name() ?? '', tensor };
        });
      out.push({ key: s.signatureKey() ?? '', subgraphIndex: gi,
        inputs: maps(s.inputsLength(), (k) => s.inputs(k)), outputs: maps(s.outputsLength(), (k) => s.outputs(k)) });
    }
    return out;
  }
}

function readQuant(q: QuantizationParameters | null, where: string, shape: number[]): Quantization | null {
  if (!q) return null;
  const scale = Array.from(q.scaleArray() ?? []);
  const zp: number[] = [];
  for (let k = 0; k < q.zeroPointLength(); k++) zp.push(Number(q.zeroPoint(k)!));
  const min = q.minArray(), max = q.maxArray();
  if (scale.length === 0 && !min) return null;
  const qd = q.quantizedDimension();
  if (scale.length > 1) {
    // Per-channel: one scale per slice of quantized_dimension. Checked here so kernels can index blindly.
    // (TFLite-Micro models sometimes set quantized_dimension on rank-1 tensors; accept when the count fits dim 0.)
    const dim = qd < shape.length ? shape[qd] : shape[0];
    if (dim !== scale.length) throw new ModelValidationError(`${where}: ${scale.length} per-channel scales for dimension ${qd} of shape [${shape}]`);
  }
  if (zp.length !== 0 && zp.length !== scale.length) {
    throw new ModelValidationError(`${where}: ${scale.length} scales but ${zp.length} zero points`);
  }
  return { scale, zeroPoint: zp.length ? zp : scale.map(() => 0), quantizedDimension: qd,
    ...(min ? { min: Array.from(min) } : {}), ...(max ? { max: Array.from(max ?? []) } : {}) };
}

const MODES: Record<number, string> = {
  1001: 'float16', 1002: 'dynamic-range', 1003: 'full-integer', 1004: 'int16x8', 2000: 'quantization-aware-training',
};

function conversionQuantization(md: { name: string; bytes: Uint8Array | null }[]): string | null {
  const e = md.find((m) => m.name === 'CONVERSION_METADATA');
  if (!e?.bytes) return null;
  try {
    const cm = ConversionMetadata.getRootAsConversionMetadata(new CheckedByteBuffer(e.bytes, 'CONVERSION_METADATA'));
    const opts = cm.options();
    const modes = opts ? Array.from(opts.modelOptimizationModesArray() ?? []) : [];
    const named = modes.map((m) => MODES[m]).filter((m): m is string => m !== undefined);
    return named.length ? named.join('+') : null;
  } catch {
    return null; // metadata is advisory: a damaged entry must not make the model unusable
  }
}

function minRuntime(md: { name: string; bytes: Uint8Array | null }[]): string | null {
  const e = md.find((m) => m.name === 'min_runtime_version');
  if (!e?.bytes) return null;
  const end = e.bytes.indexOf(0);
  return new TextDecoder().decode(end >= 0 ? e.bytes.subarray(0, end) : e.bytes);
}
