import type { Command } from 'commander';
import { readRecentJournal } from '../../apply/read-journal.js';
import { pendingPromotion, summariseRuns, type RunRecord } from '../../apply/runs.js';
import { openBackend } from '../../backends/open.js';
import { openModelRuns } from '../model-backend.js';
import { GitopsError } from '../../model/errors.js';
import type { RepoConfig } from '../../model/config.js';
import { digestDesired } from '../../plan/index.js';
import { loadDesiredBundle, loadRepoConfig, openRepo, type Repo } from '../../repo/index.js';
import { planDigestKey } from '../digest-key.js';
import { modelsToRun, runApply, type ApplyFlags } from './apply.js';
import type { CliContext, SetExit } from '../context.js';

/**
 * `promote`: a canary run stopped after N units and recorded "waiting for promotion" in the
 * journal; promoting reconciles again with the canary lifted, so the units already moved are
 * only health-checked and the held ones follow, behind the same gates.
 */
export function registerPromote(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('promote')
    .description('continue a rollout that stopped after its canary units')
    .option('--model <name>', 'the model whose canary to promote (default: every model waiting for promotion)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .option('--wait [timeout]', 'wait for another reconcile of the model to finish (default 10m)')
    .option('--events <format>', 'print progress events as ndjson on stdout')
    .action(async (flags: Pick<ApplyFlags, 'model' | 'wait' | 'events' | 'controllerDir'>) => {
      const repo = await openRepo({ cwd: ctx.cwd });
      const config = await loadRepoConfig(repo);
      const waiting: string[] = [];
      for (const model of modelsToRun(config, flags.model)) {
        const modelConfig = config.models[model];
        const backend = await openBackend({ ctx, controller: config.controllers[modelConfig.controller], controllerName: modelConfig.controller, controllerDir: flags.controllerDir, start: true });
        const store = openModelRuns(ctx, backend, config.controllers[modelConfig.controller]);
        try {
          const runs = summariseRuns(await readRecentJournal(store, model));
          if (pendingPromotion(runs)) {
            await refuseMovedSource(ctx, repo, config, model, runs);
            waiting.push(model);
          }
        } finally {
          await store.close();
          await backend.close();
        }
      }
      if (waiting.length === 0) {
        throw new GitopsError('nothing-to-promote', flags.model ? `model ${flags.model} has no canary waiting for promotion` : 'no model has a canary waiting for promotion', {
          hint: 'a rollout waits for promotion when its policy sets canary: N; see `juju-gitops history`',
        });
      }
      setExit(await runApply(ctx, { ...flags, yes: false }, 'promote', { policyOverride: { canary: 0 }, models: waiting, repo, config }));
    });
}

/**
 * Promotion ships what the canary tested, nothing else: the canary run recorded its commit and
 * a digest of the desired state it applied, and the repository must still give exactly those.
 * Otherwise the held units would get changes no canary ever ran.
 */
async function refuseMovedSource(ctx: CliContext, repo: Repo, config: RepoConfig, model: string, runs: RunRecord[]): Promise<void> {
  const canary = [...runs].reverse().find((r) => r.end?.outcome === 'canary');
  if (!canary) return;
  const source = await repo.source();
  const tested = canary.start;
  const loaded = await loadDesiredBundle(repo, config, model);
  const digest = tested.desiredDigest
    ? digestDesired(loaded.bundle, config.models[model].secrets ?? [], await planDigestKey(ctx, repo))
    : undefined;
  const sameCommit = tested.commit === source.commit;
  const sameState = !tested.desiredDigest || digest === tested.desiredDigest;
  if (sameCommit && sameState) return;
  const name = (commit: string | undefined, dirty?: boolean) => `${commit ? commit.slice(0, 12) : 'no commit'}${dirty ? '+dirty' : ''}`;
  throw new GitopsError(
    'promote-source-moved',
    `the canary of model ${model} ran ${name(tested.commit, tested.dirty)}; the repository now gives ${name(source.commit, source.dirty)}${sameCommit ? ' with other contents' : ''}: promoting would ship what the canary never tested`,
    { hint: `run \`juju-gitops apply --model ${model}\` to start a new canary from HEAD, or return the repository to ${name(tested.commit)} to promote what was tested` },
  );
}
