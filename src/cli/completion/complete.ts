import { Command, type Option } from 'commander';

/** What completion may ask about the world: each source is read only when the word needs it. */
export interface CompletionSources {
  /** Top-level command names, from the command table (no command module loaded). */
  commands: readonly string[];
  /** A command as commander knows it, its module loaded on demand; undefined for an unknown name. */
  command: (name: string) => Promise<Command | undefined>;
  models: () => Promise<string[]>;
  applications: (model: string | undefined) => Promise<string[]>;
  units: (model: string | undefined) => Promise<string[]>;
}

const globalOptions = ['--help', '--version', '--no-color'];

/** Options whose value is a model name. */
const modelOptions = new Set(['--model', '-m']);

/** Positional words that name units or applications, by command path. */
const unitArguments = new Set(['generation set']);
const applicationArguments = new Set(['config']);

/**
 * The candidates for the last word of `words` (the words typed after the program name, the last
 * one being completed, maybe empty). Commands, subcommands and options come from commander's own
 * definitions, so they never drift from the CLI; model, application and unit names from the
 * sources. The shell filters by prefix; an empty answer lets it complete file names.
 */
export async function complete(words: readonly string[], sources: CompletionSources): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const previous = before.at(-1);
  const first = before.find((w) => !w.startsWith('-'));
  if (first === undefined) return current.startsWith('-') ? globalOptions : sources.commands.filter((c) => !c.startsWith('__'));
  const model = modelOf(before);
  if (previous && modelOptions.has(previous)) return sources.models();
  const top = await sources.command(first);
  if (!top) return [];
  let command: Command = top;
  const path = [first];
  for (const word of before.slice(before.indexOf(first) + 1)) {
    const sub: Command | undefined = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
    path.push(word);
  }
  const option = previous ? findOption(command, previous) : undefined;
  if (option && (option.required || option.optional)) return [];
  if (current.startsWith('-')) return [...command.options.flatMap((o) => (o.hidden ? [] : [o.long ?? o.short ?? ''])), '--help'].filter(Boolean);
  const subcommands = command.commands.map((c) => c.name());
  if (subcommands.length) return subcommands;
  const key = path.join(' ');
  if (unitArguments.has(key)) return [...(await sources.units(model)), ...(await sources.applications(model))];
  if (applicationArguments.has(key) && positionals(before, path.length) === 0) return sources.applications(model);
  return [];
}

function findOption(command: Command, flag: string): Option | undefined {
  return command.options.find((o) => o.long === flag || o.short === flag);
}

/** The model the command line names, so applications and units come from it. */
function modelOf(words: readonly string[]): string | undefined {
  const at = words.findIndex((w) => modelOptions.has(w));
  if (at >= 0) return words[at + 1];
  return words.find((w) => w.startsWith('--model='))?.slice('--model='.length);
}

/** Positional words already given after the command path (options and their values skipped roughly). */
function positionals(words: readonly string[], pathLength: number): number {
  const rest = words.slice(words.findIndex((w) => !w.startsWith('-')) + pathLength);
  let count = 0;
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i].startsWith('-')) {
      if (!rest[i].includes('=') && modelOptions.has(rest[i])) i += 1;
      continue;
    }
    count += 1;
  }
  return count;
}

/** A fresh commander program holding one command module's commands, for reading their definitions. */
export function programFor(register: (program: Command) => void): Command {
  const program = new Command('juju-gitops');
  register(program);
  return program;
}
