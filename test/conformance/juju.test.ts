import { JujuBackend } from '../../src/backends/juju/juju-backend.js';
import type { JujuModelBinding } from '../../src/model/config.js';
import { startJujuSim } from '../juju-sim/start-sim.js';
import { runConformanceSuite } from './suite.js';

/**
 * The `juju` backend through the CLI emulator, once per dialect. On 3.6 the fixture
 * application's units move one at a time through its `restart` action (unit staging
 * `action`); on 4.0 no strategy is bound, so a change reaches every unit at once (`none`).
 * Between them every staging gate of the suite runs against Juju.
 */
const variants = [
  { dialect: '3.6', strategy: 'restart action' },
  { dialect: '4.0', strategy: 'none' },
] as const;

for (const { dialect, strategy } of variants) {
  runConformanceSuite(
    `juju ${dialect} through the CLI emulator, unit strategy ${strategy}`,
    async ({ charmDirs, models, staged }) => {
      const sim = await startJujuSim({ dialect, charmDirs });
      const bind = (model: string): JujuModelBinding => ({
        model,
        applications: strategy === 'none' ? {} : { [staged.application]: { actions: [staged.action] } },
      });
      const backend = new JujuBackend({ controller: sim.controller, command: sim.command, jujuData: sim.jujuData, pollMs: 50, models: Object.fromEntries(models.map((m) => [m, bind(m)])) });
      return { backend, cleanup: sim.stop };
    },
  );
}
