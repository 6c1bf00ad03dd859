/**
 * Offers as a recorded inventory. After a reconcile that touches a model's offers (or on
 * `offers record`), `offers/<model>.yaml` holds what the model publishes, read from the live
 * model: URLs, endpoints with interface and role, access, and the consuming relations. The
 * records make the offer graph visible offline: `offers find` searches them as
 * `juju find-offers` does, `validate` checks each saas URL and the relations made through it
 * against recorded and declared offers, and `apply` reconciles offering models before their
 * consumers. Pure: record, url, known-offers, check-saas, find, order-models, graph.
 * Effects: records-io (read, write, commit), repo-models, check-repo.
 */
export { offersRecordOf, offersRecordPath, renderOffersRecord, type ConsumerRecord, type OfferRecord, type OffersRecord } from './record.js';
export { parseOfferUrl, type OfferUrlParts } from '../bundle/offer-url.js';
export { fullOfferUrl, shortOfferUrl } from './url.js';
export { declaredOffers, knownOffers, recordedOffers, type KnownOffer, type RepoModel } from './known-offers.js';
export { checkSaasOffers, type SaasCheckInput } from './check-saas.js';
export { findOffers, renderFoundOffers, type FindFilter, type FindFormat, type FoundOffer } from './find.js';
export { modelDependencies, orderModelsByOffers, type ModelDependency } from './order-models.js';
export { offerGraphFromLive, offerGraphFromRecords, type OfferGraph } from './graph.js';
export { readOfferRecords, recordOffers, type RecordOutcome } from './records-io.js';
export { loadRepoModels, type LoadedRepoModel } from './repo-models.js';
export { checkRepoOffers } from './check-repo.js';
export { orderRepoModels, recordAfterReconcile, requireConsumedOffers } from './after-reconcile.js';
export { renderOfferImpact, withRecordedConsumers } from './impact.js';
