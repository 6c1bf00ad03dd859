import { GitopsError } from '../model/errors.js';

/**
 * `--map-machines` as `juju deploy`/`juju diff-bundle` read it (cmd/juju/application
 * `parseMachineMap`): comma-separated `existing` or `<bundle-id>=<machine-id>` of top-level
 * machines. For a diff `existing` is always assumed, so it only has to parse.
 */
export function parseMachineMap(value: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (part === '' || part === 'existing') continue;
    const sides = part.split('=');
    const fail = (message: string) => new GitopsError('usage', `error in --map-machines: ${message}`, { hint: 'e.g. --map-machines existing,0=4,1=7' });
    if (sides.length !== 2) throw fail(`expected "existing" or "<bundle-id>=<machine-id>", got ${JSON.stringify(part)}`);
    const [bundleId, machineId] = sides.map((s) => s.trim());
    if (!/^\d+$/.test(bundleId)) throw fail(`bundle-id ${JSON.stringify(bundleId)} is not a top level machine id`);
    if (!/^\d+$/.test(machineId)) throw fail(`machine-id ${JSON.stringify(machineId)} is not a top level machine id`);
    mapping[String(Number(bundleId))] = String(Number(machineId));
  }
  return mapping;
}
