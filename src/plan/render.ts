import type { Plan } from '../model/change.js';
import { maskPlan } from './mask.js';
import { renderPlansMarkdown } from './render-markdown.js';
import { renderPlansText } from './render-text.js';
import { renderPlansYaml } from './render-yaml.js';

export type PlanFormat = 'text' | 'yaml' | 'json' | 'markdown';

export const planFormats: PlanFormat[] = ['text', 'yaml', 'json', 'markdown'];

export interface RenderOptions {
  format: PlanFormat;
  /** Colour the text view (a terminal); other formats ignore it. */
  color?: boolean;
  /** Option names to mask besides those that look secret. */
  secrets?: readonly string[];
  /** yaml: compare annotations too, as `juju diff-bundle --annotations` does (off by default). */
  annotations?: boolean;
}

/** Renders one or more model plans; every format masks secret options first. */
export function renderPlans(plans: Plan[], opts: RenderOptions): string {
  const masked = plans.map((plan) => maskPlan(plan, opts.secrets ?? []));
  switch (opts.format) {
    case 'yaml':
      return renderPlansYaml(masked, { annotations: opts.annotations });
    case 'json':
      return `${JSON.stringify(masked.length === 1 ? masked[0] : masked, null, 2)}\n`;
    case 'markdown':
      return renderPlansMarkdown(masked);
    default:
      return renderPlansText(masked, { color: opts.color ?? false });
  }
}

export function renderPlan(plan: Plan, opts: RenderOptions): string {
  return renderPlans([plan], opts);
}
