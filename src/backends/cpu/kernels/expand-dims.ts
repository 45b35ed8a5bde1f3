// EXPAND_DIMS: inserts a size-1 dimension (the planner computes where); the data is copied unchanged.
import type { CpuKernel } from '../kernel.js';
import { dataAndOutput, isIntIndexDtype, inputAt } from './shared/copy-checks.js';
import { runCopyThrough } from './shared/copy-through.js';

export const expandDimsKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const axis = inputAt(op, graph, 1);
    if (!axis) return 'missing axis input';
    if (!isIntIndexDtype(axis.dtype)) return `${axis.dtype} axis operand not supported`;
    return null;
  },
  run: runCopyThrough,
};
