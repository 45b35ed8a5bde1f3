// `run MODEL --input X.npy ... [--backend B] [--json] [--out DIR]`: one inference on .npy inputs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadModel } from '../../api/load.js';
import type { TensorInfo } from '../../api/tensors.js';
import type { TypedArray } from '../../graph/dtype.js';
import { UsageError } from '../../errors.js';
import { readNpy, writeNpy, type NpyArray } from '../io/npy.js';
import { parseArgs } from '../io/args.js';

export const RUN_SPEC = {
  flags: {
    input: { type: 'string', repeatable: true, description: '.npy file for each model input, in order' },
    backend: { type: 'string', choices: ['cpu', 'webgpu', 'auto'], default: 'auto' },
    precision: { type: 'string', choices: ['fp32', 'fp16'], default: 'fp32', description: 'fp16: float weights stored as fp16 on the GPU' },
    json: { type: 'boolean', description: 'print {"outputs":[{name,shape,dtype,data}]}' },
    out: { type: 'string', description: 'directory to write one .npy per output' },
  },
  positionals: [{ name: 'model', required: true }],
} as const;

/** NumPy writes float64/int64 by default: convert losslessly-enough to the model's float32/int32 inputs. */
export function adaptNpy(a: NpyArray, info: TensorInfo, file: string): TypedArray {
  if (a.dtype === info.dtype) return a.data;
  if (info.dtype === 'float32' && (a.dtype === 'float64' || a.dtype === 'float16' || a.dtype === 'int32' || a.dtype === 'uint8')) {
    if (a.dtype === 'float16') throw new UsageError(`${file}: float16 data for float32 input "${info.name}"; save it as float32`);
    return Float32Array.from(a.data as ArrayLike<number>);
  }
  if (info.dtype === 'int32' && a.dtype === 'int64') return Int32Array.from(a.data as BigInt64Array, (v) => Number(v));
  throw new UsageError(`${file}: ${a.dtype} data for input "${info.name}", which is ${info.dtype}`);
}

export async function runCommand(argv: string[], print: (s: string) => void): Promise<void> {
  const args = parseArgs(argv, RUN_SPEC);
  const model = await loadModel(args.positionals.model, { backend: args.flags.backend, precision: args.flags.precision });
  try {
    const files = args.flags.input;
    if (files.length !== model.inputs.length) {
      throw new UsageError(`model takes ${model.inputs.length} input(s) (${model.inputs.map((i) => `${i.name}: ${i.dtype}[${i.shapeSignature}]`).join(', ')}), got ${files.length} --input`);
    }
    const inputs = await Promise.all(files.map(async (f, i) => {
      const a = readNpy(new Uint8Array(await fs.readFile(f)), f);
      return { data: adaptNpy(a, model.inputs[i]!, f), shape: a.shape };
    }));
    const t0 = performance.now();
    const outs = await model.run(inputs);
    const ms = performance.now() - t0;
    if (args.flags.out) {
      await fs.mkdir(args.flags.out, { recursive: true });
      for (const [k, o] of outs.entries()) {
        const name = `${k}_${o.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.npy`;
        await fs.writeFile(path.join(args.flags.out, name), writeNpy(o.dtype, o.shape, o.data));
      }
    }
    if (args.flags.json) {
      const outputs = outs.map((o) => ({ name: o.name, shape: o.shape, dtype: o.dtype,
        data: Array.from(o.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v)) }));
      print(JSON.stringify({ backend: model.backend, precision: model.precision, adapter: model.adapter, outputs }));
    } else {
      print(`backend ${model.backend}${model.adapter ? ` (${model.adapter})` : ''}, precision ${model.precision}, ${ms.toFixed(2)} ms${model.fallbackReason ? ` [cpu fallback: ${model.fallbackReason}]` : ''}`);
      for (const o of outs) {
        const vals = Array.from((o.data as ArrayLike<number>), Number);
        const head = vals.slice(0, 10).map((v) => (Number.isInteger(v) ? v : v.toPrecision(5))).join(', ');
        print(`${o.name}: ${o.dtype}[${o.shape}] ${head}${vals.length > 10 ? ', ...' : ''}`);
      }
    }
  } finally {
    model.dispose();
  }
}
