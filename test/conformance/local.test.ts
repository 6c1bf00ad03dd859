import { runConformanceSuite } from './suite.js';
import { startTestController } from '../helpers/test-controller.js';

runConformanceSuite('local, in-process', async ({ charmDirs }) => {
  const tc = await startTestController({ charmDirs });
  return { backend: tc.backend, cleanup: tc.stop };
});
