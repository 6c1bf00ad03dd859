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

module.exports = {
  forbidden: [
    ...Object.entries(layers).map(([layer, allowed]) => ({
      name: `layer-${layer}`,
      comment: `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'nothing outside itself'}`,
      severity: 'error',
      from: { path: `^src/${layer}/` },
      to: { path: '^src/', pathNot: `^src/(?:${[layer, ...allowed].join('|')})/` },
    })),
    {
      name: 'no-unknown-layer',
      comment: 'every folder of src/ has a place in the layering of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(?:${Object.keys(layers).join('|')})/` },
      to: {},
    },
    {
      name: 'backend-interface-only',
      comment: 'offers, migrate, apply, reconcile, generations and watch use the backend interfaces (src/backends/*.ts); the CLI picks the implementation',
      severity: 'error',
      from: { path: '^src/(?:offers|migrate|apply|reconcile|generations|watch)/' },
      to: { path: backendWiring },
    },
    {
      name: 'backend-interface-is-neutral',
      comment: 'the backend interfaces name no implementation and no controller',
      severity: 'error',
      from: { path: '^src/backends/[^/]+\\.ts$', pathNot: '^src/backends/open\\.ts$' },
      to: { path: '^src/(?:controller|bundle|plan)/|^src/backends/[^/]+/' },
    },
    {
      name: 'no-circular',
      comment: 'no file imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'no folder, at any depth, imports itself through others',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-tests-in-src-code',
      comment: 'shipped code never imports test code or test libraries (dist/ must not need vitest)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/|^bench/|node_modules/vitest/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Tests beside their code may reach for fixtures anywhere; the rules are about shipped code.
    exclude: { path: '\\.test\\.ts$' },
  },
};
