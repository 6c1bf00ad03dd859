import type { Command } from 'commander';
import { GitopsError } from '../../model/errors.js';
import {
  effectiveOptions,
  listDocuments,
  loadDesired,
  openWorkspace,
  secretNamesOf,
  parseAssignments,
  readGeneration,
  readLive,
  readModelFiles,
  renderEffective,
  stageSettings,
  type ConfigView,
  type StagedEdit,
} from '../../generations/index.js';
import type { CliContext, SetExit } from '../context.js';
import { generationHost } from './generation.js';

interface ConfigFlags {
  model?: string;
  generation?: string;
  reset?: string[];
  format: string;
  commit?: boolean;
  offline?: boolean;
  controllerDir?: string;
}

/**
 * `juju-gitops config APP [k=v …]`, as `juju config`: with pairs it writes them into the open
 * generation (`next`, the default while one is open) or into the bundle (`current`); alone it
 * prints the effective values and where each comes from.
 */
export function registerConfig(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('config')
    .description('set an application\'s options in the open generation or the bundle; alone, show the effective values')
    .argument('<application>')
    .argument('[pairs...]', 'options as key=value')
    .option('--model <name>', 'the model (default: the only one, or the one that has the application)')
    .option('--generation <which>', 'next: stage in the open generation (default while one is open); current: the bundle itself')
    .option('--reset <key>', 'return an option to its default (repeatable)', (v: string, all: string[] = []) => [...all, ...v.split(',')])
    .option('--format <format>', 'when showing values: text, yaml or json', 'text')
    .option('--commit', 'commit the edited file to git with a message saying what changed')
    .option('--offline', 'do not read the live model (no charm schema to type the values)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (application: string, pairs: string[], flags: ConfigFlags) => {
      const target = generationFlag(flags.generation);
      const ws = await openWorkspace(generationHost(ctx), { model: flags.model, application, controllerDir: flags.controllerDir });
      const live = flags.offline ? undefined : await readLive(generationHost(ctx), ws);
      const schema = live?.applications[application]?.charmInfo?.config;
      // One secret rule for what this prints: named like one, declared under `secrets:`, or typed secret by the charm.
      const secrets = await secretNamesOf(ws, live);
      if (pairs.length === 0 && !flags.reset?.length) {
        const format = flags.format;
        if (!['text', 'yaml', 'json'].includes(format)) throw new GitopsError('usage', `--format ${format}: expected text, yaml or json`);
        if (!(await loadDesired(ws)).applications[application]) {
          throw new GitopsError('application-not-found', `application ${application} is not in model ${ws.model}`);
        }
        const open = await readGeneration(ws);
        const view: ConfigView = target ?? (open ? 'both' : 'current');
        const options = effectiveOptions({ refs: listDocuments(await readModelFiles(ws)), application, generation: open?.generation, charmConfig: schema });
        ctx.out(renderEffective(options, { application, generation: open?.generation.name, view, format: format as 'text', secrets }));
        setExit(0);
        return;
      }
      const values = parseAssignments(pairs, schema);
      const edits: StagedEdit[] = [
        ...Object.entries(values).map(([key, value]) => ({ field: 'options' as const, key, value })),
        ...(flags.reset ?? []).map((key) => ({ field: 'options' as const, key, value: null })),
      ];
      const result = await stageSettings(ws, { application, edits, target, commit: flags.commit, secrets });
      ctx.out(`${result.message}\n`);
      if (result.commit) ctx.out(`Committed ${result.files.join(', ')} as ${result.commit.slice(0, 12)}\n`);
      setExit(0);
    });
}

function generationFlag(value: string | undefined): 'current' | 'next' | undefined {
  if (value === undefined || value === 'current' || value === 'next') return value;
  throw new GitopsError('usage', `--generation ${value}: expected current or next`, {
    hint: 'next stages the change in the open generation; current writes it into the bundle',
  });
}
