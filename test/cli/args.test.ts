// Tests for the typed argv parser: value forms, repeatable flags, choices, numbers, positionals and every error.
import { describe, expect, expectTypeOf, test } from 'vitest';
import { formatArgsHelp, parseArgs, type ArgsSpec } from '../../src/cli/io/args.js';
import { UsageError } from '../../src/errors.js';

const SPEC = {
  flags: {
    input: { type: 'string', repeatable: true, short: 'i', valueName: 'file', description: 'input tensor' },
    backend: { type: 'string', choices: ['cpu', 'webgpu', 'auto'], default: 'auto' },
    pixels: { type: 'string', choices: ['unit', 'signed', 'raw'] },
    limit: { type: 'number', integer: true, min: 1 },
    threshold: { type: 'number', default: 0.5 },
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    output: { type: 'string' },
  },
  positionals: [{ name: 'model', required: true }, { name: 'extra' }],
} as const satisfies ArgsSpec;

function usageError(argv: string[], spec: ArgsSpec = SPEC): string {
  try {
    parseArgs(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  test('defaults when only the required positional is given', () => {
    const r = parseArgs(['m.tflite'], SPEC);
    expect(r.flags).toEqual({
      input: [], backend: 'auto', pixels: undefined, limit: undefined, threshold: 0.5, json: false, verbose: false,
      output: undefined,
    });
    expect(r.positionals).toEqual({ model: 'm.tflite', extra: undefined });
  });

  test('result types follow the spec', () => {
    const r = parseArgs([], { flags: SPEC.flags, positionals: [{ name: 'model' }] });
    expectTypeOf(r.flags.input).toEqualTypeOf<string[]>();
    expectTypeOf(r.flags.backend).toEqualTypeOf<'cpu' | 'webgpu' | 'auto'>();
    expectTypeOf(r.flags.pixels).toEqualTypeOf<'unit' | 'signed' | 'raw' | undefined>();
    expectTypeOf(r.flags.limit).toEqualTypeOf<number | undefined>();
    expectTypeOf(r.flags.threshold).toEqualTypeOf<number>();
    expectTypeOf(r.flags.json).toEqualTypeOf<boolean>();
    expectTypeOf(r.positionals.model).toEqualTypeOf<string | undefined>();
    expectTypeOf(parseArgs(['m'], SPEC).positionals.model).toEqualTypeOf<string>();
  });

  test('every value form', () => {
    const r = parseArgs(
      ['--input', 'a.npy', '-i', 'b.npy', '--input=c=1.npy', '--backend=cpu', '--pixels', 'signed', '--limit', '10',
        '--threshold', '-0.25', '--json', '-v', 'm.tflite', 'x', '--output', '-'],
      SPEC,
    );
    expect(r.flags).toEqual({
      input: ['a.npy', 'b.npy', 'c=1.npy'], backend: 'cpu', pixels: 'signed', limit: 10, threshold: -0.25,
      json: true, verbose: true, output: '-',
    });
    expect(r.positionals).toEqual({ model: 'm.tflite', extra: 'x' });
  });

  test('--no-flag, `--` ends options, `-` and negative numbers are positionals', () => {
    const spec = { flags: { color: { type: 'boolean', default: true } }, positionals: [{ name: 'rest', variadic: true }] } as const;
    expect(parseArgs(['--no-color'], spec).flags.color).toBe(false);
    expect(parseArgs([], spec).flags.color).toBe(true);
    expect(parseArgs(['-', '-3', '--', '--color', '-x'], spec).positionals.rest).toEqual(['-', '-3', '--color', '-x']);
  });

  test('unknown flags, with a suggestion for near misses', () => {
    expect(usageError(['m', '--bakend', 'cpu'])).toBe('unknown option --bakend (did you mean --backend?)');
    expect(usageError(['m', '--zzz'])).toBe('unknown option --zzz');
    expect(usageError(['m', '-q'])).toBe('unknown option -q');
    expect(usageError(['m', '--no-backend'])).toContain('unknown option --no-backend');
  });

  test('missing values', () => {
    expect(usageError(['m', '--backend'])).toBe('--backend needs a value: one of cpu, webgpu, auto');
    expect(usageError(['m', '--limit', '--json'])).toBe('--limit needs a value: an integer >= 1');
    expect(usageError(['m', '-i'])).toBe('-i (--input) needs a value: a file');
    expect(usageError(['m', '--output', '--'])).toBe('--output needs a value: a string');
  });

  test('bad numbers', () => {
    expect(usageError(['m', '--limit', 'ten'])).toBe("--limit expects an integer >= 1, got 'ten'");
    expect(usageError(['m', '--limit', '2.5'])).toBe("--limit expects an integer >= 1, got '2.5'");
    expect(usageError(['m', '--limit', '0'])).toBe("--limit expects an integer >= 1, got '0'");
    expect(usageError(['m', '--threshold='])).toBe("--threshold expects a number, got ''");
    expect(usageError(['m', '--threshold', '0x10'])).toContain("got '0x10'");
    expect(usageError(['m', '--threshold', 'Infinity'])).toContain("got 'Infinity'");
    expect(parseArgs(['m', '--threshold', '1e-3'], SPEC).flags.threshold).toBe(0.001);
    expect(parseArgs(['m', '--threshold', '.5'], SPEC).flags.threshold).toBe(0.5);
  });

  test('bad choices', () => {
    expect(usageError(['m', '--backend', 'gpu'])).toBe("--backend expects one of cpu, webgpu, auto, got 'gpu'");
    expect(usageError(['m', '--pixels=Unit'])).toBe("--pixels expects one of unit, signed, raw, got 'Unit'");
  });

  test('repeated non-repeatable flags and values given to booleans', () => {
    expect(usageError(['m', '--backend', 'cpu', '--backend', 'cpu'])).toBe('--backend given more than once');
    expect(usageError(['m', '--json', '--json'])).toBe('--json given more than once');
    expect(usageError(['m', '--json=yes'])).toBe("--json takes no value, got 'yes'");
  });

  test('positionals: missing required, too many', () => {
    expect(usageError([])).toBe('missing required argument <model>');
    expect(usageError(['--json'])).toBe('missing required argument <model>');
    expect(usageError(['a', 'b', 'c', 'd'])).toBe("unexpected arguments 'c' 'd'");
    expect(usageError(['a', 'b', 'c'])).toBe("unexpected argument 'c'");
  });

  test('required flags and required variadic positionals', () => {
    const spec = {
      flags: { model: { type: 'string', required: true }, input: { type: 'string', repeatable: true, required: true } },
      positionals: [{ name: 'files', variadic: true, required: true }],
    } as const;
    expect(usageError(['f', '--input', 'x'], spec)).toBe('missing required option --model (a string)');
    expect(usageError(['f', '--model', 'x'], spec)).toBe('missing required option --input');
    expect(usageError(['--model', 'x', '--input', 'y'], spec)).toBe('missing required argument <files>');
    const r = parseArgs(['f1', '--model', 'm', 'f2', '--input', 'x'], spec);
    expectTypeOf(r.flags.model).toEqualTypeOf<string>();
    expectTypeOf(r.positionals.files).toEqualTypeOf<string[]>();
    expect(r.positionals.files).toEqual(['f1', 'f2']);
  });

  test('spec mistakes are programming errors, not usage errors', () => {
    expect(() => parseArgs([], { flags: { a: { type: 'number', choices: ['1'] } } })).toThrow(/choices need type string/);
    expect(() => parseArgs([], { flags: { a: { type: 'string', choices: ['x'], default: 'y' } } })).toThrow(/not among/);
    expect(() => parseArgs([], { flags: {}, positionals: [{ name: 'a', variadic: true }, { name: 'b' }] })).toThrow(/last/);
    expect(() => parseArgs([], { flags: { a: { type: 'boolean', short: 'x' }, b: { type: 'boolean', short: 'x' } } }))
      .toThrow(/duplicate short/);
  });

  test('help text lists positionals and flags', () => {
    const help = formatArgsHelp(SPEC);
    expect(help).toContain('<model>');
    expect(help).toContain('[<extra>]');
    expect(help).toMatch(/-i, --input <file> +input tensor \(repeatable\)/);
    expect(help).toMatch(/--backend <cpu\|webgpu\|auto> +\(default: auto\)/);
  });
});
