import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { canTransfer } from '../../backends/transfer.js';
import { parseDocuments } from '../../bundle/parse.js';
import { checkSchema } from '../../bundle/schema-check.js';
import { hasErrors } from '../../model/diagnostic.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { withheldSecrets, type ModelExport } from '../../model/export.js';
import { exportBundle, renderExportedBundle } from '../../migrate/export-bundle.js';
import { exportModel } from '../../migrate/export-model.js';
import { exportTerraform } from '../../migrate/export-terraform.js';
import { upgradeExport } from '../../migrate/upgrade-export.js';
import type { CliContext, SetExit } from '../context.js';
import { openModelBackend, optionalRepo, secretRule } from '../model-backend.js';

const formats = ['export', 'bundle', 'terraform'] as const;

export function registerExport(program: Command, ctx: CliContext, setExit: SetExit): void {
  program
    .command('export')
    .description('write the whole live model: the versioned export format, a Juju bundle, or Terraform HCL')
    .requiredOption('-m, --model <model>', 'model to export')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--format <format>', 'export (the versioned format), bundle (as juju export-bundle) or terraform', 'export')
    .option('--reveal', 'include secret option values (keep the file private)')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (opts: { model: string; output?: string; format: string; reveal?: boolean; controllerDir?: string }) => {
      if (!(formats as readonly string[]).includes(opts.format)) {
        throw new GitopsError('format-invalid', `unknown export format ${JSON.stringify(opts.format)}`, { hint: `use ${formats.join(', ')}` });
      }
      const found = await optionalRepo(ctx);
      const backend = await openModelBackend(ctx, { model: opts.model, controllerDir: opts.controllerDir, config: found?.config });
      const live = await backend.readModel(opts.model).finally(() => backend.close());
      const doc = exportModel(live, { exportedAt: new Date().toISOString(), kind: backend.kind, isSecret: secretRule(live, found?.config), revealSecrets: Boolean(opts.reveal) });
      const text =
        opts.format === 'bundle' ? renderExportedBundle(exportBundle(doc))
        : opts.format === 'terraform' ? exportTerraform(doc)
        : stringify(doc, { lineWidth: 0 });
      if (opts.reveal) ctx.err('warning: the export holds secret values in clear; keep it out of the repository and of CI logs\n');
      const withheld = withheldSecrets(doc);
      if (withheld.length && opts.format !== 'terraform') ctx.err(`note: secret values withheld: ${withheld.join(', ')} (use --reveal to include them)\n`);
      if (opts.output) {
        await writeFile(path.resolve(ctx.cwd, opts.output), text, { mode: opts.reveal ? 0o600 : 0o644 });
        ctx.out(`Model ${opts.model} exported to ${opts.output} (${opts.format})\n`);
      } else ctx.out(text);
      setExit(ExitCode.ok);
    });

  program
    .command('import')
    .description('load a model export into an embedded controller')
    .argument('<file>', 'an export written by `juju-gitops export`')
    .option('--controller <name>', 'controller of juju-gitops.yaml to import into (default: local)')
    .option('--model <name>', 'import under this model name')
    .option('--controller-dir <dir>', 'folder of the local controller (default: $JUJU_GITOPS_HOME)')
    .action(async (file: string, opts: { controller?: string; model?: string; controllerDir?: string }) => {
      const doc = await readExport(path.resolve(ctx.cwd, file), file);
      if (opts.model) doc.model = { ...doc.model, name: opts.model };
      const found = await optionalRepo(ctx);
      const backend = await openModelBackend(ctx, { model: doc.model.name, controller: opts.controller ?? 'local', controllerDir: opts.controllerDir, config: found?.config });
      try {
        if (!canTransfer(backend)) throw new GitopsError('import-unsupported', `controller ${backend.controllerName} cannot import models`, { hint: 'import into an embedded (local) controller' });
        await backend.importModel(doc);
      } finally {
        await backend.close();
      }
      const units = Object.values(doc.applications).reduce((n, a) => n + Object.keys(a.units).length, 0);
      ctx.out(`Imported model ${doc.model.name} (${Object.keys(doc.applications).length} applications, ${units} units) into controller ${backend.controllerName}\n`);
      setExit(ExitCode.ok);
    });
}

/** Reads, checks against the schema (with positions) and upgrades an export file. */
async function readExport(abs: string, shown: string): Promise<ModelExport> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (error) {
    throw new GitopsError('file-not-found', `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const parsed = parseDocuments(text, { file: shown, absPath: abs });
  const diagnostics = [...parsed.diagnostics];
  const part = parsed.documents[0];
  if (!part || part.value === null || typeof part.value !== 'object') {
    diagnostics.push({ code: 'export-empty', severity: 'error', summary: `${shown} holds no model export`, hint: 'write one with `juju-gitops export --model M -o FILE`', file: shown, line: 1, col: 1 });
  }
  if (hasErrors(diagnostics)) throw new GitopsError('export-invalid', `${shown} is not a valid model export`, { diagnostics });
  const upgraded = upgradeExport(part!.value as Record<string, unknown>, shown);
  const problems = checkSchema({ ...part!, value: upgraded }, 'export');
  if (hasErrors(problems)) throw new GitopsError('export-invalid', `${shown} is not a valid model export`, { diagnostics: problems });
  return upgraded as unknown as ModelExport;
}
