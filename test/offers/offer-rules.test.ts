import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/model/bundle.js';
import type { LiveModel, OfferConnection } from '../../src/model/live.js';
import { buildPlan } from '../../src/plan/index.js';
import { webBundle, webLive } from '../plan/fixtures.js';
import { embeddedControllerCapabilities } from '../../src/backends/local/capabilities.js';

/** Juju's offer rules, as the planner applies them (JUJU-FORMATS §6.3; Juju 4 has no in-place offer update). */
const connected: OfferConnection[] = [
  { sourceModel: 'shop', application: 'frontend', saas: 'web', relationId: 4, endpoint: 'website', username: 'admin', status: 'joined' },
];

function withOffer(endpoints: string[], acl: Record<string, 'read' | 'consume' | 'admin'> = {}): Bundle {
  const b = webBundle();
  b.applications.appserver.offers = { web: { endpoints, acl } };
  return b;
}

function offeredLive(connections: OfferConnection[] = []): LiveModel {
  const live = webLive();
  live.applications.appserver.charmInfo!.endpoints.admin = { interface: 'http-admin', role: 'provider' };
  live.offers.web = {
    name: 'web', application: 'appserver', url: 'local:admin/web.web', endpoints: ['website'],
    acl: { admin: 'admin', 'everyone@external': 'read', bob: 'consume' }, connections,
  };
  return live;
}

const plan = (desired: Bundle, live: LiveModel, prune = false, dialect: '3.6' | '4.0' = '4.0') =>
  buildPlan({ capabilities: embeddedControllerCapabilities, desired, live, model: 'web', controller: 'local', prune, dialect, now: new Date(0) });
const summary = (p: ReturnType<typeof plan>) => [...p.changes, ...p.removals].map((c) => `${c.id} ${c.classification}`);

describe("Juju's offer rules", () => {
  it('an identical re-offer is no change at all', () => {
    expect(summary(plan(withOffer(['website'], { bob: 'consume' }), offeredLive(connected)))).toEqual([]);
  });

  it('on Juju 3.6, changing the endpoints of an offer updates it in place, as createOffer does', () => {
    expect(summary(plan(withOffer(['admin', 'website'], { bob: 'consume' }), offeredLive(connected), false, '3.6'))).toEqual(['offer-web in-place']);
  });

  it('on Juju 4, changing the endpoints of an offer removes and creates it again, destructively, with its grants', () => {
    const p = plan(withOffer(['admin', 'website'], { bob: 'consume' }), offeredLive());
    expect(summary(p)).toEqual(['remove-offer-web destructive', 'offer-web in-place', 'grant-web-bob in-place']);
    expect(p.changes[1].requires).toContain('remove-offer-web');
    expect(p.changes[0]).not.toHaveProperty('force');
  });

  it('replacing an offer with consumers names them and needs force', () => {
    const p = plan(withOffer(['admin', 'website'], { bob: 'consume' }), offeredLive(connected));
    expect(p.changes[0]).toMatchObject({ kind: 'remove-offer', force: true, consumers: ['shop:frontend'] });
    expect(p.changes[0].description).toBe('remove offer web (appserver:website) to create it again as appserver:admin,website (Juju 4 cannot update an offer in place), breaking the relations of shop:frontend');
  });

  it('removing an offer is a removal, only with prune, and forced when consumers are connected', () => {
    expect(summary(plan(webBundle(), offeredLive(connected)))).toEqual([]);
    const p = plan(webBundle(), offeredLive(connected), true);
    expect(summary(p)).toEqual(['remove-offer-web destructive']);
    expect(p.removals[0]).toMatchObject({ force: true, consumers: ['shop:frontend'] });
  });

  it('an access reduction is a revoke, only with prune, listed apart', () => {
    expect(summary(plan(withOffer(['website']), offeredLive()))).toEqual([]);
    const p = plan(withOffer(['website']), offeredLive(), true);
    expect(p.changes).toEqual([]);
    expect(summary(p)).toEqual(['revoke-web-bob destructive']);
  });
});
