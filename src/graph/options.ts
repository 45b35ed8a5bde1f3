// Typed builtin options of the operators the engine understands (decoded from the flatbuffer union at load).

export type Padding = 'SAME' | 'VALID';
export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';

export interface Conv2DOptions {
  kind: 'conv2d';
  padding: Padding; strideW: number; strideH: number; dilationW: number; dilationH: number;
  activation: Activation;
}
export interface DepthwiseConv2DOptions {
  kind: 'depthwiseConv2d';
  padding: Padding; strideW: number; strideH: number; dilationW: number; dilationH: number;
  depthMultiplier: number; activation: Activation;
}
export interface FullyConnectedOptions {
  kind: 'fullyConnected';
  activation: Activation; weightsFormat: 'DEFAULT' | 'SHUFFLED4x16INT8'; keepNumDims: boolean;
  asymmetricQuantizeInputs: boolean;
}
export interface Pool2DOptions {
  kind: 'pool2d';
  padding: Padding; strideW: number; strideH: number; filterW: number; filterH: number; activation: Activation;
}
export interface SoftmaxOptions { kind: 'softmax'; beta: number }
export interface ConcatenationOptions { kind: 'concatenation'; axis: number; activation: Activation }
/** ADD, SUB, MUL, DIV share this shape; potScaleInt16 only matters for int16 ADD/SUB. */
export interface ArithmeticOptions { kind: 'arithmetic'; activation: Activation; potScaleInt16: boolean }
export interface ReshapeOptions { kind: 'reshape'; newShape: number[] | null }
export interface ReducerOptions { kind: 'reducer'; keepDims: boolean }
export interface SqueezeOptions { kind: 'squeeze'; squeezeDims: number[] }
export interface StridedSliceOptions {
  kind: 'stridedSlice';
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
  offset: boolean;
}
export interface PackOptions { kind: 'pack'; valuesCount: number; axis: number }
export interface LeakyReluOptions { kind: 'leakyRelu'; alpha: number }
export interface GeluOptions { kind: 'gelu'; approximate: boolean }
/** Operators whose options table is empty or irrelevant to computation. */
export interface NoOptions { kind: 'none' }

export type OpOptions =
  | Conv2DOptions | DepthwiseConv2DOptions | FullyConnectedOptions | Pool2DOptions | SoftmaxOptions
  | ConcatenationOptions | ArithmeticOptions | ReshapeOptions | ReducerOptions | SqueezeOptions
  | StridedSliceOptions | PackOptions | LeakyReluOptions | GeluOptions | NoOptions;

export type OptionsOfKind<K extends OpOptions['kind']> = Extract<OpOptions, { kind: K }>;
