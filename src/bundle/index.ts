/**
 * Bundles as Juju reads them. `loadBundleFiles` reads the base file and each overlay, parses
 * every `---` document once (yaml, YAML 1.1 like go-yaml), checks each document against its JSON
 * Schema and for unknown or misspelt keys, normalises it (scale → num_units, placement → to,
 * local charm paths made absolute, include-file:// and include-base64:// resolved relative to
 * the file holding them and confined to the repository), merges the documents in order with
 * Juju's overlay rules, and finally runs Juju's semantic checks on the composed bundle, and
 * checks what it asks of local charm folders (their options and endpoints). Files must be UTF-8
 * text, and symbolic links may not lead reads out of the repository.
 * Problems come back as positioned diagnostics, never as exceptions; syntax trees are kept so
 * positions are only computed when a diagnostic or `locate` asks for one.
 */
export type { LoadedBundle, LoadOptions, SourcePosition } from './types.js';
export { loadBundleFiles, loadBundleTexts } from './load.js';
export { parseDocuments, type ParsedDocument } from './parse.js';
export { mergeOverlay } from './merge.js';
export { validateBundle } from './verify.js';
export { renderBundle } from './render.js';
export { editDistance, closestMatch } from './suggest.js';
export { isSecretOption, maskOptionValues, maskSecrets, maskedInLabel, maskedInPlan, maskedValue } from '../model/secrets.js';
