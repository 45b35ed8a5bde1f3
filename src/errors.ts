// Typed errors: every failure the engine reports names what was wrong (file, tensor, op, expected vs got).

/** Base class of every error this library throws on purpose. `code` is stable and machine-readable. */
export class TfliteError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The bytes are not a valid .tflite flatbuffer (truncated, wrong identifier, offsets out of range...). */
export class ModelFormatError extends TfliteError {
  constructor(message: string, readonly source?: string) {
    super('MODEL_FORMAT', source ? `${source}: ${message}` : message);
  }
}

/** The model is well-formed but its graph is inconsistent (tensor sizes, indices, shapes). */
export class ModelValidationError extends TfliteError {
  constructor(message: string) {
    super('MODEL_INVALID', message);
  }
}

export interface UnsupportedOp {
  opcode: string;
  version: number;
  /** Operator indices (in subgraph 0) that use it. */
  operators: number[];
  reason: string;
}

/** Raised at load time listing every operator the chosen backend cannot run, all at once. */
export class UnsupportedOpError extends TfliteError {
  constructor(readonly ops: UnsupportedOp[], backend: string) {
    super(
      'UNSUPPORTED_OP',
      `model uses ${ops.length} operator kind(s) the ${backend} backend cannot run: ` +
        ops.map((o) => `${o.opcode} v${o.version} (${o.reason}; operators ${o.operators.join(',')})`).join('; '),
    );
  }
}

/** Wrong inputs passed to `run()`: count, name, shape or dtype. */
export class InputError extends TfliteError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

/** A kernel met a case it does not implement or values it cannot handle. */
export class KernelError extends TfliteError {
  constructor(opcode: string, opIndex: number, message: string) {
    super('KERNEL', `${opcode} (operator ${opIndex}): ${message}`);
  }
}

/** Bad command-line usage or unreadable auxiliary files (npy, idx). */
export class UsageError extends TfliteError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The model source could not be read (missing file, failed fetch). */
export class LoadError extends TfliteError {
  constructor(message: string) {
    super('LOAD', message);
  }
}

/** A backend was asked for that this environment or this build cannot provide. */
export class BackendUnavailableError extends TfliteError {
  constructor(message: string) {
    super('BACKEND_UNAVAILABLE', message);
  }
}

/** The model was used after dispose(). */
export class DisposedError extends TfliteError {
  constructor() {
    super('DISPOSED', 'model was disposed');
  }
}

/** The quantizer cannot quantize this model in the requested mode (an operator or tensor type it does not handle). */
export class QuantizationError extends TfliteError {
  constructor(message: string) {
    super('QUANTIZE', message);
  }
}

/** A tensor needs a larger GPU buffer than the adapter allows (usually: too large a batch for one run). */
export class GpuLimitError extends TfliteError {
  constructor(message: string) {
    super('GPU_LIMIT', message);
  }
}

/** A run failed because the GPU device was lost; reload the model (or use the CPU backend). */
export class DeviceLostError extends TfliteError {
  constructor(message: string) {
    super('DEVICE_LOST', message);
  }
}

/** The GPU reported an error (validation, out of memory) during a run; the results were discarded. */
export class GpuRuntimeError extends TfliteError {
  constructor(message: string) {
    super('GPU_ERROR', message);
  }
}

/** A WGSL kernel is missing, does not parse, or is used with bindings, uniforms or overrides it does not declare. */
export class ShaderError extends TfliteError {
  constructor(message: string) {
    super('SHADER', message);
  }
}
