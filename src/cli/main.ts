// The `tflite-webgpu` command line: dispatches subcommands and turns typed errors into one clear line.
import { TfliteError, UsageError } from '../errors.js';
import { evalMnistCommand } from './commands/eval-mnist.js';
import { inspectCommand } from './commands/inspect-command.js';
import { quantizeCommand } from './commands/quantize.js';
import { profileCommand } from './commands/profile.js';
import { runCommand } from './commands/run.js';

const USAGE = `usage: tflite-webgpu <command> [options]

commands:
  inspect MODEL [--json] [--backend cpu|webgpu|auto] [--precision fp32|fp16]
      operators (with versions), tensors, inputs/outputs, quantization mode, weight bytes per dtype;
      with --backend: where each operator runs and the memory the backend uses
  run MODEL --input X.npy [--input ...] [--backend cpu|webgpu|auto] [--precision fp32|fp16] [--json] [--out DIR]
      one inference on .npy inputs; --out writes one .npy per output
  profile MODEL [--input X.npy ...] [--batch N] [--runs N] [--top N] [--backend B] [--precision P] [--json]
      where an inference spends its time: each operator run and timed alone (GPU timestamps where the adapter
      has them), per opcode and the slowest operators, beside the latency of normal runs
  eval-mnist MODEL --images IDX[.gz] --labels IDX[.gz] [--limit N] [--batch N] [--backend B]
             [--precision P] [--pixels unit|signed|raw] [--json] [--predictions]
      accuracy on MNIST-format data (unit: x = pixel/255, quantized with the input's scale/zero point)
  quantize MODEL --mode dynamic|int8|fp16 -o OUT [--representative IDX|NPY] [--samples N] [--pixels unit|signed|raw]
           [--io float|int8|uint8] [--eval-mnist --images IDX --labels IDX [--limit N]] [--json]
      post-training quantization of a float32 model as TFLite's converter does it (int8 calibrates on the first
      --samples items of --representative); prints size before/after (and MNIST accuracy with --eval-mnist)`;

type Command = (argv: string[], print: (s: string) => void) => Promise<void>;
const COMMANDS: Record<string, Command> = {
  inspect: inspectCommand, run: runCommand, 'eval-mnist': evalMnistCommand, quantize: quantizeCommand, profile: profileCommand,
};

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], print: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  printErr: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    print(USAGE);
    return cmd ? 0 : 2;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    printErr(`tflite-webgpu: unknown command "${cmd}"\n${USAGE}`);
    return 2;
  }
  try {
    await run(rest, print);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      printErr(`tflite-webgpu ${cmd}: ${e.message}`);
      return 2;
    }
    if (e instanceof TfliteError) {
      printErr(`tflite-webgpu ${cmd}: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
