// Encodes an operator's typed options (graph/options.ts) back into the flatbuffer options union for the writer.
import {
  ActivationFunctionType, AddOptionsT, BuiltinOptions, ConcatenationOptionsT, Conv2DOptionsT, DepthwiseConv2DOptionsT,
  DivOptionsT, FullyConnectedOptionsT, FullyConnectedOptionsWeightsFormat, GeluOptionsT, LeakyReluOptionsT, MulOptionsT,
  OperatorT, PackOptionsT, Padding as FbPadding, Pool2DOptionsT, ReducerOptionsT, ReshapeOptionsT, SoftmaxOptionsT,
  SqueezeOptionsT, StridedSliceOptionsT, SubOptionsT,
} from './schema/schema.js';
import type { Activation, Padding } from '../graph/options.js';
import type { Operator } from '../graph/ir.js';
import { ModelValidationError } from '../errors.js';

export type FbOptions = OperatorT['builtinOptions'];

function act(a: Activation): ActivationFunctionType {
  return ActivationFunctionType[a];
}
function pad(p: Padding): FbPadding {
  return p === 'SAME' ? FbPadding.SAME : FbPadding.VALID;
}

/**
 * Starts from the options object read from the file when it is of the right class (so fields the typed view does
 * not model survive, e.g. quantized_bias_type), else from the schema defaults.
 */
function base<T extends object>(op: Operator, ctor: new () => T): T {
  const raw = op.flatbuffer?.builtinOptions;
  return raw instanceof ctor ? Object.assign(new ctor(), raw) : new ctor();
}

/** The options union (type and table) to write for `op`; the typed options win over the ones read from the file. */
export function encodeOptions(op: Operator): { type: BuiltinOptions; options: FbOptions } {
  const o = op.options;
  const where = `${op.opcode} (operator ${op.index})`;
  switch (o.kind) {
    case 'conv2d': {
      const t = base(op, Conv2DOptionsT);
      Object.assign(t, { padding: pad(o.padding), strideW: o.strideW, strideH: o.strideH, dilationWFactor: o.dilationW,
        dilationHFactor: o.dilationH, fusedActivationFunction: act(o.activation) });
      return { type: BuiltinOptions.Conv2DOptions, options: t };
    }
    case 'depthwiseConv2d': {
      const t = base(op, DepthwiseConv2DOptionsT);
      Object.assign(t, { padding: pad(o.padding), strideW: o.strideW, strideH: o.strideH, dilationWFactor: o.dilationW,
        dilationHFactor: o.dilationH, depthMultiplier: o.depthMultiplier, fusedActivationFunction: act(o.activation) });
      return { type: BuiltinOptions.DepthwiseConv2DOptions, options: t };
    }
    case 'fullyConnected': {
      const t = base(op, FullyConnectedOptionsT);
      Object.assign(t, { fusedActivationFunction: act(o.activation), keepNumDims: o.keepNumDims,
        asymmetricQuantizeInputs: o.asymmetricQuantizeInputs,
        weightsFormat: o.weightsFormat === 'DEFAULT' ? FullyConnectedOptionsWeightsFormat.DEFAULT : FullyConnectedOptionsWeightsFormat.SHUFFLED4x16INT8 });
      return { type: BuiltinOptions.FullyConnectedOptions, options: t };
    }
    case 'pool2d': {
      const t = base(op, Pool2DOptionsT);
      Object.assign(t, { padding: pad(o.padding), strideW: o.strideW, strideH: o.strideH, filterWidth: o.filterW,
        filterHeight: o.filterH, fusedActivationFunction: act(o.activation) });
      return { type: BuiltinOptions.Pool2DOptions, options: t };
    }
    case 'softmax': {
      const t = base(op, SoftmaxOptionsT);
      t.beta = o.beta;
      return { type: BuiltinOptions.SoftmaxOptions, options: t };
    }
    case 'concatenation': {
      const t = base(op, ConcatenationOptionsT);
      Object.assign(t, { axis: o.axis, fusedActivationFunction: act(o.activation) });
      return { type: BuiltinOptions.ConcatenationOptions, options: t };
    }
    case 'arithmetic': {
      if (op.opcode === 'ADD' || op.opcode === 'SUB') {
        const t = op.opcode === 'ADD' ? base(op, AddOptionsT) : base(op, SubOptionsT);
        Object.assign(t, { fusedActivationFunction: act(o.activation), potScaleInt16: o.potScaleInt16 });
        return { type: op.opcode === 'ADD' ? BuiltinOptions.AddOptions : BuiltinOptions.SubOptions, options: t };
      }
      if (op.opcode === 'MUL' || op.opcode === 'DIV') {
        const t = op.opcode === 'MUL' ? base(op, MulOptionsT) : base(op, DivOptionsT);
        t.fusedActivationFunction = act(o.activation);
        return { type: op.opcode === 'MUL' ? BuiltinOptions.MulOptions : BuiltinOptions.DivOptions, options: t };
      }
      throw new ModelValidationError(`${where}: arithmetic options on an operator that is not ADD, SUB, MUL or DIV`);
    }
    case 'reshape': {
      // An absent new_shape and an empty one differ (the latter reshapes to a scalar): write none when there was none.
      if (o.newShape === null) return { type: BuiltinOptions.NONE, options: null };
      const t = base(op, ReshapeOptionsT);
      t.newShape = o.newShape.slice();
      return { type: BuiltinOptions.ReshapeOptions, options: t };
    }
    case 'reducer': {
      const t = base(op, ReducerOptionsT);
      t.keepDims = o.keepDims;
      return { type: BuiltinOptions.ReducerOptions, options: t };
    }
    case 'squeeze': {
      const t = base(op, SqueezeOptionsT);
      t.squeezeDims = o.squeezeDims.slice();
      return { type: BuiltinOptions.SqueezeOptions, options: t };
    }
    case 'stridedSlice': {
      const t = base(op, StridedSliceOptionsT);
      Object.assign(t, { beginMask: o.beginMask, endMask: o.endMask, ellipsisMask: o.ellipsisMask, newAxisMask: o.newAxisMask,
        shrinkAxisMask: o.shrinkAxisMask, offset: o.offset });
      return { type: BuiltinOptions.StridedSliceOptions, options: t };
    }
    case 'pack': {
      const t = base(op, PackOptionsT);
      Object.assign(t, { valuesCount: o.valuesCount, axis: o.axis });
      return { type: BuiltinOptions.PackOptions, options: t };
    }
    case 'leakyRelu': {
      const t = base(op, LeakyReluOptionsT);
      t.alpha = o.alpha;
      return { type: BuiltinOptions.LeakyReluOptions, options: t };
    }
    case 'gelu': {
      const t = base(op, GeluOptionsT);
      t.approximate = o.approximate;
      return { type: BuiltinOptions.GeluOptions, options: t };
    }
    case 'none': {
      const raw = op.flatbuffer;
      return raw ? { type: raw.builtinOptionsType, options: raw.builtinOptions } : { type: BuiltinOptions.NONE, options: null };
    }
  }
}
