/**
 * The layering of src/, checked by `npm test` (dependency-cruiser).
 * Each top-level folder may import only the folders listed under it, so layers point one way
 * and no two folders can ever import each other; on top of that, no file or folder at any
 * depth may sit in an import cycle. Type-only imports count: a cycle through types is still
 * a knot a reader has to untie.
 */

/** Each layer and what it may import (besides itself). Lower layers come first. */
const layers = {
  model: [],
  bundle: ['model'],
  plan: ['model'],
  repo: ['model', 'bundle'],
  controller: ['model', 'bundle'],
  backends: ['model', 'bundle', 'plan', 'controller'],
  offers: ['model', 'bundle', 'plan', 'repo', 'backends'],
  apply: ['model', 'plan', 'backends'],
  reconcile: ['model', 'bundle', 'plan', 'repo', 'backends', 'offers', 'apply'],
  migrate: ['model', 'bundle', 'plan', 'repo', 'backends', 'offers', 'apply', 'reconcile'],
  generations: ['model', 'bundle', 'plan', 'repo', 'backends', 'offers', 'apply', 'reconcile'],
  watch: ['model', 'bundle', 'plan', 'repo', 'backends', 'offers', 'apply', 'reconcile', 'generations'],
  cli: ['model', 'bundle', 'plan', 'repo', 'controller', 'backends', 'offers', 'migrate', 'apply', 'reconcile', 'generations', 'watch'],
};

/** A backend's implementation and the code choosing one: only the CLI wires them in. */
const backendWiring = '^src/backends/(?:[^/]+/|open\\.ts$)';
/** The layers above the backends that use them, the CLI apart: they see only the interfaces. */
const backendUsers = Object.keys(layers).filter((layer) => layers[layer].includes('backends') && layer !== 'cli');
const anyOf = (folders) => `^src/(?:${folders.join('|')})/`;

/** The other rules, one a line: name, why, from, to, and (for folder cycles) scope. */
const rules = [
  ['no-unknown-layer', 'every folder of src/ has a place in the layering of .dependency-cruiser.cjs', { path: '^src/', pathNot: anyOf(Object.keys(layers)) }, {}],
  ['backend-interface-only', `${backendUsers.join(', ')} use the backend interfaces (src/backends/*.ts); the CLI picks the implementation`, { path: anyOf(backendUsers) }, { path: backendWiring }],
  ['backend-interface-is-neutral', 'the backend interfaces name no implementation and no controller', { path: '^src/backends/[^/]+\\.ts$', pathNot: '^src/backends/open\\.ts$' }, { path: '^src/(?:controller|bundle|plan)/|^src/backends/[^/]+/' }],
  ['no-circular', 'no file imports itself through others', { path: '^src/' }, { circular: true }],
  ['no-circular-folders', 'no folder, at any depth, imports itself through others', { path: '^src/' }, { circular: true }, 'folder'],
  ['no-tests-in-src-code', 'shipped code never imports test code or test libraries (dist/ must not need vitest)', { path: '^src/', pathNot: '\\.test\\.ts$' }, { path: '^test/|^bench/|node_modules/vitest/' }],
];

module.exports = {
  forbidden: [
    ...Object.entries(layers).map(([layer, allowed]) => ({
      name: `layer-${layer}`,
      comment: `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'nothing outside itself'}`,
      severity: 'error',
      from: { path: `^src/${layer}/` },
      to: { path: '^src/', pathNot: anyOf([layer, ...allowed]) },
    })),
    ...rules.map(([name, comment, from, to, scope]) => ({ name, comment, severity: 'error', ...(scope ? { scope } : {}), from, to })),
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Tests beside their code may reach for fixtures anywhere; the rules are about shipped code.
    exclude: { path: '\\.test\\.ts$' },
  },
};
