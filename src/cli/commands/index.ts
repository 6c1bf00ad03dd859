import type { Command } from 'commander';
import type { CliContext, CommandEntry, RunCli, SetExit } from '../context.js';

export type { CommandEntry } from '../context.js';

/**
 * The whole CLI, in the order `--help` lists it. Each command module exports one register
 * function and is imported only when one of its commands runs, so a command pays at startup
 * for what it uses and nothing else (no SQLite or git for `validate`, nothing at all for
 * `--version`). The names are here, not only in the modules, so they can be listed (help,
 * shell completion) without loading any.
 */
export const commandTable: readonly CommandEntry[] = [
  { names: ['init'], load: async () => (await import('./init.js')).registerInit },
  { names: ['validate'], load: async () => (await import('./validate.js')).registerValidate },
  { names: ['render'], load: async () => (await import('./render.js')).registerRender },
  { names: ['diff'], load: async () => (await import('./diff.js')).registerDiff },
  { names: ['plan'], load: async () => (await import('./plan.js')).registerPlan },
  { names: ['apply'], load: async () => (await import('./apply.js')).registerApply },
  { names: ['promote'], load: async () => (await import('./promote.js')).registerPromote },
  { names: ['history'], load: async () => (await import('./history.js')).registerHistory },
  { names: ['watch'], load: async () => (await import('./watch.js')).registerWatch },
  { names: ['generation'], load: async () => (await import('./generation.js')).registerGeneration },
  { names: ['config'], load: async () => (await import('./config.js')).registerConfig },
  { names: ['deploy'], load: async () => (await import('./deploy.js')).registerDeploy },
  { names: ['offers'], load: async () => (await import('./offers.js')).registerOffers },
  { names: ['export', 'import'], load: async () => (await import('./export.js')).registerExport },
  { names: ['rehearse'], load: async () => (await import('./rehearse.js')).registerRehearse },
  { names: ['migrate'], load: async () => (await import('./migrate.js')).registerMigrate },
  { names: ['controller'], load: async () => (await import('./controller.js')).registerController },
  { names: ['add-model', 'models'], load: async () => (await import('./models.js')).registerModels },
  { names: ['status'], load: async () => (await import('./status.js')).registerStatus },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
  { names: ['completion', '__complete'], load: async () => (await import('./completion.js')).registerCompletion },
];

/** Every top-level command name, in help order. */
export function commandNames(): string[] {
  return commandTable.flatMap((entry) => entry.names);
}

/**
 * Registers what the command line needs: the module of the command it names, nothing when it
 * only asks for the version, and every module otherwise (help, no command, a mistyped one:
 * then the full list, or the closest name, is shown).
 */
export async function registerCommands(program: Command, argv: readonly string[], ctx: CliContext, setExit: SetExit, runCli: RunCli): Promise<void> {
  for (const register of await Promise.all(commandsFor(argv).map((entry) => entry.load()))) register(program, ctx, setExit, { runCli, commands: commandTable });
}

/** The program has no options of its own but --version and --help, so the first word is the command. */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = first === undefined ? undefined : commandTable.find((entry) => entry.names.includes(first));
  if (named) return [named];
  const asks = (...flags: string[]) => argv.some((arg) => flags.includes(arg));
  if (first === undefined && asks('-V', '--version') && !asks('-h', '--help')) return [];
  return commandTable;
}
