import type { Command } from 'commander';
import { openBackend } from '../../backends/open.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { formatTable } from '../views/table.js';
import type { CliContext, SetExit } from '../context.js';

export function registerModels(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('add-model')
    .description('create an empty model on the embedded controller')
    .argument('<name>', 'model name')
    .option('--type <type>', 'iaas (machines) or caas (kubernetes)', 'iaas')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (name: string, opts: { type: string; controllerDir?: string }) => {
      if (opts.type !== 'iaas' && opts.type !== 'caas') {
        throw new GitopsError('model-type-invalid', `model type ${JSON.stringify(opts.type)} is not iaas or caas`);
      }
      const backend = await openBackend({ ctx, controllerDir: opts.controllerDir, start: true });
      try {
        await backend.addModel(name, { type: opts.type });
      } finally {
        await backend.close();
      }
      ctx.out(`Added '${name}' model on controller ${backend.controllerName}\n`);
      setExit(ExitCode.ok);
    });

  program
    .command('models')
    .description('list the models of the embedded controller')
    .option('--format <format>', 'tabular or json', 'tabular')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: { format: string; controllerDir?: string }) => {
      if (opts.format !== 'tabular' && opts.format !== 'json') throw new GitopsError('usage', `--format ${opts.format}: expected tabular or json`);
      const backend = await openBackend({ ctx, controllerDir: opts.controllerDir });
      const models = await backend.listModels().finally(() => backend.close());
      if (opts.format === 'json') ctx.out(`${JSON.stringify({ models }, null, 2)}\n`);
      else if (!models.length) ctx.out('No models. Create one with `juju-gitops add-model NAME`.\n');
      else ctx.out(formatTable([['Model', 'Type', 'Apps', 'Units'], ...models.map((m) => [m.name, m.type, String(m.applications), String(m.units)])]));
      setExit(ExitCode.ok);
    });
}
