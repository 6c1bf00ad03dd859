import type { Command } from 'commander';
import { openBackend } from '../../backends/open.js';
import { openModelRuns } from '../model-backend.js';
import { GitopsError } from '../../model/errors.js';
import { loadRepoConfig, openRepo, parseDuration } from '../../repo/index.js';
import { parseListen, serveWatchStatus, watchModels, WatchState, type StatusServer } from '../../watch/index.js';
import { reportError } from '../report-error.js';
import { renderApplyReport } from '../views/rollout-report.js';
import { parseEventFormat, rolloutView } from '../views/rollout-view.js';
import { leaseTtlFrom, modelsToRun } from './apply.js';
import type { CliContext, SetExit } from '../context.js';

interface WatchFlags {
  model?: string;
  interval: string;
  selfHeal?: boolean;
  yes?: boolean;
  events?: string;
  controllerDir?: string;
  listen?: string | boolean;
}

export function registerWatch(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('watch')
    .description('reconcile on every change to the repository, and check for drift on an interval (Ctrl-C stops)')
    .option('--model <name>', 'only this model (default: every model in juju-gitops.yaml)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--interval <duration>', 'how often to check the live model for drift (0 turns it off)', '1m')
    .option('--self-heal', 'correct drift instead of only reporting it')
    .option('--yes', 'allow destructive changes (removals, scale-down) without asking')
    .option('--events <format>', 'print progress events as ndjson on stdout')
    .option('--listen [port]', 'serve a read-only status page and Prometheus metrics on 127.0.0.1 (default port 9797; 0 picks one)')
    .action(async (flags: WatchFlags) => {
      const intervalMs = parseDuration(flags.interval);
      if (intervalMs === undefined) throw new GitopsError('usage', `--interval ${flags.interval}: not a duration`, { hint: 'for example --interval 30s' });
      const view = rolloutView(ctx, parseEventFormat(flags.events));
      const listen = parseListen(flags.listen);
      const repo = await openRepo({ cwd: ctx.cwd });
      const config = await loadRepoConfig(repo);
      const models = modelsToRun(config, flags.model);
      const controllerName = config.models[models[0]]?.controller;
      if (new Set(models.map((m) => config.models[m].controller)).size > 1) {
        throw new GitopsError('watch-controllers', 'the models live on different controllers; watch one controller at a time', {
          hint: 'run one `juju-gitops watch --model M` per controller',
        });
      }
      const backend = await openBackend({ ctx, controller: config.controllers[controllerName], controllerName, controllerDir: flags.controllerDir, start: true });
      const runs = openModelRuns(ctx, backend, config.controllers[controllerName]);
      const time = () => new Date().toISOString().slice(11, 19);
      const state = new WatchState(models);
      let server: StatusServer | undefined;
      try {
        if (listen) server = await serveWatchStatus({ ...listen, state, backend, runs, repo, config, models, onError: (message) => view.say(`${time()} status page: cannot read the status: ${message}\n`) });
        view.say(`${time()} watching ${repo.root} for models ${models.join(', ')}${intervalMs ? `; drift check every ${flags.interval}${flags.selfHeal ? ' (self-heal)' : ''}` : ''}\n`);
        if (server) view.say(`${time()} status page at ${server.url} (Prometheus metrics at ${server.url}metrics)\n`);
        await watchModels({
          backend, runs, cwd: ctx.cwd, models, intervalMs, selfHeal: Boolean(flags.selfHeal), yes: flags.yes,
          signal: ctx.signal, env: ctx.env, leaseTtlMs: leaseTtlFrom(ctx),
          events: (event) => {
            state.event(event);
            view.events(event);
          },
          onDrift: (model, plan) => state.drift(model, plan),
          onRunFailed: (error, model) => state.error(error, model),
          log: (line) => view.say(`${time()} ${line}\n`),
          onResult: (result) => {
            state.result(result);
            view.stop();
            view.say(renderApplyReport(result));
          },
          onError: (error, model) => {
            view.stop();
            view.say(`${time()} ${model ? `model ${model}: ` : ''}reconcile failed; still watching\n`);
            reportError(error, { ...ctx, out: view.say, err: view.say });
          },
        });
        view.say(`${time()} stopped watching\n`);
      } finally {
        view.stop();
        await server?.close();
        await runs.close();
        await backend.close();
      }
      setExit(0);
    });
}
