// Operator versions after quantization, by TFLite's rules (tensorflow/lite/tools/versioning/op_version.cc) for the
// operators the quantizer produces; the version read from the file stays the floor.
import type { Graph, Operator } from '../graph/ir.js';

function required(op: Operator, g: Graph): number {
  const t = (i: number) => {
    const k = op.inputs[i];
    return k === undefined || k < 0 ? undefined : g.tensors[k];
  };
  const x = t(0), w = t(1);
  const y = op.outputs[0] === undefined ? undefined : g.tensors[op.outputs[0]];
  const int8In = x?.dtype === 'int8';
  const hybrid = x?.dtype === 'float32' && w?.dtype === 'int8' && y?.dtype === 'float32';
  const perChannel = (w?.quantization?.scale.length ?? 0) > 1;
  switch (op.opcode) {
    case 'CONV_2D':
      if (int8In && w?.dtype === 'int8' && y?.dtype === 'int8') return 3;
      return hybrid ? (perChannel ? 5 : 2) : 1;
    case 'DEPTHWISE_CONV_2D':
      if (int8In && w?.dtype === 'int8' && y?.dtype === 'int8') return 3;
      return hybrid ? (perChannel ? 6 : 4) : 1;
    case 'FULLY_CONNECTED': {
      const o = op.options.kind === 'fullyConnected' ? op.options : null;
      if (hybrid && perChannel) return 12;
      if (op.inputs.length === 2) return 6;
      if (o?.keepNumDims) return 5;
      if (int8In && w?.dtype === 'int8' && y?.dtype === 'int8') return 4;
      if (hybrid) return o?.asymmetricQuantizeInputs ? 9 : 3;
      return 1;
    }
    case 'MUL': {
      if (!int8In) return 1;
      const s = (k: number | undefined) => (k === undefined || k < 0 ? 0 : g.tensors[k]?.quantization?.scale[0] ?? 0);
      const a = s(op.inputs[0]), b = s(op.inputs[1]), c = s(op.outputs[0]);
      return a && b && c && (a * b) / c >= 1 ? 3 : 2;
    }
    case 'DEQUANTIZE':
      if (x?.dtype === 'float16' || x?.dtype === 'int16') return 3;
      if (x?.dtype === 'int8') return (x.quantization?.scale.length ?? 0) > 1 ? 5 : 2;
      return 1;
    case 'MAX_POOL_2D': case 'AVERAGE_POOL_2D': case 'SOFTMAX': case 'MEAN': case 'RELU': case 'RELU6': case 'ADD':
    case 'SUB': case 'CONCATENATION': case 'PAD': case 'PADV2': case 'PACK': case 'TRANSPOSE': case 'STRIDED_SLICE':
    case 'LOGISTIC': case 'TANH':
      return int8In ? 2 : 1;
    default:
      return 1;
  }
}

/** The version `op` needs with its current tensor types (never below the one it had). */
export function opVersion(op: Operator, g: Graph): number {
  return Math.max(op.version, required(op, g));
}
