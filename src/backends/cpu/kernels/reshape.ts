// RESHAPE: the planner fixed the output shape (from the shape operand or options); the data is copied unchanged.
import type { CpuKernel } from '../kernel.js';
import { dataAndOutput, isIntIndexDtype, inputAt } from './shared/copy-checks.js';
import { runCopyThrough } from './shared/copy-through.js';

export const reshapeKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const shape = inputAt(op, graph, 1);
    if (shape && !isIntIndexDtype(shape.dtype)) return `${shape.dtype} shape operand not supported`;
    return null;
  },
  run: runCopyThrough,
};
