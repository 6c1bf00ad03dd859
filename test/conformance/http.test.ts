import { openBackend } from '../../src/backends/open.js';
import { captureContext } from '../../src/cli/context.js';
import { startTestController } from '../helpers/test-controller.js';
import { runConformanceSuite } from './suite.js';

// The CLI's way in: openBackend finds the controller through JUJU_GITOPS_HOME and talks HTTP.
runConformanceSuite('local, over the HTTP API', async ({ charmDirs }) => {
  const tc = await startTestController({ charmDirs });
  const backend = await openBackend({ ctx: captureContext({ cwd: tc.dir, env: tc.env }), controllerName: 'lab' });
  return { backend, cleanup: tc.stop };
});
