// Decodes an operator's builtin options union into the engine's typed options (graph/options.ts).
import {
  ActivationFunctionType, BuiltinOptions, ConcatenationOptions, Conv2DOptions, DepthwiseConv2DOptions,
  FullyConnectedOptions, FullyConnectedOptionsWeightsFormat, GeluOptions, LeakyReluOptions, MulOptions,
  AddOptions, SubOptions, DivOptions, Operator as FbOperator, PackOptions, Padding as FbPadding, Pool2DOptions,
  ReducerOptions, ReshapeOptions, SoftmaxOptions, SqueezeOptions, StridedSliceOptions,
} from './schema/schema.js';
import type { Activation, OpOptions, Padding } from '../graph/options.js';
import { ModelValidationError } from '../errors.js';

function act(a: ActivationFunctionType): Activation {
  const name = ActivationFunctionType[a];
  if (name === undefined) throw new ModelValidationError(`unknown fused activation ${a}`);
  return name as Activation;
}
function pad(p: FbPadding): Padding {
  if (p === FbPadding.SAME) return 'SAME';
  if (p === FbPadding.VALID) return 'VALID';
  throw new ModelValidationError(`unknown padding ${p}`);
}

/** Reads `op`'s options for builtin operator `opcode`; operators without interesting options get `{kind:'none'}`. */
export function decodeOptions(opcode: string, op: FbOperator, where: string): OpOptions {
  const t = op.builtinOptionsType();
  const expect = (want: BuiltinOptions): boolean => {
    if (t === BuiltinOptions.NONE) return false;
    if (t !== want) throw new ModelValidationError(`${where}: ${opcode} carries ${BuiltinOptions[t] ?? t}, expected ${BuiltinOptions[want]}`);
    return true;
  };
  switch (opcode) {
    case 'CONV_2D': {
      const o = expect(BuiltinOptions.Conv2DOptions) ? (op.builtinOptions(new Conv2DOptions()) as Conv2DOptions) : null;
      if (!o) throw new ModelValidationError(`${where}: CONV_2D without options`);
      return { kind: 'conv2d', padding: pad(o.padding()), strideW: o.strideW(), strideH: o.strideH(),
        dilationW: o.dilationWFactor(), dilationH: o.dilationHFactor(), activation: act(o.fusedActivationFunction()) };
    }
    case 'DEPTHWISE_CONV_2D': {
      const o = expect(BuiltinOptions.DepthwiseConv2DOptions) ? (op.builtinOptions(new DepthwiseConv2DOptions()) as DepthwiseConv2DOptions) : null;
      if (!o) throw new ModelValidationError(`${where}: DEPTHWISE_CONV_2D without options`);
      return { kind: 'depthwiseConv2d', padding: pad(o.padding()), strideW: o.strideW(), strideH: o.strideH(),
        dilationW: o.dilationWFactor(), dilationH: o.dilationHFactor(), depthMultiplier: o.depthMultiplier(),
        activation: act(o.fusedActivationFunction()) };
    }
    case 'FULLY_CONNECTED': {
      const o = expect(BuiltinOptions.FullyConnectedOptions) ? (op.builtinOptions(new FullyConnectedOptions()) as FullyConnectedOptions) : null;
      if (!o) return { kind: 'fullyConnected', activation: 'NONE', weightsFormat: 'DEFAULT', keepNumDims: false, asymmetricQuantizeInputs: false };
      return { kind: 'fullyConnected', activation: act(o.fusedActivationFunction()),
        weightsFormat: o.weightsFormat() === FullyConnectedOptionsWeightsFormat.DEFAULT ? 'DEFAULT' : 'SHUFFLED4x16INT8',
        keepNumDims: o.keepNumDims(), asymmetricQuantizeInputs: o.asymmetricQuantizeInputs() };
    }
    case 'MAX_POOL_2D': case 'AVERAGE_POOL_2D': case 'L2_POOL_2D': {
      const o = expect(BuiltinOptions.Pool2DOptions) ? (op.builtinOptions(new Pool2DOptions()) as Pool2DOptions) : null;
      if (!o) throw new ModelValidationError(`${where}: ${opcode} without options`);
      return { kind: 'pool2d', padding: pad(o.padding()), strideW: o.strideW(), strideH: o.strideH(),
        filterW: o.filterWidth(), filterH: o.filterHeight(), activation: act(o.fusedActivationFunction()) };
    }
    case 'SOFTMAX': {
      const o = expect(BuiltinOptions.SoftmaxOptions) ? (op.builtinOptions(new SoftmaxOptions()) as SoftmaxOptions) : null;
      return { kind: 'softmax', beta: o ? o.beta() : 1 };
    }
    case 'CONCATENATION': {
      const o = expect(BuiltinOptions.ConcatenationOptions) ? (op.builtinOptions(new ConcatenationOptions()) as ConcatenationOptions) : null;
      return { kind: 'concatenation', axis: o ? o.axis() : 0, activation: o ? act(o.fusedActivationFunction()) : 'NONE' };
    }
    case 'ADD': {
      const o = expect(BuiltinOptions.AddOptions) ? (op.builtinOptions(new AddOptions()) as AddOptions) : null;
      return { kind: 'arithmetic', activation: o ? act(o.fusedActivationFunction()) : 'NONE', potScaleInt16: o ? o.potScaleInt16() : true };
    }
    case 'SUB': {
      const o = expect(BuiltinOptions.SubOptions) ? (op.builtinOptions(new SubOptions()) as SubOptions) : null;
      return { kind: 'arithmetic', activation: o ? act(o.fusedActivationFunction()) : 'NONE', potScaleInt16: o ? o.potScaleInt16() : true };
    }
    case 'MUL': {
      const o = expect(BuiltinOptions.MulOptions) ? (op.builtinOptions(new MulOptions()) as MulOptions) : null;
      return { kind: 'arithmetic', activation: o ? act(o.fusedActivationFunction()) : 'NONE', potScaleInt16: false };
    }
    case 'DIV': {
      const o = expect(BuiltinOptions.DivOptions) ? (op.builtinOptions(new DivOptions()) as DivOptions) : null;
      return { kind: 'arithmetic', activation: o ? act(o.fusedActivationFunction()) : 'NONE', potScaleInt16: false };
    }
    case 'RESHAPE': {
      const o = expect(BuiltinOptions.ReshapeOptions) ? (op.builtinOptions(new ReshapeOptions()) as ReshapeOptions) : null;
      const a = o ? o.newShapeArray() : null;
      return { kind: 'reshape', newShape: a ? Array.from(a) : null };
    }
    case 'MEAN': case 'SUM': case 'REDUCE_MAX': case 'REDUCE_MIN': case 'REDUCE_PROD': case 'REDUCE_ANY': {
      const o = expect(BuiltinOptions.ReducerOptions) ? (op.builtinOptions(new ReducerOptions()) as ReducerOptions) : null;
      return { kind: 'reducer', keepDims: o ? o.keepDims() : false };
    }
    case 'SQUEEZE': {
      const o = expect(BuiltinOptions.SqueezeOptions) ? (op.builtinOptions(new SqueezeOptions()) as SqueezeOptions) : null;
      const a = o ? o.squeezeDimsArray() : null;
      return { kind: 'squeeze', squeezeDims: a ? Array.from(a) : [] };
    }
    case 'STRIDED_SLICE': {
      const o = expect(BuiltinOptions.StridedSliceOptions) ? (op.builtinOptions(new StridedSliceOptions()) as StridedSliceOptions) : null;
      return { kind: 'stridedSlice', beginMask: o?.beginMask() ?? 0, endMask: o?.endMask() ?? 0, ellipsisMask: o?.ellipsisMask() ?? 0,
        newAxisMask: o?.newAxisMask() ?? 0, shrinkAxisMask: o?.shrinkAxisMask() ?? 0, offset: o?.offset() ?? false };
    }
    case 'PACK': {
      const o = expect(BuiltinOptions.PackOptions) ? (op.builtinOptions(new PackOptions()) as PackOptions) : null;
      return { kind: 'pack', valuesCount: o?.valuesCount() ?? op.inputsLength(), axis: o?.axis() ?? 0 };
    }
    case 'LEAKY_RELU': {
      const o = expect(BuiltinOptions.LeakyReluOptions) ? (op.builtinOptions(new LeakyReluOptions()) as LeakyReluOptions) : null;
      return { kind: 'leakyRelu', alpha: o?.alpha() ?? 0.2 };
    }
    case 'GELU': {
      const o = expect(BuiltinOptions.GeluOptions) ? (op.builtinOptions(new GeluOptions()) as GeluOptions) : null;
      return { kind: 'gelu', approximate: o?.approximate() ?? false };
    }
    default:
      return { kind: 'none' };
  }
}
