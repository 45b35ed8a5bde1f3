// SHAPE: writes the input's run-time shape as int32 or int64 (the output dtype carries TFLite's out_type).
import type { CpuKernel } from '../kernel.js';
import { KernelError } from '../../../errors.js';
import { inputAt, outputAt } from './shared/copy-checks.js';

export const shapeKernel: CpuKernel = {
  check(op, graph) {
    const input = inputAt(op, graph, 0);
    const output = outputAt(op, graph, 0);
    if (!input) return 'missing input 0';
    if (!output) return 'missing output';
    if (output.dtype !== 'int32' && output.dtype !== 'int64') return `${output.dtype} output (out_type) not supported`;
    if (output.shape.length !== 1 || output.shape[0] !== input.shape.length) {
      return `output shape [${output.shape.join(',')}] does not hold the ${input.shape.length} dims of the input`;
    }
    return null;
  },
  run({ op, inputs, outputs }) {
    const input = inputs[0];
    const output = outputs[0];
    if (!input || !output) throw new KernelError(op.opcode, op.index, 'missing input or output');
    const dims = input.shape;
    const out = output.data;
    if (out.length !== dims.length) {
      throw new KernelError(op.opcode, op.index, `output holds ${out.length} values for a rank-${dims.length} input`);
    }
    if (out instanceof BigInt64Array) {
      for (let i = 0; i < dims.length; i++) out[i] = BigInt(dims[i]);
    } else if (out instanceof Int32Array) {
      for (let i = 0; i < dims.length; i++) out[i] = dims[i];
    } else {
      throw new KernelError(op.opcode, op.index, 'output is neither int32 nor int64');
    }
  },
};
