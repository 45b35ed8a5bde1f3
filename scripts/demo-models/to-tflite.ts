// Turns the trained tfjs MNIST CNN into the engine's graph IR (CONV_2D, MAX_POOL_2D, RESHAPE, FULLY_CONNECTED,
// SOFTMAX with a dynamic batch), laid out as TFLite's converter lays out a Keras model, for writeModel.
import type * as tf from '@tensorflow/tfjs';
import { BuiltinOperator } from '../../src/format/schema/schema.js';
import type { TypedArray } from '../../src/graph/dtype.js';
import type { Graph, ModelIR, Operator, Tensor } from '../../src/graph/ir.js';
import type { Activation, OpOptions } from '../../src/graph/options.js';

/** What the converter reads off each Keras layer. */
export type LayerSpec =
  | { kind: 'conv'; filters: number; kernel: number; activation: 'relu' | 'linear' }
  | { kind: 'pool' }
  | { kind: 'flatten' }
  | { kind: 'dense'; units: number; activation: 'relu' | 'linear' | 'softmax' };

class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly operators: Operator[] = [];

  /** An activation with a dynamic batch: stored shape [1, ...], signature [-1, ...] as the converter writes them. */
  activation(name: string, dims: number[]): number {
    return this.add({ name, dtype: 'float32', shape: [1, ...dims], shapeSignature: [-1, ...dims], data: null });
  }

  constant(name: string, shape: number[], data: Float32Array | Int32Array): number {
    return this.add({ name, dtype: data instanceof Float32Array ? 'float32' : 'int32', shape, shapeSignature: null, data });
  }

  op(opcode: keyof typeof BuiltinOperator, inputs: number[], outputs: number[], options: OpOptions): void {
    this.operators.push({ index: this.operators.length, opcode, builtinCode: BuiltinOperator[opcode], version: 1, inputs, outputs, options });
  }

  private add(t: { name: string; dtype: 'float32' | 'int32'; shape: number[]; shapeSignature: number[] | null; data: TypedArray | null }): number {
    this.tensors.push({ index: this.tensors.length, quantization: null, isVariable: false, ...t });
    return this.tensors.length - 1;
  }
}

/** tfjs conv kernel [kh, kw, cin, cout] to TFLite's [cout, kh, kw, cin]. */
function convWeights(k: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) out[((o * kh + y) * kw + x) * cin + i] = k[((y * kw + x) * cin + i) * cout + o]!;
      }
    }
  }
  return out;
}

/** tfjs dense kernel [in, out] to TFLite FULLY_CONNECTED weights [out, in]. */
function denseWeights(k: Float32Array, nin: number, nout: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) out[o * nin + i] = k[i * nout + o]!;
  return out;
}

const fused = (a: 'relu' | 'linear' | 'softmax'): Activation => (a === 'relu' ? 'RELU' : 'NONE');

/** The IR of `model` (a Sequential of `specs`, input [28, 28, 1]) with its trained weights copied out. */
export function toModelIR(model: tf.Sequential, specs: LayerSpec[], description: string): ModelIR {
  if (model.layers.length !== specs.length) throw new Error(`model has ${model.layers.length} layers, specs describe ${specs.length}`);
  const b = new GraphBuilder();
  let dims = [28, 28, 1];
  let x = b.activation('input', dims);
  const input = x;
  let conv = 0, pool = 0, dense = 0;
  specs.forEach((s, li) => {
    const weights = model.layers[li]!.getWeights().map((w) => w.dataSync() as Float32Array);
    switch (s.kind) {
      case 'conv': {
        const [h, w, cin] = dims as [number, number, number];
        const name = `conv${++conv}`;
        const k = weights[0], bias = weights[1];
        if (!k || !bias) throw new Error(`${name}: expected kernel and bias`);
        const wt = b.constant(`${name}/kernel`, [s.filters, s.kernel, s.kernel, cin], convWeights(k, s.kernel, s.kernel, cin, s.filters));
        const bt = b.constant(`${name}/bias`, [s.filters], Float32Array.from(bias));
        dims = [h - s.kernel + 1, w - s.kernel + 1, s.filters];
        const y = b.activation(`${name}/${s.activation === 'relu' ? 'Relu' : 'BiasAdd'}`, dims);
        b.op('CONV_2D', [x, wt, bt], [y], { kind: 'conv2d', padding: 'VALID', strideW: 1, strideH: 1, dilationW: 1, dilationH: 1,
          activation: fused(s.activation) });
        x = y;
        break;
      }
      case 'pool': {
        const [h, w, c] = dims as [number, number, number];
        dims = [Math.floor(h / 2), Math.floor(w / 2), c];
        const y = b.activation(`pool${++pool}/MaxPool`, dims);
        b.op('MAX_POOL_2D', [x], [y], { kind: 'pool2d', padding: 'VALID', strideW: 2, strideH: 2, filterW: 2, filterH: 2, activation: 'NONE' });
        x = y;
        break;
      }
      case 'flatten': {
        const n = dims.reduce((p, q) => p * q, 1);
        const shape = b.constant('flatten/shape', [2], Int32Array.of(-1, n));
        dims = [n];
        const y = b.activation('flatten/Reshape', dims);
        b.op('RESHAPE', [x, shape], [y], { kind: 'reshape', newShape: [-1, n] });
        x = y;
        break;
      }
      case 'dense': {
        const nin = dims[0]!;
        const name = `dense${++dense}`;
        const k = weights[0], bias = weights[1];
        if (dims.length !== 1 || !k || !bias) throw new Error(`${name}: expected a flat input, kernel and bias`);
        const wt = b.constant(`${name}/kernel`, [s.units, nin], denseWeights(k, nin, s.units));
        const bt = b.constant(`${name}/bias`, [s.units], Float32Array.from(bias));
        dims = [s.units];
        const y = b.activation(`${name}/${s.activation === 'relu' ? 'Relu' : 'BiasAdd'}`, dims);
        b.op('FULLY_CONNECTED', [x, wt, bt], [y], { kind: 'fullyConnected', activation: fused(s.activation), weightsFormat: 'DEFAULT',
          keepNumDims: false, asymmetricQuantizeInputs: false });
        x = y;
        if (s.activation === 'softmax') {
          const p = b.activation('probabilities', dims);
          b.op('SOFTMAX', [x], [p], { kind: 'softmax', beta: 1 });
          x = p;
        }
        break;
      }
    }
  });
  const graph: Graph = { name: 'main', tensors: b.tensors, operators: b.operators, inputs: [input], outputs: [x] };
  return {
    version: 3, description, subgraphs: [graph],
    signatures: [{ key: 'serving_default', subgraphIndex: 0, inputs: [{ name: 'input', tensor: input }], outputs: [{ name: 'probabilities', tensor: x }] }],
    metadata: [], conversionQuantization: null, minRuntimeVersion: null, byteLength: 0,
  };
}
