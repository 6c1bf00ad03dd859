import { describe, expect, it } from 'vitest';
import { isIgnoredPath } from './watch-repo.js';

describe('isIgnoredPath', () => {
  it.each([
    ['/r/bundles/web.yaml', false],
    ['/r/.git', false],
    ['/r/.git/HEAD', false],
    ['/r/.git/refs/heads/main', false],
    ['/r/.git/packed-refs', false],
    ['/r/.git/refs/juju-gitops-cache/juju-gitops/prod/cloud', true],
    ['/r/.git/refs/juju-gitops/prod/cloud', true],
    ['/r/.git/refs/juju-gitops', true],
    ['/r/.git/refs/heads/juju-gitops-notes', false],
    ['/r/.git/objects/ab/cdef', true],
    ['/r/.git/index', true],
    ['/r/.git/logs/HEAD', true],
    ['/r/node_modules/x', true],
    ['/r', false],
  ])('%s ignored: %s', (file, ignored) => {
    expect(isIgnoredPath('/r', file)).toBe(ignored);
  });
});
