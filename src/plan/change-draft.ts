import type { Change } from '../model/change.js';

/** A change before ordering has worked out what it requires. */
type WithoutRequires<T> = T extends unknown ? Omit<T, 'requires'> : never;
export type ChangeDraft = WithoutRequires<Change>;
