import type { Change } from '../../model/change.js';
import { GitopsError } from '../../model/errors.js';
import { configureApplication, exposeApplication, healApplicationUnits, refreshApplication, updateApplication } from './app-changes.js';
import { requireModel, type OpsContext } from './context.js';
import { deployApplication, removeApplication, scaleApplication } from './deploy.js';
import { addMachine, removeMachine } from './machines.js';
import { consumeOffer, grantAccess, removeOffer, removeSaas, revokeAccess, upsertOffer } from './offers.js';
import { relate, unrelate } from './relations.js';

/**
 * Applies one plan change to a model in a single transaction: every check runs before or
 * among the writes, and any failure rolls all of them back, so a change lands whole or not at all.
 */
export function applyChange(ctx: OpsContext, modelName: string, change: Change): void {
  ctx.store.transaction(() => {
    const model = requireModel(ctx, modelName);
    switch (change.kind) {
      case 'add-machine':
        return void addMachine(ctx, model, change.spec ?? {}, change.machine);
      case 'remove-machine':
        return removeMachine(ctx, model, change.machine);
      case 'deploy':
        return deployApplication(ctx, model, change.application, change.spec);
      case 'scale':
        return scaleApplication(ctx, model, change.application, change.units, change.to);
      case 'config':
        return configureApplication(ctx, model, change.application, change.set ?? {}, change.unset ?? []);
      case 'refresh':
        return refreshApplication(ctx, model, change.application, change.to);
      case 'heal-units':
        return healApplicationUnits(ctx, model, change.application, change.units.map((u) => u.unit));
      case 'expose':
        return exposeApplication(ctx, model, change.application, change.expose, change.exposedEndpoints);
      case 'update-application':
        return updateApplication(ctx, model, change.application, change.field, change.value);
      case 'relate':
        return relate(ctx, model, change.endpoints);
      case 'unrelate':
        return unrelate(ctx, model, change.endpoints);
      case 'offer':
        return upsertOffer(ctx, model, change.application, change.offer, change.endpoints);
      case 'remove-offer':
        return removeOffer(ctx, model, change.offer, { force: change.force });
      case 'grant':
        return grantAccess(ctx, model, change.offer, change.user, change.access);
      case 'revoke':
        return revokeAccess(ctx, model, change.offer, change.user, change.access);
      case 'consume':
        return consumeOffer(ctx, model, change.saas, change.url);
      case 'remove-saas':
        return removeSaas(ctx, model, change.saas);
      case 'remove-application':
        return removeApplication(ctx, model, change.application);
      default:
        throw new GitopsError('change-unknown', `unknown change kind ${JSON.stringify((change as { kind: unknown }).kind)}`);
    }
  });
}
