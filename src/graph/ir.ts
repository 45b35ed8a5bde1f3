// The typed graph IR every later stage works on: tensors, operators and the subgraph's inputs/outputs.
import type { DType, TypedArray } from './dtype.js';
import type { OpOptions, OptionsOfKind } from './options.js';
import type { OperatorT } from '../format/schema/schema.js';
import { ModelValidationError } from '../errors.js';

export interface Quantization {
  /** One scale per tensor, or one per slice along quantizedDimension. */
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
  min?: number[];
  max?: number[];
}

export interface Tensor {
  index: number;
  name: string;
  dtype: DType;
  shape: number[];
  /** Shape with -1 for dimensions that may change at run time (TF converter writes this for a dynamic batch). */
  shapeSignature: number[] | null;
  quantization: Quantization | null;
  /** Constant contents as a typed view over the model's bytes (zero-copy where aligned). */
  data: TypedArray | null;
  isVariable: boolean;
  /** Raw bytes of a constant of a type without a fixed-size typed array (string, int4...). */
  rawBytes?: Uint8Array;
  /**
   * Set by the DEQUANTIZE folding pass: this constant's logical type is float32, but it is stored as `dtype`
   * (float16, int8) with `quantization`; backends decide how to expand it.
   */
  dequantizeTo?: 'float32';
}

export interface Operator {
  index: number;
  /** Builtin operator name from the schema (e.g. CONV_2D), or `CUSTOM:<code>` for custom ops. */
  opcode: string;
  builtinCode: number;
  version: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  options: OpOptions;
  /**
   * The operator as read from the file (flatbuffer object API), so that writing the model back keeps the option
   * fields, custom options and intermediates the typed `options` do not model. Absent on operators built in memory.
   */
  flatbuffer?: OperatorT;
}

export interface Signature {
  key: string;
  subgraphIndex: number;
  inputs: { name: string; tensor: number }[];
  outputs: { name: string; tensor: number }[];
}

export interface Graph {
  name: string;
  tensors: Tensor[];
  operators: Operator[];
  inputs: number[];
  outputs: number[];
}

export interface ModelIR {
  version: number;
  description: string;
  /** Subgraph 0 is the one that runs; others (control flow bodies) are kept for inspection. */
  subgraphs: Graph[];
  signatures: Signature[];
  metadata: { name: string; bytes: Uint8Array | null }[];
  /** From CONVERSION_METADATA when present (e.g. 'dynamic range', 'full integer', 'float16'). */
  conversionQuantization: string | null;
  minRuntimeVersion: string | null;
  /** Size of the source file in bytes. */
  byteLength: number;
}

/** Options of `op` narrowed to `kind`, or a typed error if the model's options are absent or of another kind. */
export function optionsOf<K extends OpOptions['kind']>(op: Operator, kind: K): OptionsOfKind<K> {
  if (op.options.kind !== kind) {
    throw new ModelValidationError(`${op.opcode} (operator ${op.index}): expected ${kind} options, got ${op.options.kind}`);
  }
  return op.options as OptionsOfKind<K>;
}
