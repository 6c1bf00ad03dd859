import path from 'node:path';

/** Folder of the real bundles and overlays used as fixtures (see test/corpus/README.md). */
export const corpusBundles = path.resolve(import.meta.dirname, '../corpus/bundles');
/** Folder of real `juju` CLI outputs. */
export const corpusJujuCli = path.resolve(import.meta.dirname, '../corpus/juju-cli');
