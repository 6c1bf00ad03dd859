import type { Command } from 'commander';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import type { RepoConfig } from '../../model/config.js';
import { checkRepoOffers } from '../../offers/check-repo.js';
import { loadTargets, type BundleTarget, type Repo } from '../../repo/index.js';
import { generationPath, parseGeneration } from '../../generations/file.js';
import { formatDiagnostics } from '../views/diagnostics.js';
import type { CliContext, SetExit } from '../context.js';

interface ValidateFlags {
  model?: string;
  rev?: string;
  format?: string;
  overlay?: string[];
  strict?: boolean;
}

export function registerValidate(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('validate')
    .description('check bundles and overlays as Juju would read them; exit 0 when valid, 2 on errors')
    .argument('[bundle]', 'a bundle file to check instead of the models of juju-gitops.yaml')
    .option('--overlay <file>', 'an overlay applied onto the bundle file (repeatable, in order)', collect, [])
    .option('--model <name>', 'only this model of juju-gitops.yaml')
    .option('--rev <ref>', 'read the repository as it is at this git revision (nothing is checked out)')
    .option('--format <format>', 'text or json', 'text')
    .option('--strict', 'treat warnings (keys Juju ignores, duplicate keys) as errors')
    .action(async (bundle: string | undefined, flags: ValidateFlags) => setExit(await runValidate(ctx, bundle, flags)));
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runValidate(ctx: CliContext, bundle: string | undefined, flags: ValidateFlags): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') {
    throw new GitopsError('usage', `--format ${flags.format}: expected text or json`);
  }
  let targets: BundleTarget[];
  let generations = new Map<string, string>();
  try {
    const found = await loadTargets({ cwd: ctx.cwd, bundle, overlays: flags.overlay, model: flags.model, rev: flags.rev });
    targets = found.targets;
    if (found.repo && found.config) await addOfferFindings(targets, found.repo, found.config);
    if (found.repo) generations = await addGenerationFindings(targets, found.repo);
  } catch (error) {
    // A broken juju-gitops.yaml is a validation result too; in JSON it must stay JSON.
    if (flags.format !== 'json' || !(error instanceof GitopsError) || !error.diagnostics.length) throw error;
    ctx.out(JSON.stringify({ valid: false, error: { code: error.code, message: error.message }, diagnostics: error.diagnostics }, null, 2) + '\n');
    return ExitCode.error;
  }
  // Juju ignores unknown keys, so they only warn; CI that wants typo protection asks for --strict.
  if (flags.strict) for (const t of targets) t.loaded.diagnostics = t.loaded.diagnostics.map(strictly);
  const valid = targets.every((t) => !hasErrors(t.loaded.diagnostics));
  if (flags.format === 'json') {
    const results = targets.map((t) => ({
      ...(t.model ? { model: t.model } : {}),
      files: t.loaded.files,
      ...(t.model && generations.has(t.model) ? { generation: generations.get(t.model) } : {}),
      valid: !hasErrors(t.loaded.diagnostics),
      applications: Object.keys(t.loaded.bundle.applications).length,
      diagnostics: t.loaded.diagnostics,
    }));
    ctx.out(JSON.stringify({ valid, results }, null, 2) + '\n');
  } else {
    for (const target of targets) ctx.out(describe(target, generations.get(target.model ?? '')));
  }
  return valid ? ExitCode.ok : ExitCode.error;
}

/**
 * `plan` and `apply` read each model's open generation too, so validate checks it: a broken
 * `generations/<model>.yaml` fails here, in the pull request, not at reconcile.
 */
async function addGenerationFindings(targets: BundleTarget[], repo: Repo): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const target of targets) {
    if (!target.model) continue;
    const file = generationPath(target.model);
    if (!(await repo.exists(file))) continue;
    files.set(target.model, file);
    target.loaded.diagnostics.push(...parseGeneration(await repo.readFile(file), file).diagnostics);
  }
  return files;
}

/** The offline offer checks (saas URLs against recorded and declared offers), on models that are otherwise valid. */
async function addOfferFindings(targets: BundleTarget[], repo: Repo, config: RepoConfig): Promise<void> {
  const valid = new Map(targets.filter((t) => t.model && !hasErrors(t.loaded.diagnostics)).map((t) => [t.model!, t.loaded]));
  const { byModel, records } = await checkRepoOffers(repo, config, valid);
  for (const target of targets) target.loaded.diagnostics.push(...(byModel.get(target.model ?? '') ?? []));
  if (targets[0]) targets[0].loaded.diagnostics.push(...records);
}

function describe(target: BundleTarget, generation?: string): string {
  const { loaded } = target;
  const name = target.model ? `model ${target.model}` : loaded.files[0];
  const overlays = loaded.files.length - 1;
  const from = `${loaded.files[0]}${overlays ? ` + ${overlays} overlay${overlays === 1 ? '' : 's'}` : ''}${generation ? ` + ${generation}` : ''}`;
  const unique = dedupe(loaded.diagnostics);
  if (hasErrors(unique)) return `${formatDiagnostics(unique)}✗ ${name} (${from}) is not valid\n`;
  const apps = Object.keys(loaded.bundle.applications).length;
  return `${formatDiagnostics(unique)}✓ ${name} (${from}): valid, ${apps} application${apps === 1 ? '' : 's'}\n`;
}

function strictly(d: Diagnostic): Diagnostic {
  return d.severity === 'warning' ? { ...d, severity: 'error' } : d;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.code}:${d.summary}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
