// `profile MODEL [--input X.npy ...] [--batch N] [--runs N] [--backend B] [--precision P] [--json]`: where an
// inference spends its time, per opcode and for the slowest operators.
import fs from 'node:fs/promises';
import { loadModel } from '../../api/load.js';
import type { Model } from '../../api/model.js';
import type { ModelProfile } from '../../api/profile.js';
import type { InputTensor, TensorInfo } from '../../api/tensors.js';
import { allocTyped, numElements } from '../../graph/dtype.js';
import { fillSeeded, isSeededDType, type SeededArray } from '../../graph/seeded-values.js';
import { UsageError } from '../../errors.js';
import { readNpy } from '../io/npy.js';
import { parseArgs } from '../io/args.js';
import { adaptNpy } from './run.js';

export const PROFILE_SPEC = {
  flags: {
    input: { type: 'string', repeatable: true, description: '.npy file per model input (default: seeded random values)' },
    batch: { type: 'number', integer: true, min: 1, default: 1, description: 'batch for a dynamic batch dimension (random inputs)' },
    runs: { type: 'number', integer: true, min: 1, default: 10, description: 'profiled runs (medians)' },
    warmup: { type: 'number', integer: true, min: 0, default: 2 },
    top: { type: 'number', integer: true, min: 0, default: 10, description: 'slowest operators to list' },
    backend: { type: 'string', choices: ['cpu', 'webgpu', 'auto'], default: 'auto' },
    precision: { type: 'string', choices: ['fp32', 'fp16'], default: 'fp32' },
    json: { type: 'boolean', description: 'print the whole profile as JSON' },
  },
  positionals: [{ name: 'model', required: true }],
} as const;

/** Seeded values within the input's range (floats in [0, 1)), the model suite's, so a profile is repeatable. */
function seededInput(info: TensorInfo, k: number, batch: number): InputTensor {
  if (!isSeededDType(info.dtype)) throw new UsageError(`input "${info.name}" is ${info.dtype}: pass --input X.npy`);
  const shape = info.shapeSignature.map((d) => (d === -1 ? batch : d));
  const data = allocTyped(info.dtype, numElements(shape)) as SeededArray;
  fillSeeded(data, info.dtype, k + 1);
  return { data, shape };
}

async function inputsFor(model: Model, files: readonly string[], batch: number): Promise<InputTensor[]> {
  if (files.length === 0) return model.inputs.map((i, k) => seededInput(i, k, batch));
  if (files.length !== model.inputs.length) throw new UsageError(`model takes ${model.inputs.length} input(s), got ${files.length} --input`);
  return Promise.all(files.map(async (f, i) => {
    const a = readNpy(new Uint8Array(await fs.readFile(f)), f);
    return { data: adaptNpy(a, model.inputs[i]!, f), shape: a.shape };
  }));
}

function render(p: ModelProfile, model: Model, top: number, print: (s: string) => void): void {
  const ms = (v: number): string => v.toFixed(3).padStart(9);
  print(`backend ${p.backend}${p.adapter ? ` (${p.adapter})` : ''}, precision ${p.precision}; operator times: ${p.timeSource === 'timestamp' ? 'GPU timestamps (kernel time)' : 'each step run and awaited alone (wall)'}`);
  print(`run: ${p.runMs.toFixed(3)} ms (median of ${p.runs} normal runs${p.backend === 'webgpu' ? ': one submit, with readback' : ''}); operators timed alone: ${p.opsMs.toFixed(3)} ms in all`);
  print('');
  print(`${'opcode'.padEnd(28)}${'ops'.padStart(5)}${'ms'.padStart(9)}${'share'.padStart(8)}`);
  for (const g of p.byOpcode) print(`${g.opcode.padEnd(28)}${String(g.count).padStart(5)}${ms(g.ms)}${(100 * g.share).toFixed(1).padStart(7)}%`);
  if (top === 0) return;
  print('');
  print(`slowest operators:`);
  const tensors = model.graph.tensors;
  for (const o of p.ops.slice().sort((a, b) => b.ms - a.ms).slice(0, top)) {
    const op = model.graph.operators[o.op]!;
    const out = op.outputs[0] !== undefined && op.outputs[0] >= 0 ? tensors[op.outputs[0]]! : null;
    print(`  #${String(o.op).padEnd(4)} ${o.opcode.padEnd(24)}${ms(o.ms)} ms${o.on === 'cpu' && p.backend !== 'cpu' ? ' (cpu)' : ''}  -> ${out ? `${out.dtype}[${out.shape}]` : ''}`);
  }
}

export async function profileCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, PROFILE_SPEC);
  const model = await loadModel(args.positionals.model, { backend: args.flags.backend, precision: args.flags.precision });
  try {
    const inputs = await inputsFor(model, args.flags.input, args.flags.batch);
    const p = await model.profile(inputs, { runs: args.flags.runs, warmup: args.flags.warmup });
    if (args.flags.json) print(JSON.stringify({ model: args.positionals.model, ...p }));
    else render(p, model, args.flags.top, print);
  } finally {
    model.dispose();
  }
}
