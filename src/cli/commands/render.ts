import type { Command } from 'commander';
import { maskSecrets, renderBundle } from '../../bundle/index.js';
import { hasErrors } from '../../model/diagnostic.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { loadTargets } from '../../repo/index.js';
import { formatDiagnostics } from '../views/diagnostics.js';
import type { CliContext, SetExit } from '../context.js';
import { collect } from './validate.js';

interface RenderFlags {
  model?: string;
  overlay?: string[];
  reveal?: boolean;
}

export function registerRender(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('render')
    .description('print the composed bundle (base + overlays, includes resolved) as Juju would deploy it')
    .argument('[bundle]', 'a bundle file to render instead of a model of juju-gitops.yaml')
    .option('--overlay <file>', 'an overlay applied onto the bundle file (repeatable, in order)', collect, [])
    .option('--model <name>', 'the model of juju-gitops.yaml to render (needed when there are several)')
    .option('--reveal', 'print secret option values in clear, for a bundle to give to `juju deploy`')
    .action(async (bundle: string | undefined, flags: RenderFlags) => setExit(await runRender(ctx, bundle, flags)));
}

async function runRender(ctx: CliContext, bundle: string | undefined, flags: RenderFlags): Promise<number> {
  const { targets, config } = await loadTargets({ cwd: ctx.cwd, bundle, overlays: flags.overlay, model: flags.model });
  if (targets.length !== 1) {
    throw new GitopsError('usage', `juju-gitops.yaml has ${targets.length} models; choose one with --model`, {
      hint: `models: ${Object.keys(config?.models ?? {}).join(', ')}`,
    });
  }
  const [target] = targets;
  if (hasErrors(target.loaded.diagnostics)) {
    ctx.err(formatDiagnostics(target.loaded.diagnostics));
    return ExitCode.error;
  }
  const warnings = target.loaded.diagnostics;
  if (warnings.length) ctx.err(formatDiagnostics(warnings));
  const { bundle: safe, masked } = maskSecrets(target.loaded.bundle, [...target.secrets, ...(target.loaded.secretOptions ?? [])]);
  if (flags.reveal) {
    if (masked.length) ctx.err(`warning: --reveal prints secret values in clear (${masked.join(', ')}); keep this output out of logs, reviews and CI artefacts\n`);
    ctx.out(renderBundle(target.loaded.bundle));
    return ExitCode.ok;
  }
  ctx.out(renderBundle(safe));
  if (masked.length) ctx.err(`note: secret option values are masked: ${masked.join(', ')} (--reveal prints them)\n`);
  return ExitCode.ok;
}
