import { parseOfferUrl } from '../../bundle/offer-url.js';
import { GitopsError } from '../../model/errors.js';
import type { CharmEndpoint, LiveRelationEndpoint } from '../../model/live.js';
import type { ApplicationRow, ModelRow } from '../store/rows.js';
import { charmOf } from './applications.js';
import { recordEvent, type OpsContext } from './context.js';
import { offerControllerDir, readExchange } from './peers.js';
import { relationRows } from './relation-rows.js';

interface Side {
  application: string;
  endpoint?: string;
  /** The side's endpoints when its charm is known; undefined for opaque charms. */
  known?: Record<string, CharmEndpoint>;
}

export function relate(ctx: OpsContext, model: ModelRow, pair: [string, string]): void {
  const [a, b] = pair.map((text) => side(ctx, model, text));
  if (a.application === b.application) throw new GitopsError('relation-self', `cannot relate ${a.application} to itself`);
  const [ea, eb] = chooseEndpoints(a, b);
  const endpoints: LiveRelationEndpoint[] = [ea, eb];
  const existing = relationRows(ctx, model.id);
  const key = relationKey(endpoints);
  if (existing.some((r) => relationKey(r.endpoints) === key)) {
    throw new GitopsError('relation-exists', `relation ${describe(endpoints)} already exists`);
  }
  const id = ctx.store.runGet<{ id: number }>(
    'UPDATE models SET next_relation = next_relation + 1 WHERE id = ? RETURNING next_relation - 1 AS id',
    model.id,
  )!.id;
  const scope = a.known?.[ea.endpoint]?.scope === 'container' || b.known?.[eb.endpoint]?.scope === 'container' ? 'container' : 'global';
  ctx.store.run(
    'INSERT INTO relations (model_id, id, endpoints, interface, scope) VALUES (?, ?, ?, ?, ?)',
    model.id,
    id,
    JSON.stringify(endpoints),
    ea.interface ?? eb.interface ?? null,
    scope,
  );
  recordEvent(ctx, model.name, 'relate', describe(endpoints), { id });
}

export function unrelate(ctx: OpsContext, model: ModelRow, pair: [string, string]): void {
  const wanted = pair.map(parseEndpoint);
  const matches = relationRows(ctx, model.id).filter((r) => {
    const [x, y] = r.endpoints;
    const fits = (e: LiveRelationEndpoint, w: { application: string; endpoint?: string }) =>
      e.application === w.application && (!w.endpoint || e.endpoint === w.endpoint);
    return (fits(x, wanted[0]) && fits(y, wanted[1])) || (fits(x, wanted[1]) && fits(y, wanted[0]));
  });
  if (!matches.length) throw new GitopsError('relation-not-found', `no relation between ${pair[0]} and ${pair[1]} in model ${model.name}`);
  if (matches.length > 1) {
    throw new GitopsError('relation-ambiguous', `${pair[0]} and ${pair[1]} have ${matches.length} relations`, {
      hint: 'name the endpoints, e.g. app:endpoint',
    });
  }
  ctx.store.run('DELETE FROM relations WHERE model_id = ? AND id = ?', model.id, matches[0].id);
  recordEvent(ctx, model.name, 'unrelate', describe(matches[0].endpoints), { id: matches[0].id });
}

/** Endpoints a saas entry exposes, when it consumes an offer of this same controller. */
export function saasEndpoints(ctx: OpsContext, url: string): Record<string, CharmEndpoint> | undefined {
  const parsed = parseOfferUrl(url);
  if (!parsed) return undefined;
  const elsewhere = offerControllerDir(ctx, parsed);
  if (elsewhere) return readExchange(elsewhere, parsed.model)?.offers[parsed.offer]?.endpoints;
  const offer = ctx.store.get<{ endpoints: string; charm_dir: string | null }>(
    `SELECT o.endpoints, a.charm_dir FROM offers o JOIN models m ON m.id = o.model_id
       JOIN applications a ON a.model_id = o.model_id AND a.name = o.application
     WHERE m.name = ? AND o.name = ?`,
    parsed.model,
    parsed.offer,
  );
  if (!offer) return undefined;
  const known = charmOf(ctx, offer)?.info.endpoints;
  if (!known) return undefined;
  return Object.fromEntries((JSON.parse(offer.endpoints) as string[]).filter((e) => known[e]).map((e) => [e, known[e]]));
}

function parseEndpoint(text: string): { application: string; endpoint?: string } {
  const [application, endpoint] = text.split(':');
  return endpoint ? { application, endpoint } : { application };
}

function side(ctx: OpsContext, model: ModelRow, text: string): Side {
  const { application, endpoint } = parseEndpoint(text);
  const app = ctx.store.get<ApplicationRow>('SELECT * FROM applications WHERE model_id = ? AND name = ?', model.id, application);
  if (app) return { application, endpoint, known: charmOf(ctx, app)?.info.endpoints };
  const saas = ctx.store.get<{ url: string }>('SELECT url FROM saas WHERE model_id = ? AND name = ?', model.id, application);
  if (saas) return { application, endpoint, known: saasEndpoints(ctx, saas.url) };
  throw new GitopsError('application-not-found', `relation endpoint ${text}: no application or saas ${application} in model ${model.name}`);
}

const compatible = (x: CharmEndpoint, y: CharmEndpoint) =>
  x.interface === y.interface && ((x.role === 'provider' && y.role === 'requirer') || (x.role === 'requirer' && y.role === 'provider'));

/**
 * Picks the endpoints of a relation as Juju infers them: a named endpoint must exist, a bare
 * application name matches the one endpoint whose interface fits the other side. Sides whose
 * charm is opaque keep what was written (an empty endpoint when none was).
 */
function chooseEndpoints(a: Side, b: Side): [LiveRelationEndpoint, LiveRelationEndpoint] {
  for (const s of [a, b]) {
    if (s.endpoint && s.known && !s.known[s.endpoint]) {
      throw new GitopsError('endpoint-not-found', `${s.application} has no endpoint ${s.endpoint}`, {
        hint: `its endpoints: ${Object.keys(s.known).join(', ') || '(none)'}`,
      });
    }
  }
  const options = (s: Side) =>
    s.known ? Object.entries(s.known).filter(([name, e]) => (!s.endpoint || name === s.endpoint) && e.role !== 'peer') : undefined;
  const oa = options(a);
  const ob = options(b);
  if (oa && ob) {
    const pairs = oa.flatMap(([na, ea]) => ob.filter(([, eb]) => compatible(ea, eb)).map(([nb, eb]) => [na, ea, nb, eb] as const));
    if (pairs.length !== 1) {
      throw new GitopsError(pairs.length ? 'relation-ambiguous' : 'relation-no-match', pairs.length
        ? `${a.application} and ${b.application} can relate through ${pairs.length} endpoint pairs`
        : `${a.application}${a.endpoint ? `:${a.endpoint}` : ''} and ${b.application}${b.endpoint ? `:${b.endpoint}` : ''} have no matching endpoints`, {
        hint: pairs.length ? 'name the endpoints, e.g. app:endpoint' : 'a provider and a requirer of the same interface are needed',
      });
    }
    const [na, ea, nb, eb] = pairs[0];
    return [endpointOf(a.application, na, ea), endpointOf(b.application, nb, eb)];
  }
  const pick = (s: Side, o: ReturnType<typeof options>, other?: CharmEndpoint): LiveRelationEndpoint => {
    if (s.endpoint) return endpointOf(s.application, s.endpoint, s.known?.[s.endpoint]);
    const fits = o?.filter(([, e]) => !other || compatible(e, other));
    return fits?.length === 1 ? endpointOf(s.application, fits[0][0], fits[0][1]) : { application: s.application, endpoint: '' };
  };
  const first = pick(a, oa, b.endpoint ? b.known?.[b.endpoint] : undefined);
  const second = pick(b, ob, a.known?.[first.endpoint]);
  return [first, second];
}

function endpointOf(application: string, endpoint: string, spec?: CharmEndpoint): LiveRelationEndpoint {
  return { application, endpoint, ...(spec ? { role: spec.role, interface: spec.interface } : {}) };
}

function relationKey(endpoints: LiveRelationEndpoint[]): string {
  return endpoints.map((e) => `${e.application}:${e.endpoint}`).sort().join(' ');
}

function describe(endpoints: LiveRelationEndpoint[]): string {
  return endpoints.map((e) => (e.endpoint ? `${e.application}:${e.endpoint}` : e.application)).join(' - ');
}
