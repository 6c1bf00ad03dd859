/**
 * Model operations over the store, with Juju's semantics: each plan change, unit move or
 * generation update is one transaction, checked before or while it writes,
 * so it lands whole or not at all. Operations only record what each unit should run and mark
 * it as changing; the agent then makes the processes follow. `readModel` assembles the whole
 * live model from one bulk SELECT per table.
 */
export { applyChange } from './apply-change.js';
export { moveUnit } from './unit-change.js';
export { addModel, listModels } from './models.js';
export { attachOfferConnections, readModel, readUnits } from './read-model.js';
export { setGeneration } from './generation.js';
export { maskSecrets, requireModel, type OpsContext } from './context.js';
