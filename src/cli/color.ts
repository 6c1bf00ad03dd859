/**
 * The one colour rule of every command: `--no-color` first, then `NO_COLOR` (any non-empty
 * value), then `FORCE_COLOR` (`0` or `false` turn colour off, anything else on), and otherwise
 * colour only on a terminal that is not `TERM=dumb`. See no-color.org and Node's own rule.
 */
export function useColor(env: NodeJS.ProcessEnv, opts: { tty: boolean; noColorFlag?: boolean }): boolean {
  if (opts.noColorFlag) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return opts.tty && env.TERM !== 'dumb';
}

/** Takes `--no-color` out of a command line wherever it stands (before `--`): it applies to every command. */
export function takeNoColorFlag(argv: readonly string[]): { argv: string[]; noColor: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? [...argv] : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  const kept = head.filter((a) => a !== '--no-color');
  return { argv: [...kept, ...rest], noColor: kept.length !== head.length };
}
