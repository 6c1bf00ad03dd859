import { loadRepoConfig, openRepo } from '../repo/index.js';
import { readGenerationFile } from './reconcile.js';
import { renderGenerationDiff, type GenerationDiffFormat } from './render-pr.js';

/**
 * The generation part of `diff --base REF --head REF`: for each model, what its generation
 * file stages at the head revision and what the change does to it. Text and Markdown only:
 * the structured formats of the plan are one document each and stay that way.
 */
export async function renderRevisionGenerations(opts: {
  cwd: string;
  base: string;
  head: string;
  model?: string;
  format: string;
}): Promise<{ text: string; changed: boolean }> {
  const shown = opts.format === 'text' || opts.format === 'markdown';
  const [baseRepo, headRepo] = await Promise.all([openRepo({ cwd: opts.cwd, rev: opts.base }), openRepo({ cwd: opts.cwd, rev: opts.head })]);
  const [baseConfig, headConfig] = await Promise.all([loadRepoConfig(baseRepo), loadRepoConfig(headRepo)]);
  const models = opts.model ? [opts.model] : [...new Set([...Object.keys(headConfig.models), ...Object.keys(baseConfig.models)])];
  const parts: string[] = [];
  for (const model of models) {
    const [before, after] = await Promise.all([readGenerationFile(baseRepo, model), readGenerationFile(headRepo, model)]);
    const secrets = [...(baseConfig.models[model]?.secrets ?? []), ...(headConfig.models[model]?.secrets ?? [])];
    // Structured formats print nothing here, but `--exit-code` still counts a generation change.
    const rendered = renderGenerationDiff(before ?? undefined, after ?? undefined, (shown ? opts.format : 'text') as GenerationDiffFormat, { model, secrets });
    if (rendered) parts.push(rendered);
  }
  return { text: shown && parts.length ? `\n${parts.join('\n')}` : '', changed: parts.length > 0 };
}
