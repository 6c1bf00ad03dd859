import { isRecord, type Raw } from './merge.js';
import { closestMatch } from './suggest.js';
import type { Report } from './report.js';

/** Relations: two endpoints, each naming an application or saas entry, no self or duplicates. */
export function verifyRelations(bundle: Raw, report: Report): void {
  const apps = isRecord(bundle.applications) ? bundle.applications : {};
  const saas = isRecord(bundle.saas) ? bundle.saas : {};
  const relations = Array.isArray(bundle.relations) ? bundle.relations : [];
  const seen = new Set<string>();
  relations.forEach((relation, i) => {
    const path = ['relations', i];
    if (!Array.isArray(relation) || relation.length !== 2) {
      const n = Array.isArray(relation) ? relation.length : 0;
      report(path, { code: 'relation-arity', summary: `relation ${JSON.stringify(relation)} has ${n} endpoint(s), not 2`, hint: 'write each relation as a pair: - [app-a:endpoint, app-b:endpoint]' });
      return;
    }
    const ends: { app: string; endpoint: string }[] = [];
    relation.forEach((end: unknown, j: number) => {
      if (typeof end !== 'string') return;
      const colon = end.indexOf(':');
      const app = colon < 0 ? end : end.slice(0, colon);
      const endpoint = colon < 0 ? '' : end.slice(colon + 1);
      if (app === '' || (colon >= 0 && endpoint === '')) {
        report([...path, j], { code: 'relation-invalid-endpoint', summary: `invalid relation endpoint ${JSON.stringify(end)}`, hint: 'write application or application:endpoint' });
        return;
      }
      const isApp = app in apps;
      const isSaas = app in saas;
      if (!isApp && !isSaas) {
        const guess = closestMatch(app, [...Object.keys(apps), ...Object.keys(saas)]);
        report([...path, j], {
          code: 'relation-unknown-application',
          summary: `relation ${JSON.stringify(relation)} refers to application \`${app}\` not defined in this bundle`,
          hint: guess ? `did you mean \`${guess}\`?` : 'add the application, or a `saas:` entry for an offer from another model',
        });
      }
      if (isApp && isSaas) report([...path, j], { code: 'relation-ambiguous', summary: `relation endpoint \`${app}\` names both an application and a SAAS entry` });
      ends.push({ app, endpoint });
    });
    if (ends.length !== 2) return;
    if (ends[0].app === ends[1].app) {
      report(path, { code: 'relation-self', summary: `relation ${JSON.stringify(relation)} relates an application to itself` });
      return;
    }
    const a = `${ends[0].app}:${ends[0].endpoint}`;
    const b = `${ends[1].app}:${ends[1].endpoint}`;
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    if (seen.has(key)) report(path, { code: 'relation-duplicate', summary: `relation ${JSON.stringify(relation)} is defined more than once`, hint: 'remove the repeated relation' });
    seen.add(key);
  });
}
