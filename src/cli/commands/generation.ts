import type { Command } from 'commander';
import { GitopsError } from '../../model/errors.js';
import {
  addGeneration,
  closeGeneration,
  generationProgress,
  openWorkspace,
  secretNamesOf,
  renderGenerationStatus,
  renderStaged,
  requireGeneration,
  setTargets,
  stageSettings,
  unitInventory,
  type GenerationContext,
  type StagedEdit,
  type WriteResult,
} from '../../generations/index.js';
import { controllerCapabilities, openBackend } from '../../backends/open.js';
import type { CliContext, SetExit } from '../context.js';

interface CommonFlags {
  model?: string;
  commit?: boolean;
  offline?: boolean;
  controllerDir?: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new GitopsError('usage', `${flag} ${value}: expected one of ${allowed.join(', ')}`);
}

function report(ctx: CliContext, result: WriteResult): void {
  ctx.out(`${result.message}\n`);
  if (result.commit) ctx.out(`Committed ${result.files.join(', ')} as ${result.commit.slice(0, 12)}\n`);
}

const commitHelp = 'commit the edited files to git with a message saying what changed';
const offlineHelp = 'do not read the live model (units come from the bundle)';
const controllerDirHelp = 'folder of the local controller (default: $JUJU_GITOPS_HOME)';

/** What the generation commands may reach: the command's folder and the repository's controllers. */
export function generationHost(ctx: CliContext): GenerationContext {
  return { cwd: ctx.cwd, openBackend: (opts) => openBackend({ ctx, ...opts }), capabilities: controllerCapabilities };
}

export function registerGeneration(program: Command, ctx: CliContext, setExit: SetExit): void {
  const host = generationHost(ctx);
  const generation = program
    .command('generation')
    .description('stage changes in generations/<model>.yaml and roll them to chosen units first (canaries)');

  generation
    .command('add')
    .description('open a new generation for the model (refused while one is open)')
    .option('--model <name>', 'the model (default: the only one)')
    .option('--name <name>', 'name of the generation (default: gen-<date>-<time>)')
    .option('--commit', commitHelp)
    .action(async (flags: CommonFlags & { name?: string }) => {
      const ws = await openWorkspace(host, flags);
      report(ctx, await addGeneration(ws, { name: flags.name, commit: flags.commit }));
      setExit(0);
    });

  generation
    .command('set')
    .description('append units (keystone/0) or whole applications to the targets; reconcile moves them in order')
    .argument('<targets...>', 'units or applications')
    .option('--model <name>', 'the model (default: the only one, or the one that has the application)')
    .option('--commit', commitHelp)
    .option('--offline', offlineHelp)
    .option('--controller-dir <dir>', controllerDirHelp)
    .action(async (targets: string[], flags: CommonFlags) => {
      const ws = await openWorkspace(host, { ...flags, application: targets[0]?.split('/')[0] });
      report(ctx, await setTargets(host, ws, { targets, commit: flags.commit, offline: flags.offline }));
      setExit(0);
    });

  generation
    .command('refresh')
    .description('stage a charm upgrade of an application in the open generation')
    .argument('<application>')
    .option('--model <name>', 'the model (default: the only one, or the one that has the application)')
    .option('--revision <n>', 'charm revision')
    .option('--channel <channel>', 'charm channel, e.g. 2024.1/stable')
    .option('--charm <charm>', 'switch to this charm')
    .option('--resource <name=value>', 'pin a resource revision or file (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--commit', commitHelp)
    .action(async (application: string, flags: CommonFlags & { revision?: string; channel?: string; charm?: string; resource?: string[] }) => {
      const edits = refreshEdits(flags);
      const ws = await openWorkspace(host, { model: flags.model, application });
      report(ctx, await stageSettings(ws, { application, edits, target: 'next', commit: flags.commit, secrets: await secretNamesOf(ws) }));
      setExit(0);
    });

  generation
    .command('diff')
    .description('the staged changes only, as an overlay')
    .option('--model <name>', 'the model (default: the only one)')
    .option('--format <format>', 'yaml, json or markdown', 'yaml')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = oneOf('--format', flags.format, ['yaml', 'json', 'markdown'] as const);
      const ws = await openWorkspace(host, flags);
      const { generation: gen } = await requireGeneration(ws);
      ctx.out(renderStaged(gen, { model: ws.model, format, secrets: await secretNamesOf(ws) }));
      setExit(0);
    });

  for (const action of ['commit', 'cancel'] as const) {
    generation
      .command(action)
      .description(
        action === 'commit'
          ? 'fold a complete generation (every unit of every changed application tracks it) into the bundle'
          : 'close the generation: changes every unit of their application runs are folded into the bundle, the rest dropped',
      )
      .option('--model <name>', 'the model (default: the only one)')
      .option('--commit', commitHelp)
      .option('--offline', offlineHelp)
    .option('--controller-dir <dir>', controllerDirHelp)
      .action(async (flags: CommonFlags) => {
        const ws = await openWorkspace(host, flags);
        report(ctx, await closeGeneration(host, ws, { action, commit: flags.commit, offline: flags.offline }));
        setExit(0);
      });
  }

  generation
    .command('status')
    .description('per changed application: progress (1/3), units tracking the generation and units behind it')
    .option('--model <name>', 'the model (default: the only one)')
    .option('--format <format>', 'text, yaml or json', 'text')
    .option('--offline', offlineHelp)
    .option('--controller-dir <dir>', controllerDirHelp)
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = oneOf('--format', flags.format, ['text', 'yaml', 'json'] as const);
      const ws = await openWorkspace(host, flags);
      const { generation: gen } = await requireGeneration(ws);
      const { inventory, live } = await unitInventory(host, ws, flags.offline);
      const progress = generationProgress(gen, inventory, live);
      ctx.out(renderGenerationStatus(gen, progress, { model: ws.model, format, secrets: await secretNamesOf(ws) }));
      setExit(0);
    });
}

function refreshEdits(flags: { revision?: string; channel?: string; charm?: string; resource?: string[] }): StagedEdit[] {
  const edits: StagedEdit[] = [];
  if (flags.charm) edits.push({ field: 'charm', value: flags.charm });
  if (flags.channel) edits.push({ field: 'channel', value: flags.channel });
  if (flags.revision !== undefined) {
    if (!/^\d+$/.test(flags.revision)) throw new GitopsError('usage', `--revision ${flags.revision}: expected a revision number`);
    edits.push({ field: 'revision', value: Number(flags.revision) });
  }
  for (const pin of flags.resource ?? []) {
    const eq = pin.indexOf('=');
    if (eq <= 0) throw new GitopsError('usage', `--resource ${pin}: expected name=revision or name=path`);
    const value = pin.slice(eq + 1);
    edits.push({ field: 'resources', key: pin.slice(0, eq), value: /^\d+$/.test(value) ? Number(value) : value });
  }
  if (edits.length === 0) {
    throw new GitopsError('usage', 'nothing to stage', { hint: 'give --revision, --channel, --charm or --resource' });
  }
  return edits;
}
