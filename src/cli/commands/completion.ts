import type { Command } from 'commander';
import { complete } from '../completion/complete.js';
import { completionScript, completionShells, type CompletionShell } from '../completion/scripts.js';
import { completionSources } from '../completion/sources.js';
import { GitopsError } from '../../model/errors.js';
import type { CliContext, CliWiring, SetExit } from '../context.js';

export function registerCompletion(program: Command, ctx: CliContext, setExit: SetExit, cli: CliWiring): void {
  program
    .command('completion')
    .description('print the shell completion script: commands, options, model, application and unit names')
    .argument('<shell>', completionShells.join(', '))
    .action((shell: string) => {
      if (!(completionShells as readonly string[]).includes(shell)) {
        throw new GitopsError('usage', `no completion for ${JSON.stringify(shell)}`, { hint: `choose one of ${completionShells.join(', ')}` });
      }
      ctx.out(completionScript(shell as CompletionShell));
      setExit(0);
    });
  // What the scripts call at each TAB: the words typed, the program's name first.
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[]) => {
      const candidates = await complete(words.slice(1), completionSources(ctx, cli.commands)).catch(() => []);
      if (candidates.length) ctx.out(`${candidates.join('\n')}\n`);
      // Nothing to offer: exit 1, so fish's script falls back to file names.
      setExit(candidates.length ? 0 : 1);
    });
}
