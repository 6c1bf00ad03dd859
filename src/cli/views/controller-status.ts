import type { ControllerStatus } from '../../backends/local/api/server.js';
import { formatTable } from './table.js';

/** `juju-gitops controller status`: where the controller is, how long it has run, what it holds. */
export function formatControllerStatus(status: ControllerStatus): string {
  const head = formatTable([
    ['Controller', 'local'],
    ['API', status.address],
    ['Store', status.store],
    ['PID', String(status.pid)],
    ['Uptime', formatDuration(status.uptimeSeconds)],
    ['Models', String(status.models.length)],
  ]);
  if (!status.models.length) return head;
  return `${head}\n${formatTable([['Model', 'Type', 'Apps', 'Units'], ...status.models.map((m) => [m.name, m.type, String(m.applications), String(m.units)])])}`;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${m}m` : m ? `${m}m${s}s` : `${s}s`;
}
