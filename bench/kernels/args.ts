// Command-line options shared by `npm run bench:kernels` and the GPU-machine entry.
import { UsageError } from '../../src/errors.js';
import { KERNEL_VARIANTS, type KernelVariant, type SweepName, type TilingChoice } from './types.js';

export interface KernelArgs { sweep: SweepName; tiling: TilingChoice; variants: KernelVariant[]; out: string | null }

export function parseKernelArgs(argv: readonly string[], defaultSweep: SweepName): KernelArgs {
  const a: KernelArgs = { sweep: defaultSweep, tiling: 'auto', variants: [...KERNEL_VARIANTS], out: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--tiny' || arg === '--quick' || arg === '--full') a.sweep = arg.slice(2) as SweepName;
    else if (arg === '--tiling') {
      const t = value();
      if (t !== 'auto' && t !== 'register' && t !== 'shared') throw new UsageError(`--tiling ${t}: expected auto, register or shared`);
      a.tiling = t;
    } else if (arg === '--variants') {
      const vs = value().split(',');
      const bad = vs.filter((v) => !(KERNEL_VARIANTS as readonly string[]).includes(v));
      if (bad.length) throw new UsageError(`unknown variant(s) ${bad.join(', ')} (known: ${KERNEL_VARIANTS.join(', ')})`);
      a.variants = vs as KernelVariant[];
    } else if (arg === '--out') a.out = value();
    else throw new UsageError(`unknown option ${arg}`);
  }
  return a;
}
