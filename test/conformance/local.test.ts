import { runConformanceSuite } from './suite.js';
import { startTestController } from '../helpers/test-controller.js';

runConformanceSuite('local, in-process', async () => {
  const tc = await startTestController();
  return { backend: tc.backend, cleanup: tc.stop };
});
