import { stringify } from 'yaml';
import type { Plan } from '../model/change.js';
import { diffBundleView, type DiffBundleOptions } from './diff-bundle-view.js';
import type { ModelDiff } from './diff-types.js';

/**
 * `juju diff-bundle` output: go-yaml's style (sequences not indented under their key, YAML 1.1
 * quoting of `yes`/`on`), `{}` when nothing differs. Several models become several documents.
 */
export function renderDiffYaml(diff: Record<string, unknown>): string {
  return stringify(diff, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

export function renderPlansYaml(plans: Plan[], opts: DiffBundleOptions = {}): string {
  const view = (plan: Plan) => renderDiffYaml(diffBundleView((plan.diff ?? {}) as ModelDiff, opts));
  if (plans.length === 1) return view(plans[0]);
  return plans.map((plan) => `--- # model ${plan.model}\n${view(plan)}`).join('');
}
