// ADD: broadcasting elementwise sum (float32, int32, and int8/uint8/int16 with TFLite's add.cc rescaling).
import type { CpuKernel } from '../kernel.js';
import { checkAddSub, runAddSub } from './shared/broadcast-add-sub.js';

export const addKernel: CpuKernel = {
  check: (op, graph) => checkAddSub(op, graph, 1),
  run: (ctx) => runAddSub(ctx, 1),
};
