import type { Command } from 'commander';
import { openBackend } from '../../backends/open.js';
import type { ModelBackend } from '../../backends/backend.js';
import type { RepoConfig } from '../../model/config.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import type { LiveModel } from '../../model/live.js';
import { findOffers, offersRecordOf, offersRecordPath, readOfferRecords, recordOffers, renderFoundOffers, type FindFormat, type OffersRecord } from '../../offers/index.js';
import { loadRepoConfig, openRepo } from '../../repo/index.js';
import type { CliContext, SetExit } from '../context.js';
import { modelsToRun } from './apply.js';

interface FindFlags {
  interface?: string;
  url?: string;
  format: string;
  live?: boolean;
  controllerDir?: string;
}

interface RecordFlags {
  model?: string;
  commit?: boolean;
  controllerDir?: string;
}

export function registerOffers(program: Command, ctx: CliContext, setExit: SetExit): void {
  const offers = program
    .command('offers')
    .description('the offers models publish: find them (from offers/*.yaml, or --live), record them');
  const find = (cmd: Command) =>
    cmd
      .option('--interface <name>', 'only offers with an endpoint of this interface')
      .option('--url <url>', 'an offer URL, or [controller:][owner/]model for every offer of a model')
      .option('--format <format>', 'text, yaml or json', 'text')
      .option('--live', 'ask the controllers instead of reading the records')
      .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
      .action(async (flags: FindFlags) => setExit(await runFind(ctx, flags)));
  find(offers.command('find', { isDefault: true }).description('list offers as `juju find-offers` does: URL, access, interfaces'));
  offers
    .command('record')
    .description('write offers/<model>.yaml from the live model')
    .option('--model <name>', 'only this model (default: every model in juju-gitops.yaml that exists)')
    .option('--commit', 'commit each changed record')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (flags: RecordFlags) => setExit(await runRecord(ctx, flags)));
}

async function runFind(ctx: CliContext, flags: FindFlags): Promise<number> {
  if (!['text', 'yaml', 'json'].includes(flags.format)) {
    throw new GitopsError('usage', `--format ${flags.format}: expected text, yaml or json`);
  }
  const repo = await openRepo({ cwd: ctx.cwd });
  const config = await loadRepoConfig(repo);
  let records: OffersRecord[];
  if (flags.live) records = (await readLiveModels(ctx, config, Object.keys(config.models), flags.controllerDir)).map(offersRecordOf);
  else {
    const read = await readOfferRecords(repo, config);
    if (read.diagnostics.length) throw new GitopsError('offers-record-invalid', 'an offers record is not valid', { diagnostics: read.diagnostics });
    records = read.records;
  }
  const found = findOffers(records, { interface: flags.interface, url: flags.url });
  ctx.out(renderFoundOffers(found, flags.format as FindFormat));
  return ExitCode.ok;
}

async function runRecord(ctx: CliContext, flags: RecordFlags): Promise<number> {
  const repo = await openRepo({ cwd: ctx.cwd });
  const config = await loadRepoConfig(repo);
  const models = modelsToRun(config, flags.model);
  const lives = await readLiveModels(ctx, config, models, flags.controllerDir);
  if (flags.model && !lives.length) throw new GitopsError('model-not-found', `model ${flags.model} does not exist on its controller yet`, { hint: 'apply it first: juju-gitops apply --model ' + flags.model });
  for (const live of lives) {
    // Without --model, a model that publishes nothing and was never recorded gets no empty record.
    if (!flags.model && !Object.keys(live.offers).length && !(await repo.exists(offersRecordPath(live.name)))) continue;
    const outcome = await recordOffers(repo, live, { commit: flags.commit });
    const count = Object.keys(live.offers).length;
    ctx.out(`${outcome.path}: ${outcome.changed ? 'recorded' : 'unchanged'}, ${count} offer${count === 1 ? '' : 's'}${outcome.commit ? ` (commit ${outcome.commit.slice(0, 7)})` : ''}\n`);
  }
  return ExitCode.ok;
}

/** The named models that exist on their controllers, one backend per controller. */
export async function readLiveModels(ctx: CliContext, config: RepoConfig, models: string[], controllerDir?: string): Promise<LiveModel[]> {
  const backends = new Map<string, ModelBackend>();
  try {
    const out: LiveModel[] = [];
    for (const model of models) {
      const controller = config.models[model].controller;
      let backend = backends.get(controller);
      if (!backend) {
        backend = await openBackend({ ctx, controller: config.controllers[controller], controllerName: controller, controllerDir });
        backends.set(controller, backend);
      }
      if (!(await backend.listModels()).some((m) => m.name === model)) continue;
      out.push(await backend.readModel(model));
    }
    return out;
  } finally {
    for (const backend of backends.values()) await backend.close();
  }
}
