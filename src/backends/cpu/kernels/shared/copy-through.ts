// Shape-only operators (RESHAPE, EXPAND_DIMS, SQUEEZE) copy their data unchanged: the memory plan never aliases.
import type { KernelContext } from '../../kernel.js';
import { KernelError } from '../../../../errors.js';
import { copyAllBytes } from './copy-words.js';

export function runCopyThrough(ctx: KernelContext): void {
  const { op } = ctx;
  const input = ctx.inputs[0];
  const output = ctx.outputs[0];
  if (!input || !output) throw new KernelError(op.opcode, op.index, 'missing data input or output');
  if (!copyAllBytes(output.data, input.data)) {
    throw new KernelError(op.opcode, op.index,
      `input has ${input.data.length} elements but output shape [${output.shape.join(',')}] has ${output.data.length}`);
  }
}
