import type { Command } from 'commander';
import { deployBundle } from '../../reconcile/deploy.js';
import { openBackend } from '../../backends/open.js';
import { openModelRuns } from '../model-backend.js';
import { ExitCode } from '../../model/errors.js';
import { renderPlan } from '../../plan/index.js';
import { renderApplyReport } from '../views/rollout-report.js';
import { parseEventFormat, rolloutView } from '../views/rollout-view.js';
import { leaseTtlFrom, waitFrom } from './apply.js';
import type { CliContext, SetExit } from '../context.js';

export function registerDeploy(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('deploy')
    .description('deploy a bundle once, as `juju deploy` does: add what is missing, remove nothing, no rolling')
    .argument('<bundle>', 'bundle file')
    .option('--overlay <file>', 'overlay applied on top, in order (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .requiredOption('--model <name>', 'model to deploy into (created if missing)')
    .option('--wait [timeout]', 'wait for another reconcile of the model to finish (default 10m)')
    .option('--events <format>', 'print progress events as ndjson on stdout')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--adopt', 'deploy into a model a repository manages; it is then managed by none until one applies it')
    .action(async (bundle: string, flags: { overlay: string[]; model: string; events?: string; controllerDir?: string; wait?: string | boolean; adopt?: boolean }) => {
      const view = rolloutView(ctx, parseEventFormat(flags.events));
      const backend = await openBackend({ ctx, controllerDir: flags.controllerDir, start: true });
      const runs = openModelRuns(ctx, backend);
      try {
        const { result } = await deployBundle({
          backend, runs, files: [bundle, ...flags.overlay], model: flags.model, cwd: ctx.cwd, events: view.events, signal: ctx.signal,
          leaseTtlMs: leaseTtlFrom(ctx), waitMs: waitFrom(flags.wait), adopt: flags.adopt,
          onPlan: (plan, secrets) => view.say(renderPlan(plan, { format: 'text', color: Boolean(ctx.color), secrets })),
        });
        view.stop();
        view.say(renderApplyReport(result));
        setExit(result.outcome === 'failed' ? ExitCode.failed : ExitCode.ok);
      } finally {
        view.stop();
        await runs.close();
        await backend.close();
      }
    });
}
