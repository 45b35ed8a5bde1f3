// SQUEEZE: drops size-1 dimensions (the planner computes which); the data is copied unchanged.
import type { CpuKernel } from '../kernel.js';
import { optionsOf } from '../../../graph/ir.js';
import { dataAndOutput, hasDynamicDims } from './shared/copy-checks.js';
import { runCopyThrough } from './shared/copy-through.js';

export const squeezeKernel: CpuKernel = {
  check(op, graph) {
    const io = dataAndOutput(op, graph);
    if (typeof io === 'string') return io;
    const { squeezeDims } = optionsOf(op, 'squeeze');
    const shape = io.input.shape;
    const rank = shape.length;
    for (const d of squeezeDims) {
      // TFLite squeeze.cc: dims may be negative (counted from the end) and must name size-1 dimensions.
      if (d < -rank || d >= rank) return `squeeze dim ${d} out of range for rank ${rank}`;
      const a = d < 0 ? d + rank : d;
      if (!hasDynamicDims(io.input) && shape[a] !== 1) return `squeeze dim ${d} has size ${shape[a]}, not 1`;
    }
    return null;
  },
  run: runCopyThrough,
};
