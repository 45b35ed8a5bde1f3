// Argument handling for `inspect MODEL [--json]` (the report itself is built in inspect.ts).
import { parseArgs } from '../io/args.js';
import { readSource } from '../../api/source.js';
import { formatInspect, inspectModel, type RuntimeReport } from './inspect.js';
import { loadModel } from '../../api/load.js';
import { allocTyped } from '../../graph/dtype.js';

export const INSPECT_SPEC = {
  flags: {
    json: { type: 'boolean', description: 'machine-readable report' },
    backend: { type: 'string', choices: ['cpu', 'webgpu', 'auto'], description: 'also load the model there: op placement and memory' },
    precision: { type: 'string', choices: ['fp32', 'fp16'], default: 'fp32' },
  },
  positionals: [{ name: 'model', required: true }],
} as const;

export async function inspectCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, INSPECT_SPEC);
  const { bytes, name } = await readSource(args.positionals.model);
  const report = inspectModel(bytes, name);
  if (args.flags.backend) report.runtime = await runtimeReport(bytes, args.flags.backend, args.flags.precision);
  print(args.flags.json ? JSON.stringify(report, null, 1) : formatInspect(report));
}

/** Loads the model on a backend and plans one inference (zero inputs) to report placement and memory. */
async function runtimeReport(bytes: Uint8Array, backend: 'cpu' | 'webgpu' | 'auto', precision: 'fp32' | 'fp16'): Promise<RuntimeReport> {
  const model = await loadModel(bytes, { backend, precision });
  try {
    await model.run(model.inputs.map((i) => allocTyped(i.dtype, i.shape.reduce((a, b) => a * b, 1))));
    const mem = model.memory();
    return { backend: model.backend, precision: model.precision, adapter: model.adapter, fallbackReason: model.fallbackReason,
      weightBytes: mem.weightBytes, activationBytes: mem.activationBytes, placement: model.placement() };
  } finally {
    model.dispose();
  }
}
