// Small typed argv parser for the CLI's subcommands: flags from a declarative spec, checked with precise UsageErrors.
import { UsageError } from '../../errors.js';

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  /** May be given several times; the result is an array in command-line order ([] when absent). */
  repeatable?: boolean;
  /** Allowed values of a string flag. */
  choices?: readonly string[];
  /** Missing flag is a usage error. */
  required?: boolean;
  /** Value when the flag is absent (booleans default to false). */
  default?: string | number | boolean;
  /** Number flags: reject non-integers / out-of-range values. */
  integer?: boolean;
  min?: number;
  max?: number;
  /** One-letter alias used as `-x`. */
  short?: string;
  /** Placeholder in help text, e.g. `file`. */
  valueName?: string;
  description?: string;
}

export interface PositionalSpec {
  name: string;
  required?: boolean;
  /** Collects every remaining positional (only allowed last). */
  variadic?: boolean;
  description?: string;
}

export interface ArgsSpec {
  flags: Readonly<Record<string, FlagSpec>>;
  positionals?: readonly PositionalSpec[];
}

type BaseValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['type'] extends 'number'
    ? number
    : F extends { choices: readonly (infer C extends string)[] }
      ? C
      : string;

export type FlagValue<F extends FlagSpec> = F extends { repeatable: true }
  ? BaseValue<F>[]
  : F['type'] extends 'boolean'
    ? boolean
    : F extends { required: true } | { default: string | number | boolean }
      ? BaseValue<F>
      : BaseValue<F> | undefined;

type PositionalValues<P extends readonly PositionalSpec[]> = {
  [K in P[number] as K['name']]: K extends { variadic: true }
    ? string[]
    : K extends { required: true }
      ? string
      : string | undefined;
};

export interface ParsedArgs<S extends ArgsSpec> {
  flags: { -readonly [K in keyof S['flags']]: FlagValue<S['flags'][K]> };
  positionals: S['positionals'] extends readonly PositionalSpec[]
    ? PositionalValues<S['positionals']>
    : Record<string, never>;
}

type Value = string | number | boolean;

/**
 * Parses `argv` (without node/script/subcommand) against `spec`. Accepts `--name value`, `--name=value`, `-x value`,
 * boolean `--name` / `--no-name`, and `--` to end options. Throws UsageError naming the flag and what was expected.
 */
export function parseArgs<const S extends ArgsSpec>(argv: readonly string[], spec: S): ParsedArgs<S> {
  validateSpec(spec);
  const flagSpecs = spec.flags;
  const shorts = new Map<string, string>();
  for (const [name, f] of Object.entries(flagSpecs)) if (f.short !== undefined) shorts.set(f.short, name);

  const seen = new Map<string, Value[]>();
  const positionals: string[] = [];
  let optionsEnded = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (optionsEnded || !isOptionLike(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let shown: string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      shown = `--${name}`;
      if (!Object.hasOwn(flagSpecs, name)) {
        const base = name.startsWith('no-') ? name.slice(3) : '';
        if (base !== '' && Object.hasOwn(flagSpecs, base) && flagSpecs[base]?.type === 'boolean') {
          if (inline !== undefined) throw new UsageError(`${shown} takes no value, got '${inline}'`);
          record(seen, base, false, flagSpecs[base]);
          continue;
        }
        throw new UsageError(`unknown option ${shown}${suggest(name, Object.keys(flagSpecs))}`);
      }
    } else {
      const long = shorts.get(arg.slice(1));
      if (long === undefined) {
        throw new UsageError(`unknown option ${arg}${arg.length > 2 ? suggest(arg.slice(1), Object.keys(flagSpecs)) : ''}`);
      }
      name = long;
      inline = undefined;
      shown = `${arg} (--${long})`;
    }
    const f = flagSpecs[name] as FlagSpec;
    if (f.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${shown} takes no value, got '${inline}'`);
      record(seen, name, true, f);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${shown} needs a value: ${expected(f)}`);
      }
      raw = next;
      i++;
    }
    record(seen, name, convert(raw, f, shown), f);
  }

  const flags: Record<string, Value | Value[] | undefined> = {};
  for (const [name, f] of Object.entries(flagSpecs)) {
    const vals = seen.get(name);
    if (f.repeatable === true) {
      flags[name] = vals ?? [];
      if (f.required === true && vals === undefined) throw new UsageError(`missing required option --${name}`);
    } else if (vals !== undefined) {
      flags[name] = vals[0];
    } else if (f.required === true) {
      throw new UsageError(`missing required option --${name} (${expected(f)})`);
    } else {
      flags[name] = f.default ?? (f.type === 'boolean' ? false : undefined);
    }
  }

  const posOut: Record<string, string | string[] | undefined> = {};
  const posSpecs = spec.positionals ?? [];
  let p = 0;
  for (const ps of posSpecs) {
    if (ps.variadic === true) {
      const rest = positionals.slice(p);
      p = positionals.length;
      if (ps.required === true && rest.length === 0) throw new UsageError(`missing required argument <${ps.name}>`);
      posOut[ps.name] = rest;
    } else if (p < positionals.length) {
      posOut[ps.name] = positionals[p++];
    } else if (ps.required === true) {
      throw new UsageError(`missing required argument <${ps.name}>`);
    } else {
      posOut[ps.name] = undefined;
    }
  }
  if (p < positionals.length) {
    const extra = positionals.slice(p);
    throw new UsageError(`unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => `'${a}'`).join(' ')}`);
  }
  return { flags, positionals: posOut } as unknown as ParsedArgs<S>;
}

/** One line per flag and positional, for a subcommand's --help text. */
export function formatArgsHelp(spec: ArgsSpec): string {
  const rows: [string, string][] = [];
  for (const ps of spec.positionals ?? []) {
    const name = ps.variadic === true ? `<${ps.name}...>` : `<${ps.name}>`;
    rows.push([ps.required === true ? name : `[${name}]`, ps.description ?? '']);
  }
  for (const [name, f] of Object.entries(spec.flags)) {
    let left = f.short !== undefined ? `-${f.short}, --${name}` : `    --${name}`;
    if (f.type !== 'boolean') left += ` <${f.choices?.join('|') ?? f.valueName ?? f.type}>`;
    const notes: string[] = [];
    if (f.repeatable === true) notes.push('repeatable');
    if (f.required === true) notes.push('required');
    if (f.default !== undefined && f.type !== 'boolean') notes.push(`default: ${String(f.default)}`);
    const desc = [f.description ?? '', notes.length > 0 ? `(${notes.join(', ')})` : ''].filter((s) => s !== '');
    rows.push([left, desc.join(' ')]);
  }
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`.trimEnd()).join('\n');
}

/** `-` alone (stdin) and negative numbers are values, not options. */
function isOptionLike(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-') && !/^-\.?\d/.test(arg);
}

function record(seen: Map<string, Value[]>, name: string, v: Value, f: FlagSpec): void {
  const vals = seen.get(name);
  if (vals === undefined) {
    seen.set(name, [v]);
  } else if (f.repeatable === true) {
    vals.push(v);
  } else {
    throw new UsageError(`--${name} given more than once`);
  }
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function convert(raw: string, f: FlagSpec, shown: string): Value {
  if (f.type === 'number') {
    const n = Number(raw);
    if (!NUMBER_RE.test(raw) || !Number.isFinite(n) || (f.integer === true && !Number.isInteger(n)) ||
      (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
      throw new UsageError(`${shown} expects ${expected(f)}, got '${raw}'`);
    }
    return n;
  }
  if (f.choices !== undefined && !f.choices.includes(raw)) {
    throw new UsageError(`${shown} expects ${expected(f)}, got '${raw}'`);
  }
  return raw;
}

function expected(f: FlagSpec): string {
  if (f.type === 'number') {
    let s = f.integer === true ? 'an integer' : 'a number';
    if (f.min !== undefined && f.max !== undefined) s += ` in [${f.min}, ${f.max}]`;
    else if (f.min !== undefined) s += ` >= ${f.min}`;
    else if (f.max !== undefined) s += ` <= ${f.max}`;
    return s;
  }
  if (f.choices !== undefined) return `one of ${f.choices.join(', ')}`;
  return f.valueName !== undefined ? `a ${f.valueName}` : 'a string';
}

/** ` (did you mean --x?)` for a near miss (small edit distance or a prefix), else ''. */
function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(name) || name.startsWith(c) ? 1 : editDistance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean --${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Catches spec mistakes (a programming error, so a plain Error rather than UsageError). */
function validateSpec(spec: ArgsSpec): void {
  const shorts = new Set<string>();
  for (const [name, f] of Object.entries(spec.flags)) {
    if (f.choices !== undefined && f.type !== 'string') throw new Error(`args spec: --${name}: choices need type string`);
    if (f.short !== undefined) {
      if (f.short.length !== 1 || shorts.has(f.short)) throw new Error(`args spec: --${name}: bad or duplicate short -${f.short}`);
      shorts.add(f.short);
    }
    if (f.default !== undefined && typeof f.default !== f.type) {
      throw new Error(`args spec: --${name}: default ${String(f.default)} is not a ${f.type}`);
    }
    if (f.choices !== undefined && typeof f.default === 'string' && !f.choices.includes(f.default)) {
      throw new Error(`args spec: --${name}: default '${f.default}' is not among its choices`);
    }
  }
  const pos = spec.positionals ?? [];
  pos.forEach((p, i) => {
    if (p.variadic === true && i !== pos.length - 1) throw new Error(`args spec: variadic <${p.name}> must be last`);
    if (p.required === true && i > 0 && pos[i - 1]?.required !== true) {
      throw new Error(`args spec: required <${p.name}> follows an optional positional`);
    }
  });
}
