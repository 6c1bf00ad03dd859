/**
 * `juju-gitops demo`, the first command of the README. It copies examples/ into a temporary git
 * repository, starts a private embedded controller in a temporary folder, deploys the `web`
 * model (four appserver processes behind a real haproxy), then commits a new build and
 * reconciles while a bounded load generator on 127.0.0.1 counts failed requests, and finally
 * commits a build that does not start and shows the rollout stop at its first unit while the
 * service stays up. Everything it started is stopped and removed at the end or on Ctrl-C.
 */
export { runDemo, type DemoOptions } from './run-demo.js';
export { startLoad, type LoadGenerator, type LoadReport } from './load.js';
export { createSandbox, findExamples, freePort, type Sandbox } from './sandbox.js';
