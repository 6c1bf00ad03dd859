import type { Command } from 'commander';
import { readRecentJournal } from '../../apply/read-journal.js';
import { summariseRuns } from '../../apply/runs.js';
import { openBackend } from '../../backends/open.js';
import { openModelRuns } from '../model-backend.js';
import { GitopsError } from '../../model/errors.js';
import { loadRepoConfig, openRepo } from '../../repo/index.js';
import { newestRuns, renderHistory } from '../views/rollout-history.js';
import { modelsToRun } from './apply.js';
import type { CliContext, SetExit } from '../context.js';

export function registerHistory(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('history')
    .description('list past reconciles: commit, plan, outcome, duration, units moved, failures')
    .option('--model <name>', 'only this model (default: every model in juju-gitops.yaml)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--limit <n>', 'show at most this many runs per model', '20')
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: { model?: string; limit: string; format: string; controllerDir?: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new GitopsError('usage', `--format ${flags.format}: expected text or json`);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new GitopsError('usage', `--limit ${flags.limit}: expected a whole number of runs, 1 or more`);
      const repo = await openRepo({ cwd: ctx.cwd });
      const config = await loadRepoConfig(repo);
      const all: Record<string, unknown> = {};
      for (const model of modelsToRun(config, flags.model)) {
        const modelConfig = config.models[model];
        const backend = await openBackend({ ctx, controller: config.controllers[modelConfig.controller], controllerName: modelConfig.controller, controllerDir: flags.controllerDir });
        const store = openModelRuns(ctx, backend, config.controllers[modelConfig.controller]);
        try {
          const runs = newestRuns(summariseRuns(await readRecentJournal(store, model, 100_000)), limit);
          if (flags.format === 'json') all[model] = runs;
          else ctx.out(renderHistory(model, runs));
        } finally {
          await store.close();
          await backend.close();
        }
      }
      if (flags.format === 'json') ctx.out(`${JSON.stringify(all, null, 2)}\n`);
      setExit(0);
    });
}
