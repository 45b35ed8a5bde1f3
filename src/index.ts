// Public API of tflite-webgpu.
export { loadModel, loadModelFromBytes, type LoadOptions } from './api/load.js';
export { Model } from './api/model.js';
export type { ModelProfile, ProfileOptions, OpcodeTime } from './api/profile.js';
export type { OpTiming, OpPlacement } from './backends/backend.js';
export type { TensorInfo, NamedTensor, InputTensor, InputValue, ModelInputs } from './api/tensors.js';
export type { ModelSource } from './api/source.js';
export type { DType, TypedArray } from './graph/dtype.js';
export type { QuantMode } from './graph/quant-mode.js';
export { readModel } from './format/read-model.js';
export { writeModel, type WriteOptions } from './format/write-model.js';
export type { ModelIR } from './graph/ir.js';
export {
  quantize, type QuantizeOptions, type QuantizeResult, type QuantizeMode, type RepresentativeSample, type IoType,
} from './quantize/index.js';
export * from './errors.js';
