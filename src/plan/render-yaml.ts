import { stringify } from 'yaml';
import type { Plan } from '../model/change.js';

/**
 * `juju diff-bundle` output: go-yaml's style (sequences not indented under their key, YAML 1.1
 * quoting of `yes`/`on`), `{}` when nothing differs. Several models become several documents.
 */
export function renderDiffYaml(diff: Record<string, unknown>): string {
  return stringify(diff, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

export function renderPlansYaml(plans: Plan[]): string {
  if (plans.length === 1) return renderDiffYaml(plans[0].diff ?? {});
  return plans.map((plan) => `--- # model ${plan.model}\n${renderDiffYaml(plan.diff ?? {})}`).join('');
}
