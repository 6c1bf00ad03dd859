/** Flags of the emulated commands that take no value. */
const booleanFlags = new Set(['--no-prompt', '-y', '--yes', '--trust', '--force', '--remove', '--utc', '--all', '--include-charm-defaults', '--no-wait', '--background']);

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string[]>;
  /** Everything after `--` (the command of `juju exec`). */
  rest: string[];
}

/** Splits juju argv as Juju's gnuflag does for the flags the emulator knows: `--f v`, `--f=v`, `-m v`. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command = '', ...tail] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < tail.length; i++) {
    const arg = tail[i];
    if (arg === '--') return { command, positional, flags, rest: tail.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) add(arg.slice(0, eq), arg.slice(eq + 1));
    else if (booleanFlags.has(arg)) add(arg, 'true');
    else add(arg, tail[++i] ?? '');
  }
  return { command, positional, flags, rest: [] };
}

export function flagValue(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const values = args.flags.get(name);
    if (values?.length) return values[values.length - 1];
  }
  return undefined;
}

export function flagValues(args: ParsedArgs, ...names: string[]): string[] {
  return names.flatMap((name) => args.flags.get(name) ?? []);
}

export function hasFlag(args: ParsedArgs, ...names: string[]): boolean {
  return names.some((name) => args.flags.has(name));
}
