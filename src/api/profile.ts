// Model profiling: runs every operator alone several times and reports the median time per operator and per
// opcode, next to the median latency of normal runs, so users see where an inference spends its time.
import type { Backend, HostTensor, OpTiming, ProfiledRun } from '../backends/backend.js';
import { UsageError } from '../errors.js';

export interface ProfileOptions {
  /** Profiled runs (medians are taken over them). Default 10. */
  runs?: number;
  /** Untimed runs first (pipeline compilation, first-touch allocation). Default 2. */
  warmup?: number;
}

export interface OpcodeTime { opcode: string; count: number; ms: number; share: number }

export interface ModelProfile {
  backend: string;
  adapter: string | null;
  precision: 'fp32' | 'fp16';
  /** 'timestamp': GPU kernel time from timestamp queries; 'wall': each step submitted and awaited alone. */
  timeSource: ProfiledRun['timeSource'];
  runs: number;
  /** Median wall time of a normal run (all steps in one submit, with readback). */
  runMs: number;
  /** Sum of the per-operator medians. */
  opsMs: number;
  /** Per operator in execution order: median time over the runs. */
  ops: OpTiming[];
  /** Per opcode, largest first. */
  byOpcode: OpcodeTime[];
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function count(v: number | undefined, name: string, min: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min) throw new UsageError(`profile: ${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

export async function profileBackend(backend: Backend, inputs: HostTensor[], options: ProfileOptions = {}): Promise<ModelProfile> {
  const runs = count(options.runs, 'runs', 1, 10);
  const warmup = count(options.warmup, 'warmup', 0, 2);
  for (let i = 0; i < warmup; i++) {
    await backend.run(inputs);
    await backend.profile(inputs);
  }
  const runTimes: number[] = [];
  const profiles: ProfiledRun[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine load.
    const t0 = performance.now();
    await backend.run(inputs);
    runTimes.push(performance.now() - t0);
    profiles.push(await backend.profile(inputs));
  }
  const first = profiles[0]!;
  const ops = first.ops.map((o, k) => ({ ...o, ms: median(profiles.map((p) => p.ops[k]!.ms)) }));
  const opsMs = ops.reduce((a, o) => a + o.ms, 0);
  const groups = new Map<string, OpcodeTime>();
  for (const o of ops) {
    const key = `${o.opcode}${o.on === 'cpu' && backend.name !== 'cpu' ? ' (cpu)' : ''}`;
    const g = groups.get(key) ?? { opcode: key, count: 0, ms: 0, share: 0 };
    g.count++;
    g.ms += o.ms;
    groups.set(key, g);
  }
  const byOpcode = [...groups.values()].map((g) => ({ ...g, share: opsMs > 0 ? g.ms / opsMs : 0 })).sort((a, b) => b.ms - a.ms);
  return {
    backend: backend.name, adapter: backend.adapter, precision: backend.precision, timeSource: first.timeSource,
    runs, runMs: median(runTimes), opsMs, ops, byOpcode,
  };
}
