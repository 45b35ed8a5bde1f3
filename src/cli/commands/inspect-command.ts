// Argument handling for `inspect MODEL [--json]` (the report itself is built in inspect.ts).
import { parseArgs } from '../io/args.js';
import { readSource } from '../../api/source.js';
import { formatInspect, inspectModel } from './inspect.js';

export const INSPECT_SPEC = {
  flags: { json: { type: 'boolean', description: 'machine-readable report' } },
  positionals: [{ name: 'model', required: true }],
} as const;

export async function inspectCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, INSPECT_SPEC);
  const { bytes, name } = await readSource(args.positionals.model);
  const report = inspectModel(bytes, name);
  print(args.flags.json ? JSON.stringify(report, null, 1) : formatInspect(report));
}
