// Builds small .tflite flatbuffers with the generated object API, for tests that need crafted (or broken) models.
import { Builder } from 'flatbuffers';
import {
  BufferT, BuiltinOperator, BuiltinOptions, ModelT, OperatorCodeT, OperatorT, QuantizationParametersT, SubGraphT, TensorT,
  TensorType,
} from '../../src/format/schema/schema.js';

export interface TensorSpec {
  name: string;
  type: TensorType;
  shape: number[];
  shapeSignature?: number[];
  /** Raw bytes of a constant. */
  bytes?: Uint8Array;
  quant?: { scale: number[]; zeroPoint: number[]; dim?: number };
}
export interface OpSpec {
  code: BuiltinOperator;
  version?: number;
  inputs: number[];
  outputs: number[];
  optionsType?: BuiltinOptions;
  options?: OperatorT['builtinOptions'];
  customCode?: string;
}
export interface ModelSpec {
  tensors: TensorSpec[];
  ops: OpSpec[];
  inputs: number[];
  outputs: number[];
}

export function buildModel(spec: ModelSpec): Uint8Array {
  const buffers: BufferT[] = [new BufferT()];
  const tensors = spec.tensors.map((t) => {
    let buffer = 0;
    if (t.bytes) {
      buffers.push(new BufferT(Array.from(t.bytes)));
      buffer = buffers.length - 1;
    }
    const q = t.quant ? new QuantizationParametersT([], [], t.quant.scale, t.quant.zeroPoint.map(BigInt), undefined, null, t.quant.dim ?? 0) : null;
    return new TensorT(t.shape, t.type, buffer, t.name, q, false, null, t.shapeSignature ?? []);
  });
  const codes: OperatorCodeT[] = [];
  const codeIndex = (o: OpSpec): number => {
    const i = codes.findIndex((c) => c.builtinCode === o.code && c.version === (o.version ?? 1) && (c.customCode ?? null) === (o.customCode ?? null));
    if (i >= 0) return i;
    codes.push(new OperatorCodeT(Math.min(o.code, 127), o.customCode ?? null, o.version ?? 1, o.code));
    return codes.length - 1;
  };
  const ops = spec.ops.map((o) => new OperatorT(codeIndex(o), o.inputs, o.outputs, o.optionsType ?? BuiltinOptions.NONE, o.options ?? null));
  const sg = new SubGraphT(tensors, spec.inputs, spec.outputs, ops, 'main');
  const m = new ModelT(3, codes, [sg], 'test model', buffers);
  const b = new Builder(1024);
  b.finish(m.pack(b), 'TFL3');
  return b.asUint8Array().slice();
}

export const f32bytes = (v: number[]): Uint8Array => new Uint8Array(new Float32Array(v).buffer);
export const i32bytes = (v: number[]): Uint8Array => new Uint8Array(new Int32Array(v).buffer);
export { BuiltinOperator, BuiltinOptions, TensorType };
