import { stringify } from 'yaml';
import type { GenerationFile } from './file.js';
import { markdownCell, maskedChanges, settingRows, showValue } from './settings.js';

/**
 * `generation diff`: the staged changes only, as an overlay — the YAML is a valid Juju overlay
 * a reviewer (or `juju deploy --overlay`) can read as it is — or as JSON or a Markdown table.
 */
export type StagedFormat = 'yaml' | 'json' | 'markdown';

export interface StagedRenderOptions {
  model: string;
  format: StagedFormat;
  secrets?: readonly string[];
}

export function stagedFor(generation: GenerationFile): string {
  return generation.targets.length ? generation.targets.join(', ') : 'no units yet';
}

export function renderStaged(generation: GenerationFile, opts: StagedRenderOptions): string {
  const secrets = opts.secrets ?? [];
  const applications = maskedChanges(generation.applications, secrets);
  switch (opts.format) {
    case 'json':
      return `${JSON.stringify({ generation: generation.name, model: opts.model, created: generation.created, targets: generation.targets, applications }, null, 2)}\n`;
    case 'yaml': {
      const head = `# generation ${generation.name} of model ${opts.model}, staged for ${stagedFor(generation)}\n`;
      return head + stringify({ applications }, { version: '1.1', lineWidth: 0 });
    }
    case 'markdown': {
      const rows = settingRows(generation.applications);
      const lines = [
        `### Generation \`${generation.name}\` of model \`${opts.model}\``,
        '',
        `Staged for ${stagedFor(generation)}.`,
        '',
      ];
      if (rows.length === 0) lines.push('No changes staged yet.');
      else {
        lines.push('| Application | Setting | Value |', '|---|---|---|');
        for (const row of rows) lines.push(`| ${row.application} | ${row.setting} | ${markdownCell(showValue(row, secrets))} |`);
      }
      return `${lines.join('\n')}\n`;
    }
  }
}
