// One way for every command to read its arguments: node's own parseArgs in strict mode (an unknown
// flag is an error, not ignored), `--help` printing the command's own options, and a one-line error
// with exit code 2 (the "could not test / usage" code every command shares).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One line for --help. */
  readonly description: string;
  /** The value's placeholder in --help, e.g. FILE or N. */
  readonly value?: string;
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface CommandSpec {
  /** e.g. `npm run diff -- OLD.json NEW.json [--out FILE.md]` */
  readonly usage: string;
  /** What the command does, in a sentence or two. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments the command takes (default: none). */
  readonly positionals?: { readonly min?: number; readonly max?: number };
  /** Lines printed after the options in --help (exit codes, environment). */
  readonly epilogue?: readonly string[];
}

export interface CommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'PTERO_USAGE';
}

/** Parses argv against the spec; throws UsageError on anything the spec does not allow. */
export function readCommandLine(argv: readonly string[], spec: CommandSpec): CommandLine & { readonly help: boolean } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
        ),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const help = parsed.values['help'] === true;
  const { min = 0, max = 0 } = spec.positionals ?? {};
  if (!help && parsed.positionals.length < min) throw new UsageError(`expected at least ${min} argument${min === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  if (!help && parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
  return { values: parsed.values as CommandLine['values'], positionals: parsed.positionals, help };
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: { type: 'boolean', description: 'print this help and exit', short: 'h' } as OptionSpec }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.description}`;
  });
  return [`usage: ${spec.usage}`, '', spec.summary, '', 'options:', ...rows, ...(spec.epilogue?.length ? ['', ...spec.epilogue] : [])].join('\n');
}

/**
 * For a command's entry point: parses, prints --help and exits 0, or prints one error line and
 * exits 2. Returns the parsed command line otherwise.
 */
export function parseCommandLine(argv: readonly string[], spec: CommandSpec): CommandLine {
  try {
    const parsed = readCommandLine(argv, spec);
    if (parsed.help) {
      console.log(helpText(spec));
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message} (usage: ${spec.usage}; --help for the options)`);
    process.exit(2);
  }
}

/** A whole-number option at least `min`; a UsageError names the flag and the value. */
export function integerOption(values: CommandLine['values'], name: string, min: number, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${text}"`);
  return Number(text);
}

/**
 * For a command's entry point: runs `read` (the command's own checks of its option values, which
 * throw UsageError) and exits 2 with one line when it refuses, as parseCommandLine does.
 */
export function readOptions<T>(spec: CommandSpec, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message} (usage: ${spec.usage}; --help for the options)`);
    process.exit(2);
  }
}

/** The command lines kept as data (harness/command-specs.yaml), by command name. */
const COMMAND_SPECS = parse(readFileSync(fileURLToPath(new URL('./command-specs.yaml', import.meta.url)), 'utf8')) as Record<string, CommandSpec>;

/** A command's spec from harness/command-specs.yaml, its `{name}` placeholders filled from `fill`. */
export function commandSpec(name: string, fill: Readonly<Record<string, string | number>> = {}): CommandSpec {
  const spec = COMMAND_SPECS[name];
  if (!spec) throw new Error(`harness/command-specs.yaml has no command ${name}`);
  const text = (value: string) => value.replace(/\{(\w+)\}/g, (whole, key: string) => (key in fill ? String(fill[key]) : whole));
  return {
    ...spec,
    summary: text(spec.summary),
    options: Object.fromEntries(Object.entries(spec.options).map(([option, o]) => [option, { ...o, description: text(o.description) }])),
  };
}
